import { describe, expect, it } from "vitest";
import { jsonText } from "../../src/http/json-text.js";

/** What the client parsed before: undici's body.text() (UTF-8, a leading BOM dropped). */
function reference(bytes: Buffer): string {
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  return bytes.toString("utf8", bom ? 3 : 0);
}

function parsed(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

const cases: Array<[string, Buffer]> = [
  ["ASCII", Buffer.from('{"a":"plain","n":[1,2.5,-3e2],"t":true,"z":null}')],
  ["a byte-order mark", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('{"a":1}')])],
  ["Latin-1 and beyond", Buffer.from('{"name":"Omar Müller – Île-de-France","c":"¿qué?","jp":"東京"}')],
  ["astral characters", Buffer.from('{"e":"ok 😀 and 𝄞","k":["𠜎"]}')],
  ["existing escapes", Buffer.from('{"q":"a \\"quoted\\" é \\\\ \\u00e9 \\ud83d\\ude00 \\n"}')],
  ["an escaped backslash before é", Buffer.from('{"q":"\\\\é"}')],
  ["a backslash right before é (invalid JSON)", Buffer.from('{"q":"\\é"}')],
  ["non-ASCII outside a string (invalid JSON)", Buffer.from('{"q":1é}')],
  ["a lone continuation byte", Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0x80, 0x22, 0x7d])],
  ["a truncated sequence", Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe2, 0x80, 0x22, 0x7d])],
  ["an overlong form", Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc0, 0xaf, 0x22, 0x7d])],
  ["an encoded surrogate", Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d])],
  [
    "a code point past U+10FFFF",
    Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xf4, 0x90, 0x80, 0x80, 0x22, 0x7d]),
  ],
  ["a body cut inside a character", Buffer.from('{"a":"é"}').subarray(0, 7)],
];

describe("jsonText (JSON body bytes → text for JSON.parse)", () => {
  it.each(cases)("%s: JSON.parse gives exactly what it gives on the UTF-8 text", (_name, bytes) => {
    // A body of its own (aligned: scanned four bytes at a time) and one inside a larger buffer.
    const own = Buffer.from(new Uint8Array(bytes).buffer);
    const inside = Buffer.concat([Buffer.from("x"), bytes]).subarray(1);
    for (const b of [own, inside]) expect(parsed(jsonText(b))).toEqual(parsed(reference(b)));
  });

  it("finds a non-ASCII character at every offset within a 4-byte word, and at the very end", () => {
    for (let pad = 0; pad < 8; pad++) {
      const bytes = Buffer.from(
        new Uint8Array(Buffer.from(`{"a":"${"x".repeat(pad)}é${"y".repeat(pad)}ü"}`)).buffer,
      );
      expect(JSON.parse(jsonText(bytes))).toEqual(JSON.parse(bytes.toString("utf8")));
      const tail = Buffer.from(new Uint8Array(Buffer.from(`"${"z".repeat(pad)}é"`)).buffer);
      expect(JSON.parse(jsonText(tail))).toBe(`${"z".repeat(pad)}é`);
    }
  });

  it("keeps the text one byte per character when it can (no two-byte string for one non-Latin-1 character)", () => {
    const bytes = Buffer.from(`{"a":"${"x".repeat(1000)}–"}`);
    const text = jsonText(bytes);
    expect(text).toBe(`{"a":"${"x".repeat(1000)}\\u2013"}`);
    expect(JSON.parse(text)).toEqual(JSON.parse(bytes.toString("utf8")));
  });

  it("matches on a realistic page of records", () => {
    const records = Array.from({ length: 200 }, (_, i) => ({
      id: `2506.${i}.B00000kIDfhoF`,
      visitor: { name: ["Sofia Rossi", "Omar Müller", "Zoë", "Łukasz", "王芳"][i % 5] },
      history: [{ msg: i % 3 ? "Hi – I have a question 😀" : "plain", timestamp: "2025-05-31T23:56:51Z" }],
    }));
    const bytes = Buffer.from(JSON.stringify({ chats: records, next_page: "https://x/y?z=1", count: 200 }));
    expect(JSON.parse(jsonText(bytes))).toEqual(JSON.parse(bytes.toString("utf8")));
  });
});
