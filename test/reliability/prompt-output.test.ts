import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { type Message, type RunResult, writeJsonFiles } from "../helpers/cli.js";
import {
  accessTokenConfig,
  catalogFor,
  oauthConfig,
  useEmulator,
  withEmulator,
} from "../helpers/emulator.js";
import { expectStatesCoverOnlyWrittenRecords, readFast, runCli } from "./helpers.js";

// Airbyte shows progress and persists state and refreshed tokens as they arrive on stdout: a
// message that waits in a buffer is lost with the process. And Airbyte stops a sync with SIGTERM.

const PAGE_DELAY_MS = 1500;

/** The refresh token a run rotated to (from its CONTROL message), if it refreshed. */
function rotatedBy(result: RunResult): string | undefined {
  const control = result.messages.find((m) => m.type === "CONTROL");
  return control?.control.connectorConfig.config.credentials.refresh_token;
}

describe("STATE, TRACE and LOG reach stdout within a second of being produced", () => {
  const emulator = useEmulator({ seed: 90, agents: 2600 });

  it("with pages more than a second apart, each STATE arrives before the next page does", async () => {
    // Every agents page takes 1.5 s to answer; a STATE held back in a buffer would arrive at the end.
    emulator.faults.add({ kind: "slow", endpoint: "agents", delayMs: PAGE_DELAY_MS, every: 1 });
    const served: number[] = [];
    const stop = emulator.onRequest(({ endpoint }) => {
      if (endpoint === "agents") served.push(Date.now() + PAGE_DELAY_MS);
    });
    const arrivals: Array<{ message: Message; at: number }> = [];
    const result = await readFast(
      emulator,
      { catalog: catalogFor(["agents"], "incremental") },
      { onLine: (message, at) => arrivals.push({ message, at }) },
    );
    stop();
    emulator.faults.clear();
    expect(result.exitCode).toBe(0);
    const states = arrivals.filter((a) => a.message.type === "STATE");
    // 2600 agents in pages of 1000: three pages with records, each followed by a STATE.
    expect(states.length).toBeGreaterThanOrEqual(3);
    // Each checkpoint reaches stdout before the page after it is even answered (1.5 s later): not
    // held back in a buffer until the end of the stream. (No absolute time bound: machines are noisy.)
    for (const [index, state] of states.slice(0, 2).entries()) {
      expect(state.at, `STATE ${index + 1}`).toBeLessThan(served[index + 1] as number);
    }
    const started = arrivals.find((a) => a.message.type === "TRACE");
    expect(started?.message.trace.stream_status.status).toBe("STARTED");
    expect((started?.at as number) < (served[0] as number)).toBe(true);
  });
});

describe("SIGTERM (Airbyte cancelling a sync)", () => {
  const OAUTH = {
    clientId: "sig-client-id-7",
    clientSecret: "sig-client-secret-7",
    refreshToken: "sig-refresh-token-7",
  };
  let emulator: Emulator;
  /** The refresh token the emulator accepts now (every refresh rotates it). */
  let currentRefresh = OAUTH.refreshToken;
  beforeAll(async () => {
    emulator = await withEmulator({ seed: 91, agents: 6000, bans: 3000, oauth: OAUTH });
  });
  const oauthConfigFor = (emu: Emulator, refreshToken: string) => oauthConfig(emu, OAUTH, refreshToken);
  afterAll(() => emulator?.close());

  it("mid OAuth read: the refreshed tokens, the records and the last STATE are on stdout; exit 143; the saved config works", async () => {
    emulator.revokeAccessToken(); // the first request gets a 401: the token is refreshed (and rotated)
    emulator.faults.add({ kind: "slow", endpoint: "agents", delayMs: 400, every: 1 });
    const config = oauthConfigFor(emulator, currentRefresh);
    let killedAt = 0;
    let statesSeen = 0;
    const result = await readFast(
      emulator,
      { config, catalog: catalogFor(["agents"], "incremental") },
      {
        onLine: (message, _at, child) => {
          // Stop after the second checkpoint: records and state exist, the read is far from done.
          if (message.type === "STATE" && killedAt === 0 && ++statesSeen === 2) {
            killedAt = Date.now();
            child.kill("SIGTERM");
          }
        },
      },
    );
    emulator.faults.clear();
    const exitedAfterMs = Date.now() - killedAt;
    expect(killedAt).toBeGreaterThan(0);
    expect(result.exitCode).toBe(143);
    expect(exitedAfterMs).toBeLessThan(5000);
    const controls = result.messages.filter((m) => m.type === "CONTROL");
    expect(controls).toHaveLength(1);
    const [trace, ...more] = result.traces("ERROR");
    expect(more).toEqual([]);
    expect(trace.error.failure_type).toBe("transient_error");
    expect(trace.error.message).toMatch(/Stopped by SIGTERM/);
    expect(result.records("agents").length).toBeGreaterThanOrEqual(2000);
    expect(result.records("agents").length).toBeLessThan(6000);
    expectStatesCoverOnlyWrittenRecords(result, "agents");

    // The rotated refresh token was saved: the next check with the saved config needs no re-authentication.
    emulator.revokeAccessToken();
    const saved = controls[0].control.connectorConfig.config;
    currentRefresh = saved.credentials.refresh_token;
    const files = writeJsonFiles({ config: saved });
    const check = await runCli(["check", "--config", files.config], {
      env: { ZENDESK_CHAT_BASE_URL: emulator.baseUrl },
    });
    const status = check.messages.find((m) => m.type === "CONNECTION_STATUS");
    expect(status?.connectionStatus.status).toBe("SUCCEEDED");
    currentRefresh = rotatedBy(check) ?? currentRefresh;
  });

  it("SIGTERM while a token refresh is in flight: the refresh is waited for and its tokens are on stdout", async () => {
    emulator.revokeAccessToken();
    // The token endpoint takes 1.5 s: the signal arrives while the refresh is under way, after the
    // old refresh token has already been spent.
    emulator.faults.add({ kind: "slow", endpoint: "oauth2/token", delayMs: 1500 });
    const refreshToken = currentRefresh;
    let signalled = false;
    const result = await readFast(
      emulator,
      {
        config: oauthConfigFor(emulator, refreshToken),
        catalog: catalogFor(["agents"], "incremental"),
      },
      {
        onLine: (message, _at, child) => {
          if (message.type === "TRACE" && message.trace.type === "STREAM_STATUS" && !signalled) {
            signalled = true;
            setTimeout(() => child.kill("SIGTERM"), 500);
          }
        },
      },
    );
    emulator.faults.clear();
    expect(signalled).toBe(true);
    expect(result.exitCode).toBe(143);
    expect(emulator.stats().tokenRefreshes).toBeGreaterThanOrEqual(1);
    const controls = result.messages.filter((m) => m.type === "CONTROL");
    expect(controls).toHaveLength(1);
    const saved = controls[0].control.connectorConfig.config;
    expect(saved.credentials.refresh_token).not.toBe(refreshToken);
    currentRefresh = saved.credentials.refresh_token;
    emulator.revokeAccessToken();
    const files = writeJsonFiles({ config: saved });
    const check = await runCli(["check", "--config", files.config], {
      env: { ZENDESK_CHAT_BASE_URL: emulator.baseUrl },
    });
    expect(check.messages.find((m) => m.type === "CONNECTION_STATUS")?.connectionStatus.status).toBe(
      "SUCCEEDED",
    );
    currentRefresh = rotatedBy(check) ?? currentRefresh;
  });

  it("SIGINT mid read of a plain token: exit 130, everything written so far on stdout, valid lines only", async () => {
    emulator.faults.add({ kind: "slow", endpoint: "bans", delayMs: 400, every: 1 });
    let sent = false;
    const result = await readFast(
      emulator,
      { config: accessTokenConfig(emulator), catalog: catalogFor(["bans"], "incremental") },
      {
        onLine: (message, _at, child) => {
          if (message.type === "STATE" && !sent) {
            sent = true;
            child.kill("SIGINT");
          }
        },
      },
    );
    emulator.faults.clear();
    expect(sent).toBe(true);
    expect(result.exitCode).toBe(130);
    expect(result.records("bans").length).toBeGreaterThan(0);
    expect(result.states("bans").length).toBeGreaterThan(0);
    expectStatesCoverOnlyWrittenRecords(result, "bans");
  });
});
