// Messages that used to mislead (issue #23, point 7): each one as a person meets it, the CLI as a process.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { CLI, runCli, runRawProcess, tempDir, writeJsonFiles } from "../helpers/cli.js";
import { accessTokenConfig, catalogFor, readFrom, withEmulator } from "../helpers/emulator.js";
import { runWarehouseCli, syncSetup } from "../warehouse/helpers.js";

let emulator: Emulator;
let db: string;
let config: string;

beforeAll(async () => {
  emulator = await withEmulator({ seed: 23, chats: 200 });
  const setup = syncSetup(emulator);
  const run = await setup.sync(["--streams", "chats,agents"]);
  expect(run.exitCode, run.stderr).toBe(0);
  db = setup.db;
  config = setup.config;
});
afterAll(async () => {
  await emulator?.close();
});

/** The only line on stderr. */
function oneLine(stderr: string): string {
  const lines = stderr.trimEnd().split("\n");
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at |Unexpected error/);
  return lines[0] ?? "";
}

describe("report", () => {
  it("--db config.json: says it is not a DuckDB file", async () => {
    const run = await runWarehouseCli(emulator, [
      "report",
      "--db",
      config,
      "--out",
      join(tempDir(), "r.html"),
    ]);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe("");
    expect(oneLine(run.stderr)).toBe(
      `source-zendesk-chat report: '${config}' is not a DuckDB file; give the file written by sync --to duckdb:FILE (e.g. zendesk.duckdb).`,
    );
  });

  it("--out in folders that do not exist: makes them, as sync does", async () => {
    const out = join(tempDir(), "nodir", "deeper", "r.html");
    const run = await runWarehouseCli(emulator, ["report", "--db", db, "--out", out]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(oneLine(run.stderr)).toBe(`Wrote ${out}: 9 KPIs over 200 conversations and 200 chats.`);
    expect(readFileSync(out, "utf8")).toMatch(/^<!doctype html>/i);
  });

  it("while a sync holds the file: says a sync holds it and to try after it ends", async () => {
    const busy = await withEmulator({ seed: 24, chats: 3000 });
    try {
      busy.faults.add({ kind: "slow", endpoint: "incremental/chats", delayMs: 300, every: 1 });
      const setup = syncSetup(busy);
      let report: Promise<{ exitCode: number | null; stderr: string; stdout: string }> | undefined;
      const sync = await setup.sync(["--streams", "chats"], (stderr, child) => {
        // The sync has opened the file once it says what it syncs; then, while it reads, a report.
        if (report || !stderr.includes("[sync] ")) return;
        report = runWarehouseCli(busy, ["report", "--db", setup.db, "--out", join(tempDir(), "r.html")]);
        void report.then(() => child.kill("SIGINT"));
      });
      expect(sync.exitCode).toBe(130);
      const run = await (report as NonNullable<typeof report>);
      expect(run.exitCode).toBe(1);
      expect(oneLine(run.stderr)).toBe(
        `source-zendesk-chat report: '${setup.db}' is in use by another process (a sync still running into it?); DuckDB lets one process at a time open it: try again once that sync has ended.`,
      );
    } finally {
      await busy.close();
    }
  });
});

describe("connector", () => {
  it("a host that does not resolve (offline, or a wrong subdomain): says it could not be resolved and why that may be", async () => {
    const files = writeJsonFiles({ config: accessTokenConfig(emulator) });
    const run = await runCli(["check", "--config", files.config], {
      env: { ZENDESK_CHAT_BASE_URL: "http://zendesk-chat-23.invalid/api/v2/chat" },
    });
    expect(run.exitCode).toBe(0);
    const status = run.messages.find((m) => m.type === "CONNECTION_STATUS").connectionStatus;
    expect(status.status).toBe("FAILED");
    expect(status.message).toContain(
      "The host zendesk-chat-23.invalid could not be resolved (DNS): check the subdomain (the 'mycompany' of mycompany.zendesk.com), and that this machine is online (no network or DNS gives the same answer).",
    );
    expect(status.message).not.toContain("does not exist");
  });

  it.each([
    [
      "a Singer state",
      { bookmarks: { chats: { cursor: "2025-01-01T00:00:00Z" } }, currently_syncing: null },
      "it looks like a Singer state ('bookmarks'), not Airbyte STATE messages",
    ],
    [
      "a bare cursor",
      { cursor: "2025-01-01T00:00:00Z" },
      "'cursor' holds a string, where a legacy state maps each stream name to an object",
    ],
  ])("--state with %s: says it is not this connector's state", async (_name, state, why) => {
    const run = await readFrom(emulator, { catalog: catalogFor(["chats"], "incremental"), state });
    expect(run.exitCode).toBe(1);
    const errors = run.traces("ERROR");
    expect(errors).toHaveLength(1);
    expect(errors[0].error.failure_type).toBe("config_error");
    expect(errors[0].error.message).toMatch(
      new RegExp(
        `^The state file '.*state\\.json' is not this connector's state: ${why.replace(/[()[\]'.]/g, "\\$&")}\\. Pass the STATE messages a read printed \\(its stdout, or the STATE lines of it\\), or leave --state out to start from start_date\\.$`,
      ),
    );
    expect(run.records()).toEqual([]);
  });

  it("--catalogue: commander's suggestion of --catalog, on one line, not 'required option --catalog'", async () => {
    const files = writeJsonFiles({ config: accessTokenConfig(emulator), catalog: catalogFor(["agents"]) });
    const run = await runCli(["read", "--config", files.config, "--catalogue", files.catalog]);
    expect(run.exitCode).toBe(2);
    expect(oneLine(run.stderr)).toBe("error: unknown option '--catalogue' (Did you mean --catalog?)");
    const errors = run.traces("ERROR");
    expect(errors).toHaveLength(1);
    expect(errors[0].error.message).toBe(
      "Invalid command line: unknown option '--catalogue' (Did you mean --catalog?)",
    );
    // A helper command: the same line, nothing on stdout.
    const helper = await runRawProcess(process.execPath, [CLI, "catalog", "--confg", files.config]);
    expect(helper.exitCode).toBe(2);
    expect(helper.stdout).toBe("");
    expect(oneLine(helper.stderr)).toBe("error: unknown option '--confg' (Did you mean --config?)");
  });

  it("check with a config file that does not exist: exit 1 and a TRACE, as README says", async () => {
    const missing = join(tempDir(), "config.json");
    const run = await runCli(["check", "--config", missing]);
    expect(run.exitCode).toBe(1);
    expect(run.traces("ERROR").map((t) => t.error.message)).toEqual([
      `Cannot read the config file '${missing}': it does not exist or is not readable.`,
    ]);
    expect(run.messages.filter((m) => m.type === "CONNECTION_STATUS")).toEqual([]);
    expect(existsSync(missing)).toBe(false);
  });

  it("start_date as a plain date (YYYY-MM-DD) is midnight UTC: the same records as YYYY-MM-DDT00:00:00Z", async () => {
    const catalog = catalogFor(["chats"], "incremental");
    // A day in the middle of the chats: some before it, some after.
    const days = [...emulator.records("chats")].map((c) => String(c.timestamp).slice(0, 10)).sort();
    const day = days[Math.floor(days.length / 2)] as string;
    const plain = await readFrom(emulator, {
      config: accessTokenConfig(emulator, { start_date: day }),
      catalog,
    });
    const full = await readFrom(emulator, {
      config: accessTokenConfig(emulator, { start_date: `${day}T00:00:00Z` }),
      catalog,
    });
    expect(plain.exitCode, plain.stderr).toBe(0);
    expect(plain.traces("ERROR")).toEqual([]);
    const ids = (run: typeof plain) => run.records("chats").map((c) => c.id);
    expect(ids(plain).length).toBeGreaterThan(0);
    expect(ids(plain).length).toBeLessThan(200);
    expect(ids(plain)).toEqual(ids(full));
  });
});
