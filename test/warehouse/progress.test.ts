// What a person sees while sync runs (issue #23, point 3): a short line every few seconds in a log,
// one live line redrawn in place on a terminal (a real pseudo-terminal, rendered by a terminal emulator).
import pty from "@lydell/node-pty";
import { Terminal } from "@xterm/headless";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { CLI } from "../helpers/cli.js";
import { withEmulator } from "../helpers/emulator.js";
import { query, syncSetup } from "./helpers.js";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const PROGRESS =
  /^\[sync\] \d+ s: \d+\/3 streams · [\d,]+ records(?: · [\d,]+\/s)?(?: · ETA ~\d+ (?:s|min))? · (?:starting|finishing|waiting for the rate limit \(\d+ s\)|(?:waiting for the rate limit \(\d+ s\) · )?[a-z_]+ [\d,]+(?:\/~[\d,]+)?(?: \([\d,]+ saved\))?(?:, [a-z_]+ [\d,]+(?:\/~[\d,]+)?)?(?: \+\d+ more)?)$/;

async function slowEmulator(): Promise<Emulator> {
  const e = await withEmulator({ seed: 41, chats: 3000 });
  // Slow pages: the sync lasts a few seconds; one 429 (Retry-After: 1) on bans.
  e.faults.add({ kind: "slow", endpoint: "incremental/chats", delayMs: 250, every: 1 });
  e.faults.add({ kind: "429", endpoint: "bans", times: 1 });
  return e;
}

describe("sync progress", () => {
  it("not on a terminal: a short line every --progress-every seconds, the rate-limit wait shown, no escape codes", async () => {
    emulator = await slowEmulator();
    const setup = syncSetup(emulator);
    const run = await setup.sync(["--streams", "agents,bans,chats", "--progress-every", "0.2"]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stdout).toBe("");
    expect(run.stderr).not.toContain("\x1b");
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe(`[sync] ${setup.db}: 3 streams (3 incremental, first sync)`);
    const progress = lines.filter((l) => /^\[sync\] \d+ s: /.test(l));
    expect(progress.length).toBeGreaterThanOrEqual(3);
    for (const line of progress) {
      expect(line).toMatch(PROGRESS);
      expect(line.length).toBeLessThanOrEqual(120);
    }
    // The 429's wait: the connector's warning, then the wait counted on the progress line.
    const warned = lines.findIndex((l) =>
      /^\[sync\] WARN Rate limited \(429\) on \/api\/v2\/chat\/bans/.test(l),
    );
    expect(warned).toBeGreaterThan(0);
    expect(lines.slice(warned).some((l) => / · waiting for the rate limit \(1 s\)(?: · |$)/.test(l))).toBe(
      true,
    );
    // Records flowing show a rate; the summary follows the progress lines.
    expect(progress.some((l) => / · [\d,]+\/s · /.test(l))).toBe(true);
    expect(lines.slice(-5)).toEqual([
      expect.stringMatching(/^\[sync\] done in \d+\.\d s, \d+ checkpoints committed, .*zendesk\.duckdb$/),
      "[sync]   table                records read   rows in table",
      "[sync]   agents                         12              12",
      "[sync]   bans                           20              20",
      "[sync]   chats                        3000            3000",
    ]);
    expect(await query(setup.db, "SELECT count(*) AS n FROM chats")).toEqual([{ n: 3000n }]);
  });

  it("on a terminal: one live line with a bar, redrawn in place, then the summary", async () => {
    emulator = await slowEmulator();
    const setup = syncSetup(emulator);
    const cols = 100;
    const rows = 14;
    const terminal = new Terminal({ cols, rows, allowProposedApi: true });
    // The screen as a person reads it: rows, with a line the terminal wrapped joined back up.
    const screen = () => {
      const buffer = terminal.buffer.active;
      const lines: string[] = [];
      for (let i = 0; i < rows; i++) {
        const row = buffer.getLine(buffer.viewportY + i);
        const text = row?.translateToString(true) ?? "";
        if (row?.isWrapped && lines.length > 0) lines[lines.length - 1] += text;
        else lines.push(text);
      }
      return lines.map((l) => l.trimEnd());
    };
    const screens: string[][] = [];
    const child = pty.spawn(
      process.execPath,
      [CLI, "sync", "--config", setup.config, "--to", `duckdb:${setup.db}`, "--streams", "agents,bans,chats"],
      {
        cols,
        rows,
        env: {
          ...(process.env as Record<string, string>),
          ZENDESK_CHAT_BASE_URL: emulator.baseUrl,
          ZENDESK_SUPPORT_BASE_URL: emulator.supportBaseUrl,
        },
      },
    );
    child.onData((data) => terminal.write(data, () => screens.push(screen())));
    const exitCode = await new Promise<number>((resolve) => child.onExit((e) => resolve(e.exitCode)));
    await new Promise<void>((resolve) => terminal.write("", resolve));
    expect(exitCode).toBe(0);

    const live = /^\[sync\] [█░]{16} \d+ s · \d\/3 streams · [\d,]+ records/;
    // Every screen while it ran: the live line is there at most once (redrawn, never appended).
    for (const shown of screens) expect(shown.filter((l) => live.test(l)).length).toBeLessThanOrEqual(1);
    // While chats were read: the bar part-filled, records counted, the chats stream named.
    const during = screens
      .map((s) => s.find((l) => live.test(l)) ?? "")
      .filter((l) => /░/.test(l) && / · chats [\d,]+/.test(l));
    expect(during.length).toBeGreaterThan(0);
    expect(screens.some((s) => s.some((l) => / · waiting for the rate limit \(1 s\)(?: · |$)/.test(l)))).toBe(
      true,
    );

    const final = screen().filter((l) => l !== "");
    expect(final[0]).toBe(`[sync] ${setup.db}: 3 streams (3 incremental, first sync)`);
    const warn = final.findIndex((l) => l.startsWith("[sync] WARN Rate limited (429)"));
    expect(warn).toBe(1);
    expect(final[2]).toMatch(/^\[sync\] █{16} \d+ s · 3\/3 streams · 3,032 records · /);
    expect(final.slice(3)).toEqual([
      expect.stringMatching(/^\[sync\] done in \d+\.\d s, \d+ checkpoints committed, .*zendesk\.duckdb$/),
      "[sync]   table                records read   rows in table",
      "[sync]   agents                         12              12",
      "[sync]   bans                           20              20",
      "[sync]   chats                        3000            3000",
    ]);
    terminal.dispose();
  });
});
