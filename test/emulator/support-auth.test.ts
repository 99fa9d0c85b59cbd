/** Support auth: API token (Basic), Bearer, OAuth rotation at /oauth/tokens, roles, separation from Chat. */
import { request } from "undici";
import { describe, expect, it } from "vitest";
import { type Emulator, SUPPORT_DEFAULTS, startEmulator } from "../../emulator/index.js";
import { useEmulator } from "../helpers/emulator.js";
import { get, type Json } from "./helpers.js";
import { sup } from "./support-helpers.js";

async function token(emu: Emulator, body: Record<string, string>, form = false) {
  const res = await request(`${emu.origin}/oauth/tokens`, {
    method: "POST",
    headers: { "content-type": form ? "application/x-www-form-urlencoded" : "application/json" },
    body: form ? new URLSearchParams(body).toString() : JSON.stringify(body),
  });
  return { status: res.statusCode, json: (await res.body.json()) as Json };
}

const basic = (user: string, pass: string) => `Basic ${Buffer.from(`${user}:${pass}`).toString("base64")}`;
const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

describe("Support auth", () => {
  const emu = useEmulator({ chats: 20 });

  it("accepts {email}/token:{api_token} Basic and the Bearer access token", async () => {
    expect(emu.supportBaseUrl).toBe(`${emu.origin}/api/v2`);
    const b = basic(`${SUPPORT_DEFAULTS.email}/token`, SUPPORT_DEFAULTS.apiToken);
    expect(b).toBe(emu.supportBasicAuth());
    expect((await sup(emu, "groups", { authorization: b })).status).toBe(200);
    expect((await sup(emu, "groups", bearer(SUPPORT_DEFAULTS.accessToken))).status).toBe(200);
    expect(
      (await sup(emu, "incremental/tickets/cursor.json?start_time=0", bearer(SUPPORT_DEFAULTS.accessToken)))
        .status,
    ).toBe(200);
  });

  it("answers 401 with the real bodies to wrong or missing credentials", async () => {
    const cases: Record<string, string>[] = [
      {},
      { authorization: basic(`${SUPPORT_DEFAULTS.email}/token`, "wrong") },
      { authorization: basic(SUPPORT_DEFAULTS.email, SUPPORT_DEFAULTS.apiToken) }, // no "/token"
      { authorization: basic(`other@example.com/token`, SUPPORT_DEFAULTS.apiToken) },
    ];
    for (const headers of cases) {
      const r = await sup(emu, "tags", headers);
      expect(r.status).toBe(401);
      expect(r.json).toEqual({ error: "Couldn't authenticate you" });
    }
    // A wrong Bearer token: the token-store tests for both APIs (test/emulator/auth.test.ts).
  });

  it("users/me answers 200 with an anonymous user to bad credentials (the documented trap)", async () => {
    const anon = await sup(emu, "users/me.json", {});
    expect(anon.status).toBe(200);
    expect(anon.json.user.id).toBeNull();
    const me = await sup(emu, "users/me.json");
    expect(me.json.user).toMatchObject({ email: "admin@example.com", role: "admin" });
    expect(typeof me.json.user.id).toBe("number");
  });

  it("Chat tokens do not authenticate Support requests and Support credentials not Chat ones", async () => {
    expect((await sup(emu, "groups", bearer(emu.currentAccessToken()))).status).toBe(401);
    expect((await get(`${emu.baseUrl}/agents`, SUPPORT_DEFAULTS.accessToken)).status).toBe(401);
    expect((await get(`${emu.baseUrl}/agents`, null, { authorization: emu.supportBasicAuth() })).status).toBe(
      401,
    );
    expect((await get(`${emu.baseUrl}/agents`, emu.currentAccessToken())).status).toBe(200);
    // Chat's token endpoint does not take Support's client, and the other way round.
    const chatRes = await request(`${emu.origin}/oauth2/token`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "refresh_token",
        refresh_token: SUPPORT_DEFAULTS.refreshToken,
        client_id: SUPPORT_DEFAULTS.clientId,
        client_secret: SUPPORT_DEFAULTS.clientSecret,
      }).toString(),
    });
    await chatRes.body.dump();
    expect(chatRes.statusCode).toBe(401);
    const supRes = await token(emu, {
      grant_type: "refresh_token",
      refresh_token: "emulator-refresh-token",
      client_id: "emulator-client",
      client_secret: "emulator-secret",
    });
    expect(supRes.status).toBe(401);
    expect(supRes.json.error).toBe("invalid_client");
  });

  it("OAuth refresh: Zendesk's token body (JSON or form, expires_in on request); Chat's tokens and the API token untouched", async () => {
    // The rotation itself (the new token works, the old refresh token is spent, the next refresh
    // deletes the previous pair) is the shared token store's: test/emulator/auth.test.ts.
    const e = await startEmulator({ chats: 5 });
    try {
      const client = { client_id: SUPPORT_DEFAULTS.clientId, client_secret: SUPPORT_DEFAULTS.clientSecret };
      const first = await token(e, {
        grant_type: "refresh_token",
        refresh_token: SUPPORT_DEFAULTS.refreshToken,
        ...client,
      });
      expect(first.status).toBe(201);
      expect(first.json.token_type).toBe("bearer");
      expect(first.json.expires_in).toBeUndefined();
      expect(e.supportCredentials()).toMatchObject({
        accessToken: first.json.access_token,
        refreshToken: first.json.refresh_token,
      });
      const second = await token(
        e,
        {
          grant_type: "refresh_token",
          refresh_token: first.json.refresh_token,
          expires_in: "1800",
          ...client,
        },
        true,
      );
      expect(second.status).toBe(201);
      expect(second.json.expires_in).toBe(1800);
      // The previous pair is deleted.
      expect((await sup(e, "groups", bearer(first.json.access_token))).status).toBe(401);
      expect((await sup(e, "groups", bearer(second.json.access_token))).status).toBe(200);
      // Chat's tokens are untouched by Support refreshes.
      expect(e.currentAccessToken()).toBe("emulator-access-token");
      e.revokeSupportAccessToken();
      expect((await sup(e, "groups", bearer(second.json.access_token))).status).toBe(401);
      expect((await sup(e, "groups")).status).toBe(200);
    } finally {
      await e.close();
    }
  });

  it("a non-admin agent gets 403 on the exports and ticket_audits, 200 on the agent endpoints", async () => {
    const e = await startEmulator({ chats: 5, supportRole: "agent" });
    try {
      for (const p of [
        "incremental/tickets/cursor.json?start_time=0",
        "incremental/users/cursor.json?start_time=0",
        "incremental/organizations.json?start_time=0",
        "ticket_audits.json",
      ]) {
        const r = await sup(e, p);
        expect(r.status).toBe(403);
        expect(r.json.error).toBe("Forbidden");
      }
      for (const p of ["groups", "group_memberships", "macros", "tags", "ticket_fields", "ticket_metrics"]) {
        expect((await sup(e, `${p}?page[size]=10`)).status).toBe(200);
      }
      expect((await sup(e, "users/me")).json.user.role).toBe("agent");
    } finally {
      await e.close();
    }
  });
});
