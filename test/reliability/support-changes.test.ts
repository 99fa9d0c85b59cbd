import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { finalStates, type RunResult } from "../helpers/cli.js";
import {
  CURSOR,
  catalogFor,
  dedupMerge,
  expectedRecords,
  keyOf,
  supportConfig,
  useEmulator,
  visibleRecords,
  withEmulator,
} from "../helpers/emulator.js";
import { cursorValue, expectStatesCoverOnlyWrittenRecords, readFast } from "./helpers.js";

// Support data changing while it is read, and the exports' one-minute rule: what a destination in
// append_dedup mode holds after the syncs must be exactly the account as it is now.

const EXPORTS = ["tickets", "users", "organizations", "ticket_comments"];

/** dedupMerge of the runs equals the emulator's records now, key by key. */
function expectMergedEqualsEmulator(emulator: Emulator, stream: string, runs: RunResult[]) {
  const merged = dedupMerge(stream, ...runs);
  const want = visibleRecords(emulator, stream);
  expect(want.length).toBe(expectedRecords(emulator, stream).length); // nothing held back any more
  expect(merged.size, `${stream}: keys`).toBe(want.length);
  for (const record of want) expect(merged.get(keyOf(stream, record)), stream).toEqual(record);
}

describe("Support data changing during a read and between syncs, then one incremental sync", () => {
  let emulator: Emulator;
  let first: RunResult;
  let second: RunResult;
  let changedAt: number | undefined;
  const streams = [...EXPORTS, "groups", "ticket_audits", "ticket_metrics"];

  beforeAll(async () => {
    emulator = await withEmulator({
      seed: 171,
      chats: 40,
      support: { tickets: 3500, users: 1500, organizations: 1100 },
    });
    const unsubscribe = emulator.onRequest(({ endpoint, n }) => {
      // After the 2nd tickets request: the rest of this read sees the changes (those older than a
      // minute by then; the next sync reads the others).
      if (endpoint === "support/incremental/tickets/cursor" && n === 3 && changedAt === undefined) {
        changedAt = emulator.stats().requests;
        emulator.advance({
          seconds: 180,
          updatedTickets: 60,
          newTickets: 30,
          deletedTickets: 12,
          updatedUsers: 40,
          newUsers: 15,
          updatedOrganizations: 20,
          newOrganizations: 8,
          deletedOrganizations: 5,
          deletedGroups: 1,
        });
      }
    });
    try {
      first = await readFast(emulator, {
        config: supportConfig(emulator),
        catalog: catalogFor(streams, "incremental"),
      });
    } finally {
      unsubscribe();
    }
    // More changes between the syncs (the lists read after the first sync's changes see these),
    // then time passes: every change is now more than a minute old.
    emulator.advance({
      seconds: 60,
      updatedTickets: 25,
      newTickets: 10,
      deletedTickets: 4,
      updatedUsers: 10,
    });
    emulator.advance({ seconds: 120 });
    second = await readFast(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(streams, "incremental"),
      state: finalStates(first),
    });
  }, 120_000);
  afterAll(() => emulator?.close());

  it("both syncs complete; the changes landed in the middle of the first", () => {
    expect(changedAt, "the tickets export has a third page").toBeDefined();
    for (const run of [first, second]) {
      expect(run.traces("ERROR")).toEqual([]);
      expect(run.exitCode).toBe(0);
      for (const stream of streams) expect(run.statuses(stream).at(-1), stream).toBe("COMPLETE");
    }
    const distinct = new Set(first.records("tickets").map((r) => String(r.id))).size;
    console.log(
      `[reliability] Support changes: first sync ${first.records("tickets").length} tickets (${distinct} distinct), second ${second.records("tickets").length}; users ${first.records("users").length} + ${second.records("users").length}; organizations ${first.records("organizations").length} + ${second.records("organizations").length}`,
    );
    // The second sync read the changes, not everything again.
    expect(second.records("tickets").length).toBeGreaterThan(0);
    expect(second.records("tickets").length).toBeLessThan(first.records("tickets").length / 4);
  });

  it.each([...EXPORTS, "groups"])("%s: the merged syncs equal the emulator's records now", (stream) => {
    expectMergedEqualsEmulator(emulator, stream, [first, second]);
  });

  // A deleted ticket's audits and metrics leave the lists; a destination in append_dedup mode
  // keeps what it had: the merge holds every current item exactly, plus only those of deleted (or
  // archived) tickets.
  it.each(["ticket_audits", "ticket_metrics"])(
    "%s: the merged syncs hold every current item exactly, and nothing else but those of deleted or archived tickets",
    (stream) => {
      const merged = dedupMerge(stream, first, second);
      const want = expectedRecords(emulator, stream);
      expect(want.length).toBeGreaterThan(0);
      for (const record of want) expect(merged.get(keyOf(stream, record)), stream).toEqual(record);
      const current = new Set(want.map((r) => keyOf(stream, r)));
      // Deleted tickets, and tickets archived meanwhile (closed more than 120 days ago: Zendesk
      // leaves them out of both lists).
      const archivedBefore = emulator.now().getTime() - 120 * 86_400_000;
      const goneTickets = new Set(
        [...emulator.records("tickets")]
          .filter(
            (t) =>
              t.status === "deleted" ||
              (t.status === "closed" && Date.parse(t.updated_at as string) < archivedBefore),
          )
          .map((t) => t.id),
      );
      const extra = [...merged.values()].filter((r) => !current.has(keyOf(stream, r)));
      expect(extra.filter((r) => !goneTickets.has(r.ticket_id as number))).toEqual([]);
      // The second sync read what changed since the first, not the whole list again.
      expect(second.records(stream).length).toBeLessThan(first.records(stream).length / 4);
      expect(second.records(stream).length).toBeGreaterThan(0);
    },
  );

  it("deleted tickets and organizations end in their deleted form", () => {
    const merged = dedupMerge("tickets", first, second);
    const deleted = [...emulator.records("tickets")].filter((t) => t.status === "deleted");
    expect(deleted.length).toBeGreaterThanOrEqual(12);
    for (const t of deleted) expect(merged.get(String(t.id))?.status).toBe("deleted");
    const orgs = dedupMerge("organizations", first, second);
    const deletedOrgs = [...emulator.records("organizations")].filter((o) => o.deleted_at !== null);
    expect(deletedOrgs.length).toBeGreaterThanOrEqual(5);
    for (const o of deletedOrgs) expect(orgs.get(String(o.id))?.deleted_at).toBe(o.deleted_at);
  });

  it.each(EXPORTS)("%s: no STATE claims more than was written", (stream) => {
    expect(expectStatesCoverOnlyWrittenRecords(first, stream)).toBeGreaterThanOrEqual(1);
    const resumed = finalStates(first).find((s) => s.stream.stream_descriptor.name === stream);
    const from = cursorValue(stream, resumed.stream.stream_state[CURSOR[stream] as string]);
    expectStatesCoverOnlyWrittenRecords(second, stream, from);
  });
});

describe("the one-minute rule: what changed within the last minute is neither emitted nor claimed", () => {
  const emulator = useEmulator({ seed: 172, chats: 30, support: { tickets: 1800, users: 400 } });

  it("tickets and users changed in the last 60 s of the emulator clock wait for the next sync, which delivers exactly them", async () => {
    const before = Math.floor(emulator.now().getTime() / 1000);
    emulator.advance({ seconds: 30, updatedTickets: 8, newTickets: 5, updatedUsers: 6 });
    const nowSec = Math.floor(emulator.now().getTime() / 1000);
    const cutoffMicros = (nowSec - 60) * 1_000_000;
    const changed = {
      tickets: expectedRecords(emulator, "tickets").filter((t) => Number(t.generated_timestamp) > before),
      users: expectedRecords(emulator, "users").filter(
        (u) => Date.parse(String(u.updated_at)) / 1000 > before,
      ),
    };
    expect(changed.tickets).toHaveLength(13);
    expect(changed.users).toHaveLength(6);

    const first = await readFast(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(["tickets", "users"], "incremental"),
    });
    expect(first.traces("ERROR")).toEqual([]);
    expect(first.exitCode).toBe(0);
    const heldBack: Record<string, Set<string>> = {};
    for (const stream of ["tickets", "users"] as const) {
      const got = first.records(stream);
      const want = visibleRecords(emulator, stream);
      expect(new Set(got.map((r) => keyOf(stream, r))).size).toBe(got.length);
      expect(got.length, stream).toBe(want.length);
      const byKey = new Map(got.map((r) => [keyOf(stream, r), r]));
      for (const record of want) expect(byKey.get(keyOf(stream, record)), stream).toEqual(record);
      // None of what changed in the last minute, in any version.
      const changedKeys = new Set(changed[stream].map((r) => keyOf(stream, r)));
      expect(got.filter((r) => changedKeys.has(keyOf(stream, r)))).toEqual([]);
      for (const r of got)
        expect(cursorValue(stream, r[CURSOR[stream] as string])).toBeLessThanOrEqual(cutoffMicros);
      // The state does not claim them: its cursor is at most a minute before the server's now.
      const state = first.states(stream).at(-1);
      expect(cursorValue(stream, state.stream.stream_state[CURSOR[stream] as string])).toBeLessThanOrEqual(
        cutoffMicros,
      );
      heldBack[stream] = new Set(
        expectedRecords(emulator, stream)
          .filter((r) => !byKey.has(keyOf(stream, r)))
          .map((r) => keyOf(stream, r)),
      );
      for (const key of changedKeys) expect(heldBack[stream]?.has(key), key).toBe(true);
    }

    // A sync while the changes are still under a minute old: nothing new.
    const early = await readFast(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(["tickets", "users"], "incremental"),
      state: finalStates(first),
    });
    expect(early.exitCode).toBe(0);
    expect(early.records("tickets")).toEqual([]);
    expect(early.records("users")).toEqual([]);

    emulator.advance({ seconds: 120 });
    const next = await readFast(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(["tickets", "users"], "incremental"),
      state: finalStates(early),
    });
    expect(next.traces("ERROR")).toEqual([]);
    expect(next.exitCode).toBe(0);
    for (const stream of ["tickets", "users"] as const) {
      const got = next.records(stream);
      // Exactly what was held back, each once, in its current version.
      expect(got.map((r) => keyOf(stream, r)).sort()).toEqual([...(heldBack[stream] ?? [])].sort());
      const current = new Map(expectedRecords(emulator, stream).map((r) => [keyOf(stream, r), r]));
      for (const r of got) expect(r).toEqual(current.get(keyOf(stream, r)));
      const merged = dedupMerge(stream, first, early, next);
      expect(merged.size).toBe(current.size);
      for (const [key, record] of current) expect(merged.get(key), key).toEqual(record);
    }
  });
});
