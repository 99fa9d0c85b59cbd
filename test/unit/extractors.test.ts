import { describe, expect, it } from "vitest";
import { SystemError } from "../../src/protocol/errors.js";
import { underKey } from "../../src/zendesk-chat/extractors.js";

describe("underKey (export pages, routing_settings)", () => {
  const chats = underKey("chats");
  it("returns the list under the key, and nothing for an explicit null", () => {
    expect(chats({ chats: [{ id: "a" }, 3, { id: "b" }], count: 2 })).toEqual([{ id: "a" }, { id: "b" }]);
    expect(chats({ chats: null, count: 0 })).toEqual([]);
  });
  it("fails on a 200 body without the key (an error page), instead of taking it for the last page", () => {
    expect(() => chats({ error: "Service Unavailable" })).toThrow(SystemError);
    expect(() => chats({ error: "Service Unavailable" })).toThrow(/expected an object with 'chats'/);
  });
});
