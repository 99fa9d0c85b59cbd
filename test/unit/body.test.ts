import { describe, expect, it } from "vitest";
import { DateTimeCursor } from "../../src/engine/cursor.js";
import { setsHeapGrowth } from "../../src/heap-policy.js";
import { readBody, releaseBody } from "../../src/http/body.js";
import { splitRecords } from "../../src/http/json-records.js";

async function* chunksOf(text: string, size: number) {
  const bytes = Buffer.from(text, "utf8");
  for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
}

describe("readBody (a response body into one buffer, reused once handed back)", () => {
  it("joins the chunks, byte for byte, whether Content-Length is declared, absent, wrong or absurd", async () => {
    const text = `{"chats":[${Array.from({ length: 3000 }, (_, i) => `{"id":${i},"t":"é ${i}"}`).join(",")}]}`;
    const length = String(Buffer.byteLength(text));
    for (const declared of [length, undefined, "10", "1e99", ["1", "2"], "-5"]) {
      const bytes = await readBody(chunksOf(text, 1000), declared);
      expect(bytes.toString("utf8")).toBe(text);
    }
    expect((await readBody(chunksOf("", 10), "0")).length).toBe(0);
  });

  it("hands a released body's buffer to a later body, and never one still in use", async () => {
    const page = (tag: string) => `{"${tag}":"${"x".repeat(100_000)}"}`;
    const read = (tag: string) => readBody(chunksOf(page(tag), 16_384), String(page(tag).length));
    const first = await read("a");
    const second = await read("b");
    expect(second.buffer).not.toBe(first.buffer);
    releaseBody(first);
    const third = await read("c");
    expect(third.buffer).toBe(first.buffer);
    // A second release of a body whose buffer now serves another must not hand that one back.
    releaseBody(first);
    const fourth = await read("d");
    expect(fourth.buffer).not.toBe(third.buffer);
    expect([second, third, fourth].map((b) => b.toString())).toEqual([page("b"), page("c"), page("d")]);
  });

  it("reads a small body (an error, a short list) into a buffer of its own, never pooled", async () => {
    const small = await readBody(chunksOf('{"error":"x"}', 4), "13");
    expect(small.toString()).toBe('{"error":"x"}');
    releaseBody(small);
    expect(small.toString()).toBe('{"error":"x"}');
  });

  it("leaves bytes it did not read alone", () => {
    const own = Buffer.from('{"x":1}');
    releaseBody(own);
    expect(own.toString()).toBe('{"x":1}');
  });

  it("a page's records cannot be read once the page is released (loudly, not another page's bytes)", async () => {
    const bytes = await readBody(chunksOf('{"chats":[{"id":"a"},{"id":"b"}]}', 5), undefined);
    const parts = splitRecords(bytes, { key: "chats" });
    expect(parts?.records.parse(1)).toEqual({ id: "b" });
    parts?.records.release();
    expect(() => parts?.records.parse(0)).toThrow(/after the page was released/);
    expect(() => parts?.records.bytes).toThrow(/after the page was released/);
  });
});

describe("DateTimeCursor.detachFromPage (before a page's bytes are released)", () => {
  it("fingerprints the boundary records given as references, so state never reads them again", () => {
    const micros = Date.parse("2026-05-31T10:00:00Z") * 1000;
    const eager = new DateTimeCursor("update_timestamp", 0);
    const lazy = new DateTimeCursor("update_timestamp", 0);
    eager.start({});
    lazy.start({});
    const record = { id: "a", update_timestamp: "2026-05-31T10:00:00Z", n: 1 };
    let parses = 0;
    eager.observe(record, "a", micros);
    lazy.observe(() => (parses++ === 0 ? { ...record } : { gone: true }), "a", micros);
    lazy.detachFromPage();
    expect(lazy.state()).toEqual(eager.state());
    expect(lazy.state()).toEqual(eager.state());
    expect(parses).toBe(1);
  });
});

describe("setsHeapGrowth (the connector's GC policy, unless the process was given one)", () => {
  it("is set unless node was started with --heap-growing-percent", () => {
    expect(setsHeapGrowth([])).toBe(true);
    expect(setsHeapGrowth(["--max-old-space-size=1536", "--cpu-prof"])).toBe(true);
    expect(setsHeapGrowth(["--heap-growing-percent=0"])).toBe(false);
    expect(setsHeapGrowth(["--heap_growing_percent=80"])).toBe(false);
    expect(setsHeapGrowth(["--heap-growing-percent-x=1"])).toBe(true);
  });
});
