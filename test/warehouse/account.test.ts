import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { writeJsonFiles } from "../helpers/cli.js";
import { accessTokenConfig, supportConfig, withEmulator } from "../helpers/emulator.js";
import { query, runWarehouseCli, syncSetup } from "./helpers.js";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("a DuckDB file holds one Zendesk account", () => {
  it("records the account; a sync of another account is a one-line error with the fix; --full-refresh replaces it", async () => {
    emulator = await withEmulator({ seed: 31, chats: 50 });
    const acme = syncSetup(emulator, accessTokenConfig(emulator, { subdomain: "acme" }));
    const first = await acme.sync(["--streams", "chats,agents"]);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(await query(acme.db, "SELECT chat_subdomain, support_subdomain FROM _airbyte_account")).toEqual([
      { chat_subdomain: "acme", support_subdomain: null },
    ]);

    const globex = writeJsonFiles({ config: accessTokenConfig(emulator, { subdomain: "globex" }) }).config;
    const args = ["sync", "--config", globex, "--to", `duckdb:${acme.db}`, "--streams", "chats"];
    const refused = await runWarehouseCli(emulator, args);
    expect(refused.exitCode).toBe(1);
    expect(refused.stdout).toBe("");
    expect(refused.stderr).toBe(
      `source-zendesk-chat sync: ${acme.db} holds the Zendesk Chat account 'acme', and ${globex} is for 'globex': sync into another file (--to duckdb:another.duckdb), or add --full-refresh to replace its data with this account's.\n`,
    );
    // Nothing changed: acme's tables and state, one sync logged.
    expect(await query(acme.db, "SELECT chat_subdomain FROM _airbyte_account")).toEqual([
      { chat_subdomain: "acme" },
    ]);
    expect(await query(acme.db, "SELECT stream FROM _airbyte_state ORDER BY stream")).toEqual([
      { stream: "agents" },
      { stream: "chats" },
    ]);
    expect(await query(acme.db, "SELECT count(*) AS n FROM _airbyte_syncs")).toEqual([{ n: 1n }]);

    const replaced = await runWarehouseCli(emulator, [...args, "--full-refresh"]);
    expect(replaced.exitCode, replaced.stderr).toBe(0);
    expect(await query(acme.db, "SELECT chat_subdomain FROM _airbyte_account")).toEqual([
      { chat_subdomain: "globex" },
    ]);
    // acme's other table is gone with its state: the file holds globex's chats alone (and the
    // conversations views every sync builds).
    const tables = await query(
      acme.db,
      "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_airbyte\\_%' ESCAPE '\\' ORDER BY 1",
    );
    expect(tables).toEqual([{ table_name: "chats" }]);
    expect(await query(acme.db, "SELECT count(*) AS n FROM chats")).toEqual([{ n: 50n }]);
    expect(await query(acme.db, "SELECT count(*) AS n FROM _airbyte_state WHERE stream = 'agents'")).toEqual([
      { n: 0n },
    ]);
  });

  it("Support is recorded when synced and kept by a Chat-only sync of the same account", async () => {
    emulator = await withEmulator({ seed: 32, chats: 20 });
    const withSupport = syncSetup(emulator, supportConfig(emulator));
    const run = await withSupport.sync(["--streams", "chats,groups"]);
    expect(run.exitCode, run.stderr).toBe(0);
    const chatOnly = writeJsonFiles({ config: accessTokenConfig(emulator) }).config;
    const again = await runWarehouseCli(emulator, [
      "sync",
      "--config",
      chatOnly,
      "--to",
      `duckdb:${withSupport.db}`,
      "--streams",
      "chats",
    ]);
    expect(again.exitCode, again.stderr).toBe(0);
    expect(
      await query(withSupport.db, "SELECT chat_subdomain, support_subdomain FROM _airbyte_account"),
    ).toEqual([{ chat_subdomain: "emulator", support_subdomain: "emulator" }]);
  });
});
