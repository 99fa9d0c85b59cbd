import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import type { Message, RunResult } from "../helpers/cli.js";
import {
  accessTokenConfig,
  catalogFor,
  oauthConfig as emulatorOAuthConfig,
  expectedRecords,
  withEmulator,
} from "../helpers/emulator.js";
import {
  expectExactlyOnce,
  expectOneFailure,
  expectStatesCoverOnlyWrittenRecords,
  readFast,
  resetFaults,
} from "./helpers.js";

const OAUTH = {
  clientId: "rel-client-id-4711",
  clientSecret: "rel-client-secret-0815",
  refreshToken: "rel-refresh-token-2342",
};
const ACCESS = "rel-access-token-1337";

function oauthConfig(emulator: Emulator, withRefresh = true, refreshToken = OAUTH.refreshToken) {
  return emulatorOAuthConfig(emulator, OAUTH, withRefresh ? refreshToken : null);
}

const controls = (result: RunResult) =>
  result.messages.filter((m) => m.type === "CONTROL").map((m) => m.control);

describe("401 and 403: refresh and go on, or fail with a config_error that says what to do", () => {
  let emulator: Emulator;
  const injected: Record<string, number> = {};
  /** The refresh token the emulator accepts now (each refresh rotates it). */
  let currentRefresh = OAUTH.refreshToken;
  beforeAll(async () => {
    emulator = await withEmulator({
      seed: 31,
      chats: 40,
      agents: 3500,
      bans: 2500,
      timelineEntries: 20,
      accessToken: ACCESS,
      oauth: OAUTH,
    });
  });
  afterAll(() => {
    console.log(`[reliability] auth faults injected: ${JSON.stringify(injected)}`);
    return emulator?.close();
  });
  const fresh = () => resetFaults(emulator, injected);

  it("OAuth: a 401 mid-sync refreshes the token once, the sync goes on, and the new tokens are sent in a CONTROL message", async () => {
    fresh();
    const config = oauthConfig(emulator);
    emulator.faults.add({ kind: "401", endpoint: "agents", afterRequests: 2 });
    const result = await readFast(emulator, {
      config,
      catalog: catalogFor(["agents", "bans", "departments"]),
    });

    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode).toBe(0);
    for (const stream of ["agents", "bans", "departments"] as const)
      expectExactlyOnce(stream, result.records(stream), expectedRecords(emulator, stream));
    expect(emulator.stats().tokenRefreshes).toBe(1);
    expect(emulator.stats().faultsInjected["401"]).toBe(1);

    const [control, ...more] = controls(result);
    expect(more).toEqual([]);
    expect(control.type).toBe("CONNECTOR_CONFIG");
    const updated = control.connectorConfig.config;
    expect(updated.credentials.access_token).toBe(emulator.currentAccessToken());
    expect(updated.credentials.access_token).not.toBe(ACCESS);
    expect(updated.credentials.refresh_token).not.toBe(OAUTH.refreshToken);
    // Everything else of the config is kept as it was.
    expect({
      ...updated,
      credentials: { ...updated.credentials, access_token: 0, refresh_token: 0 },
    }).toEqual({
      ...config,
      credentials: { ...config.credentials, access_token: 0, refresh_token: 0 },
    });
    expect(result.logs("INFO").some((l) => /refreshing it with the refresh token/.test(l.message))).toBe(
      true,
    );

    // The saved config is the one that works next time: the emulator rotated the refresh token.
    emulator.revokeAccessToken();
    const next = await readFast(emulator, { config: updated, catalog: catalogFor(["departments"]) });
    expect(next.exitCode).toBe(0);
    expect(controls(next)).toHaveLength(1);
    currentRefresh = controls(next)[0].connectorConfig.config.credentials.refresh_token;
    // ...and the old refresh token no longer does.
    emulator.revokeAccessToken();
    const stale = await readFast(emulator, { config, catalog: catalogFor(["departments"]) });
    expectOneFailure(stale, "config_error", /Re-authenticate/);
  });

  it("OAuth: an expired token at the start of the sync is refreshed before anything is read", async () => {
    fresh();
    emulator.revokeAccessToken();
    // The config holds the current (revoked) token and the current refresh token.
    const result = await readFast(emulator, {
      config: oauthConfig(emulator, true, currentRefresh),
      catalog: catalogFor(["agents"]),
    });
    expect(result.exitCode).toBe(0);
    expectExactlyOnce("agents", result.records("agents"), expectedRecords(emulator, "agents"));
    expect(controls(result)).toHaveLength(1);
    currentRefresh = controls(result)[0].connectorConfig.config.credentials.refresh_token;
  });

  it("OAuth without a refresh token: a 401 mid-sync fails with config_error telling the user to re-authenticate; nothing lost", async () => {
    fresh();
    emulator.faults.add({
      kind: "401",
      endpoint: "agents",
      afterRequests: 2,
      times: Number.POSITIVE_INFINITY,
    });
    const result = await readFast(emulator, {
      config: oauthConfig(emulator, false),
      catalog: catalogFor(["agents", "departments"], "incremental"),
    });
    const error = expectOneFailure(result, "config_error", /401 Unauthorized.*Re-authenticate the source/);
    expect(error.stream_descriptor).toEqual({ name: "agents" });
    expect(result.statuses("agents").at(-1)).toBe("INCOMPLETE");
    // Bad credentials stop the sync: no stream starts after the failure (the next would fail the same way).
    expectNothingStartedAfterFailureOf(result, "agents");
    expect(result.records("agents")).toHaveLength(2000);
    expectStatesCoverOnlyWrittenRecords(result, "agents");
    expect(controls(result)).toEqual([]);
    expect(emulator.stats().tokenRefreshes).toBe(0);
  });

  it("access token: a 401 fails with config_error telling the user to create a new token", async () => {
    fresh();
    emulator.faults.add({ kind: "401", endpoint: "bans", afterRequests: 1, times: Number.POSITIVE_INFINITY });
    const result = await readFast(emulator, {
      config: accessTokenConfig(emulator),
      catalog: catalogFor(["bans"], "incremental"),
    });
    expectOneFailure(
      result,
      "config_error",
      /rejected the access token \(401 Unauthorized\).*Create a new Chat API access token/,
    );
    expect(result.statuses("bans").at(-1)).toBe("INCOMPLETE");
    expectStatesCoverOnlyWrittenRecords(result, "bans");
  });

  it("OAuth: a refresh the token endpoint refuses fails with config_error (re-authenticate)", async () => {
    fresh();
    emulator.revokeAccessToken();
    const result = await readFast(emulator, {
      config: oauthConfig(emulator, true, "rel-refresh-token-wrong-9999"),
      catalog: catalogFor(["agents"]),
    });
    expectOneFailure(
      result,
      "config_error",
      /Refreshing the Zendesk Chat OAuth access token failed \(HTTP 400\).*Re-authenticate/,
    );
    expect(controls(result)).toEqual([]);
  });

  it("OAuth: a 401 that persists right after a successful refresh fails with config_error, no loop", async () => {
    fresh();
    emulator.faults.add({
      kind: "401",
      endpoint: "agents",
      afterRequests: 1,
      times: Number.POSITIVE_INFINITY,
    });
    const result = await readFast(emulator, {
      config: oauthConfig(emulator, true, currentRefresh),
      catalog: catalogFor(["agents"]),
    });
    expectOneFailure(result, "config_error", /401 Unauthorized/);
    expect(emulator.stats().tokenRefreshes).toBe(1);
    expect(emulator.stats().byEndpoint.agents).toBeLessThanOrEqual(4);
  });

  it("403 on one stream: that stream INCOMPLETE, every other stream read in full, then a config_error naming it", async () => {
    fresh();
    emulator.faults.add({ kind: "403", endpoint: "bans", times: Number.POSITIVE_INFINITY });
    const streams = ["departments", "bans", "goals", "roles", "skills", "triggers", "agents"] as const;
    const result = await readFast(emulator, {
      config: accessTokenConfig(emulator),
      catalog: catalogFor([...streams]),
    });
    expectOneFailure(
      result,
      "config_error",
      /Stream 'bans'.*403 Forbidden.*plan with API access.*owner or administrator/,
    );
    expect(result.traces("ERROR")[0].error.stream_descriptor).toEqual({ name: "bans" });
    expect(result.statuses("bans").at(-1)).toBe("INCOMPLETE");
    for (const stream of streams.filter((s) => s !== "bans")) {
      expect(result.statuses(stream).at(-1), stream).toBe("COMPLETE");
      expect(result.records(stream), stream).toEqual(expectedRecords(emulator, stream));
    }
    expect(emulator.stats().byEndpoint.bans).toBe(1); // not retried
    fresh();
  });

  it("401 that cannot be fixed by a refresh stops the streams not started yet (every request would fail alike)", async () => {
    fresh();
    const result = await readFast(emulator, {
      config: accessTokenConfig(emulator, {
        credentials: { credentials: "access_token", access_token: "wrong-token-123" },
      }),
      catalog: catalogFor(["departments", "goals", "roles", "skills", "triggers", "agents", "bans"]),
    });
    expect(result.exitCode).toBe(1);
    expect(result.traces("ERROR").every((t) => t.error.failure_type === "config_error")).toBe(true);
    const firstFailed = result.messages.find(
      (m) =>
        m.type === "TRACE" &&
        m.trace.type === "STREAM_STATUS" &&
        m.trace.stream_status.status === "INCOMPLETE",
    );
    expectNothingStartedAfterFailureOf(result, firstFailed?.trace.stream_status.stream_descriptor.name);
    // Never started, yet ended with a status: INCOMPLETE, and a WARN naming it.
    expect(result.statuses("bans")).toEqual(["INCOMPLETE"]);
    expect(
      result
        .logs("WARN")
        .map((l) => l.message)
        .join("\n"),
    ).toMatch(/Not read, since the credentials were rejected: .*'bans'/);
    fresh();
  });
});

/** Streams are read a few at a time; once one fails on config, no further stream may start. */
function expectNothingStartedAfterFailureOf(result: RunResult, stream: string) {
  const isStatus = (m: Message, status: string, name?: string) =>
    m.type === "TRACE" &&
    m.trace.type === "STREAM_STATUS" &&
    m.trace.stream_status.status === status &&
    (name === undefined || m.trace.stream_status.stream_descriptor.name === name);
  const failedAt = result.messages.findIndex((m) => isStatus(m, "INCOMPLETE", stream));
  expect(failedAt).toBeGreaterThan(-1);
  expect(result.messages.slice(failedAt).filter((m) => isStatus(m, "STARTED"))).toEqual([]);
}
