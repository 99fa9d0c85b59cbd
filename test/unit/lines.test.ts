import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { linesOf } from "../../src/warehouse/lines.js";

async function lines(chunks: Buffer[]): Promise<string[]> {
  const out: string[] = [];
  for await (const line of linesOf(Readable.from(chunks))) out.push(line);
  return out;
}

/** The bytes of `text` cut into chunks of `size` bytes (cutting through multi-byte characters). */
const cut = (text: string, size: number) => {
  const bytes = Buffer.from(text, "utf8");
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
};

describe("linesOf (sync's reader of the connector's stdout)", () => {
  const text = '{"a":"héllo — 日本"}\n\n{"b":2}\r\n{"c":"x"}\n{"last":"no newline ✓"}';
  const want = ['{"a":"héllo — 日本"}', "", '{"b":2}', '{"c":"x"}', '{"last":"no newline ✓"}'];

  it.each([1, 2, 3, 5, 7, 64, 4096])("the same lines whatever the chunks (%i bytes each)", async (size) => {
    expect(await lines(cut(text, size))).toEqual(want);
  });

  it("a line much longer than a chunk, and \\r\\n cut between two chunks", async () => {
    const long = "é".repeat(300_000);
    expect(await lines([...cut(`${long}\r`, 1000), Buffer.from("\nnext\n")])).toEqual([long, "next"]);
  });
});
