import { describe, expect, it } from "vitest";
import type { Emulator, RequestHook } from "../../emulator/index.js";
import { type Message, type RunResult, runCli, writeJsonFiles } from "../helpers/cli.js";
import { catalogFor, controlConfigs, oauthConfig, useEmulator } from "../helpers/emulator.js";
import { expectOneFailure, expectStreamsExact, FAST_RETRY_ENV, readFast } from "./helpers.js";

// Zendesk Support rotates the refresh token on every refresh and deletes the old pair: the new pair
// must reach Airbyte at once (a CONTROL message with the whole config), and when Chat rotates too in
// the same sync, the last CONTROL must hold both new pairs.

const SUPPORT_OAUTH = {
  accessToken: "sup-oauth-access-1001",
  refreshToken: "sup-oauth-refresh-2002",
  clientId: "sup-oauth-client-3003",
  clientSecret: "sup-oauth-secret-4004",
};
const CHAT_OAUTH = {
  clientId: "chat-oauth-client-5005",
  clientSecret: "chat-oauth-secret-6006",
  refreshToken: "chat-oauth-refresh-7007",
};
const CHAT_ACCESS = "chat-oauth-access-8008";

const CHAT_STREAMS = ["agents", "departments", "bans"];
const SUPPORT_STREAMS = ["groups", "tickets", "macros", "ticket_fields"];

function supportOAuth(credentials: { accessToken: string; refreshToken: string }) {
  return {
    credentials: "oauth2.0",
    access_token: credentials.accessToken,
    refresh_token: credentials.refreshToken,
    client_id: SUPPORT_OAUTH.clientId,
    client_secret: SUPPORT_OAUTH.clientSecret,
  };
}

/** Chat OAuth (its current access token, `chatRefresh`) plus Support OAuth with the given tokens. */
function config(
  emulator: Emulator,
  support: { accessToken: string; refreshToken: string },
  chatRefresh = CHAT_OAUTH.refreshToken,
) {
  return {
    ...oauthConfig(emulator, CHAT_OAUTH, chatRefresh),
    support: {
      credentials: supportOAuth(support),
      requests_per_minute: 10_000,
      export_requests_per_minute: 1000,
    },
  };
}

async function check(emulator: Emulator, cfg: unknown): Promise<RunResult> {
  const files = writeJsonFiles({ config: cfg });
  const result = await runCli(["check", "--config", files.config], {
    env: {
      ...FAST_RETRY_ENV,
      ZENDESK_CHAT_BASE_URL: emulator.baseUrl,
      ZENDESK_SUPPORT_BASE_URL: emulator.supportBaseUrl,
    },
  });
  expect(result.exitCode, result.stderr).toBe(0);
  return result;
}

/** The config with both APIs' tokens blanked: what must stay as it was. */
const withoutTokens = (c: Message) => ({
  ...c,
  credentials: { ...c.credentials, access_token: 0, refresh_token: 0 },
  support: { ...c.support, credentials: { ...c.support.credentials, access_token: 0, refresh_token: 0 } },
});

describe("Support OAuth: refresh, rotation and the CONTROL message", () => {
  const emulator = useEmulator({
    seed: 131,
    chats: 40,
    agents: 2500,
    bans: 120,
    accessToken: CHAT_ACCESS,
    oauth: CHAT_OAUTH,
    support: { tickets: 2500, users: 80, organizations: 20 },
    supportAuth: SUPPORT_OAUTH,
  });

  /** Support tokens the emulator accepts now (each refresh rotates them). */
  let supportTokens = { accessToken: SUPPORT_OAUTH.accessToken, refreshToken: SUPPORT_OAUTH.refreshToken };
  /** The Chat refresh token the emulator accepts now. */
  let chatRefresh = CHAT_OAUTH.refreshToken;

  /** Reads every Chat and Support stream with `original`, `hook` seeing each request meanwhile. */
  async function readWatching(original: unknown, hook: RequestHook): Promise<RunResult> {
    const unsubscribe = emulator.onRequest(hook);
    try {
      return await readFast(emulator, {
        config: original,
        catalog: catalogFor([...CHAT_STREAMS, ...SUPPORT_STREAMS]),
      });
    } finally {
      unsubscribe();
    }
  }

  it("access token revoked mid-sync: one refresh, a CONTROL with the new Support pair and the Chat credentials unchanged, every record exact; the old refresh token is refused afterwards and the CONTROL's config works", async () => {
    emulator.resetStats();
    const original = config(emulator, supportTokens, chatRefresh);
    let revokedAt: number | undefined;
    const hook: RequestHook = ({ endpoint, n }) => {
      if (endpoint === "support/incremental/tickets/cursor" && n === 2 && revokedAt === undefined) {
        revokedAt = emulator.stats().requests;
        emulator.revokeSupportAccessToken();
      }
    };
    const result = await readWatching(original, hook);
    expect(revokedAt, "the tickets export has a second page").toBeDefined();
    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expectStreamsExact(result, emulator, [...CHAT_STREAMS, ...SUPPORT_STREAMS]);
    expect(emulator.stats().tokenRefreshes).toBe(1);
    expect(emulator.stats().byEndpoint["support/oauth/tokens"]).toBe(1);
    expect(emulator.stats().byEndpoint["oauth2/token"]).toBeUndefined();

    const controls = controlConfigs(result);
    expect(controls).toHaveLength(1);
    const updated = controls[0];
    const now = emulator.supportCredentials();
    expect(updated.support.credentials.access_token).toBe(now.accessToken);
    expect(updated.support.credentials.refresh_token).toBe(now.refreshToken);
    expect(now.accessToken).not.toBe(SUPPORT_OAUTH.accessToken);
    expect(now.refreshToken).not.toBe(supportTokens.refreshToken);
    // Chat's credentials untouched, everything else as it was.
    expect(updated.credentials).toEqual(original.credentials);
    expect(withoutTokens(updated)).toEqual(withoutTokens(original));
    // The CONTROL came before the first record read with the new token would matter: it precedes
    // the end of the sync, and Support records follow it (the sync went on after the refresh).
    const controlAt = result.messages.findIndex((m) => m.type === "CONTROL");
    const supportRecordsAfter = result.messages
      .slice(controlAt + 1)
      .filter((m: Message) => m.type === "RECORD" && SUPPORT_STREAMS.includes(m.record.stream));
    expect(controlAt).toBeGreaterThan(-1);
    expect(supportRecordsAfter.length).toBeGreaterThan(0);

    // The old refresh token was deleted by the rotation: a sync from the original config fails with
    // a config_error telling the user to re-authenticate (and rotates nothing).
    emulator.revokeSupportAccessToken();
    emulator.resetStats();
    const stale = await readFast(emulator, {
      config: original,
      catalog: catalogFor(["departments", "groups"]),
    });
    const error = expectOneFailure(
      stale,
      "config_error",
      /Refreshing the Zendesk Support OAuth access token failed \(HTTP 400\).*Re-authenticate the Zendesk Support credentials/,
    );
    expect(error.stream_descriptor).toEqual({ name: "groups" });
    expect(controlConfigs(stale)).toEqual([]);
    expect(emulator.stats().tokenRefreshes).toBe(0);
    // Support's refused refresh does not stop Chat.
    expectStreamsExact(stale, emulator, ["departments"]);

    // The CONTROL's config is the one that works next time (its access token revoked too, so its
    // refresh token must be the live one).
    const next = await readFast(emulator, { config: updated, catalog: catalogFor(["groups", "tickets"]) });
    expect(next.traces("ERROR")).toEqual([]);
    expect(next.exitCode).toBe(0);
    expectStreamsExact(next, emulator, ["groups", "tickets"]);
    expect(controlConfigs(next)).toHaveLength(1);
    const rotated = controlConfigs(next)[0];
    expect(rotated.support.credentials.refresh_token).toBe(emulator.supportCredentials().refreshToken);
    supportTokens = {
      accessToken: rotated.support.credentials.access_token,
      refreshToken: rotated.support.credentials.refresh_token,
    };
    chatRefresh = rotated.credentials.refresh_token;
  });

  it("Chat and Support both rotating in one sync: the last CONTROL holds both new pairs", async () => {
    emulator.resetStats();
    const original = config(emulator, supportTokens, chatRefresh);
    const seen = { chat: false, support: false };
    const hook: RequestHook = ({ endpoint, n }) => {
      if (endpoint === "agents" && n === 2 && !seen.chat) {
        seen.chat = true;
        emulator.revokeAccessToken();
      }
      if (endpoint === "support/incremental/tickets/cursor" && n === 2 && !seen.support) {
        seen.support = true;
        emulator.revokeSupportAccessToken();
      }
    };
    const result = await readWatching(original, hook);
    expect(seen).toEqual({ chat: true, support: true });
    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expectStreamsExact(result, emulator, [...CHAT_STREAMS, ...SUPPORT_STREAMS]);
    expect(emulator.stats().byEndpoint["support/oauth/tokens"]).toBe(1);
    expect(emulator.stats().byEndpoint["oauth2/token"]).toBe(1);

    const controls = controlConfigs(result);
    expect(controls).toHaveLength(2);
    const last = controls[1];
    const support = emulator.supportCredentials();
    expect(last.credentials.access_token).toBe(emulator.currentAccessToken());
    expect(last.credentials.access_token).not.toBe(original.credentials.access_token);
    expect(last.credentials.refresh_token).not.toBe(chatRefresh);
    expect(last.support.credentials.access_token).toBe(support.accessToken);
    expect(last.support.credentials.refresh_token).toBe(support.refreshToken);
    expect(last.support.credentials.refresh_token).not.toBe(supportTokens.refreshToken);
    expect(withoutTokens(last)).toEqual(withoutTokens(original));
    // The first CONTROL holds one API's new pair and the other's original one.
    const first = controls[0];
    const chatFirst = first.credentials.refresh_token !== chatRefresh;
    expect(chatFirst ? first.support.credentials : first.credentials).toEqual(
      chatFirst ? original.support.credentials : original.credentials,
    );

    // Both new refresh tokens are live: revoke both access tokens, and the last CONTROL's config
    // refreshes both again.
    emulator.revokeAccessToken();
    emulator.revokeSupportAccessToken();
    const next = await readFast(emulator, { config: last, catalog: catalogFor(["departments", "groups"]) });
    expect(next.traces("ERROR")).toEqual([]);
    expectStreamsExact(next, emulator, ["departments", "groups"]);
    const again = controlConfigs(next);
    expect(again).toHaveLength(2);
    supportTokens = {
      accessToken: again[1].support.credentials.access_token,
      refreshToken: again[1].support.credentials.refresh_token,
    };
    chatRefresh = again[1].credentials.refresh_token;
    expect(supportTokens.refreshToken).toBe(emulator.supportCredentials().refreshToken);
  });

  it("the Support token endpoint's 429 and 503 are retried; the refresh then succeeds and the sync completes", async () => {
    emulator.resetStats();
    emulator.revokeSupportAccessToken();
    emulator.faults.add({ kind: "429", endpoint: "support/oauth/tokens", times: 1 });
    emulator.faults.add({ kind: "503", endpoint: "support/oauth/tokens", afterRequests: 1, times: 1 });
    let result: RunResult;
    try {
      result = await readFast(emulator, {
        config: config(emulator, supportTokens, chatRefresh),
        catalog: catalogFor(["groups", "macros"]),
      });
    } finally {
      emulator.faults.clear();
    }
    expect(result.traces("ERROR")).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(emulator.stats().faultsInjected).toEqual({ "429": 1, "503": 1 });
    expect(emulator.stats().byEndpoint["support/oauth/tokens"]).toBe(3);
    expect(emulator.stats().tokenRefreshes).toBe(1);
    expectStreamsExact(result, emulator, ["groups", "macros"]);
    const controls = controlConfigs(result);
    expect(controls).toHaveLength(1);
    expect(controls[0].support.credentials.refresh_token).toBe(emulator.supportCredentials().refreshToken);
    supportTokens = {
      accessToken: controls[0].support.credentials.access_token,
      refreshToken: controls[0].support.credentials.refresh_token,
    };
  });
  it("check with an expired Support access token and a live refresh token: refreshes, SUCCEEDED, and the new pair is handed to Airbyte", async () => {
    emulator.resetStats();
    emulator.revokeSupportAccessToken();
    const result = await check(emulator, config(emulator, supportTokens, chatRefresh));
    const status = result.messages.find((m) => m.type === "CONNECTION_STATUS")?.connectionStatus;
    expect(status?.status, status?.message).toBe("SUCCEEDED");
    // The refresh rotated the pair: the old refresh token is dead, so the new one must reach Airbyte.
    expect(emulator.stats().tokenRefreshes).toBe(1);
    const controls = controlConfigs(result);
    expect(controls).toHaveLength(1);
    expect(controls[0].support.credentials.refresh_token).toBe(emulator.supportCredentials().refreshToken);
  });

  it("check with a revoked Support access token and no refresh token: FAILED, telling the user to re-authenticate Support (not to create an API token)", async () => {
    emulator.revokeSupportAccessToken();
    const base = config(emulator, supportTokens, chatRefresh);
    const { refresh_token: _unused, ...credentials } = base.support.credentials;
    const result = await check(emulator, { ...base, support: { ...base.support, credentials } });
    const status = result.messages.find((m) => m.type === "CONNECTION_STATUS")?.connectionStatus;
    expect(status?.status).toBe("FAILED");
    expect(status?.message).toMatch(/Zendesk Support/);
    expect(status?.message).toMatch(/OAuth|[Rr]e-authenticate/);
    expect(status?.message).not.toMatch(/API token|support\.credentials\.email/);
  });
  it("a Support refresh the token endpoint refuses: a config_error that names Zendesk Support (Chat is on OAuth too), and Chat is still read", async () => {
    emulator.revokeSupportAccessToken();
    const result = await readFast(emulator, {
      config: config(
        emulator,
        { ...supportTokens, refreshToken: "sup-oauth-refresh-bogus-9009" },
        chatRefresh,
      ),
      catalog: catalogFor(["departments", "groups"]),
    });
    const error = expectOneFailure(result, "config_error", /Re-authenticate/);
    expect(error.stream_descriptor).toEqual({ name: "groups" });
    expectStreamsExact(result, emulator, ["departments"]);
    // With Chat and Support both on OAuth, the user must be told which of the two to re-authenticate.
    expect(error.message).toMatch(/Zendesk Support/);
  });
});
