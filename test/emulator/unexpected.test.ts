/**
 * Requests a correct client never sends are answered 400 and recorded (Emulator.unexpectedRequests,
 * GET /_emulator/unexpected); an export without a fields expansion is served but recorded too.
 */
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { api, followIncremental, followSinceId, get } from "./helpers.js";

const NOW_SEC = Date.parse("2026-06-01T00:00:00Z") / 1000;

/** [path under the API base, what the 400's description says]. */
const REFUSED: Array<[string, RegExp]> = [
  ["no/such/endpoint", /unexpected request: "no\/such\/endpoint" is not an endpoint/],
  [
    "incremental/chats?fields=chats(*)&start_time=0&cursor=abc",
    /parameter "cursor" is not one this export handed out/,
  ],
  [
    "incremental/agent_timeline?fields=agent_timeline(*)&start_time=0&since_id=1",
    /unknown parameter "since_id"/,
  ],
  ["agents?since_id=0&limit=100&page=2", /unknown parameter "page"/],
  ["bans?since_id=0&start_time=0", /unknown parameter "start_time"/],
  ["departments?limit=10", /unknown parameter "limit".*takes no parameters/],
  ["routing_settings/account?fields=data(*)", /unknown parameter "fields"/],
  ["incremental/chats?fields=chats(*)&start_time=0&start_time=5", /"start_time" given more than once/],
  // Wrong units: chats take seconds, agent_timeline microseconds.
  [`incremental/chats?fields=chats(*)&start_time=${NOW_SEC * 1000}`, /seconds.*looks like milliseconds/],
  [`incremental/chats?fields=chats(*)&start_time=${NOW_SEC * 1_000_000}`, /seconds.*looks like milliseconds/],
  [
    `incremental/agent_timeline?fields=agent_timeline(*)&start_time=${NOW_SEC - 86_400}`,
    /microseconds.*looks like seconds/,
  ],
  [
    `incremental/agent_timeline?fields=agent_timeline(*)&start_time=${(NOW_SEC - 86_400) * 1000}`,
    /microseconds.*looks like seconds or milliseconds/,
  ],
  // Non-integers.
  ["incremental/chats?fields=chats(*)&start_time=1.7e9", /start_time: must be a non-negative integer/],
  [
    "incremental/chats?fields=chats(*)&start_time=2026-01-01T00:00:00Z",
    /start_time: must be a non-negative integer/,
  ],
  ["incremental/chats?fields=chats(*)&start_time=0&limit=10.5", /limit: must be a non-negative integer/],
  ["agents?since_id=abc", /since_id: must be a non-negative integer/],
  ["bans?max_id=-1", /max_id: must be a non-negative integer/],
  ["agents?since_id=1&max_id=5", /cannot be combined/],
  ["incremental/chats?fields=chats(*)", /start_time: a Unix epoch time is required/],
];

describe("unexpected requests", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 13, chats: 30, agents: 5, bans: 5, timelineEntries: 20 });
  });
  afterEach(() => emu.resetStats());
  afterAll(() => emu.close());

  for (const [path, reason] of REFUSED) {
    it(`400 and recorded: ${path}`, async () => {
      const r = await api(emu, path);
      expect(r.status).toBe(400);
      expect(r.json.error).toBe("Bad Request");
      expect(r.json.description).toMatch(reason);
      const url = new URL(`${emu.baseUrl}/${path}`);
      expect(emu.unexpectedRequests()).toEqual([
        { method: "GET", path: url.pathname, query: url.search.slice(1), reason: r.json.description },
      ]);
    });
  }

  it("an export without a fields expansion is served with minimal records, and recorded", async () => {
    const chats = await api(emu, "incremental/chats?start_time=0&limit=5");
    expect(chats.status).toBe(200);
    for (const c of chats.json.chats) expect(Object.keys(c)).toEqual(["id"]);
    const other = await api(emu, "incremental/agent_timeline?fields=chats(*)&start_time=0");
    expect(other.status).toBe(200);
    expect(Object.keys(other.json.agent_timeline[0]).sort()).toEqual(["agent_id", "start_time"]);
    const reasons = emu.unexpectedRequests().map((u) => u.reason);
    expect(reasons).toEqual([
      expect.stringMatching(/no chats\(\.\.\.\) expansion.*fields=chats\(\*\)/),
      expect.stringMatching(/no agent_timeline\(\.\.\.\) expansion/),
    ]);
    // A field selection is an expansion too.
    await api(emu, "incremental/chats?fields=chats(id,update_timestamp)&start_time=0");
    expect(emu.unexpectedRequests()).toHaveLength(2);
  });

  it("other methods (405) and paths outside /api/v2/chat/ (404) are recorded", async () => {
    const post = await request(`${emu.baseUrl}/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${emu.currentAccessToken()}` },
    });
    await post.body.dump();
    expect(post.statusCode).toBe(405);
    expect(
      (await get(`${emu.origin}/api/v2/incremental/chats?start_time=0`, emu.currentAccessToken())).status,
    ).toBe(404);
    expect(emu.unexpectedRequests().map((u) => [u.method, u.path])).toEqual([
      ["POST", "/api/v2/chat/agents"],
      ["GET", "/api/v2/incremental/chats"],
    ]);
  });

  it("a correct client's full read records nothing", async () => {
    await followIncremental(emu, "chats", "incremental/chats?fields=chats%28%2A%29&limit=1000&start_time=0");
    await followIncremental(
      emu,
      "agent_timeline",
      "incremental/agent_timeline?fields=agent_timeline%28%2A%29&limit=1000&start_time=0",
    );
    await followSinceId(emu, "agents", 100);
    await followSinceId(emu, "bans", 1000);
    for (const p of ["account", "departments", "goals", "roles", "routing_settings/account", "shortcuts"]) {
      expect((await api(emu, p)).status).toBe(200);
    }
    expect((await api(emu, "agents?max_id=999999999999999&limit=2")).status).toBe(200);
    expect((await api(emu, "incremental/chats/?fields=chats(*)&start_time=0")).status).toBe(200);
    expect(emu.unexpectedRequests()).toEqual([]);
  });

  it("resetStats clears the record; the control API serves it; at most 1000 are kept", async () => {
    await api(emu, "nope");
    expect(emu.unexpectedRequests()).toHaveLength(1);
    emu.resetStats();
    expect(emu.unexpectedRequests()).toEqual([]);

    for (let i = 0; i < 1005; i += 67) {
      await Promise.all(Array.from({ length: Math.min(67, 1005 - i) }, (_, k) => api(emu, `nope/${i + k}`)));
    }
    const kept = emu.unexpectedRequests();
    expect(kept).toHaveLength(1000);
    const control = await get(`${emu.origin}/_emulator/unexpected`, null);
    expect(control.status).toBe(200);
    expect(control.json.requests).toEqual(kept);
    expect(control.json.dropped).toBe(5);
    await request(`${emu.origin}/_emulator/reset-stats`, { method: "POST" }).then((r) => r.body.dump());
    expect((await get(`${emu.origin}/_emulator/unexpected`, null)).json).toEqual({
      requests: [],
      dropped: 0,
    });
  });

  it("agents and bans take limit up to 1000", async () => {
    const big = await startEmulator({ agents: 1100, bans: 1100, bansPaging: "together" });
    try {
      expect((await api(big, "agents?since_id=0&limit=1000")).json.length).toBe(1000);
      const bans = (await api(big, "bans?since_id=0&limit=1000")).json;
      expect(bans.ip_address.length + bans.visitor.length).toBe(1000);
      expect(big.unexpectedRequests()).toEqual([]);
    } finally {
      await big.close();
    }
  });
});
