import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { discover } from "../../src/connector/connector.js";
import { ConfigError } from "../../src/protocol/errors.js";
import {
  configureCatalog,
  parseCatalog,
  parseState,
  readJsonFile,
  readStateFile,
} from "../../src/protocol/input-files.js";
import { tempDir } from "../helpers/cli.js";

const streamState = (name: string, stream_state: Record<string, unknown>) => ({
  type: "STREAM",
  stream: { stream_descriptor: { name }, stream_state },
});
const stateMessage = (name: string, stream_state: Record<string, unknown>) => ({
  type: "STATE",
  state: { ...streamState(name, stream_state), sourceStats: { recordCount: 1 } },
});

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

  it("accepts one STATE message or one AirbyteStateMessage alone, as copied from stdout", () => {
    expect(Object.fromEntries(parseState(stateMessage("chats", { update_timestamp: "1" }), "s"))).toEqual({
      chats: { update_timestamp: "1" },
    });
    expect(Object.fromEntries(parseState(streamState("bans", { id: 7 }), "s"))).toEqual({ bans: { id: 7 } });
    expect(() => parseState({ type: "RECORD", record: {} }, "s")).toThrow(/RECORD message, not state/);
  });

  it("accepts JSON lines of STATE messages (a read's stdout): the last state of each stream wins", () => {
    const path = join(tempDir(), "state.jsonl");
    writeFileSync(
      path,
      [
        JSON.stringify(stateMessage("chats", { update_timestamp: "1" })),
        JSON.stringify({ type: "RECORD", record: { stream: "chats", data: {}, emitted_at: 1 } }),
        JSON.stringify({ type: "LOG", log: { level: "INFO", message: "x" } }),
        JSON.stringify(stateMessage("bans", { id: 3 })),
        "",
        JSON.stringify(stateMessage("chats", { update_timestamp: "2" })),
        JSON.stringify(streamState("agents", { id: 9 })),
      ].join("\n"),
    );
    expect(Object.fromEntries(parseState(readStateFile(path), path))).toEqual({
      chats: { update_timestamp: "2" },
      bans: { id: 3 },
      agents: { id: 9 },
    });
  });

  it("JSON lines without STATE, or with a broken line, fail naming the file and the line", () => {
    const dir = tempDir();
    const noState = join(dir, "records.jsonl");
    writeFileSync(noState, '{"type":"LOG","log":{"level":"INFO","message":"a"}}\n{"type":"LOG","log":{}}\n');
    expect(() => readStateFile(noState)).toThrow(/no STATE message/);
    const broken = join(dir, "broken.jsonl");
    writeFileSync(broken, `${JSON.stringify(stateMessage("bans", { id: 1 }))}\n{"type": "STA\n`);
    expect(() => readStateFile(broken)).toThrow(new RegExp(`${broken}.*line 2`));
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

describe("input file slips", () => {
  it("a directory where a file should be (docker run -v of a missing file) names the path and the fix", () => {
    const dir = join(tempDir(), "config.json");
    mkdirSync(dir);
    for (const read of [() => readJsonFile(dir, "config"), () => readStateFile(dir)]) {
      expect(read).toThrow(ConfigError);
      expect(read).toThrow(/is a directory, not a file.*docker run -v.*create the (config|state) file/);
    }
  });

  it("a discover output passed as --catalog says what a configured catalog is and how to write one", () => {
    const catalog = discover();
    for (const raw of [{ type: "CATALOG", catalog }, catalog]) {
      expect(() => parseCatalog(raw, "c.json")).toThrow(
        /not a configured catalog.*sync_mode.*source-zendesk-chat catalog --config/,
      );
    }
  });
});

describe("configureCatalog (the catalog command)", () => {
  const discovered = discover();

  it("incremental with the source-defined cursor and append_dedup on the primary key where supported", () => {
    const configured = configureCatalog(discovered);
    expect(configured.streams.map((s) => s.stream.name)).toEqual(discovered.streams.map((s) => s.name));
    const chats = configured.streams.find((s) => s.stream.name === "chats");
    expect(chats).toMatchObject({
      sync_mode: "incremental",
      destination_sync_mode: "append_dedup",
      cursor_field: ["update_timestamp"],
      primary_key: [["id"]],
    });
    const routing = configured.streams.find((s) => s.stream.name === "routing_settings");
    expect(routing).toMatchObject({ sync_mode: "full_refresh", destination_sync_mode: "overwrite" });
    expect(routing?.cursor_field).toBeUndefined();
    // What read accepts.
    expect(parseCatalog(JSON.parse(JSON.stringify(configured)), "c")).toEqual(configured);
  });

  it("--streams picks streams in the given order; --full-refresh makes every stream overwrite", () => {
    const configured = configureCatalog(discovered, {
      streams: ["bans", "accounts", "bans"],
      fullRefresh: true,
    });
    expect(configured.streams.map((s) => [s.stream.name, s.sync_mode, s.destination_sync_mode])).toEqual([
      ["bans", "full_refresh", "overwrite"],
      ["accounts", "full_refresh", "overwrite"],
    ]);
  });

  it("an unknown stream name is one line listing the streams there are", () => {
    expect(() => configureCatalog(discovered, { streams: ["chat", "bans"] })).toThrow(
      /^Unknown stream 'chat' in --streams; the streams are accounts, agents, .*\.$/,
    );
    expect(() => configureCatalog(discovered, { streams: [""] })).toThrow(/names no stream/);
  });
});
