import { describe, expect, it } from "vitest";
import { LineSplitter, lineText } from "../../src/warehouse/lines.js";

/** The lines of `chunks`, each with whether its bytes end right before its `\n`. */
function split(chunks: Buffer[]): { lines: string[]; newlineAfter: boolean[] } {
  const lines: string[] = [];
  const newlineAfter: boolean[] = [];
  const splitter = new LineSplitter();
  const onLine = (bytes: Buffer, start: number, end: number) => {
    lines.push(lineText(bytes, start, end));
    newlineAfter.push(bytes[end] === 0x0a);
  };
  for (const chunk of chunks) splitter.push(chunk, onLine);
  splitter.end(onLine);
  return { lines, newlineAfter };
}
const lines = (chunks: Buffer[]) => split(chunks).lines;

/** The bytes of `text` cut into chunks of `size` bytes (cutting through multi-byte characters). */
const cut = (text: string, size: number) => {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
};

describe("LineSplitter (sync's reader of the connector's stdout)", () => {
  const text = '{"a":"héllo — 日本"}\n\n{"b":2}\r\n{"c":"x"}\n{"last":"no newline ✓"}';
  const want = ['{"a":"héllo — 日本"}', "", '{"b":2}', '{"c":"x"}', '{"last":"no newline ✓"}'];

  it.each([1, 2, 3, 5, 7, 64, 4096])("the same lines whatever the chunks (%i bytes each)", (size) => {
    expect(lines(cut(text, size))).toEqual(want);
  });

  it("a line ended by \\n is given with its \\n right after it (a spool copies it with its ending), whatever the chunks", () => {
    for (const size of [1, 3, 4096]) {
      expect(split(cut('{"a":1}\n{"b":2}\n{"c":3}', size)).newlineAfter).toEqual([true, true, false]);
    }
  });

  it("a line much longer than a chunk, and \\r\\n cut between two chunks", () => {
    const long = "é".repeat(300_000);
    expect(lines([...cut(`${long}\r`, 1000), Buffer.from("\nnext\n")])).toEqual([long, "next"]);
  });
});
