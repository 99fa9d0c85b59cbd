/**
 * `sync --to duckdb:` against its floor (`npm run bench`, section 7): every Chat stream from the
 * emulator (body cache on and warmed), measured side by side in one run —
 *
 *   floor: the connector's `read` with stdout to a file (wall time), plus DuckDB's own load of the
 *          same records: one NDJSON file per stream (split from that output, not timed),
 *          `CREATE TABLE … AS SELECT * FROM read_json_auto(file)` each into a fresh file (timed)
 *   sync:  `sync --to duckdb:FILE` into a fresh file (wall time, peak RSS)
 *
 * ratio = sync ÷ (read + load), best of the repeats each; goal ≤ 1.25. Peak RSS of the sync at the
 * largest size vs the smallest is reported (info): the records are spooled to disk between
 * checkpoints, not held in memory. On its own (emulator started here):
 *
 *   node build/bench/warehouse-load.js [chats=20000 ...]
 */
import { spawn } from "node:child_process";
import { closeSync, createReadStream, mkdirSync, openSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { DuckDBInstance } from "@duckdb/node-api";
import {
  benchConfig,
  CONNECTOR_MAIN,
  chatsExportPath,
  discoveredCatalog,
  timelineExportPath,
  WorkDir,
} from "./lib/connector-setup.js";
import { startEmulatorProcess } from "./lib/emulator-process.js";
import { runMeasured } from "./lib/measured-process.js";
import type { BenchRow } from "./tickets-export.js";

/** The goal of issue #23 point 10: sync within 1.25 × (read to a file + DuckDB's own JSON load). */
export const SYNC_GOAL = 1.25;

export interface WarehouseLoadRun {
  chats: number;
  records: number;
  readMs: number;
  duckdbLoadMs: number;
  syncMs: number;
  syncPeakRssMb: number;
  rows: number;
}

const fmt = (n: number) => n.toLocaleString("en");

/** `node dist/main.js read …` with stdout to `file`; wall ms. */
async function readToFile(args: string[], env: Record<string, string>, file: string): Promise<number> {
  const fd = openSync(file, "w");
  const started = performance.now();
  try {
    const child = spawn(process.execPath, args, {
      env: { ...process.env, ...env },
      stdio: ["ignore", fd, "pipe"],
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
    if (code !== 0) throw new Error(`read exited ${code}: ${stderr}`);
    return performance.now() - started;
  } finally {
    closeSync(fd);
  }
}

/** The RECORD lines of a read's output, one NDJSON file of `data` per stream (not timed). */
async function splitByStream(
  output: string,
  dir: string,
): Promise<{ files: Map<string, string>; records: number }> {
  mkdirSync(dir, { recursive: true });
  const fds = new Map<string, number>();
  const files = new Map<string, string>();
  let records = 0;
  const lines = createInterface({ input: createReadStream(output), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of lines) {
    if (!line.startsWith('{"type":"RECORD"')) continue;
    const record = JSON.parse(line).record;
    let fd = fds.get(record.stream);
    if (fd === undefined) {
      const file = join(dir, `${record.stream}.ndjson`);
      fd = openSync(file, "w");
      fds.set(record.stream, fd);
      files.set(record.stream, file);
    }
    writeSync(fd, `${JSON.stringify(record.data)}\n`);
    records++;
  }
  for (const fd of fds.values()) closeSync(fd);
  return { files, records };
}

/** DuckDB's own load: read_json_auto of each stream's file into a table of a fresh file; wall ms. */
async function duckdbLoad(files: Map<string, string>, db: string): Promise<number> {
  rmSync(db, { force: true });
  const started = performance.now();
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    for (const [stream, file] of files) {
      await connection.run(
        `CREATE TABLE "${stream}" AS SELECT * FROM read_json_auto('${file.replaceAll("'", "''")}')`,
      );
    }
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return performance.now() - started;
}

/** Side-by-side runs at each size (`repeats` each, order alternated), as bench rows. */
export async function warehouseLoadBench(
  work: WorkDir,
  sizes: number[],
  repeats: number,
  log: (text: string) => void,
): Promise<{ rows: BenchRow[]; details: Record<string, unknown> }> {
  const rows: BenchRow[] = [];
  const runs: WarehouseLoadRun[] = [];
  const peaks = new Map<number, number>();
  for (const chats of sizes) {
    const emulator = await startEmulatorProcess({ chats, cacheBodies: true });
    try {
      await emulator.warm(chatsExportPath());
      await emulator.warm(timelineExportPath());
      const env = { ZENDESK_CHAT_BASE_URL: emulator.baseUrl, NODE_OPTIONS: "" };
      const config = work.write(`config-warehouse-${chats}.json`, benchConfig(10_000));
      const catalog = work.write(
        `catalog-warehouse-${chats}.json`,
        await discoveredCatalog(config, emulator.baseUrl),
      );
      const output = work.file(`read-${chats}.jsonl`);
      const db = work.file(`sync-${chats}.duckdb`);
      const floorDb = work.file(`floor-${chats}.duckdb`);
      const sized: WarehouseLoadRun[] = [];
      for (let r = 0; r < repeats; r++) {
        const floor = async () => {
          const readMs = await readToFile(
            [CONNECTOR_MAIN, "read", "--config", config, "--catalog", catalog],
            env,
            output,
          );
          const split = await splitByStream(output, work.file(`streams-${chats}`));
          const duckdbLoadMs = await duckdbLoad(split.files, floorDb);
          return { readMs, duckdbLoadMs, records: split.records };
        };
        const sync = async () => {
          rmSync(db, { force: true });
          const run = await runMeasured(
            [CONNECTOR_MAIN, "sync", "--config", config, "--to", `duckdb:${db}`],
            env,
          );
          if (run.exitCode !== 0) throw new Error(`sync exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
          const rowsIn = /rows in table\n([\s\S]*)$/.exec(run.stderr)?.[1] ?? "";
          const rowCount = [...rowsIn.matchAll(/^\[sync\]\s+\S+\s+\d+\s+(\d+)\s*$/gm)].reduce(
            (sum, m) => sum + Number(m[1]),
            0,
          );
          return { syncMs: run.wallMs, syncPeakRssMb: (run.peakRssKb ?? Number.NaN) / 1024, rows: rowCount };
        };
        // Alternate which side goes first, so drift on a shared machine hits both alike.
        let f: Awaited<ReturnType<typeof floor>>;
        let s: Awaited<ReturnType<typeof sync>>;
        if (r % 2 === 0) {
          f = await floor();
          s = await sync();
        } else {
          s = await sync();
          f = await floor();
        }
        const run: WarehouseLoadRun = {
          chats,
          records: f.records,
          readMs: Math.round(f.readMs),
          duckdbLoadMs: Math.round(f.duckdbLoadMs),
          syncMs: Math.round(s.syncMs),
          syncPeakRssMb: Number(s.syncPeakRssMb.toFixed(1)),
          rows: s.rows,
        };
        log(
          `warehouse ${fmt(chats)} chats run ${r + 1}/${repeats}: ${fmt(run.records)} records; read to a file ${run.readMs} ms + DuckDB read_json_auto ${run.duckdbLoadMs} ms; sync --to duckdb: ${run.syncMs} ms (peak RSS ${run.syncPeakRssMb} MB, ${fmt(run.rows)} rows)`,
        );
        sized.push(run);
        runs.push(run);
      }
      const floorMs = Math.min(...sized.map((r) => r.readMs + r.duckdbLoadMs));
      const syncMs = Math.min(...sized.map((r) => r.syncMs));
      const ratio = syncMs / floorMs;
      const first = sized[0] as WarehouseLoadRun;
      rows.push({
        metric: `sync --to duckdb:, ${fmt(chats)} chats, every Chat stream (${fmt(first.records)} records; wall s, best of ${sized.length})`,
        connector: (syncMs / 1000).toFixed(2),
        reference: `read to a file + DuckDB read_json_auto ${(floorMs / 1000).toFixed(2)}`,
        ratio: Number(ratio.toFixed(2)),
        goal: `≤ ${SYNC_GOAL.toFixed(2)}`,
        pass: ratio <= SYNC_GOAL,
      });
      peaks.set(chats, Math.max(...sized.map((r) => r.syncPeakRssMb)));
    } finally {
      await emulator.stop();
    }
  }
  const smallest = Math.min(...sizes);
  const largest = Math.max(...sizes);
  if (largest > smallest) {
    const low = peaks.get(smallest) as number;
    const high = peaks.get(largest) as number;
    rows.push({
      metric: `  same, peak RSS of the sync process, ${fmt(largest)} vs ${fmt(smallest)} chats (MB)`,
      connector: high.toFixed(1),
      reference: low.toFixed(1),
      ratio: Number((high / low).toFixed(2)),
      goal: "info (flat: records spooled to disk)",
      pass: null,
    });
  }
  return { rows, details: { sizes, repeats, runs } };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const sizes = process.argv.slice(2).map(Number);
  const work = new WorkDir();
  warehouseLoadBench(work, sizes.length > 0 ? sizes : [20_000], 1, (text) =>
    process.stderr.write(`${text}\n`),
  )
    .then(({ rows }) => {
      for (const row of rows)
        process.stdout.write(
          `${row.metric}: ${row.connector} vs ${row.reference}; ratio ${row.ratio} (goal ${row.goal})\n`,
        );
    })
    .catch((error: unknown) => {
      process.stderr.write(
        `warehouse-load failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    })
    .finally(() => work.remove());
}
