// `npm run demo` tells one story (issue #23, point 6): the reads and the DuckDB syncs run on the same
// emulated account, before and after the same hour of changes, and the numbers agree.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { allStreams as chatStreams } from "../../src/zendesk-chat/streams/index.js";
import { supportStreams } from "../../src/zendesk-support/streams/index.js";
import { runRawProcess, tempDir } from "../helpers/cli.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

describe("npm run demo", () => {
  it("one dataset: the first sync loads what the full read read; the second adds what the incremental read read", async () => {
    // The built demo (what `npm run demo` runs after building), in a folder of its own.
    const cwd = tempDir("zdc-demo-");
    const run = await runRawProcess(process.execPath, [join(root, "build/scripts/demo.js")], {
      cwd,
      timeoutMs: 400_000,
    });
    expect(run.exitCode, run.stderr.slice(-2000)).toBe(0);
    const out = join(cwd, "demo-output");
    for (const file of [
      "config.json",
      "configured_catalog.json",
      "summary.md",
      "zendesk.duckdb",
      "report.html",
    ])
      expect(existsSync(join(out, file)), file).toBe(true);
    // The report draws both products: every section (conversations of every channel, chats, tickets,
    // CSAT, SLAs), none said missing.
    const report = readFileSync(join(out, "report.html"), "utf8");
    for (const section of ["conversations", "chats", "tickets", "csat", "sla"])
      expect(report, section).toContain(`<section class="section" id="section-${section}">`);
    // Chat + Messaging + tickets: every channel of the conversations, messaging tickets among the tickets.
    for (const channel of ["legacy chat", "chat in Support", "messaging"])
      expect(report, channel).toContain(
        `data-kpi="conversations/conversations.sql" data-dimension="channel" data-label="${channel}"`,
      );
    expect(report).toContain(
      'data-kpi="tickets/tickets_created.sql" data-dimension="channel" data-label="native_messaging"',
    );
    expect(readFileSync(join(out, "summary.md"), "utf8")).toBe(
      run.stdout.slice(0, readFileSync(join(out, "summary.md"), "utf8").length),
    );
    expect(run.stdout).toContain(
      "| stream | full read | incremental read | DuckDB rows after sync 1 | after sync 2 |",
    );
    expect(run.stdout).toContain("One dataset: the reads and the syncs ran on the same emulated account");
    const rows = [...run.stdout.matchAll(/^\| ([a-z_]+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) \|$/gm)].map(
      (m) => ({
        stream: m[1] as string,
        full: Number(m[2]),
        incremental: Number(m[3]),
        synced1: Number(m[4]),
        synced2: Number(m[5]),
      }),
    );
    // One row per stream of both registries (the demo reads Chat and Support).
    expect(rows.map((r) => r.stream).sort()).toEqual(
      [...chatStreams, ...supportStreams].map((s) => s.name).sort(),
    );
    for (const row of rows) {
      // The first sync loaded exactly the full read's records.
      expect(row.synced1, row.stream).toBe(row.full);
      // The second merged what the incremental read read: a table grows by new records only.
      expect(row.synced2, row.stream).toBeGreaterThanOrEqual(Math.min(row.synced1, row.incremental));
      expect(row.synced2, row.stream).toBeLessThanOrEqual(row.synced1 + row.incremental);
    }
    const by = new Map(rows.map((r) => [r.stream, r]));
    // The hour of changes the demo makes: 40 new chats (25 updated), 2 agents, 3 bans.
    expect(by.get("chats")).toMatchObject({ full: 5000, incremental: 65, synced2: 5040 });
    expect(by.get("agents")).toMatchObject({ full: 12, incremental: 2, synced2: 14 });
    expect(by.get("bans")).toMatchObject({ full: 20, incremental: 3, synced2: 23 });
    expect(by.get("conversions")).toMatchObject({ full: 3000, synced1: 3000 });
    // The build said what it did before the demo (npm run demo builds first; here it is built already),
    // and the syncs' progress went to stderr as short lines.
    const streamCount = chatStreams.length + supportStreams.length;
    expect(run.stderr).toMatch(new RegExp(`^\\[sync\\] \\d+ s: \\d+/${streamCount} streams · `, "m"));
    expect(run.stdout).toMatch(/→ (\d+) of 5040 chats name a ticket; \1 of those tickets are in tickets/);
    // The conversations view: legacy chats and the ticket audits' chat and messaging sessions.
    expect(run.stdout).toMatch(/→ chat: [1-9]\d* conversations, [1-9]\d* messages/);
    expect(run.stdout).toMatch(/→ native_messaging: [1-9]\d* conversations, [1-9]\d* messages/);
  }, 420_000);
});
