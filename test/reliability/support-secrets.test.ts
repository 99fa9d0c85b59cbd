import { afterAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { type RunResult, runCli, writeJsonFiles } from "../helpers/cli.js";
import { catalogFor, controlConfigs, START_DATE, SUPPORT_STREAM_NAMES } from "../helpers/emulator.js";
import { expectNoSecret, FAST_RETRY_ENV } from "./helpers.js";

// The Support credentials are secrets like Chat's: the API token, the Basic header made of it (its
// base64 is as good as the token), OAuth access and refresh tokens (the configured ones and every
// one issued during the run), the client id and secret. None may appear on stdout or stderr, with
// --debug or LOG_LEVEL=debug too, in succeeding and failing runs. The one exception is the CONTROL
// CONNECTOR_CONFIG message, whose point is to hand the refreshed tokens to Airbyte.

const EMAIL = "owner@secrets.example.com";
const SECRETS = {
  chatAccessToken: "S3cr3t-CHAT-access-71b0c2",
  apiToken: "S3cr3t-SUPPORT-apitok-5e4d3c",
  accessToken: "S3cr3t-SUPPORT-access-9a8b7c",
  refreshToken: "S3cr3t-SUPPORT-refresh-6f5e4d",
  clientId: "S3cr3t-SUPPORT-client-3c2b1a",
  clientSecret: "S3cr3t-SUPPORT-csecret-0f1e2d",
};
const WRONG_API_TOKEN = `${SECRETS.apiToken}-wrong`;
const basic = (token: string) => Buffer.from(`${EMAIL}/token:${token}`).toString("base64");

const emulators: Emulator[] = [];
async function emulator(role: "admin" | "agent" = "admin"): Promise<Emulator> {
  const e = await startEmulator({
    seed: 181,
    chats: 20,
    agents: 30,
    support: { tickets: 1200, users: 60, organizations: 15 },
    accessToken: SECRETS.chatAccessToken,
    supportRole: role,
    supportAuth: {
      email: EMAIL,
      apiToken: SECRETS.apiToken,
      accessToken: SECRETS.accessToken,
      refreshToken: SECRETS.refreshToken,
      clientId: SECRETS.clientId,
      clientSecret: SECRETS.clientSecret,
    },
  });
  emulators.push(e);
  return e;
}

const base = {
  subdomain: "emulator",
  start_date: START_DATE,
  requests_per_minute: 10_000,
  credentials: { credentials: "access_token", access_token: SECRETS.chatAccessToken },
};
const tokenConfig = (apiToken = SECRETS.apiToken) => ({
  ...base,
  support: {
    credentials: { credentials: "api_token", email: EMAIL, api_token: apiToken },
    requests_per_minute: 10_000,
    export_requests_per_minute: 1000,
  },
});
const oauthConfig = (refreshToken = SECRETS.refreshToken, accessToken = SECRETS.accessToken) => ({
  ...base,
  support: {
    credentials: {
      credentials: "oauth2.0",
      access_token: accessToken,
      refresh_token: refreshToken,
      client_id: SECRETS.clientId,
      client_secret: SECRETS.clientSecret,
    },
    requests_per_minute: 10_000,
    export_requests_per_minute: 1000,
  },
});

/** Secrets issued during the runs (refreshed tokens) are secrets too. */
const issued = new Set<string>();
const runs: Array<{ name: string; result: RunResult }> = [];

type Mode = "plain" | "--debug" | "LOG_LEVEL=debug";
const MODES: Mode[] = ["plain", "--debug", "LOG_LEVEL=debug"];

async function run(
  name: string,
  e: Emulator,
  command: "check" | "discover" | "read",
  config: unknown,
  mode: Mode,
  catalog: unknown = catalogFor(["departments", "tickets", "groups", "users"]),
): Promise<RunResult> {
  const files = writeJsonFiles({ config, catalog });
  const args = mode === "--debug" ? ["--debug", command] : [command];
  args.push("--config", files.config);
  if (command === "read") args.push("--catalog", files.catalog);
  const result = await runCli(args, {
    env: {
      ...FAST_RETRY_ENV,
      ZENDESK_CHAT_BASE_URL: e.baseUrl,
      ZENDESK_SUPPORT_BASE_URL: e.supportBaseUrl,
      ...(mode === "LOG_LEVEL=debug" ? { LOG_LEVEL: "debug" } : {}),
    },
  });
  for (const config of controlConfigs(result)) {
    issued.add(config.support.credentials.access_token);
    issued.add(config.support.credentials.refresh_token);
  }
  const now = e.supportCredentials();
  issued.add(now.accessToken);
  issued.add(now.refreshToken);
  runs.push({ name: `${name} (${mode})`, result });
  return result;
}

/** Every secret the runs could leak: the configured ones, the Basic header built from them, and each token issued. */
function allSecrets(): string[] {
  return [
    ...Object.values(SECRETS),
    WRONG_API_TOKEN,
    basic(SECRETS.apiToken),
    basic(WRONG_API_TOKEN),
    ...issued,
  ];
}

describe("Support secrets never reach stdout or stderr", () => {
  afterAll(async () => {
    console.log(`[reliability] Support secrets: ${runs.length} runs scanned`);
    await Promise.all(emulators.map((e) => e.close()));
  });

  it("API token: check, discover and read succeed, in every log mode", async () => {
    const e = await emulator();
    for (const mode of MODES) {
      const check = await run("check", e, "check", tokenConfig(), mode);
      expect(check.messages.at(-1).connectionStatus.status).toBe("SUCCEEDED");
      expect((await run("discover", e, "discover", tokenConfig(), mode)).exitCode).toBe(0);
      const read = await run(
        "read all Support",
        e,
        "read",
        tokenConfig(),
        mode,
        catalogFor(SUPPORT_STREAM_NAMES),
      );
      expect(read.exitCode).toBe(0);
      expect(read.records("tickets").length).toBeGreaterThan(0);
      if (mode !== "plain") {
        // The debug log names every Support request: the scan below looks at them too.
        const debug = read.logs("DEBUG").map((l) => l.message);
        expect(
          debug.some((m) => m.includes("/api/v2/incremental/tickets/cursor.json")),
          mode,
        ).toBe(true);
        expect(
          debug.some((m) => m.includes("/api/v2/ticket_audits")),
          mode,
        ).toBe(true);
      }
    }
  }, 120_000);

  it("failing runs: a wrong API token, an agent's token, invalid configs quoting a secret", async () => {
    const e = await emulator();
    for (const mode of MODES) {
      const check = await run("check wrong token", e, "check", tokenConfig(WRONG_API_TOKEN), mode);
      expect(check.messages.at(-1).connectionStatus.status).toBe("FAILED");
      const read = await run("read wrong token", e, "read", tokenConfig(WRONG_API_TOKEN), mode);
      expect(read.exitCode).not.toBe(0);
    }
    const agent = await emulator("agent");
    for (const mode of MODES) {
      const check = await run("check agent", agent, "check", tokenConfig(), mode);
      expect(check.messages.at(-1).connectionStatus.status).toBe("FAILED");
      expect((await run("read agent", agent, "read", tokenConfig(), mode)).exitCode).not.toBe(0);
    }
    // Invalid values that are the secret itself: the message must not quote them.
    const quoting = [
      {
        ...tokenConfig(),
        support: { ...tokenConfig().support, requests_per_minute: SECRETS.apiToken },
      },
      {
        ...oauthConfig(),
        support: {
          ...oauthConfig().support,
          credentials: { ...oauthConfig().support.credentials, credentials: SECRETS.clientSecret },
        },
      },
      {
        ...oauthConfig(),
        support: { ...oauthConfig().support, export_requests_per_minute: SECRETS.refreshToken },
      },
    ];
    for (const config of quoting) {
      for (const command of ["check", "read", "discover"] as const) {
        const result = await run(`${command} invalid config`, e, command, config, "--debug");
        if (command === "check") expect(result.messages.at(-1).connectionStatus.status).toBe("FAILED");
        else expect(result.exitCode).not.toBe(0);
      }
    }
  }, 120_000);

  it("OAuth: a refresh mid-sync, a refused refresh token, a token endpoint that stays down", async () => {
    const e = await emulator();
    for (const mode of MODES) {
      e.revokeSupportAccessToken();
      const { accessToken, refreshToken } = e.supportCredentials();
      const refreshed = await run("read refresh", e, "read", oauthConfig(refreshToken, accessToken), mode);
      expect(refreshed.exitCode).toBe(0);
      expect(controlConfigs(refreshed)).toHaveLength(1);
    }
    // The original refresh token was rotated away: refused.
    e.revokeSupportAccessToken();
    for (const mode of MODES) {
      const refused = await run("read refused refresh", e, "read", oauthConfig(), mode);
      expect(refused.traces("ERROR")[0]?.error.failure_type).toBe("config_error");
      const check = await run("check refused refresh", e, "check", oauthConfig(), mode);
      expect(check.messages.at(-1).connectionStatus.status).toBe("FAILED");
    }
    e.faults.add({ kind: "503", endpoint: "support/oauth/tokens", times: Number.POSITIVE_INFINITY });
    const { refreshToken } = e.supportCredentials();
    const down = await run("read token endpoint down", e, "read", oauthConfig(refreshToken), "--debug");
    expect(down.exitCode).not.toBe(0);
    e.faults.clear();
  }, 120_000);

  it("no run printed a secret (outside the CONTROL message)", () => {
    expect(runs.length).toBeGreaterThanOrEqual(40);
    for (const { name, result } of runs) expectNoSecret(name, result, allSecrets());
  });
});
