import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { toEpochMicros } from "../../src/engine/timestamps.js";
import { finalStates, type RunResult } from "../helpers/cli.js";
import {
  catalogFor,
  readFrom,
  supportConfig,
  unexpectedRequestLines,
  visibleRecords,
  withEmulator,
} from "../helpers/emulator.js";
import { expectStatesCoverOnlyWrittenRecords } from "../reliability/helpers.js";

// Issue #22, point 1: Zendesk's ticket exports take support_type_scope (all | agent | ai_agent,
// default agent): AI-agent tickets are left out unless asked for. The emulator models that default
// (and an after_url that does not carry the parameter on); the connector asks for `all` on every
// request.

/** The ticket ids the emulator's export returns for `scope` (undefined: the parameter not sent). */
async function exportedIds(emulator: Emulator, scope: string | undefined): Promise<Set<number>> {
  const ids = new Set<number>();
  const query = `start_time=0&per_page=1000${scope ? `&support_type_scope=${scope}` : ""}`;
  let url = `${emulator.supportBaseUrl}/incremental/tickets/cursor.json?${query}`;
  for (let page = 0; page < 100; page++) {
    const response = await fetch(url, { headers: { authorization: emulator.supportBasicAuth() } });
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      tickets: Array<{ id: number }>;
      after_cursor: string;
      end_of_stream: boolean;
    };
    for (const ticket of body.tickets) ids.add(ticket.id);
    if (body.end_of_stream) return ids;
    // The scope sent again with the cursor, as the connector does.
    url = `${emulator.supportBaseUrl}/incremental/tickets/cursor.json?per_page=1000&cursor=${body.after_cursor}${scope ? `&support_type_scope=${scope}` : ""}`;
  }
  throw new Error("the export did not end within 100 pages");
}

describe("AI-agent tickets (support_type_scope)", () => {
  let emulator: Emulator;
  let full: RunResult;
  let incremental: RunResult;
  let aiAgentIds: number[];
  const scopes: Array<string | null> = [];

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 2210, chats: 40, support: { tickets: 3200 } });
    const agentOnly = await exportedIds(emulator, undefined);
    aiAgentIds = visibleRecords(emulator, "tickets")
      .map((t) => t.id as number)
      .filter((id) => !agentOnly.has(id));
    const stop = emulator.onRequest(({ endpoint, query }) => {
      if (endpoint === "support/incremental/tickets/cursor") scopes.push(query.get("support_type_scope"));
    });
    const config = supportConfig(emulator);
    full = await readFrom(emulator, { config, catalog: catalogFor(["tickets"]) });
    incremental = await readFrom(emulator, { config, catalog: catalogFor(["tickets"], "incremental") });
    stop();
  });
  afterAll(() => emulator?.close());

  it("the emulator leaves them out without the parameter, as Zendesk's default does", async () => {
    expect(aiAgentIds.length).toBeGreaterThan(50);
    const onlyAi = await exportedIds(emulator, "ai_agent");
    expect([...onlyAi].sort()).toEqual([...aiAgentIds].sort());
    const all = await exportedIds(emulator, "all");
    expect(all.size).toBe(visibleRecords(emulator, "tickets").length);
  });

  it("a full and an incremental read return every ticket, AI-agent tickets included, exactly as the API sends them", () => {
    const want = visibleRecords(emulator, "tickets");
    for (const run of [full, incremental]) {
      expect(run.traces("ERROR")).toEqual([]);
      expect(run.exitCode).toBe(0);
      expect(run.records("tickets")).toEqual(want);
      const read = new Set(run.records("tickets").map((t) => t.id));
      expect(aiAgentIds.filter((id) => !read.has(id))).toEqual([]);
    }
    // As the API sends them: an AI-agent ticket is a messaging conversation, and its support_type
    // (Zendesk's "type of support that handled the ticket") says which kind each row is.
    const ai = want.filter((t) => aiAgentIds.includes(t.id as number));
    expect(new Set(ai.map((t) => (t.via as { channel: string }).channel))).toEqual(
      new Set(["native_messaging"]),
    );
    const kinds = full.records("tickets").map((t) => [aiAgentIds.includes(t.id as number), t.support_type]);
    expect(new Set(kinds.map(([ai, kind]) => `${ai}:${kind}`))).toEqual(
      new Set(["true:ai_agent", "false:agent"]),
    );
    expect(
      full.records("tickets").filter((t) => t.from_messaging_channel === true).length,
    ).toBeGreaterThanOrEqual(ai.length);
  });

  it("asks for support_type_scope=all on every request, cursor pages included", () => {
    expect(scopes.length).toBeGreaterThan(6);
    expect(scopes.filter((s) => s !== "all")).toEqual([]);
    expect(unexpectedRequestLines(emulator)).toEqual([]);
  });

  it("checkpoints only what it wrote; the final state is the newest ticket's generated_timestamp", () => {
    expect(expectStatesCoverOnlyWrittenRecords(incremental, "tickets")).toBeGreaterThan(2);
    const want = visibleRecords(emulator, "tickets");
    const state = finalStates(incremental)[0].stream.stream_state;
    expect(toEpochMicros(state.generated_timestamp)).toBe(toEpochMicros(want.at(-1)?.generated_timestamp));
  });

  it("an incremental sync after new AI-agent and other tickets reads exactly the new ones", async () => {
    emulator.advance({ seconds: 3600, newTickets: 400 });
    const next = await readFrom(emulator, {
      config: supportConfig(emulator),
      catalog: catalogFor(["tickets"], "incremental"),
      state: finalStates(incremental),
    });
    expect(next.exitCode).toBe(0);
    const before = new Set(incremental.records("tickets").map((t) => t.id));
    const fresh = visibleRecords(emulator, "tickets").filter((t) => !before.has(t.id));
    const agentOnly = await exportedIds(emulator, undefined);
    expect(fresh.filter((t) => !agentOnly.has(t.id as number)).length).toBeGreaterThan(0);
    // The previous sync's boundary ticket(s) are not delivered again; everything new is.
    expect(next.records("tickets")).toEqual(fresh);
  });
});
