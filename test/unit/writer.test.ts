import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { MessageWriter } from "../../src/protocol/writer.js";

/** A writable that accepts one chunk, then reports backpressure until the test lets it drain. */
class SlowSink extends Writable {
  chunks: string[] = [];
  pending: Array<() => void> = [];
  constructor() {
    super({ highWaterMark: 1 });
  }
  override _write(chunk: Buffer, _encoding: string, callback: () => void) {
    this.chunks.push(chunk.toString());
    this.pending.push(callback);
  }
  release() {
    for (const callback of this.pending.splice(0)) callback();
  }
}

/** A writable that accepts everything at once and keeps what it got. */
function capturingSink() {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, callback) {
      chunks.push(chunk.toString());
      callback();
    },
  });
  return { sink, chunks };
}

describe("MessageWriter", () => {
  it("writes one JSON message per line, in order", async () => {
    const sink = new SlowSink();
    const writer = new MessageWriter(sink, 10);
    let finished = false;
    const done = (async () => {
      for (let i = 0; i < 5; i++) await writer.record("s", { i });
      await writer.flush();
      finished = true;
    })();
    for (let i = 0; i < 200 && !finished; i++) {
      await new Promise((r) => setTimeout(r, 1));
      sink.release();
    }
    await done;
    expect(finished).toBe(true);
    const lines = sink.chunks.join("").trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l).record.data.i)).toEqual([0, 1, 2, 3, 4]);
  });

  it("stops producing while the reader does not drain (backpressure)", async () => {
    const sink = new SlowSink();
    const writer = new MessageWriter(sink, 10);
    let written = 0;
    const producer = (async () => {
      for (let i = 0; i < 100; i++) {
        await writer.record("s", { i });
        written += 1;
      }
    })();
    await new Promise((r) => setTimeout(r, 50));
    // One flush went out and is not drained: the producer must be parked, not buffering all 100.
    expect(written).toBeLessThan(5);
    for (let i = 0; i < 200 && written < 100; i++) {
      sink.release();
      await new Promise((r) => setImmediate(r));
    }
    sink.release();
    await producer;
    expect(written).toBe(100);
  });

  it("redacts registered secrets from logs and errors", async () => {
    const { registerSecret } = await import("../../src/protocol/redact.js");
    registerSecret("super-secret-token");
    const { sink, chunks } = capturingSink();
    const writer = new MessageWriter(sink);
    await writer.log("ERROR", "token super-secret-token was rejected");
    await writer.error({ message: "bad super-secret-token", failureType: "config_error" });
    await writer.flush();
    expect(chunks.join("")).not.toContain("super-secret-token");
    expect(chunks.join("")).toContain("****");
  });

  it("writes a RECORD exactly as serialising the whole message would", async () => {
    const { sink, chunks } = capturingSink();
    const writer = new MessageWriter(sink);
    const data = { id: 'a"b', nested: { n: 1.5, list: [null, true, "é\n"] } };
    await writer.record('we"ird', data);
    await writer.flush();
    const message = JSON.parse(chunks.join(""));
    expect(message).toEqual({
      type: "RECORD",
      record: { stream: 'we"ird', data, emitted_at: message.record.emitted_at },
    });
    expect(Number.isInteger(message.record.emitted_at)).toBe(true);
  });

  it("writes STATE, CONTROL, TRACE and LOG at once, with the records buffered before them, in order", async () => {
    const { sink, chunks } = capturingSink();
    // A buffer far larger than what is written, and a record delay far longer than the test.
    const writer = new MessageWriter(sink, 1 << 20, 60_000);
    await writer.record("s", { i: 1 });
    expect(chunks).toEqual([]); // records alone wait
    const kinds: string[] = [];
    const sent = [
      () => writer.state({ stream_descriptor: { name: "s" }, stream_state: { id: 1 } }, 1),
      () => writer.controlConfig({ subdomain: "x" }),
      () => writer.streamStatus({ name: "s" }, "RUNNING"),
      () => writer.log("INFO", "hello"),
    ];
    for (const send of sent) {
      const before = chunks.join("").split("\n").filter(Boolean).length;
      await send();
      const lines = chunks.join("").split("\n").filter(Boolean);
      expect(lines.length).toBeGreaterThan(before);
      kinds.push(JSON.parse(lines.at(-1) as string).type);
    }
    expect(kinds).toEqual(["STATE", "CONTROL", "TRACE", "LOG"]);
    const all = chunks
      .join("")
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l).type);
    expect(all).toEqual(["RECORD", "STATE", "CONTROL", "TRACE", "LOG"]);
  });

  it("flushes records alone after a short delay", async () => {
    const { sink, chunks } = capturingSink();
    const writer = new MessageWriter(sink, 1 << 20, 20);
    await writer.record("s", { i: 1 });
    await writer.record("s", { i: 2 });
    expect(chunks).toEqual([]);
    for (let i = 0; i < 100 && chunks.length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(chunks.join("").trimEnd().split("\n")).toHaveLength(2);
  });
});
