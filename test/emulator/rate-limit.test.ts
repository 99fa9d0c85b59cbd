/** Rate limiting: 429 with an integer Retry-After once the window is full. */
import { describe, expect, it } from "vitest";
import { type Emulator, type RateLimitSpec, startEmulator } from "../../emulator/index.js";
import { api, type Reply } from "./helpers.js";
import { sup } from "./support-helpers.js";

/**
 * The behaviour both APIs' account budgets share, tested once for each: off by default; with a
 * budget, X-Rate-Limit headers, then a 429 with Retry-After in whole seconds (each API its own body),
 * and slots freed as the window slides.
 */
const APIS = [
  {
    api: "Chat",
    budget: (limit: RateLimitSpec) => ({ rateLimit: limit }),
    get: api,
    parallel: ["roles", 50],
    paths: ["agents", "incremental/chats?start_time=0"],
    async limited(emu: Emulator, r: Reply) {
      expect(r.json.error).toBe("Too Many Requests");
      expect(emu.stats().rateLimited).toBe(1);
    },
  },
  {
    api: "Support",
    budget: (limit: RateLimitSpec) => ({ supportRateLimit: limit }),
    get: sup,
    parallel: ["tags", 30],
    paths: ["groups", "tags"],
    async limited(emu: Emulator, r: Reply) {
      // The account-wide 429 is plain text, not JSON.
      expect(r.text).toBe("Number of allowed API requests per minute exceeded");
      expect(r.headers["content-type"]).toMatch(/^text\/plain/);
      // Chat requests draw on the same account budget by default (chatCountsAgainstSupport).
      const chat = await fetch(`${emu.baseUrl}/agents`, {
        headers: { authorization: `Bearer ${emu.currentAccessToken()}` },
      });
      expect(chat.status).toBe(429);
    },
  },
] as const;

describe.each(APIS)("$api account rate limit", ({ budget, get, parallel, paths, limited }) => {
  it("is off by default", async () => {
    const emu = await startEmulator({ chats: 5 });
    try {
      const [path, count] = parallel;
      const statuses = await Promise.all(
        Array.from({ length: count }, () => get(emu, path).then((r) => r.status)),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      await emu.close();
    }
  });

  it("answers 429 with Retry-After (ceil seconds) and frees slots as the window slides", async () => {
    const emu = await startEmulator({ chats: 5, ...budget({ requests: 3, windowMs: 1500 }) });
    try {
      const [path, other] = paths;
      for (let i = 0; i < 3; i++) {
        const r = await get(emu, path);
        expect(r.status).toBe(200);
        expect(r.headers["x-rate-limit"]).toBe("3");
        expect(r.headers["x-rate-limit-remaining"]).toBe(String(2 - i));
      }
      const r = await get(emu, other);
      expect(r.status).toBe(429);
      expect(r.headers["retry-after"]).toBe("2");
      await limited(emu, r);
      await new Promise((resolve) => setTimeout(resolve, 1600));
      expect((await get(emu, path)).status).toBe(200);
    } finally {
      await emu.close();
    }
  });
});

describe("rate limit", () => {
  it("can be changed and switched off at runtime; counts requests regardless of auth", async () => {
    const emu = await startEmulator({ chats: 5 });
    try {
      emu.setRateLimit({ requests: 1, windowMs: 60_000 });
      expect((await api(emu, "agents")).status).toBe(200);
      const r = await api(emu, "agents");
      expect(r.status).toBe(429);
      expect(r.headers["retry-after"]).toBe("60");
      emu.setRateLimit(null);
      expect((await api(emu, "agents")).status).toBe(200);
      emu.setRateLimit({ requests: 1, windowMs: 10_000 });
      expect((await fetch(`${emu.baseUrl}/agents`)).status).toBe(401);
      expect((await api(emu, "agents")).status).toBe(429);
    } finally {
      await emu.close();
    }
  });
});
