import { describe, expect, it } from "vitest";
import { LoadQueue } from "../../src/warehouse/load-queue.js";

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("LoadQueue (sync's DuckDB work beside the read)", () => {
  it("runs jobs one at a time, in the order queued", async () => {
    const queue = new LoadQueue(10);
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

  it("room() holds the reader back while `limit` jobs wait", async () => {
    const queue = new LoadQueue(2);
    const release: (() => void)[] = [];
    const job = () => new Promise<void>((resolve) => release.push(resolve));
    queue.add(job);
    queue.add(job);
    let roomy = false;
    const waiting = queue.room().then(() => {
      roomy = true;
    });
    await tick();
    expect(roomy).toBe(false);
    release.shift()?.();
    await waiting;
    expect(roomy).toBe(true);
    await tick();
    release.shift()?.();
    await queue.drain();
  });

  it("a failed job stops the queue: later jobs never run, room() and drain() reject with its error", async () => {
    const queue = new LoadQueue(5);
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
    await expect(queue.room()).rejects.toThrow("disk full");
    expect(queue.failed).toBe(true);
    expect(ran).toEqual(["first"]);
  });
});
