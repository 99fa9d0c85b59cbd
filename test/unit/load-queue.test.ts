import { describe, expect, it } from "vitest";
import { LoadQueue } from "../../src/warehouse/load-queue.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("LoadQueue (sync's DuckDB work beside the read)", () => {
  it("runs jobs one at a time, in the order queued", async () => {
    const queue = new LoadQueue();
    const log: string[] = [];
    let running = 0;
    for (const name of ["a", "b", "c"]) {
      queue.add(async () => {
        running++;
        expect(running).toBe(1);
        log.push(`${name} start`);
        await tick();
        log.push(`${name} end`);
        running--;
      });
    }
    await queue.drain();
    expect(log).toEqual(["a start", "a end", "b start", "b end", "c start", "c end"]);
  });

  it("a failed job stops the queue: later jobs never run, drain() rejects with its error", async () => {
    const queue = new LoadQueue();
    const ran: string[] = [];
    queue.add(async () => {
      ran.push("first");
    });
    queue.add(async () => {
      throw new Error("disk full");
    });
    queue.add(async () => {
      ran.push("state after the failure");
    });
    await expect(queue.drain()).rejects.toThrow("disk full");
    expect(queue.failed).toBe(true);
    expect(ran).toEqual(["first"]);
  });
});
