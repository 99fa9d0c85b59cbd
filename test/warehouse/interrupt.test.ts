import { readdirSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { tempDir } from "../helpers/cli.js";
import { expectedRecords, withEmulator } from "../helpers/emulator.js";
import { query, syncSetup } from "./helpers.js";

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("CTRL-C during sync", () => {
  it("SIGINT: one human line on stderr, nothing on stdout, no temp files, the sync logged as interrupted, the rerun resumes", async () => {
    emulator = await withEmulator({ seed: 9, chats: 3000 });
    const setup = syncSetup(emulator);
    // Slow pages: the sync is still reading chats when its first checkpoint is committed.
    emulator.faults.add({ kind: "slow", endpoint: "incremental/chats", delayMs: 300, every: 1 });
    // The sync's own temp folder (its configured catalog and state) goes here, to be looked at after.
    const tmp = tempDir("zdc-test-tmp-");
    let sent = false;
    const run = await setup.sync(
      ["--streams", "agents,chats", "--progress-every", "0.2"],
      (stderr, child) => {
        // The connector checkpoints chats every 1000 records: past 1200 the first one is committed.
        const seen = [...stderr.matchAll(/\bchats ([\d,]+)/g)].map((m) => Number(m[1]?.replaceAll(",", "")));
        if (!sent && (seen.at(-1) ?? 0) >= 1200) {
          sent = true;
          child.kill("SIGINT");
        }
      },
      { TMPDIR: tmp },
    );
    expect(sent).toBe(true);
    expect(run.exitCode).toBe(130);
    expect(run.stdout).toBe("");
    const lines = run.stderr.trimEnd().split("\n");
    const last = lines.at(-1) ?? "";
    expect(last).toMatch(
      /^\[sync\] Interrupted \(CTRL-C\) after \d+\.\d s: \d+ checkpoints? (?:is|are) saved in .*zendesk\.duckdb \(rows: .*chats \d+.*\); run the same sync command again to resume from there\.$/,
    );
    // That line is the only word about the stop: no JSON, no error from the read, no stack.
    expect(run.stderr).not.toMatch(/[{}]|ERROR|Stopped by|\n\s+at /);
    expect(readdirSync(tmp)).toEqual([]);

    const syncs = await query(setup.db, "SELECT status FROM _airbyte_syncs ORDER BY started_at");
    expect(syncs).toEqual([{ status: "interrupted" }]);
    const saved = Number((await query(setup.db, "SELECT count(*) AS n FROM chats"))[0]?.n);
    expect(saved).toBeGreaterThan(0);
    expect(saved).toBeLessThan(3000);
    expect(last).toContain(`chats ${saved}`);

    emulator.faults.clear();
    const rerun = await setup.sync(["--streams", "agents,chats"], undefined, { TMPDIR: tmp });
    expect(rerun.exitCode, rerun.stderr).toBe(0);
    const read = /chats\s+(\d+)\s+(\d+)/.exec(rerun.stderr.split("records read")[1] ?? "");
    // Resumed from the saved state: fewer than all chats read again, all of them in the table.
    expect(Number(read?.[1])).toBeLessThan(3000);
    expect(Number(read?.[2])).toBe(3000);
    const ids = await query(setup.db, "SELECT id FROM chats ORDER BY id");
    expect(ids.map((r) => r.id)).toEqual(
      expectedRecords(emulator, "chats")
        .map((c) => String(c.id))
        .sort(),
    );
    expect(
      (await query(setup.db, "SELECT status FROM _airbyte_syncs ORDER BY started_at")).map((r) => r.status),
    ).toEqual(["interrupted", "succeeded"]);
    expect(readdirSync(tmp)).toEqual([]);
  });
});
