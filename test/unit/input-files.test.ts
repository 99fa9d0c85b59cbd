import { describe, expect, it } from "vitest";
import { ConfigError } from "../../src/protocol/errors.js";
import { parseCatalog, parseState } from "../../src/protocol/input-files.js";

describe("state input", () => {
  it("accepts the per-stream list (current protocol)", () => {
    const states = parseState(
      [
        {
          type: "STREAM",
          stream: {
            stream_descriptor: { name: "chats" },
            stream_state: { update_timestamp: "2024-01-01T00:00:00Z" },
          },
        },
        { type: "STREAM", stream: { stream_descriptor: { name: "agents" }, stream_state: { id: 5 } } },
      ],
      "state.json",
    );
    expect(Object.fromEntries(states)).toEqual({
      chats: { update_timestamp: "2024-01-01T00:00:00Z" },
      agents: { id: 5 },
    });
  });

  it("accepts AirbyteMessage envelopes, GLOBAL and the legacy object (Airbyte's official connector)", () => {
    expect(
      Object.fromEntries(
        parseState(
          [
            {
              type: "STATE",
              state: {
                type: "STREAM",
                stream: { stream_descriptor: { name: "bans" }, stream_state: { id: 1 } },
              },
            },
          ],
          "s",
        ),
      ),
    ).toEqual({ bans: { id: 1 } });
    expect(
      Object.fromEntries(
        parseState(
          [
            {
              type: "GLOBAL",
              global: { stream_states: [{ stream_descriptor: { name: "bans" }, stream_state: { id: 2 } }] },
            },
          ],
          "s",
        ),
      ),
    ).toEqual({ bans: { id: 2 } });
    expect(
      Object.fromEntries(parseState({ agents: { id: 361089721035 }, bans: { id: 75412441 } }, "s")),
    ).toEqual({ agents: { id: 361089721035 }, bans: { id: 75412441 } });
    expect(
      Object.fromEntries(
        parseState([{ type: "LEGACY", data: { chats: { update_timestamp: "1609459200" } } }], "s"),
      ),
    ).toEqual({ chats: { update_timestamp: "1609459200" } });
  });

  it("rejects malformed state with a ConfigError naming the file", () => {
    for (const bad of [
      42,
      "x",
      [1],
      [{ type: "STREAM" }],
      [{ type: "STREAM", stream: { stream_descriptor: {} } }],
      { chats: 5 },
    ]) {
      expect(() => parseState(bad, "state.json")).toThrow(ConfigError);
      expect(() => parseState(bad, "state.json")).toThrow(/state\.json/);
    }
  });
});

describe("catalog input", () => {
  it("rejects streams without names and unknown sync modes", () => {
    expect(() => parseCatalog({}, "c.json")).toThrow(/streams/);
    expect(() => parseCatalog({ streams: [{ stream: {} }] }, "c.json")).toThrow(/name/);
    expect(() =>
      parseCatalog({ streams: [{ stream: { name: "x" }, sync_mode: "INVALID" }] }, "c.json"),
    ).toThrow(/sync_mode/);
  });
});
