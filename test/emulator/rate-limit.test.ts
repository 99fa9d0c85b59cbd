/** Rate limiting: 429 with an integer Retry-After once the window is full. */
import { describe, expect, it } from "vitest";
import { startEmulator } from "../../emulator/index.js";
import { api } from "./helpers.js";

describe("rate limit", () => {
  it("is off by default", async () => {
    const emu = await startEmulator({ chats: 5 });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 50 }, () => api(emu, "roles").then((r) => r.status)),
      );
      expect(statuses.every((s) => s === 200)).toBe(true);
    } finally {
      await emu.close();
    }
  });

  it("answers 429 with Retry-After (ceil seconds) and frees slots as the window slides", async () => {
    const emu = await startEmulator({ chats: 5, rateLimit: { requests: 3, windowMs: 1500 } });
    try {
      for (let i = 0; i < 3; i++) {
        const r = await api(emu, "agents");
        expect(r.status).toBe(200);
        expect(r.headers["x-rate-limit"]).toBe("3");
        expect(r.headers["x-rate-limit-remaining"]).toBe(String(2 - i));
      }
      const limited = await api(emu, "incremental/chats?start_time=0");
      expect(limited.status).toBe(429);
      expect(limited.headers["retry-after"]).toBe("2");
      expect(limited.json.error).toBe("Too Many Requests");
      expect(emu.stats().rateLimited).toBe(1);
      await new Promise((r) => setTimeout(r, 1600));
      expect((await api(emu, "agents")).status).toBe(200);
    } finally {
      await emu.close();
    }
  });

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
