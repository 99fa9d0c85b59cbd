/** Bearer auth and the OAuth refresh-token grant. */
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { type Emulator, SUPPORT_DEFAULTS, startEmulator } from "../../emulator/index.js";
import { useEmulator } from "../helpers/emulator.js";
import { get, type Json } from "./helpers.js";
import { sup } from "./support-helpers.js";

async function token(emu: Emulator, form: Record<string, string>) {
  const res = await request(`${emu.origin}/oauth2/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams(form).toString(),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Json };
}

const client = { client_id: "emulator-client", client_secret: "emulator-secret" };
/** A refresh-token grant with the default client. */
const refresh = (emu: Emulator, refreshToken: string) =>
  token(emu, { grant_type: "refresh_token", refresh_token: refreshToken, ...client });

describe("auth", () => {
  const emu = useEmulator({ chats: 10 });

  it("accepts the configured bearer token", async () => {
    expect(emu.currentAccessToken()).toBe("emulator-access-token");
    expect((await get(`${emu.baseUrl}/account`, "emulator-access-token")).status).toBe(200);
  });

  it("answers 401 with the OAuth error body for missing or non-Bearer credentials (a wrong token: below)", async () => {
    for (const [tok, headers] of [
      [null, {}],
      [null, { authorization: "Basic ZW11bGF0b3I6eA==" }],
      [null, { authorization: "emulator-access-token" }],
    ] as const) {
      const r = await get(`${emu.baseUrl}/agents`, tok, headers);
      expect(r.status).toBe(401);
      expect(r.json.error).toBe("invalid_token");
      expect(typeof r.json.error_description).toBe("string");
      expect(r.headers["www-authenticate"]).toMatch(/^Bearer/);
    }
  });

  it("refreshes with a Bearer token body; the static token stays valid through refreshes and rotation", async () => {
    // The rotation itself (the new token works, the old refresh token is spent, the next refresh
    // retires the previous access token) is the token store's, tested for both APIs below.
    const e = await startEmulator({ chats: 5 });
    try {
      const r = await refresh(e, "emulator-refresh-token");
      expect(r.status).toBe(200);
      expect(r.json).toMatchObject({ token_type: "Bearer", scope: "read write chat" });
      // Access-token clients of the same account are not logged out by an OAuth client's refresh.
      expect((await get(`${e.baseUrl}/account`, "emulator-access-token")).status).toBe(200);
      const next = await refresh(e, r.json.refresh_token);
      expect(next.status).toBe(200);
      expect(e.stats().tokenRefreshes).toBe(2);
      // Nor by the rotation: the static one stays.
      expect((await get(`${e.baseUrl}/account`, "emulator-access-token")).status).toBe(200);
    } finally {
      await e.close();
    }
  });

  it("rejects a wrong client, a wrong grant type and a wrong refresh token", async () => {
    const e = await startEmulator({
      chats: 5,
      oauth: { clientId: "c", clientSecret: "s", refreshToken: "r" },
    });
    try {
      for (const [form, status, error] of [
        [{ refresh_token: "r", client_id: "c", client_secret: "x" }, 401, "invalid_client"],
        [
          { grant_type: "password", refresh_token: "r", client_id: "c", client_secret: "s" },
          400,
          "unsupported_grant_type",
        ],
        [{ refresh_token: "nope", client_id: "c", client_secret: "s" }, 400, "invalid_grant"],
      ] as const) {
        const r = await token(e, { grant_type: "refresh_token", ...form });
        expect(r.status, error).toBe(status);
        expect(r.json.error).toBe(error);
      }
      expect(e.currentAccessToken()).toBe("emulator-access-token");
    } finally {
      await e.close();
    }
  });
});

/**
 * The token store both APIs share (emulator/rotating-tokens.ts), tested once for each through its
 * own token endpoint and credentials: a refresh issues a working access token and rotates the
 * refresh token; revoking makes the configured and the refreshed access token 401 until a refresh
 * with the current refresh token issues a valid one.
 */
const TOKEN_APIS = [
  {
    api: "Chat",
    issued: 200,
    staticToken: "emulator-access-token",
    refreshToken: "emulator-refresh-token",
    revoke: (e: Emulator) => e.revokeAccessToken(),
    current: (e: Emulator) => e.currentAccessToken(),
    refresh,
    read: (e: Emulator, t: string) => get(`${e.baseUrl}/agents`, t),
  },
  {
    api: "Support",
    issued: 201,
    staticToken: SUPPORT_DEFAULTS.accessToken,
    refreshToken: SUPPORT_DEFAULTS.refreshToken,
    revoke: (e: Emulator) => e.revokeSupportAccessToken(),
    current: (e: Emulator) => e.supportCredentials().accessToken,
    refresh: async (e: Emulator, refreshToken: string) => {
      const res = await request(`${e.origin}/oauth/tokens`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          grant_type: "refresh_token",
          refresh_token: refreshToken,
          client_id: SUPPORT_DEFAULTS.clientId,
          client_secret: SUPPORT_DEFAULTS.clientSecret,
        }),
      });
      return { status: res.statusCode, json: (await res.body.json()) as Json };
    },
    read: (e: Emulator, t: string) => sup(e, "groups", { authorization: `Bearer ${t}` }),
  },
] as const;

describe.each(TOKEN_APIS)(
  "$api token store",
  ({ issued, staticToken, refreshToken, revoke, current, refresh, read }) => {
    it("answers 401 invalid_token, with a description and a Bearer challenge, to a wrong Bearer token", async () => {
      const e = await startEmulator({ chats: 5 });
      try {
        const r = await read(e, "wrong");
        expect(r.status).toBe(401);
        expect(r.json.error).toBe("invalid_token");
        expect(typeof r.json.error_description).toBe("string");
        expect(r.headers["www-authenticate"]).toMatch(/^Bearer/);
      } finally {
        await e.close();
      }
    });

    it("a refresh issues a working token and rotates the refresh token; the next one retires the previous pair", async () => {
      const e = await startEmulator({ chats: 5 });
      try {
        const first = await refresh(e, refreshToken);
        expect(first.status).toBe(issued);
        expect(first.json.access_token).not.toBe(staticToken);
        expect(first.json.refresh_token).not.toBe(refreshToken);
        expect(current(e)).toBe(first.json.access_token);
        expect((await read(e, first.json.access_token)).status).toBe(200);
        // The old refresh token is spent.
        const reused = await refresh(e, refreshToken);
        expect(reused.status).toBe(400);
        expect(reused.json.error).toBe("invalid_grant");
        // One refreshed pair at a time: the next refresh deletes the previous one.
        const next = await refresh(e, first.json.refresh_token);
        expect(next.status).toBe(issued);
        expect((await read(e, first.json.access_token)).status).toBe(401);
        expect((await refresh(e, first.json.refresh_token)).status).toBe(400);
        expect((await read(e, next.json.access_token)).status).toBe(200);
        expect(current(e)).toBe(next.json.access_token);
      } finally {
        await e.close();
      }
    });

    it("revoking makes the static and the refreshed token 401; a refresh issues a valid one", async () => {
      const e = await startEmulator({ chats: 5 });
      try {
        const first = (await refresh(e, refreshToken)).json;
        revoke(e);
        expect(current(e)).toBe(first.access_token);
        for (const t of [staticToken, first.access_token]) {
          expect((await read(e, t)).status).toBe(401);
        }
        const r = (await refresh(e, first.refresh_token)).json;
        expect((await read(e, r.access_token)).status).toBe(200);
        expect(current(e)).toBe(r.access_token);
        // The static token stays revoked.
        expect((await read(e, staticToken)).status).toBe(401);
      } finally {
        await e.close();
      }
    });
  },
);
