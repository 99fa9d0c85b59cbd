import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { CLI, finalStates, type Message, type RunResult, toResult, writeJsonFiles } from "../helpers/cli.js";
import {
  catalogFor,
  dedupMerge,
  expectedRecords,
  keyOf,
  readFrom,
  START_DATE,
  supportConfig,
  unexpectedRequestLines,
  withEmulator,
} from "../helpers/emulator.js";
import { expectStatesCoverOnlyWrittenRecords, FAST_RETRY_ENV } from "../reliability/helpers.js";

// Issue #25: ticket_chats and ticket_chat_events, the chat and messaging sessions the ticket audits
// hold (ChatStartedEvent events), read from the ticket_audits pages with no request of their own.
// The expected rows are the emulator's audits flattened by scripts/lib/expected-rows.ts (not the
// connector's code), and the emulator's tickets say which tickets have a conversation.

const CHILDREN = ["ticket_chats", "ticket_chat_events"];
const ALL = ["ticket_audits", ...CHILDREN];
type Row = Record<string, unknown>;

/** The tickets whose audits the list serves (not deleted) and whose channel carries a conversation. */
function conversationTickets(emulator: Emulator): Set<number> {
  const audited = new Set(expectedRecords(emulator, "ticket_audits").map((a) => a.ticket_id as number));
  const ids = new Set<number>();
  for (const t of emulator.records("tickets")) {
    const channel = (t.via as { channel: string }).channel;
    if ((channel === "chat" || channel === "native_messaging") && audited.has(t.id as number))
      ids.add(t.id as number);
  }
  return ids;
}

/** The merged (append_dedup) rows of the runs equal the emulator's rows now, key by key. */
function expectMergedExact(emulator: Emulator, stream: string, runs: RunResult[]) {
  const merged = dedupMerge(stream, ...runs);
  const want = expectedRecords(emulator, stream);
  expect(merged.size, `${stream}: keys`).toBe(want.length);
  for (const row of want) expect(merged.get(keyOf(stream, row)), stream).toEqual(row);
}

describe("ticket_chats and ticket_chat_events: the audits' chat and messaging sessions", () => {
  let emulator: Emulator;
  let auditsAlone: RunResult;
  let childrenAlone: RunResult;
  let full: RunResult;
  let first: RunResult;
  let second: RunResult;
  let requests: { auditsAlone: Record<string, number>; childrenAlone: Record<string, number> };
  const unexpected: string[] = [];
  let changed = false;
  /** The emulator's rows when the full read ran (before any change). */
  const wantFull: Record<string, Row[]> = {};

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 2501, chats: 60, support: { tickets: 2400 } });
    const config = supportConfig(emulator);
    emulator.resetStats();
    auditsAlone = await readFrom(emulator, { config, catalog: catalogFor(["ticket_audits"]) });
    const a = { ...emulator.stats().byEndpoint };
    unexpected.push(...unexpectedRequestLines(emulator));
    emulator.resetStats();
    childrenAlone = await readFrom(emulator, { config, catalog: catalogFor(CHILDREN) });
    requests = { auditsAlone: a, childrenAlone: { ...emulator.stats().byEndpoint } };
    unexpected.push(...unexpectedRequestLines(emulator));
    full = await readFrom(emulator, { config, catalog: catalogFor(ALL) });
    for (const stream of ALL) wantFull[stream] = expectedRecords(emulator, stream);
    // An incremental sync during which sessions are added (tickets updated: new audits), then more
    // sessions between the syncs, then the next incremental sync from the first one's state.
    let auditPages = 0;
    const stop = emulator.onRequest(({ endpoint }) => {
      if (endpoint === "support/ticket_audits" && ++auditPages === 3) {
        changed = true;
        emulator.advance({ seconds: 120, updatedTickets: 120, newTickets: 60 });
      }
    });
    try {
      first = await readFrom(emulator, { config, catalog: catalogFor(ALL, "incremental") });
    } finally {
      stop();
    }
    emulator.advance({ seconds: 120, updatedTickets: 80, newTickets: 40 });
    emulator.advance({ seconds: 120 });
    second = await readFrom(emulator, {
      config,
      catalog: catalogFor(ALL, "incremental"),
      state: finalStates(first),
    });
    unexpected.push(...unexpectedRequestLines(emulator));
  }, 120_000);
  afterAll(() => emulator?.close());

  it("every run: exit 0, no error, no unexpected request, every stream COMPLETE", () => {
    expect(changed).toBe(true);
    for (const run of [auditsAlone, childrenAlone, full, first, second]) {
      expect(run.exitCode, run.stderr).toBe(0);
      expect(run.traces("ERROR")).toEqual([]);
    }
    for (const run of [full, first, second])
      for (const stream of ALL) expect(run.statuses(stream).at(-1), stream).toBe("COMPLETE");
    expect(unexpected).toEqual([]);
  });

  it("no request of their own: the two streams alone make exactly ticket_audits' requests", () => {
    expect(requests.auditsAlone["support/ticket_audits"]).toBeGreaterThan(3);
    expect(requests.childrenAlone).toEqual(requests.auditsAlone);
  });

  it("a full read equals the emulator's sessions and history entries exactly, in the list's order", () => {
    for (const stream of ALL) {
      expect(wantFull[stream]?.length, stream).toBeGreaterThan(100);
      expect(full.records(stream), stream).toEqual(wantFull[stream]);
    }
    for (const stream of CHILDREN) expect(childrenAlone.records(stream), stream).toEqual(wantFull[stream]);
  });

  it("full read: one ticket_chats row at least for every chat or messaging ticket, none for the others", () => {
    const read = new Set(full.records("ticket_chats").map((r) => r.ticket_id as number));
    const audited = new Set(full.records("ticket_audits").map((a) => a.ticket_id as number));
    const tickets = [...conversationTickets(emulator)].filter((id) => audited.has(id));
    expect(tickets.length).toBeGreaterThan(50);
    expect([...read].filter((id) => !tickets.includes(id))).toEqual([]);
    // Every conversation ticket whose first audit (its creation) was read has its first session.
    const firstAudits = new Set(
      full
        .records("ticket_audits")
        .filter((a) => (a.id as number) % 1000 === 0)
        .map((a) => a.ticket_id as number),
    );
    expect(tickets.filter((id) => firstAudits.has(id) && !read.has(id))).toEqual([]);
  });

  it("after the changes, the full and both incremental syncs merged equal the emulator's rows exactly", () => {
    for (const stream of CHILDREN) expectMergedExact(emulator, stream, [first, second]);
    expectMergedExact(emulator, "ticket_audits", [first, second]);
  });

  it("the second sync reads only the sessions of audits from its state on, among them the new ones", () => {
    for (const stream of CHILDREN) {
      const state = finalStates(first).find((s) => s.stream.stream_descriptor.name === stream) as Message;
      const from = toEpochMicros(state.stream.stream_state.audit_created_at) as number;
      expect(from).toBeGreaterThan(toEpochMicros(START_DATE) as number);
      const rows = second.records(stream);
      expect(rows.length, stream).toBeGreaterThan(0);
      for (const row of rows) expect(toEpochMicros(row.audit_created_at)).toBeGreaterThanOrEqual(from);
      // Nothing delivered twice across the two syncs except at the state's boundary.
      const seen = new Set(first.records(stream).map((r) => keyOf(stream, r)));
      for (const row of rows)
        if (seen.has(keyOf(stream, row))) expect(toEpochMicros(row.audit_created_at)).toBe(from);
      expect(expectStatesCoverOnlyWrittenRecords(second, stream, from, "ticket_audits")).toBeGreaterThan(0);
    }
  });

  it("the data holds what the issue asks for: several sessions, both channels, bots, attachments, ratings, transfers", () => {
    const chats = expectedRecords(emulator, "ticket_chats");
    const events = expectedRecords(emulator, "ticket_chat_events");
    const perTicket = new Map<unknown, number>();
    for (const c of chats) perTicket.set(c.ticket_id, (perTicket.get(c.ticket_id) ?? 0) + 1);
    expect([...perTicket.values()].some((n) => n >= 2)).toBe(true);
    expect(new Set(chats.map((c) => c.channel))).toEqual(new Set(["chat", "native_messaging"]));
    const types = new Set(events.map((e) => e.type));
    for (const type of [
      "ChatMessage",
      "ChatJoin",
      "ChatLeave",
      "ChatFileAttachment",
      "ChatRatingChanged",
      "ChatDepartmentTransfer",
      "ChatMessageStatus",
    ])
      expect(types.has(type), type).toBe(true);
    const bot = events.find(
      (e) => (e.original_message as { author?: { type?: string } } | undefined)?.author?.type === "BUSINESS",
    );
    expect(bot?.actor_id).toBe("__system");
    expect(events.some((e) => typeof e.actor_id === "string" && e.actor_id.startsWith("agent:"))).toBe(true);
    const file = events.find((e) => e.type === "ChatFileAttachment") as Row;
    for (const field of ["filename", "mime_type", "size", "url"]) expect(file[field], field).toBeDefined();
    // Fields no reference names are kept as they came.
    expect(chats.every((c) => "visitor_name" in c && "department_id" in c)).toBe(true);
    // created_at is the epoch-ms timestamp as a date-time.
    for (const e of events.slice(0, 50))
      expect(Date.parse(e.created_at as string)).toBe(e.timestamp as number);
  });
});

/**
 * `read` as a process; SIGKILLed once `killAfter` ticket_chat_events records have arrived. Only the
 * lines that reached stdout whole before the kill count (what Airbyte would have received).
 */
function readKillable(
  emulator: Emulator,
  input: { config: unknown; catalog: unknown; state: Message[] | undefined },
  killAfter: number | null,
): Promise<{ run: RunResult; killed: boolean }> {
  const files = writeJsonFiles({
    config: input.config,
    catalog: input.catalog,
    ...(input.state ? { state: input.state } : {}),
  });
  const args = ["read", "--config", files.config, "--catalog", files.catalog];
  if (input.state) args.push("--state", (files as { state: string }).state);
  const child = spawn(process.execPath, [CLI, ...args], {
    env: {
      ...process.env,
      ...FAST_RETRY_ENV,
      ZENDESK_CHAT_BASE_URL: emulator.baseUrl,
      ZENDESK_SUPPORT_BASE_URL: emulator.supportBaseUrl,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const kept: string[] = [];
  let stderr = "";
  let rows = 0;
  let killed = false;
  child.stderr.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (killed) return;
    kept.push(line);
    const message = JSON.parse(line);
    if (
      killAfter !== null &&
      message.type === "RECORD" &&
      message.record.stream === "ticket_chat_events" &&
      ++rows >= killAfter
    ) {
      killed = true;
      child.kill("SIGKILL");
    }
  });
  const safety = setTimeout(() => child.kill("SIGKILL"), 90_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(safety);
      resolve({ run: toResult(kept.map((l) => `${l}\n`).join(""), stderr, code, signal), killed });
    });
  });
}

describe("ticket_chats and ticket_chat_events: kill -9 mid-read, resume from the last state", () => {
  let emulator: Emulator;
  const runs: Array<{ run: RunResult; killed: boolean; from: Message[] | undefined }> = [];

  /** The last STATE of each stream in a run, over the states it started from (what Airbyte keeps). */
  function lastStates(run: RunResult, previous: Message[] | undefined): Message[] {
    const byStream = new Map<string, Message>(
      (previous ?? []).map((s) => [s.stream.stream_descriptor.name as string, s]),
    );
    for (const state of run.states()) {
      const stream = state.stream;
      byStream.set(stream.stream_descriptor.name, { type: "STREAM", stream });
    }
    return [...byStream.values()];
  }

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 2502, chats: 60, support: { tickets: 2400 } });
    // Paced at 4 requests a second, so that the kill lands while the audit pages are read.
    const config = supportConfig(emulator, { requests_per_minute: 240 });
    const catalog = catalogFor(ALL, "incremental");
    const read = (state: Message[] | undefined, killAfter: number | null) =>
      readKillable(emulator, { config, catalog, state }, killAfter);
    // A first sync killed mid-read, a resumed one that completes; then changes, and a sync from
    // that state killed mid-read again, resumed to the end.
    let state: Message[] | undefined;
    for (const killAfter of [150, null, "change", 40, null] as const) {
      if (killAfter === "change") {
        emulator.advance({ seconds: 300, updatedTickets: 400, newTickets: 200 });
        emulator.advance({ seconds: 120 });
        continue;
      }
      const { run, killed } = await read(state, killAfter);
      runs.push({ run, killed, from: state });
      state = lastStates(run, state);
    }
  }, 240_000);
  afterAll(() => emulator?.close());

  it("the killed runs died mid-read (no COMPLETE), the resumed ones completed cleanly", () => {
    expect(runs.map((r) => r.killed)).toEqual([true, false, true, false]);
    for (const { run, killed } of runs) {
      if (killed) {
        expect(run.signal).toBe("SIGKILL");
        expect(run.statuses("ticket_chat_events")).not.toContain("COMPLETE");
      } else {
        expect(run.exitCode, run.stderr).toBe(0);
        expect(run.traces("ERROR")).toEqual([]);
        for (const stream of ALL) expect(run.statuses(stream).at(-1), stream).toBe("COMPLETE");
      }
    }
  });

  it.each(CHILDREN)(
    "%s: what the runs committed plus the completed runs = the emulator's rows, none lost",
    (stream) => {
      // A killed run's rows count only up to its last STATE of the stream (what Airbyte committed).
      const committed = runs.map(({ run, killed }) => {
        if (!killed) return run.records(stream);
        let upTo = 0;
        let seen = 0;
        for (const m of run.messages as Message[]) {
          if (m.type === "RECORD" && m.record.stream === stream) seen += 1;
          if (m.type === "STATE" && m.state.stream.stream_descriptor.name === stream) upTo = seen;
        }
        return run.records(stream).slice(0, upTo);
      });
      const merged = dedupMerge(stream, ...committed.map((rows) => ({ records: () => rows })));
      const want = expectedRecords(emulator, stream);
      expect(want.length).toBeGreaterThan(500);
      expect(merged.size).toBe(want.length);
      for (const row of want) expect(merged.get(keyOf(stream, row)), stream).toEqual(row);
      // The resumed run after the changes read from the completed sync's state: only newer audits.
      const resumed = runs[3] as { run: RunResult; from: Message[] };
      const from = resumed.from.find((s) => s.stream.stream_descriptor.name === stream);
      const fromMicros = toEpochMicros(from?.stream.stream_state.audit_created_at) as number;
      for (const row of resumed.run.records(stream))
        expect(toEpochMicros(row.audit_created_at)).toBeGreaterThanOrEqual(fromMicros);
    },
  );
});
