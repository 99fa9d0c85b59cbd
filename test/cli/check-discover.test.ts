import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { allStreams } from "../../src/zendesk-chat/streams/index.js";
import { type Message, runCli, writeJsonFiles } from "../helpers/cli.js";
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
    // Airbyte's convention (and CAT's): the status tells success or failure; the exit code is 0 for both.
    expect(result.exitCode, result.stderr).toBe(0);
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

  it("discover lists every stream of the registry (allStreams), in order, as each declares itself", async () => {
    const files = writeJsonFiles({ config: accessTokenConfig(emulator) });
    const result = await run(["discover", "--config", files.config]);
    expect(result.exitCode).toBe(0);
    expect(result.messages.map((m) => m.type)).toEqual(["CATALOG"]);
    const streams: Message[] = result.messages[0].catalog.streams;
    expect(streams.map((s) => s.name)).toEqual(allStreams.map((s) => s.name));
    for (const [index, definition] of allStreams.entries()) {
      const stream = streams[index];
      const name = definition.name;
      expect(stream.json_schema, `${name}: the schema the stream declares`).toEqual(definition.schema);
      if (definition.primaryKey)
        expect(stream.source_defined_primary_key, name).toEqual(definition.primaryKey.map((f) => [f]));
      else expect(stream.source_defined_primary_key, name).toBeUndefined();
      if (definition.cursorField) {
        expect(stream.supported_sync_modes, name).toEqual(["full_refresh", "incremental"]);
        expect(stream.source_defined_cursor, name).toBe(true);
        expect(stream.default_cursor_field, name).toEqual([definition.cursorField]);
      } else {
        expect(stream.supported_sync_modes, name).toEqual(["full_refresh"]);
        expect(stream.source_defined_cursor ?? false, name).toBe(false);
        expect(stream.default_cursor_field, name).toBeUndefined();
      }
      // Every key and cursor path the catalog names exists in the stream's schema (CAT discovery).
      const paths: string[][] = [
        ...(stream.source_defined_primary_key ?? []),
        stream.default_cursor_field ?? [],
      ];
      for (const path of paths.filter((p) => p.length > 0))
        expect(
          propertyAt(stream.json_schema, path),
          `${name}: ${path.join(".")} is not in the schema`,
        ).toBeDefined();
    }
  });
});

/** The schema of a property path (["a", "b"] = properties.a.properties.b), or undefined. */
function propertyAt(schema: Message, path: string[]): Message {
  let node = schema;
  for (const key of path) node = node?.properties?.[key];
  return node;
}
