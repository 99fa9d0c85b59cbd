import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { catalogFor, expectedRecords, oauthConfig, withEmulator } from "../helpers/emulator.js";
import { expectOneFailure, readFast } from "./helpers.js";

// The OAuth token endpoint is an HTTP API like the others: its 429s, 5xx and dropped connections
// are retried, and only a real refusal means "re-authenticate".

const OAUTH = { clientId: "tok-client-1", clientSecret: "tok-secret-1", refreshToken: "tok-refresh-1" };

describe("token endpoint trouble during a refresh", () => {
  let emulator: Emulator;
  let refreshToken = OAUTH.refreshToken;
  beforeAll(async () => {
    emulator = await withEmulator({ seed: 429, agents: 150, oauth: OAUTH });
  });
  afterAll(() => emulator?.close());

  const config = () => oauthConfig(emulator, OAUTH, refreshToken);

  it("429, 503 and a reset from the token endpoint are retried; the refresh then succeeds and the sync completes", async () => {
    emulator.revokeAccessToken();
    emulator.faults.add({ kind: "429", endpoint: "oauth2/token", times: 2 });
    emulator.faults.add({ kind: "503", endpoint: "oauth2/token", afterRequests: 2, times: 1 });
    emulator.faults.add({ kind: "reset", endpoint: "oauth2/token", afterRequests: 3, times: 1 });
    const result = await readFast(emulator, { config: config(), catalog: catalogFor(["agents"]) });
    emulator.faults.clear();
    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(emulator.stats().faultsInjected).toMatchObject({ "429": 2, "503": 1, reset: 1 });
    expect(result.records("agents")).toEqual(expectedRecords(emulator, "agents"));
    const controls = result.messages.filter((m) => m.type === "CONTROL");
    expect(controls).toHaveLength(1);
    refreshToken = controls[0].control.connectorConfig.config.credentials.refresh_token;
  });

  it("a token endpoint that stays down is a transient_error (try later), not 're-authenticate'", async () => {
    emulator.revokeAccessToken();
    emulator.faults.add({ kind: "503", endpoint: "oauth2/token", times: Number.POSITIVE_INFINITY });
    const result = await readFast(emulator, { config: config(), catalog: catalogFor(["agents"]) });
    emulator.faults.clear();
    expectOneFailure(result, "transient_error", /token endpoint.*HTTP 503.*5 attempts.*try again later/);
    expect(result.traces("ERROR")[0].error.message).not.toMatch(/Re-authenticate/);
  });
});
