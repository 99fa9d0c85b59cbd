import { describe, expect, it } from "vitest";
import { topLevelArray, underKey } from "../../src/engine/extractors.js";
import { locateRecords, type RecordsAt, splitRecords } from "../../src/http/json-records.js";
import type { JsonObject } from "../../src/protocol/messages.js";

/**
 * Splits `text` where `at` says and checks the split against JSON.parse of the whole body: the
 * envelope is the body with an empty array in the records' place, and each record parses to the
 * record. Returns the records' bytes as text, or undefined when the body does not split.
 */
function split(text: string, at: RecordsAt): string[] | undefined {
  const bytes = Buffer.from(text, "utf8");
  const parts = splitRecords(bytes, at);
  if (parts === undefined) return undefined;
  const whole = JSON.parse(text.replace(/^\uFEFF/, ""));
  const records = at.key === null ? whole : whole[at.key];
  const texts = Array.from({ length: parts.records.length }, (_, i) =>
    bytes.toString("utf8", parts.records.start(i), parts.records.end(i)),
  );
  expect(Array.from({ length: parts.records.length }, (_, i) => parts.records.parse(i))).toEqual(records);
  expect(texts.map((t) => JSON.parse(t))).toEqual(records);
  expect(parts.envelope).toEqual(at.key === null ? [] : { ...whole, [at.key]: [] });
  return texts;
}

const chats = { key: "chats" };

describe("splitRecords (a page's records as bytes, parsed one at a time)", () => {
  it("finds each record of the array under a key, byte for byte, and parses the rest without it", () => {
    const text =
      '{"chats":[{"id":"a","n":1.50,"big":12345678901234567890},{"id":"b"}],"next_page":null,"count":2}';
    expect(split(text, chats)).toEqual(['{"id":"a","n":1.50,"big":12345678901234567890}', '{"id":"b"}']);
  });

  it("is not misled by brackets, braces, quotes and backslashes inside strings, nor by non-ASCII text", () => {
    const records = [
      { id: 1, text: 'a "quoted" ] } [ { word', path: "C:\\dir\\", tail: "\\" },
      { id: 2, nested: { list: [{ x: "}" }, [1, [2]]] }, emoji: "ok \u{1F600} é \u2028 日本" },
      { id: 3, escaped: '\\"', empty: "", escapes: "\u00e9\\u00e9" },
    ];
    const text = JSON.stringify({ next: "]}", items: records, end: "[{" });
    expect(split(text, { key: "items" })).toEqual(records.map((r) => JSON.stringify(r)));
  });

  it("splits a top-level array, after a byte-order mark and spaces", () => {
    expect(split('\uFEFF  [ {"id":1} ,\t{"id":2,"a":[]} ]', { key: null })).toEqual([
      '{"id":1}',
      '{"id":2,"a":[]}',
    ]);
    expect(split("[]", { key: null })).toEqual([]);
  });

  it("takes the last of a repeated top-level key, as JSON.parse does, and never a nested one", () => {
    const text = '{"meta":{"chats":[{"id":"nested"}]},"chats":[{"id":"first"}],"chats":[{"id":"last"}]}';
    expect(split(text, chats)).toEqual(['{"id":"last"}']);
  });

  it("keeps line breaks outside the records' array, and gives up on one inside it", () => {
    expect(split('{\n"chats":[{"id":1}],\r\n"next_page":null\n}\n', chats)).toEqual(['{"id":1}']);
    expect(split('{"chats":[{"id":1},\n{"id":2}]}', chats)).toBeUndefined();
    expect(split('{"chats":[{"id":1,\n"a":2}]}', chats)).toBeUndefined();
  });

  it("gives up wherever the split would not be what JSON.parse of the whole body gives", () => {
    for (const text of [
      '{"chats":[{"id":1},7,"x",{"id":2}]}', // elements that are not objects (the extractor drops them)
      '{"chats":[{"id":1}{"id":2}]}', // no comma between records
      '{"chats":[{"id":1},]}', // a trailing comma
      '{"ch\\u0061ts":[{"id":1}]}', // the key written with an escape
      '{"chats":null,"next_page":null}', // no array
      '{"other":[{"id":1}]}', // no such key
      '{"chats":[{"id":1}', // truncated
      '{"chats":[{"id":1}],"next_page":nul}', // an envelope that does not parse
    ]) {
      expect(split(text, chats), text).toBeUndefined();
    }
    // Bytes that are not valid UTF-8: left to the whole-body decoding (replacement characters).
    const bytes = Buffer.concat([Buffer.from('{"chats":[{"t":"'), Buffer.from([0xff]), Buffer.from('"}]}')]);
    expect(splitRecords(bytes, chats)).toBeUndefined();
  });

  it("reports a record that does not parse, naming its position", () => {
    const parts = splitRecords(Buffer.from('{"chats":[{"id":1},{"id":tru}]}'), chats);
    expect(parts?.records.parse(0)).toEqual({ id: 1 });
    expect(() => parts?.records.parse(1)).toThrow(/Unreadable record 2 in a response from the API/);
  });
});

describe("locateRecords (where a stream's records lie in the body it extracted them from)", () => {
  const located = (body: unknown, extract: (b: unknown) => JsonObject[]) =>
    locateRecords(body, extract(body));

  it("finds the top-level key or array the records are, element for element", () => {
    expect(located(JSON.parse('{"chats":[{"id":1}],"next_page":null}'), underKey("chats"))).toEqual(chats);
    expect(located(JSON.parse('[{"id":1},{"id":2}]'), topLevelArray)).toEqual({ key: null });
  });

  it("finds nothing when the records are not the body's own elements one for one", () => {
    // Filtered (a non-object dropped), copied (a transform), an object under the key, or no records.
    expect(located(JSON.parse('[{"id":1},3]'), topLevelArray)).toBeUndefined();
    expect(
      located(JSON.parse('{"chats":[{"id":1}]}'), (b) => underKey("chats")(b).map((r) => ({ ...r }))),
    ).toBeUndefined();
    expect(located(JSON.parse('{"data":{"id":1}}'), underKey("data"))).toBeUndefined();
    expect(located(JSON.parse('{"chats":[]}'), underKey("chats"))).toBeUndefined();
  });
});
