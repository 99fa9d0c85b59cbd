import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { supportStreams } from "../../src/zendesk-support/streams/index.js";
import { type RunResult, runCli, writeJsonFiles } from "../helpers/cli.js";
import {
  accessTokenConfig,
  catalogFor,
  keyOf,
  SUPPORT_STREAM_NAMES,
  supportConfig,
  visibleRecords,
  withEmulator,
} from "../helpers/emulator.js";
import {
  expectNoStackTrace,
  expectStatesCoverOnlyWrittenRecords,
  expectStreamsExact,
  FAST_RETRY_ENV,
  readFast,
  readUnderFault,
} from "./helpers.js";

// Chat and Support have their own credentials: rejected credentials of one API stop that API's
// streams only; the other's are read in full. A non-admin (agent) Support token reads the tables
// agents may read and fails, with a message saying an admin is needed, on the admin-only ones.

const CHAT_STREAMS = ["chats", "agents", "bans", "departments", "goals"];
/** The Support endpoints only admins may read (the exports and the audits, with its child streams). */
const ADMIN_ONLY = [
  "tickets",
  "users",
  "organizations",
  "ticket_audits",
  // A child of the tickets export (its metric_sets side-load) since ticket_metrics no longer reads
  // the list: an agent's token reads neither (README, ticket_metrics).
  "ticket_metrics",
  // The Conversation Log is open to agents, but which tickets to ask it for comes from the export.
  "ticket_conversation_log",
  "sla_policies",
  "schedules",
  "ticket_chats",
  "ticket_chat_events",
  "ticket_comments",
  "satisfaction_ratings",
  "ticket_metric_events",
];
const AGENT_READABLE = SUPPORT_STREAM_NAMES.filter((s) => !ADMIN_ONLY.includes(s));
const WRONG_SUPPORT_TOKEN = "wrong-support-api-token-5150";
const WRONG_CHAT_TOKEN = "wrong-chat-access-token-6160";

/** A stream of an API whose credentials were rejected: failed (INCOMPLETE) or never started; no COMPLETE. */
function expectStopped(result: RunResult, stream: string) {
  const statuses = result.statuses(stream);
  expect(statuses.includes("COMPLETE"), `${stream}: ${statuses}`).toBe(false);
  if (statuses.length > 0) expect(statuses.at(-1), stream).toBe("INCOMPLETE");
  expect(result.records(stream), stream).toEqual([]);
}

function badSupportToken(emulator: Emulator) {
  const { email } = emulator.supportCredentials();
  return supportConfig(emulator, {
    credentials: { credentials: "api_token", email, api_token: WRONG_SUPPORT_TOKEN },
  });
}

describe("Support credentials rejected or not an admin's: only the streams they cannot read fail", () => {
  let emulator: Emulator;
  let agent: Emulator;
  beforeAll(async () => {
    emulator = await withEmulator({
      seed: 115,
      chats: 120,
      agents: 40,
      bans: 30,
      support: { tickets: 3000, users: 150, organizations: 40 },
    });
    agent = await withEmulator({
      seed: 116,
      chats: 60,
      support: { tickets: 400, users: 120, organizations: 30 },
      supportRole: "agent",
    });
  });
  afterAll(async () => {
    await emulator?.close();
    await agent?.close();
  });

  it("a wrong Support API token: Support streams stop with a config_error naming Zendesk Support and the fix; every Chat stream is read in full", async () => {
    emulator.resetStats();
    const result = await readFast(emulator, {
      config: badSupportToken(emulator),
      catalog: catalogFor([...CHAT_STREAMS, ...SUPPORT_STREAM_NAMES]),
    });
    expect(result.exitCode).toBe(1);
    expectStreamsExact(result, emulator, CHAT_STREAMS);
    for (const stream of SUPPORT_STREAM_NAMES) expectStopped(result, stream);
    // Started and failed, or never started once the token was known bad: every one ends INCOMPLETE.
    for (const stream of SUPPORT_STREAM_NAMES)
      expect(result.statuses(stream).at(-1), stream).toBe("INCOMPLETE");
    const failed = SUPPORT_STREAM_NAMES.filter((s) => result.statuses(s).includes("STARTED"));
    expect(failed.length).toBeGreaterThanOrEqual(1);

    const errors = result.traces("ERROR");
    // One error per failed stream, each a config_error about Support's email and token, with the fix.
    expect(errors.map((t) => t.error.stream_descriptor?.name).sort()).toEqual([...failed].sort());
    for (const { error } of errors) {
      expect(error.failure_type).toBe("config_error");
      expect(error.message).toMatch(/Zendesk Support rejected the email and API token \(401 Unauthorized\)/);
      expect(error.message).toMatch(/Admin Center.*support\.credentials\.email/);
      expect(error.message).not.toContain(WRONG_SUPPORT_TOKEN);
    }
    expectNoStackTrace(result);
    // The bad token was not retried: one request per failed request sequence reached the Support API
    // (a child stream, fed by its parent's pages, shares its parent's request).
    const supportRequests = Object.entries(emulator.stats().byEndpoint)
      .filter(([endpoint]) => endpoint.startsWith("support/"))
      .reduce((n, [, count]) => n + count, 0);
    const parentOf = new Map(supportStreams.map((s) => [s.name, s.parent]));
    const sequences = failed.filter((s) => {
      const parent = parentOf.get(s);
      return parent === undefined || !failed.includes(parent);
    });
    expect(supportRequests).toBe(sequences.length);
  });

  it("the Support API token revoked mid-sync (401 from the tickets export's 3rd page on): tickets INCOMPLETE, its states cover only what was written, Chat complete", async () => {
    emulator.resetStats();
    const result = await readUnderFault(
      emulator,
      {
        kind: "401",
        endpoint: "support/incremental/tickets/cursor",
        afterRequests: 2,
        times: Number.POSITIVE_INFINITY,
      },
      {
        config: supportConfig(emulator),
        catalog: catalogFor(["departments", "agents", "tickets"], "incremental"),
      },
    );
    expect(result.exitCode).toBe(1);
    const errors = result.traces("ERROR");
    expect(errors).toHaveLength(1);
    expect(errors[0].error.failure_type).toBe("config_error");
    expect(errors[0].error.stream_descriptor).toEqual({ name: "tickets" });
    expect(errors[0].error.message).toMatch(/Zendesk Support rejected the email and API token/);
    expect(result.statuses("tickets").at(-1)).toBe("INCOMPLETE");
    // What the first two pages held was written, once each, and checkpointed.
    const written = result.records("tickets");
    expect(written.length).toBeGreaterThan(0);
    expect(new Set(written.map((r) => keyOf("tickets", r))).size).toBe(written.length);
    const want = new Map(visibleRecords(emulator, "tickets").map((r) => [keyOf("tickets", r), r]));
    for (const r of written) expect(r).toEqual(want.get(keyOf("tickets", r)));
    expect(expectStatesCoverOnlyWrittenRecords(result, "tickets")).toBeGreaterThanOrEqual(1);
    expect(emulator.stats().byEndpoint["support/incremental/tickets/cursor"]).toBe(3);
    expectStreamsExact(result, emulator, ["departments", "agents"]);
  });

  it("a wrong Chat token with a good Support block: the reverse — Chat streams stop, every Support stream is read in full", async () => {
    const result = await readFast(emulator, {
      config: supportConfig(
        emulator,
        {},
        { credentials: { credentials: "access_token", access_token: WRONG_CHAT_TOKEN } },
      ),
      catalog: catalogFor([...CHAT_STREAMS, ...SUPPORT_STREAM_NAMES]),
    });
    expect(result.exitCode).toBe(1);
    expectStreamsExact(result, emulator, SUPPORT_STREAM_NAMES);
    for (const stream of CHAT_STREAMS) expectStopped(result, stream);
    const errors = result.traces("ERROR");
    expect(errors.length).toBeGreaterThanOrEqual(1);
    for (const { error } of errors) {
      expect(error.failure_type).toBe("config_error");
      expect(CHAT_STREAMS).toContain(error.stream_descriptor?.name);
      expect(error.message).toMatch(/Create a new Chat API access token/);
      expect(error.message).not.toContain(WRONG_CHAT_TOKEN);
    }
  });

  it("an agent's Support token: the exports and ticket_audits fail with the 403 message (admin needed), groups, macros, tags, ... are read in full", async () => {
    const result = await readFast(agent, {
      config: supportConfig(agent),
      catalog: catalogFor(["departments", ...SUPPORT_STREAM_NAMES]),
    });
    expect(result.exitCode).toBe(1);
    expectStreamsExact(result, agent, ["departments"]);
    expectStreamsExact(result, agent, AGENT_READABLE);
    for (const stream of ADMIN_ONLY) {
      expect(result.statuses(stream).at(-1), stream).toBe("INCOMPLETE");
      expect(result.records(stream), stream).toEqual([]);
    }
    const errors = result.traces("ERROR");
    expect(errors.map((t) => t.error.stream_descriptor?.name).sort()).toEqual([...ADMIN_ONLY].sort());
    for (const { error } of errors) {
      expect(error.failure_type).toBe("config_error");
      expect(error.message).toMatch(
        new RegExp(
          `Stream '${error.stream_descriptor.name}'.*Zendesk Support refused access \\(403 Forbidden\\)`,
        ),
      );
      expect(error.message).toMatch(/need an admin's token/);
    }
    // A 403 concerns one endpoint: not retried, and not stopping the other streams.
    // The ticket export twice: tickets (and ticket_metrics) read it, and ticket_conversation_log
    // reads it again in its own sequence (README); each refusal once, not retried.
    for (const endpoint of [
      "support/incremental/tickets/cursor",
      "support/incremental/users/cursor",
      "support/incremental/organizations",
      "support/ticket_audits",
      "support/slas/policies",
      "support/business_hours/schedules",
      "support/incremental/ticket_events",
      "support/satisfaction_ratings",
      "support/incremental/ticket_metric_events",
    ])
      expect(agent.stats().byEndpoint[endpoint], endpoint).toBe(
        endpoint === "support/incremental/tickets/cursor" ? 2 : 1,
      );
  });
});

describe("check: Chat and Support, each with its own one-line message", () => {
  let emulator: Emulator;
  let agent: Emulator;
  beforeAll(async () => {
    emulator = await withEmulator({ seed: 117, chats: 5 });
    agent = await withEmulator({ seed: 118, chats: 5, supportRole: "agent" });
  });
  afterAll(async () => {
    await emulator?.close();
    await agent?.close();
  });

  async function check(e: Emulator, config: unknown) {
    const files = writeJsonFiles({ config });
    const result = await runCli(["check", "--config", files.config], {
      env: {
        ...FAST_RETRY_ENV,
        ZENDESK_CHAT_BASE_URL: e.baseUrl,
        ZENDESK_SUPPORT_BASE_URL: e.supportBaseUrl,
      },
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const statuses = result.messages.filter((m) => m.type === "CONNECTION_STATUS");
    expect(statuses).toHaveLength(1);
    expectNoStackTrace(result);
    const { status, message } = statuses[0].connectionStatus;
    if (message !== undefined) expect(message, "one line").not.toMatch(/\n/);
    return { status: status as string, message: (message ?? "") as string, result };
  }

  it("SUCCEEDED with good Chat and Support credentials", async () => {
    const { status } = await check(emulator, supportConfig(emulator));
    expect(status).toBe("SUCCEEDED");
    expect(emulator.stats().byEndpoint["support/users/me"]).toBeGreaterThanOrEqual(1);
  });

  it("FAILED naming Zendesk Support for a wrong Support API token (users/me would answer 200 with an anonymous user)", async () => {
    const { status, message, result } = await check(emulator, badSupportToken(emulator));
    expect(status).toBe("FAILED");
    expect(message).toMatch(/^Zendesk Chat: OK\. Zendesk Support rejected the email and API token/);
    expect(message).toMatch(/API token|Admin Center/);
    expect(result.stdout).not.toContain(WRONG_SUPPORT_TOKEN);
  });

  it("FAILED naming admin rights for an agent's Support token", async () => {
    const { status, message } = await check(agent, supportConfig(agent));
    expect(status).toBe("FAILED");
    expect(message).toMatch(/Zendesk Support.*role 'agent'.*need an admin/);
  });

  it("FAILED with a message about Chat for a wrong Chat token (the Support block is good)", async () => {
    const { status, message, result } = await check(
      emulator,
      supportConfig(
        emulator,
        {},
        { credentials: { credentials: "access_token", access_token: WRONG_CHAT_TOKEN } },
      ),
    );
    expect(status).toBe("FAILED");
    expect(message).toMatch(/Chat/);
    expect(message).not.toMatch(/Zendesk Support/);
    expect(result.stdout).not.toContain(WRONG_CHAT_TOKEN);
  });

  it("without a support block, check reads Chat only", async () => {
    emulator.resetStats();
    const { status } = await check(emulator, accessTokenConfig(emulator));
    expect(status).toBe("SUCCEEDED");
    expect(emulator.stats().byEndpoint["support/users/me"]).toBeUndefined();
  });
});
