/** Fault injection: each kind, scheduling, endpoint matching, stats. */
import { request } from "undici";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { api } from "./helpers.js";

const CHATS = "incremental/chats?fields=chats(*)&limit=10&start_time=0";

describe("faults", () => {
  let emu: Emulator;
  beforeAll(async () => {
    emu = await startEmulator({ seed: 8, chats: 100 });
  });
  afterEach(() => {
    emu.faults.clear();
    emu.resetStats();
  });
  afterAll(() => emu.close());

  for (const [kind, status, error] of [
    ["500", 500, "Internal Server Error"],
    ["502", 502, "Bad Gateway"],
    ["503", 503, "Service Unavailable"],
    ["401", 401, "invalid_token"],
    ["403", 403, "Forbidden"],
    ["404", 404, "Not Found"],
  ] as const) {
    it(`${kind}: one request fails with the API's body, the next succeeds`, async () => {
      emu.faults.add({ kind, endpoint: "agents" });
      const r = await api(emu, "agents");
      expect(r.status).toBe(status);
      expect(r.json.error).toBe(error);
      expect((await api(emu, "agents")).status).toBe(200);
      expect(emu.stats().faultsInjected).toEqual({ [kind]: 1 });
    });
  }

  it("reset: the connection is reset", async () => {
    emu.faults.add({ kind: "reset" });
    await expect(api(emu, "agents")).rejects.toThrow();
    expect((await api(emu, "agents")).status).toBe(200);
  });

  it("timeout: no answer while held", async () => {
    emu.faults.add({ kind: "timeout", delayMs: 5_000 });
    await expect(
      request(`${emu.baseUrl}/agents`, {
        headers: { authorization: `Bearer ${emu.currentAccessToken()}` },
        headersTimeout: 300,
      }),
    ).rejects.toThrow(/timeout/i);
    expect((await api(emu, "agents")).status).toBe(200);
  });

  it("slow: answers correctly after the delay", async () => {
    emu.faults.add({ kind: "slow", delayMs: 300 });
    const t0 = performance.now();
    const r = await api(emu, "agents");
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(r.status).toBe(200);
    expect(r.json.length).toBe(12);
  });

  it("truncated: the body stops short of Content-Length", async () => {
    emu.faults.add({ kind: "truncated", endpoint: "incremental/chats" });
    const res = await request(`${emu.baseUrl}/${CHATS}`, {
      headers: { authorization: `Bearer ${emu.currentAccessToken()}` },
    });
    expect(res.statusCode).toBe(200);
    await expect(res.body.text()).rejects.toThrow();
  });

  it("malformed: a complete response whose JSON does not parse", async () => {
    emu.faults.add({ kind: "malformed", endpoint: "chats" });
    const r = await api(emu, CHATS);
    expect(r.status).toBe(200);
    expect(r.text.length).toBeGreaterThan(0);
    expect(r.json).toBeUndefined();
  });

  it("empty: an empty page of the endpoint's shape", async () => {
    emu.faults.add({ kind: "empty", times: 4 });
    // Shaped like the real API's empty page: next_page points at the same cursor.
    expect((await api(emu, CHATS)).json).toMatchObject({
      chats: [],
      count: 0,
      next_page: `${emu.baseUrl}/incremental/chats?fields=chats%28%2A%29&limit=10&start_time=0`,
    });
    expect((await api(emu, "agents")).json).toEqual([]);
    expect((await api(emu, "bans")).json).toEqual({ ip_address: [], visitor: [] });
    expect((await api(emu, "routing_settings/account")).json).toEqual({ data: {} });
  });

  it("cursor_backwards: end_time and next_page go back a day", async () => {
    const start = 1_760_000_000;
    emu.faults.add({ kind: "cursor_backwards" });
    const r = await api(emu, `incremental/chats?fields=chats(*)&limit=10&start_time=${start}`);
    expect(r.json.chats.length).toBeGreaterThan(0);
    expect(r.json.end_time).toBe(start - 86_400);
    expect(new URL(r.json.next_page).searchParams.get("start_time")).toBe(String(start - 86_400));
  });

  it("repeat_page: the previous page's body again", async () => {
    const first = await api(emu, CHATS);
    emu.faults.add({ kind: "repeat_page", endpoint: "chats" });
    const second = await api(emu, first.json.next_page.replace(`${emu.baseUrl}/`, ""));
    expect(second.text).toBe(first.text);
    const third = await api(emu, first.json.next_page.replace(`${emu.baseUrl}/`, ""));
    expect(third.json.chats[0].id).not.toBe(first.json.chats[0].id);
  });

  it("empty_with_next: no items but a next_page that yields the real page", async () => {
    emu.faults.add({ kind: "empty_with_next" });
    const r = await api(emu, CHATS);
    expect(r.json.chats).toEqual([]);
    expect(r.json.count).toBe(0);
    expect(r.json.next_page).toBeTruthy();
    const real = await api(emu, r.json.next_page.replace(`${emu.baseUrl}/`, ""));
    expect(real.json.chats.length).toBeGreaterThan(0);
  });

  it("count_mismatch: count disagrees with the array", async () => {
    emu.faults.add({ kind: "count_mismatch" });
    const r = await api(emu, CHATS);
    expect(r.json.chats.length).toBeGreaterThan(1);
    expect(r.json.count).toBe(r.json.chats.length - 1);
  });

  it("bad-data kinds only hit incremental endpoints", async () => {
    emu.faults.add({ kind: "count_mismatch" });
    expect((await api(emu, "agents")).status).toBe(200);
    const r = await api(emu, CHATS);
    expect(r.json.count).toBe(r.json.chats.length - 1);
  });

  it("afterRequests + times: consecutive faults after skipping", async () => {
    emu.faults.add({ kind: "503", endpoint: "agents", afterRequests: 2, times: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await api(emu, "agents")).status);
    expect(statuses).toEqual([200, 200, 503, 503, 503, 200, 200]);
  });

  it("every: a schedule of every Nth matching request", async () => {
    emu.faults.add({ kind: "500", endpoint: "roles", every: 3 });
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await api(emu, "roles")).status);
    expect(statuses).toEqual([200, 200, 500, 200, 200, 500, 200, 200, 500]);
  });

  it("times: Infinity keeps failing; endpoint filter leaves others alone", async () => {
    emu.faults.add({ kind: "502", endpoint: "incremental/agent_timeline", times: Number.POSITIVE_INFINITY });
    for (let i = 0; i < 5; i++)
      expect(
        (await api(emu, "incremental/agent_timeline?fields=agent_timeline(*)&start_time=0")).status,
      ).toBe(502);
    expect((await api(emu, "incremental/chats?fields=chats(*)&start_time=0")).status).toBe(200);
    expect((await api(emu, "agents")).status).toBe(200);
    expect(emu.stats().faultsInjected).toEqual({ "502": 5 });
    expect(emu.stats().byEndpoint["incremental/agent_timeline"]).toBe(5);
  });

  it("401 mid-sync: page 2 fails, then paging resumes", async () => {
    emu.faults.add({ kind: "401", endpoint: "chats", afterRequests: 1 });
    const p1 = await api(emu, CHATS);
    const next = p1.json.next_page.replace(`${emu.baseUrl}/`, "");
    expect((await api(emu, next)).status).toBe(401);
    expect((await api(emu, next)).status).toBe(200);
  });
});
