import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Emulator, EmulatorOptions } from "../../emulator/index.js";
import { streamsByName } from "../../src/zendesk-chat/streams/index.js";
import { finalStates, type RunResult } from "../helpers/cli.js";
import {
  accessTokenConfig,
  catalogFor,
  dedupMerge,
  expectedRecords,
  INCREMENTAL_STREAMS,
  keyOf,
  readFrom,
  STREAM_NAMES,
  type StreamName,
  useEmulator,
  withEmulator,
} from "../helpers/emulator.js";
import { expectStatesCoverOnlyWrittenRecords } from "../reliability/helpers.js";

// The emulator pages like the real API by default: next_page on every page (the last, empty one
// included), pages shorter than limit mid-export (agent_timeline at most 200), the five-minute rule
// on every request, 400 for anything the API would not expect. These tests read it as a process.

/** The deduplicated destination after these runs, in key order (to compare with the emulator's). */
function mergedById(stream: StreamName, ...runs: RunResult[]) {
  return [...dedupMerge(stream, ...runs).values()].sort(byKey(stream));
}
const byKey = (stream: StreamName) => (a: Record<string, unknown>, b: Record<string, unknown>) =>
  keyOf(stream, a) < keyOf(stream, b) ? -1 : keyOf(stream, a) > keyOf(stream, b) ? 1 : 0;

function expectNoUnexpectedRequests(emulator: Emulator) {
  expect(emulator.unexpectedRequests()).toEqual([]);
}

describe.each([
  ["agent_timeline start_time inclusive", { timelineBoundary: "inclusive" }],
  ["agent_timeline start_time exclusive", { timelineBoundary: "exclusive" }],
  // A next_page that is an opaque token (no start_time to read) is followed as given, not taken
  // for "start_time 0" and a loop.
  ["opaque next_page cursors", { exportCursor: "opaque" }],
  // The records are split out of a page's bytes and passed on as those bytes (http/json-records.ts):
  // a body with line breaks between its tokens must still give one line per record, and a body
  // that escapes what it need not must still give the same values.
  ["bodies indented, a line break between every token", { bodyStyle: "pretty" }],
  ["bodies escaping every non-ASCII character and '/'", { bodyStyle: "escaped" }],
] as Array<[string, EmulatorOptions]>)("a full read against real-API paging (%s)", (_mode, options) => {
  let emulator: Emulator;
  let full: RunResult;
  let incremental: RunResult;
  beforeAll(async () => {
    emulator = await withEmulator({
      seed: 68629,
      chats: 2500,
      timelineEntries: 2500,
      agents: 260,
      bans: 260,
      sameSecondChats: 1100,
      ...options,
    });
    full = await readFrom(emulator, { catalog: catalogFor(STREAM_NAMES) });
    incremental = await readFrom(emulator, { catalog: catalogFor(STREAM_NAMES, "incremental") });
  });
  afterAll(() => emulator?.close());

  it("returns every record of every stream exactly once, in both sync modes, exit 0", () => {
    for (const run of [full, incremental]) {
      expect(run.traces("ERROR")).toEqual([]);
      expect(run.exitCode).toBe(0);
      for (const stream of STREAM_NAMES) {
        expect(run.records(stream), stream).toEqual(expectedRecords(emulator, stream));
      }
    }
  });

  it("made no request the real API would not expect", () => expectNoUnexpectedRequests(emulator));

  it("writes each record on one line, as the API's own bytes where it can", () => {
    const recordLines = full.stdout.split("\n").filter((line) => line.startsWith('{"type":"RECORD"'));
    expect(recordLines).toHaveLength(full.records().length);
    const chatLines = recordLines.filter((line) => line.includes('"stream":"chats"'));
    expect(chatLines.length).toBeGreaterThan(2000);
    // Escaped slashes come only from the API's bytes (JSON.stringify never writes one): every chat
    // after the first page (the one that shows where the records lie) is passed on as it came.
    const asSent = chatLines.filter((line) => line.includes("https:\\/\\/")).length;
    if (options.bodyStyle === "escaped") expect(asSent).toBeGreaterThanOrEqual(chatLines.length - 1000);
    else expect(asSent).toBe(0);
  });

  it("checkpoints only what was written", () => {
    for (const stream of INCREMENTAL_STREAMS) {
      const parent = streamsByName.get(stream)?.parent as StreamName | undefined;
      expectStatesCoverOnlyWrittenRecords(incremental, stream, undefined, parent);
    }
  });

  it("counts in its closing log line exactly the records it wrote", () => {
    for (const run of [full, incremental]) {
      const closing = run.logs("INFO").find((l) => /^Read \d+ records/.test(l.message));
      expect(closing?.message).toContain(
        `Read ${run.records().length} records from ${STREAM_NAMES.length}/${STREAM_NAMES.length} streams`,
      );
    }
  });
});

describe("data changed while a read is in progress", () => {
  const emulator = useEmulator({ seed: 1744, chats: 1500, timelineEntries: 900, agents: 150, bans: 150 });

  it("after that sync and one incremental sync, a deduplicated merge equals the emulator's data exactly", async () => {
    const catalog = catalogFor(["chats", "agent_timeline", "agents", "bans"], "incremental");
    const stop = emulator.onRequest(({ endpoint, n }) => {
      // Updates and creations land while pages are being fetched: after the 2nd chats page, and
      // again later, so some updated chats were on the page just read.
      if (endpoint === "incremental/chats" && (n === 2 || n === 3)) {
        emulator.advance({
          seconds: 1,
          updatedChats: 100,
          newChats: 25,
          newTimelineEntries: 20,
          newAgents: 2,
          newBans: 2,
        });
      }
    });
    const first = await readFrom(emulator, { catalog });
    stop();
    expect(first.traces("ERROR")).toEqual([]);
    expect(first.exitCode).toBe(0);
    // Past the five-minute window, the next sync reads what the first could not yet.
    emulator.advance({ seconds: 600 });
    const second = await readFrom(emulator, { catalog, state: finalStates(first) });
    expect(second.exitCode).toBe(0);
    for (const stream of ["chats", "agent_timeline", "agents", "bans"] as const) {
      expect(mergedById(stream, first, second), stream).toEqual(
        [...expectedRecords(emulator, stream)].sort(byKey(stream)),
      );
    }
    expectNoUnexpectedRequests(emulator);
  });
});

describe("the five-minute rule on every page", () => {
  const emulator = useEmulator({ seed: 300, chats: 800, timelineEntries: 500 });

  it("stops quietly before a page under five minutes old, and the next sync delivers the rest", async () => {
    // The newest data is seconds old: the export's next_page then points inside the refused window.
    emulator.advance({ seconds: 90, newChats: 40, updatedChats: 10, newTimelineEntries: 40 });
    const catalog = catalogFor(["chats", "agent_timeline"], "incremental");
    const first = await readFrom(emulator, { catalog });
    expect(first.traces("ERROR")).toEqual([]);
    expect(first.exitCode).toBe(0);
    expectNoUnexpectedRequests(emulator);
    emulator.advance({ seconds: 400 });
    const second = await readFrom(emulator, { catalog, state: finalStates(first) });
    expect(second.exitCode).toBe(0);
    for (const stream of ["chats", "agent_timeline"] as const) {
      expect(mergedById(stream, first, second), stream).toEqual(
        [...expectedRecords(emulator, stream)].sort(byKey(stream)),
      );
    }
  });
});

describe("one inaccessible endpoint", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await withEmulator({ seed: 404 });
  });
  afterEach(() => emulator.faults.clear());
  afterAll(() => emulator?.close());

  it.each(["agents", "bans", "departments", "chats", "agent_timeline"] as const)(
    "a 404 on %s: WARN naming it, that stream COMPLETE and empty, every other stream in full, exit 0",
    async (stream) => {
      const endpoint = stream === "chats" || stream === "agent_timeline" ? `incremental/${stream}` : stream;
      emulator.faults.add({ kind: "404", endpoint, times: Number.POSITIVE_INFINITY });
      const streams: StreamName[] = ["agents", "bans", "departments", "chats", "agent_timeline", "goals"];
      const result = await readFrom(emulator, { catalog: catalogFor(streams, "incremental") });
      expect(result.traces("ERROR")).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.records(stream)).toEqual([]);
      expect(result.statuses(stream)).toEqual(["STARTED", "RUNNING", "COMPLETE"]);
      expect(result.logs("WARN").map((l) => l.message)).toContainEqual(
        expect.stringMatching(new RegExp(`Stream '${stream}'.*404 Not Found.*plan`)),
      );
      for (const other of streams.filter((s) => s !== stream)) {
        expect(result.records(other), other).toEqual(expectedRecords(emulator, other));
      }
    },
  );

  it("a 404 on every selected stream fails the sync with a config_error about the subdomain", async () => {
    emulator.faults.add({ kind: "404", times: Number.POSITIVE_INFINITY });
    const result = await readFrom(emulator, { catalog: catalogFor(["agents", "departments"]) });
    expect(result.exitCode).toBe(1);
    const errors = result.traces("ERROR");
    expect(errors).toHaveLength(1);
    expect(errors[0].error.failure_type).toBe("config_error");
    expect(errors[0].error.message).toMatch(/Every selected stream answered 404.*subdomain/);
  });
});

describe("saved state that does not match the catalog", () => {
  const emulator = useEmulator({ seed: 77 });

  it("state of a stream this source lacks, or one not in the catalog, is ignored with a WARN", async () => {
    const result = await readFrom(emulator, {
      catalog: catalogFor(["agents"], "incremental"),
      state: [
        { type: "STREAM", stream: { stream_descriptor: { name: "gone_stream" }, stream_state: { x: 1 } } },
        { type: "STREAM", stream: { stream_descriptor: { name: "bans" }, stream_state: { id: 5 } } },
      ],
    });
    expect(result.exitCode).toBe(0);
    expect(result.traces("ERROR")).toEqual([]);
    const warnings = result.logs("WARN").map((l) => l.message);
    expect(warnings).toContainEqual(expect.stringMatching(/'gone_stream'.*does not have; ignoring/));
    expect(warnings).toContainEqual(expect.stringMatching(/'bans', which is not in the catalog; ignoring/));
    expect(result.records("agents")).toEqual(expectedRecords(emulator, "agents"));
  });
});

describe("pasted tokens", () => {
  const emulator = useEmulator({ seed: 12 });

  it("a trailing newline or spaces around the token are dropped: the read works", async () => {
    const token = `  ${emulator.currentAccessToken()}\n`;
    const result = await readFrom(emulator, {
      config: accessTokenConfig(emulator, {
        credentials: { credentials: "access_token", access_token: token },
      }),
      catalog: catalogFor(["departments"]),
    });
    expect(result.exitCode).toBe(0);
    expect(result.records("departments")).toEqual(expectedRecords(emulator, "departments"));
  });

  it("a line break inside the token is a one-line config_error naming the field, before any request", async () => {
    emulator.resetStats();
    const result = await readFrom(emulator, {
      config: accessTokenConfig(emulator, {
        credentials: { credentials: "access_token", access_token: "abcd\nefgh-token" },
      }),
      catalog: catalogFor(["departments"]),
    });
    expect(result.exitCode).not.toBe(0);
    const [error, ...more] = result.traces("ERROR");
    expect(more).toEqual([]);
    expect(error.error.failure_type).toBe("config_error");
    expect(error.error.message).toMatch(/credentials\.access_token.*line break/);
    expect(error.error.message).not.toContain("\n");
    expect(result.stdout).not.toContain("efgh-token");
    expect(emulator.stats().requests).toBe(0);
  });
});

describe("a boundary record updated again within the same second", () => {
  const emulator = useEmulator({ seed: 1745, chats: 600 });

  it("is delivered again by the next sync (same cursor value, new content); an unchanged one is not", async () => {
    const catalog = catalogFor(["chats"], "incremental");
    const first = await readFrom(emulator, { catalog });
    expect(first.exitCode).toBe(0);
    const state = finalStates(first);
    const boundary = state[0].stream.stream_state;
    const newestBefore = first.records("chats").at(-1) as Record<string, unknown>;
    expect(Object.keys(boundary.ids_at_cursor)).toContain(newestBefore.id);

    const id = emulator.updateNewestChatInPlace();
    expect(id).toBe(newestBefore.id);
    const updated = expectedRecords(emulator, "chats").find((c) => c.id === id) as Record<string, unknown>;
    expect(updated.update_timestamp).toBe(newestBefore.update_timestamp);
    expect(updated).not.toEqual(newestBefore);

    const second = await readFrom(emulator, { catalog, state });
    expect(second.exitCode).toBe(0);
    expect(second.records("chats")).toEqual([updated]);
    // ...and once delivered, it is part of the boundary: a third sync delivers nothing.
    const third = await readFrom(emulator, { catalog, state: finalStates(second) });
    expect(third.records("chats")).toEqual([]);
  });
});
