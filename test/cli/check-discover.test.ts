import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { runCli, writeJsonFiles } from "../helpers/cli.js";
import { accessTokenConfig, withEmulator } from "../helpers/emulator.js";

describe("check and discover against the emulator", () => {
  let emulator: Emulator;
  const run = (args: string[]) =>
    runCli(args, { env: { ZENDESK_CHAT_BASE_URL: emulator.baseUrl, ZENDESK_CHAT_BACKOFF_BASE_MS: "10" } });
  const check = async (config: unknown) => {
    const files = writeJsonFiles({ config });
    const result = await run(["check", "--config", files.config]);
    const statuses = result.messages.filter((m) => m.type === "CONNECTION_STATUS");
    expect(statuses).toHaveLength(1);
    return { result, status: statuses[0].connectionStatus };
  };

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 2 });
  });
  afterAll(() => emulator?.close());

  it("a good token succeeds with one cheap request", async () => {
    emulator.resetStats();
    const { result, status } = await check(accessTokenConfig(emulator));
    expect(status).toEqual({ status: "SUCCEEDED" });
    expect(result.exitCode).toBe(0);
    expect(emulator.stats().requests).toBe(1);
  });

  it("a wrong token fails with a message saying what to do, exit 0", async () => {
    const { result, status } = await check({
      ...accessTokenConfig(emulator),
      credentials: { credentials: "access_token", access_token: "wrong-token-abcdef" },
    });
    expect(status.status).toBe("FAILED");
    expect(status.message).toMatch(/401.*new Chat API access token/);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain("wrong-token-abcdef");
  });

  it("403 explains the plan or permission needed; 404 points at the subdomain", async () => {
    emulator.faults.add({ kind: "403", times: 1 });
    const forbidden = await check(accessTokenConfig(emulator));
    expect(forbidden.status.message).toMatch(/403 Forbidden.*plan with API access/);
    emulator.faults.add({ kind: "404", times: 1 });
    const missing = await check(accessTokenConfig(emulator));
    expect(missing.status.message).toMatch(/404 Not Found.*subdomain 'emulator'/);
    emulator.faults.clear();
  });

  it("discover lists the twelve streams with Airbyte's names, keys, cursors and modes", async () => {
    const files = writeJsonFiles({ config: accessTokenConfig(emulator) });
    const result = await run(["discover", "--config", files.config]);
    expect(result.exitCode).toBe(0);
    const streams = result.messages[0].catalog.streams;
    const summary = Object.fromEntries(
      streams.map((s: Record<string, unknown>) => [
        s.name,
        [s.source_defined_primary_key ?? null, s.default_cursor_field ?? null, s.supported_sync_modes],
      ]),
    );
    const full = ["full_refresh"];
    const both = ["full_refresh", "incremental"];
    expect(summary).toEqual({
      accounts: [[["account_key"]], null, full],
      agents: [[["id"]], ["id"], both],
      agent_timeline: [[["id"]], ["start_time"], both],
      bans: [[["id"]], ["id"], both],
      chats: [[["id"]], ["update_timestamp"], both],
      departments: [[["id"]], null, full],
      goals: [[["id"]], null, full],
      roles: [[["id"]], null, full],
      routing_settings: [null, null, full],
      shortcuts: [[["id"]], null, full],
      skills: [[["id"]], null, full],
      triggers: [[["id"]], null, full],
    });
    for (const stream of streams)
      expect(stream.source_defined_cursor).toBe(Boolean(stream.default_cursor_field));
  });
});
