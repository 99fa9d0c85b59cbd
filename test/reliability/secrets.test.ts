import { afterAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type RunResult, writeJsonFiles } from "../helpers/cli.js";
import { catalogFor, START_DATE } from "../helpers/emulator.js";
import { expectNoSecret, FAST_RETRY_ENV, runCli } from "./helpers.js";

// Every command, succeeding and failing, with and without --debug: no access token, client id,
// client secret or refresh token may appear on stdout or stderr. The one exception is the CONTROL
// CONNECTOR_CONFIG message, whose whole point is to hand the refreshed tokens to Airbyte (which
// stores the config as a secret).

const SECRETS = {
  accessToken: "S3cr3t-ACCESS-tok-4f1c9a",
  clientId: "S3cr3t-CLIENT-id-77ab02",
  clientSecret: "S3cr3t-CLIENT-secret-c0ffee",
  refreshToken: "S3cr3t-REFRESH-tok-9d8e7f",
};

const emulators: Emulator[] = [];
async function emulator(): Promise<Emulator> {
  const e = await startEmulator({
    seed: 71,
    chats: 30,
    agents: 150,
    bans: 10,
    timelineEntries: 10,
    accessToken: SECRETS.accessToken,
    oauth: {
      clientId: SECRETS.clientId,
      clientSecret: SECRETS.clientSecret,
      refreshToken: SECRETS.refreshToken,
    },
  });
  emulators.push(e);
  return e;
}

const tokenConfig = (accessToken = SECRETS.accessToken) => ({
  subdomain: "emulator",
  start_date: START_DATE,
  requests_per_minute: 10_000,
  credentials: { credentials: "access_token", access_token: accessToken },
});
const oauthConfig = (
  refresh: string | undefined = SECRETS.refreshToken,
  accessToken = SECRETS.accessToken,
) => ({
  subdomain: "emulator",
  start_date: START_DATE,
  requests_per_minute: 10_000,
  credentials: {
    credentials: "oauth2.0",
    client_id: SECRETS.clientId,
    client_secret: SECRETS.clientSecret,
    access_token: accessToken,
    ...(refresh ? { refresh_token: refresh } : {}),
  },
});

/** Secrets issued during the run (refreshed tokens) are secrets too. */
const issued = new Set<string>();
const runs: Array<{ name: string; result: RunResult }> = [];

async function run(
  name: string,
  e: Emulator | undefined,
  command: "spec" | "check" | "discover" | "read",
  config: unknown,
  options: { debug?: boolean; catalog?: unknown; env?: Record<string, string> } = {},
): Promise<RunResult> {
  const files = writeJsonFiles({ config, catalog: options.catalog ?? catalogFor(["agents", "departments"]) });
  const args = options.debug ? ["--debug", command] : [command];
  if (command !== "spec") args.push("--config", files.config);
  if (command === "read") args.push("--catalog", files.catalog);
  const result = await runCli(args, {
    env: { ...FAST_RETRY_ENV, ...(e ? { ZENDESK_CHAT_BASE_URL: e.baseUrl } : {}), ...options.env },
  });
  for (const m of result.messages) {
    if (m.type !== "CONTROL") continue;
    const credentials = m.control.connectorConfig.config.credentials;
    issued.add(credentials.access_token);
    issued.add(credentials.refresh_token);
  }
  if (e) issued.add(e.currentAccessToken());
  runs.push({ name, result });
  return result;
}

describe("secrets never reach stdout or stderr", () => {
  afterAll(async () => {
    console.log(`[reliability] secrets: ${runs.length} runs scanned (${runs.map((r) => r.name).join(", ")})`);
    await Promise.all(emulators.map((e) => e.close()));
  });

  it("spec, check, discover, read — with and without --debug, access token and OAuth", async () => {
    const e = await emulator();
    for (const debug of [false, true]) {
      const tag = debug ? " --debug" : "";
      expect((await run(`spec${tag}`, undefined, "spec", {}, { debug })).exitCode).toBe(0);
      const check = await run(`check${tag}`, e, "check", tokenConfig(), { debug });
      expect(check.messages.at(-1).connectionStatus.status).toBe("SUCCEEDED");
      expect((await run(`check oauth${tag}`, e, "check", oauthConfig(), { debug })).exitCode).toBe(0);
      expect((await run(`discover${tag}`, e, "discover", tokenConfig(), { debug })).exitCode).toBe(0);
      const read = await run(`read${tag}`, e, "read", tokenConfig(), { debug });
      expect(read.exitCode).toBe(0);
      if (debug) expect(read.logs("DEBUG").length).toBeGreaterThan(0);
    }
    expect(
      (await run("read LOG_LEVEL=debug", e, "read", tokenConfig(), { env: { LOG_LEVEL: "debug" } })).exitCode,
    ).toBe(0);
  });

  it("failing commands: bad token, 401 mid-sync, refresh success and failure, invalid config", async () => {
    // A wrong token (the real one's prefix, so a partial echo would show).
    const e1 = await emulator();
    const wrong = `${SECRETS.accessToken}-wrong`;
    issued.add(wrong);
    for (const debug of [false, true]) {
      const check = await run(`check bad token${debug ? " --debug" : ""}`, e1, "check", tokenConfig(wrong), {
        debug,
      });
      expect(check.messages.at(-1).connectionStatus.status).toBe("FAILED");
      const read = await run(`read bad token${debug ? " --debug" : ""}`, e1, "read", tokenConfig(wrong), {
        debug,
      });
      expect(read.exitCode).not.toBe(0);
    }

    // 401 mid-sync without a refresh token (OAuth) and with an access token.
    e1.faults.add({ kind: "401", endpoint: "agents", afterRequests: 1, times: 4 });
    expect(
      (
        await run("read 401 mid-sync oauth, no refresh token", e1, "read", oauthConfig(undefined), {
          debug: true,
        })
      ).exitCode,
    ).not.toBe(0);
    expect(
      (await run("read 401 mid-sync token", e1, "read", tokenConfig(), { debug: true })).exitCode,
    ).not.toBe(0);

    // 401 mid-sync with a refresh token: refreshed (CONTROL carries the new tokens, nothing else does).
    const e2 = await emulator();
    e2.faults.add({ kind: "401", endpoint: "agents", afterRequests: 1 });
    const refreshed = await run("read 401 mid-sync oauth refresh --debug", e2, "read", oauthConfig(), {
      debug: true,
    });
    expect(refreshed.exitCode).toBe(0);
    expect(refreshed.messages.filter((m) => m.type === "CONTROL")).toHaveLength(1);

    // Refresh refused by the token endpoint (the old refresh token was rotated away).
    e2.revokeAccessToken();
    for (const debug of [false, true]) {
      const failed = await run(`read refresh failure${debug ? " --debug" : ""}`, e2, "read", oauthConfig(), {
        debug,
      });
      expect(failed.traces("ERROR")[0]?.error.failure_type).toBe("config_error");
    }
    // Refresh with a wrong client secret.
    const e3 = await emulator();
    e3.revokeAccessToken();
    const badClient = {
      ...oauthConfig(),
      credentials: { ...oauthConfig().credentials, client_secret: `${SECRETS.clientSecret}-x` },
    };
    issued.add(`${SECRETS.clientSecret}-x`);
    expect(
      (await run("read refresh bad client --debug", e3, "read", badClient, { debug: true })).exitCode,
    ).not.toBe(0);

    // Token endpoint down during refresh (5xx), and the API failing for good.
    const e4 = await emulator();
    e4.faults.add({ kind: "503", times: Number.POSITIVE_INFINITY });
    expect(
      (await run("read 503 forever --debug", e4, "read", oauthConfig(), { debug: true })).exitCode,
    ).not.toBe(0);

    // Invalid configs that quote a value: the value is a secret.
    for (const [label, config] of [
      ["subdomain is the client secret", { ...oauthConfig(), subdomain: `${SECRETS.clientSecret}.x` }],
      [
        "credentials type wrong",
        {
          ...tokenConfig(),
          credentials: { credentials: SECRETS.refreshToken, access_token: SECRETS.accessToken },
        },
      ],
      ["requests_per_minute is the token", { ...tokenConfig(), requests_per_minute: SECRETS.accessToken }],
    ] as const) {
      for (const command of ["check", "read", "discover"] as const) {
        const result = await run(`${command} invalid config (${label})`, e4, command, config, {
          debug: true,
        });
        if (command === "check")
          expect(result.exitCode).toBe(0); // reported FAILED
        else expect(result.exitCode).not.toBe(0);
      }
    }
  });

  // A config value quoting a secret (a subdomain containing the client secret) must come back
  // redacted in CONNECTION_STATUS as well as in the TRACE next to it.
  it("check's CONNECTION_STATUS message is redacted", async () => {
    const e = await emulator();
    const result = await run("check invalid config quoting a secret", e, "check", {
      ...oauthConfig(),
      subdomain: `${SECRETS.clientSecret}.x`,
    });
    const status = result.messages.find((m) => m.type === "CONNECTION_STATUS");
    expect(status.connectionStatus.message).not.toContain(SECRETS.clientSecret);
  });

  it("no run printed a secret (outside the CONTROL message)", () => {
    expect(runs.length).toBeGreaterThanOrEqual(25);
    for (const { name, result } of runs) {
      expectNoSecret(name, result, [...Object.values(SECRETS), ...issued]);
    }
  });
});
