import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { JsonObject } from "../../src/protocol/messages.js";
import { MessageWriter } from "../../src/protocol/writer.js";
import { recordLine } from "../../src/warehouse/record-line.js";

/** The lines the connector's own writer prints for these records. */
async function printed(records: [string, JsonObject][]): Promise<string[]> {
  let text = "";
  const out = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString("utf8");
      done();
    },
  });
  const writer = new MessageWriter(out);
  for (const [stream, data] of records) await writer.record(stream, data);
  await writer.flush();
  return text.split("\n").filter((line) => line !== "");
}

describe("sync's reading of RECORD lines from their bytes, without parsing the data", () => {
  it("gives exactly the stream and emitted_at JSON.parse gives, for the writer's lines", async () => {
    const records: [string, JsonObject][] = [
      ["chats", { id: "2105.1", message: 'a "quote", a \\ and\na newline', n: 1.5 }],
      ["chat_history", { text: "ünïcødé ✓ 😀", nested: { a: [1, { b: null }] }, tail: '"}}' }],
      ["agents", { emitted_at: 5, note: ',"emitted_at":1}}' }],
      ["empty", {}],
    ];
    const lines = await printed(records);
    expect(lines).toHaveLength(records.length);
    for (const line of lines) {
      const parsed = JSON.parse(line);
      const bytes = Buffer.from(`xx${line}\nyy`);
      const split = recordLine(bytes, 2, bytes.length - 3);
      expect(split).toBeDefined();
      expect(split?.stream).toBe(parsed.record.stream);
      expect(split?.emittedAt).toBe(parsed.record.emitted_at);
    }
  });

  it("leaves every other line to the full parse (undefined)", () => {
    const other = [
      '{"type":"STATE","state":{"type":"STREAM"}}',
      '{"type":"RECORD","record":{"stream":"chats","data":{"id":1},"emitted_at":1',
      '{"type":"RECORD","record":{"stream":"chats","namespace":"x","data":{"id":1},"emitted_at":1}}',
      '{"type":"RECORD","record":{"stream":"chats","data":{"id":1}}}',
      '{"type":"RECORD","record":{"stream":"a\\"b","data":{"id":1},"emitted_at":1}}',
      "not json",
    ];
    for (const line of other) {
      const bytes = Buffer.from(line);
      expect(recordLine(bytes, 0, bytes.length)).toBeUndefined();
    }
  });
});
