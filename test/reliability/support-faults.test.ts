import { describe, expect, it } from "vitest";
import type { FaultKind } from "../../emulator/index.js";
import type { RunResult } from "../helpers/cli.js";
import {
  catalogFor,
  SUPPORT_STREAM_NAMES,
  supportConfig,
  unexpectedRequestLines,
  useEmulator,
  visibleRecords,
} from "../helpers/emulator.js";
import { expectStreamsExact, readFast, readUnderFault } from "./helpers.js";

// Transient trouble on Support endpoints (5xx, a reset connection, a body cut short, JSON cut off)
// is retried and costs no record; a 404 on a list means the account lacks that feature: the
// stream ends empty with a WARN and the others complete.

const KINDS: FaultKind[] = ["500", "502", "reset", "truncated", "malformed"];
/** Up to five failed attempts in a row (one request getting every kind) and still a sixth. */
const ATTEMPTS_ENV = { ZENDESK_CHAT_MAX_ATTEMPTS: "7" };

describe("faults on Support endpoints", () => {
  const emulator = useEmulator({
    seed: 151,
    chats: 30,
    support: { tickets: 3000, users: 300, organizations: 60 },
  });

  it("500, 502, reset, truncated and malformed on the tickets export, groups and ticket_audits: retried, every record exact", async () => {
    emulator.resetStats();
    emulator.faults.clear();
    // tickets: every kind in a row on its second page (one page, five failed attempts, then served).
    KINDS.forEach((kind, i) => {
      emulator.faults.add({ kind, endpoint: "support/incremental/tickets/cursor", afterRequests: 1 + i });
    });
    // groups (one page): every kind in a row on its only request.
    KINDS.forEach((kind, i) => {
      emulator.faults.add({ kind, endpoint: "support/groups", afterRequests: i });
    });
    // ticket_audits (many pages): one kind every other request, on different pages.
    KINDS.forEach((kind, i) => {
      emulator.faults.add({ kind, endpoint: "support/ticket_audits", afterRequests: 1 + 2 * i });
    });
    let result: RunResult;
    try {
      result = await readFast(
        emulator,
        { config: supportConfig(emulator), catalog: catalogFor(SUPPORT_STREAM_NAMES) },
        { env: ATTEMPTS_ENV },
      );
    } finally {
      emulator.faults.clear();
    }
    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expectStreamsExact(result, emulator, SUPPORT_STREAM_NAMES);
    // Every fault planned was served (each endpoint had the requests to take them).
    expect(emulator.stats().faultsInjected).toEqual(Object.fromEntries(KINDS.map((k) => [k, 3])));
    const retries = result.logs("WARN").filter((l) => /^Retrying \/api\/v2\//.test(l.message));
    expect(retries).toHaveLength(15);
    for (const path of ["incremental/tickets/cursor.json", "groups", "ticket_audits"])
      expect(
        retries.filter((l) => l.message.includes(`/api/v2/${path}`)),
        path,
      ).toHaveLength(5);
    const summary = result.logs("INFO").find((l) => /^Read \d+ records/.test(l.message));
    expect(summary?.message).toMatch(/\(15 retries, 0 rate-limited, 0 token refreshes\) to Support/);
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it("a 404 on one list endpoint: that stream ends empty with a WARN, the others complete", async () => {
    emulator.resetStats();
    const result = await readUnderFault(
      emulator,
      { kind: "404", endpoint: "support/macros", times: Number.POSITIVE_INFINITY },
      { config: supportConfig(emulator), catalog: catalogFor(SUPPORT_STREAM_NAMES) },
    );
    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.records("macros")).toEqual([]);
    expect(result.statuses("macros").at(-1)).toBe("COMPLETE");
    expect(visibleRecords(emulator, "macros").length).toBeGreaterThan(0);
    const warns = result.logs("WARN").filter((l) => l.message.includes("'macros'"));
    expect(warns).toHaveLength(1);
    expect(warns[0].message).toMatch(/not available for this account \(404 Not Found/);
    expect(emulator.stats().byEndpoint["support/macros"]).toBe(1);
    for (const stream of SUPPORT_STREAM_NAMES.filter((s) => s !== "macros"))
      expectStreamsExact(result, emulator, [stream]);
  });
  it("every selected Support stream answering 404: the failure points at Support, not at Chat", async () => {
    emulator.resetStats();
    const result = await readUnderFault(
      emulator,
      { kind: "404", endpoint: "support", times: Number.POSITIVE_INFINITY },
      { config: supportConfig(emulator), catalog: catalogFor(["groups", "macros", "tags", "tickets"]) },
    );
    expect(result.exitCode).toBe(1);
    const errors = result.traces("ERROR");
    expect(errors).toHaveLength(1);
    expect(errors[0].error.failure_type).toBe("config_error");
    expect(errors[0].error.message).toMatch(/404/);
    // Only Support streams were selected: Chat being enabled or not has nothing to do with it.
    expect(errors[0].error.message).not.toMatch(/Chat is not enabled/);
    expect(errors[0].error.message).toMatch(/Zendesk Support|Support/);
  });
});
