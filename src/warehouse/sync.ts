import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { configSecrets, parseConfig } from "../connector/config.js";
import { discover, requireSupportBlock } from "../connector/connector.js";
import { ConfigError } from "../protocol/errors.js";
import { configureCatalog, readJsonFile } from "../protocol/input-files.js";
import { registerSecret } from "../protocol/redact.js";
import { takeOverStopSignals } from "../protocol/shutdown.js";
import { checkAccount } from "./account.js";
import { createConversationViews } from "./conversations.js";
import { cursorColumn, SYNCS_TABLE, Warehouse } from "./db.js";
import { LineSplitter, lineText, type OnLine } from "./lines.js";
import { LoadQueue, Pause } from "./load-queue.js";
import { type ProgressDisplay, startProgress, summaryText } from "./progress.js";
import { recordLine } from "./record-line.js";
import { planStream, type StreamPlan } from "./stream-plan.js";

/** The connector's own entry point: `sync` runs its `read` and loads what it prints. */
const CONNECTOR_MAIN = fileURLToPath(new URL("../main.js", import.meta.url));

export interface SyncOptions {
  config: string;
  to: string;
  streams?: string[];
  fullRefresh?: boolean;
  /** Seconds between progress lines when stderr is not a terminal (default 5). */
  progressEvery?: number;
}

export interface SyncSummary {
  ok: boolean;
  /** The signal that stopped the sync (CTRL-C is SIGINT), if one did. */
  interrupted?: "SIGINT" | "SIGTERM";
  seconds: number;
  records: Record<string, number>;
  tables: Record<string, number>;
  checkpoints: number;
  errors: string[];
}

/** `--to duckdb:path/to/file.duckdb` → the file's path. */
export function duckdbPath(to: string): string {
  const match = /^duckdb:(.+)$/.exec(to);
  if (!match?.[1])
    throw new ConfigError(`--to must be duckdb:<path>, e.g. duckdb:zendesk.duckdb (got '${to}').`);
  return match[1];
}

// biome-ignore lint/suspicious/noExplicitAny: Airbyte messages, read by type.
type Message = any;

/**
 * Runs the connector's read and loads every selected stream into a DuckDB file. Incremental streams
 * are merged on their primary key at each STATE message, together with that state, in one
 * transaction; full-refresh streams are loaded into a staging table that replaces the table in one
 * transaction once the stream is complete. A sync that fails or is killed leaves the last committed
 * data and state, which the next sync resumes from.
 */
export async function runSync(options: SyncOptions): Promise<SyncSummary> {
  // Lines of their own; once the read runs, they go through the progress display (above its live line).
  let log = (line: string) => {
    process.stderr.write(`${line}\n`);
  };
  const started = Date.now();
  const path = duckdbPath(options.to);
  // The config's streams: Chat's, and Support's when it has a `support` block (an invalid config
  // stops here with the read's own one-line message).
  const raw = readJsonFile(options.config, "config");
  for (const secret of configSecrets(raw)) registerSecret(secret);
  const config = parseConfig(raw);
  requireSupportBlock(config, options.streams ?? [], {
    config: options.config,
    otherwise: "leave it out of --streams",
  });
  const configured = configureCatalog(discover(config), { streams: options.streams });
  const warehouse = await Warehouse.open(path);
  const work = mkdtempSync(join(tmpdir(), "zendesk-chat-sync-"));
  const errors: string[] = [];
  let checkpoints = 0;
  const plans = new Map<string, StreamPlan>();
  // CTRL-C (SIGINT) or SIGTERM: the read is asked to stop (it flushes what it has), what was
  // committed stays, the sync is logged as interrupted, the temp folder is removed. A second signal
  // ends the read at once.
  let interrupted: "SIGINT" | "SIGTERM" | undefined;
  let child: ChildProcess | undefined;
  // The live display, once the read runs; stopped (the terminal's cursor back) however the sync ends.
  let progress: ProgressDisplay | undefined;
  const plainLog = log;
  const stopProgress = () => {
    progress?.stop();
    progress = undefined;
    log = plainLog;
  };
  const releaseSignals = takeOverStopSignals((signal) => {
    if (interrupted) {
      child?.kill("SIGKILL");
      return;
    }
    interrupted = signal;
    child?.kill(signal);
  });
  try {
    await warehouse.tuneForLoading();
    await warehouse.init();
    // Rows a killed sync appended but did not de-duplicate: done first, so the file is whole again
    // even if this sync fails.
    const leftOver = await warehouse.settle();
    if (leftOver.length > 0)
      log(`[sync] the last sync was stopped before it de-duplicated ${leftOver.join(", ")}: done now`);
    await checkAccount(
      warehouse,
      path,
      config.subdomain,
      config.support ? config.subdomain : undefined,
      options,
    );
    const stored = options.fullRefresh ? new Map<string, unknown>() : await warehouse.states();
    const states: unknown[] = [];
    for (const configuredStream of configured.streams) {
      const plan = planStream(configuredStream, options.fullRefresh === true, work, plans.size);
      plans.set(plan.spec.stream, plan);
      const state = stored.get(plan.spec.stream);
      // A state without its table (the table was dropped) would skip the data: start over instead.
      if (plan.mode === "dedup" && state !== undefined && (await warehouse.tableExists(plan.spec.stream))) {
        states.push(state);
      }
    }
    const catalogPath = join(work, "configured_catalog.json");
    writeFileSync(catalogPath, JSON.stringify(configured));
    const args = [CONNECTOR_MAIN, "read", "--config", options.config, "--catalog", catalogPath];
    if (states.length > 0) {
      const statePath = join(work, "state.json");
      writeFileSync(statePath, JSON.stringify(states));
      args.push("--state", statePath);
    }
    const planned = [...plans.values()];
    const resumed = planned.filter(
      (p) => p.mode === "dedup" && states.some((s) => stateName(s) === p.spec.stream),
    ).length;
    const firstSync = planned.filter((p) => p.mode === "dedup").length - resumed;
    const replaced = planned.length - resumed - firstSync;
    log(
      `[sync] ${path}: ${planned.length} streams (${[
        resumed ? `${resumed} incremental from the saved state` : "",
        firstSync ? `${firstSync} incremental, first sync` : "",
        replaced ? `${replaced} read in full and replaced` : "",
      ]
        .filter(Boolean)
        .join(", ")})`,
    );

    if (interrupted) throw new Interrupted();
    const read = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"], env: process.env });
    child = read;
    let childStderr = "";
    read.stderr.on("data", (chunk: Buffer) => {
      childStderr = (childStderr + chunk.toString()).slice(-4000);
    });
    const exited = new Promise<number | null>((resolve) => read.on("close", (code) => resolve(code)));

    let waitingUntil: number | undefined;
    progress = startProgress(
      {
        streams: () =>
          [...plans.values()].map((p) => ({
            name: p.spec.stream,
            received: p.received,
            ...(p.mode === "dedup" ? { saved: p.saved } : {}),
            estimate: p.estimate,
            status: p.status,
          })),
        waitingUntil: () => waitingUntil,
      },
      {
        tty: process.stderr.isTTY === true,
        everyMs: (options.progressEvery ?? 5) * 1000,
        started,
        write: (text) => process.stderr.write(text),
      },
    );
    const live = progress;
    log = (line) => live.log(line);

    const stage = async (plan: StreamPlan) => {
      if (!plan.stagingReady) {
        await warehouse.createStaging(plan.spec);
        plan.stagingReady = true;
      }
    };
    /** A full-refresh stream, complete: the rest of its records, one row per key, in place of its table. */
    const swap = async (plan: StreamPlan) => {
      const file = plan.spool.take();
      const state = plan.pendingState;
      await warehouse.transaction(async () => {
        await stage(plan);
        const staging = warehouse.stagingName(plan.spec.stream);
        await warehouse.append(staging, plan.spec, file);
        await warehouse.deduplicate(staging, plan.spec.primaryKey, cursorColumn(plan.spec));
        await warehouse.swapIn(plan.spec);
        if (state !== undefined) await warehouse.saveState(plan.spec.stream, state);
        else await warehouse.deleteState(plan.spec.stream);
      });
      plan.done = true;
      checkpoints++;
    };
    /**
     * Commits, in one transaction, what each stream's spool holds now with its newest STATE (none
     * for the records after a stream's last STATE): incremental streams' records are appended and
     * their tables noted as holding rows to de-duplicate, which settle() does once the read ends;
     * full-refresh streams' records go to their staging tables.
     */
    const commit = async (streams: StreamPlan[], withState: boolean) => {
      const taken = streams
        .filter((plan) => !plan.done)
        // The state is taken with the records: a STATE read while DuckDB loads them belongs to the next file.
        .map((plan) => ({
          plan,
          records: plan.spool.count,
          file: plan.spool.take(),
          state: withState ? plan.pendingState : undefined,
        }));
      if (taken.length === 0) return;
      await warehouse.transaction(async () => {
        for (const { plan, file, state } of taken) {
          if (plan.mode === "replace") {
            await stage(plan);
            await warehouse.append(warehouse.stagingName(plan.spec.stream), plan.spec, file);
            continue;
          }
          await warehouse.ensureTable(plan.spec.stream, plan.spec);
          if (file) await warehouse.noteUnmerged(plan.spec.stream, plan.spec, file.earliest);
          await warehouse.append(plan.spec.stream, plan.spec, file);
          if (state !== undefined) await warehouse.saveState(plan.spec.stream, state);
        }
      });
      for (const { plan, records } of taken) {
        if (plan.mode === "replace") continue;
        if (withState) checkpoints++;
        plan.saved += records;
      }
    };
    // The streams with a STATE not yet committed, and the round of commits that will take them. A
    // COMMIT costs DuckDB a write of its log whatever its size, so rounds are ROUND_MS apart at
    // least while the read runs: the STATEs of every stream that arrive meanwhile share one.
    const unsaved = new Set<StreamPlan>();
    let roundQueued = false;
    let lastRound = 0;
    const pause = new Pause();
    const round = async () => {
      await pause.for(lastRound + ROUND_MS - Date.now());
      roundQueued = false;
      const streams = [...unsaved];
      unsaved.clear();
      await commit(streams, true);
      lastRound = Date.now();
    };
    // Each job takes its records' file when it starts: the records after that go to the next file.
    const loads = new LoadQueue();

    /** A line other than a RECORD in the writer's shape. */
    const onMessage = (line: string): void => {
      let message: Message;
      try {
        message = JSON.parse(line);
      } catch {
        errors.push(`The connector printed a line that is not JSON: ${line.slice(0, 200)}`);
        return;
      }
      if (message.type === "RECORD") {
        const plan = plans.get(message.record.stream);
        if (!plan) return;
        plan.spool.add(JSON.stringify(message.record.data), message.record.emitted_at);
        plan.received++;
        if (plan.status === "pending") plan.status = "running";
      } else if (message.type === "STATE") {
        const name = stateName(message.state);
        const plan = name === undefined ? undefined : plans.get(name);
        if (!plan) {
          log(
            `[sync] WARN a ${message.state?.type ?? "legacy"} STATE message that names no selected stream was ignored`,
          );
          return;
        }
        plan.pendingState = { type: "STREAM", stream: message.state.stream };
        unsaved.add(plan);
        if (!roundQueued) {
          roundQueued = true;
          loads.add(round);
        }
      } else if (message.type === "TRACE") {
        const trace = message.trace;
        if (trace.type === "STREAM_STATUS") {
          const plan = plans.get(trace.stream_status?.stream_descriptor?.name);
          const status = trace.stream_status.status;
          if (plan && (status === "STARTED" || status === "RUNNING") && plan.status === "pending")
            plan.status = "running";
          if (plan && status === "COMPLETE") {
            if (plan.mode === "replace") loads.add(() => swap(plan));
            plan.status = "complete";
          }
          if (plan && status === "INCOMPLETE") {
            plan.failed = true;
            plan.status = "incomplete";
          }
        } else if (trace.type === "ESTIMATE") {
          const plan = plans.get(trace.estimate?.name);
          if (plan && typeof trace.estimate.row_estimate === "number")
            plan.estimate = trace.estimate.row_estimate;
        } else if (trace.type === "ERROR") {
          // The read's own "Stopped by SIGINT" is said once, below, in a person's words.
          if (interrupted) return;
          const stream = trace.error.stream_descriptor?.name;
          const plan = stream ? plans.get(stream) : undefined;
          if (plan) plan.failed = true;
          errors.push(`${stream ? `${stream}: ` : ""}${trace.error.message}`);
          log(`[sync] ERROR ${stream ? `${stream}: ` : ""}${trace.error.message}`);
        }
      } else if (message.type === "LOG" && ["WARN", "ERROR", "FATAL"].includes(message.log.level)) {
        // The connector's "Rate limited (429) …; waiting N ms": the display counts the wait down.
        const wait = /^Rate limited \(429\).*?waiting (\d+) ms/.exec(message.log.message);
        if (wait) waitingUntil = Date.now() + Number(wait[1]);
        log(`[sync] ${message.log.level} ${message.log.message}`);
      } else if (message.type === "CONTROL" && message.control?.type === "CONNECTOR_CONFIG") {
        // A rotated refresh token: the old one no longer works, so the config file gets the new one.
        const next = `${options.config}.${process.pid}.tmp`;
        writeFileSync(next, `${JSON.stringify(message.control.connectorConfig.config, null, 2)}\n`);
        renameSync(next, options.config);
        log(`[sync] the connector refreshed its credentials; ${options.config} was updated`);
      }
    };
    const onLine: OnLine = (bytes, start, end) => {
      if (start === end) return;
      const record = recordLine(bytes, start, end);
      if (!record) {
        onMessage(lineText(bytes, start, end));
        return;
      }
      const plan = plans.get(record.stream);
      if (!plan) return;
      plan.spool.addLine(bytes, start, end, record.emittedAt);
      plan.received++;
      if (plan.status === "pending") plan.status = "running";
    };

    const lines = new LineSplitter();
    try {
      for await (const chunk of read.stdout as AsyncIterable<Buffer>) {
        // A failed load: stop reading (drain() throws its error), nothing more can be committed.
        if (loads.failed) await loads.drain();
        lines.push(chunk, onLine);
      }
      lines.end(onLine);
      // The read has ended: what is left is committed without waiting.
      pause.end();
      await warehouse.useAllCores();
      await loads.drain();
    } catch (error) {
      // DuckDB failed to load a checkpoint: nothing more can be saved, so the read stops too.
      read.kill("SIGKILL");
      throw error;
    }
    const exitCode = await exited;
    stopProgress();
    const ok = exitCode === 0 && errors.length === 0 && !interrupted;
    if (exitCode !== 0 && errors.length === 0 && !interrupted) {
      errors.push(
        `the connector's read exited with ${exitCode}: ${childStderr.trim().split("\n").at(-1) ?? ""}`,
      );
    }
    for (const plan of plans.values()) {
      if (plan.mode === "replace" && !plan.done) {
        if (ok || (exitCode === 0 && !plan.failed)) await swap(plan);
        else if (plan.stagingReady)
          await warehouse.connection.run(`DROP TABLE IF EXISTS "${warehouse.stagingName(plan.spec.stream)}"`);
      } else if (plan.mode === "dedup" && plan.spool.count > 0 && exitCode === 0 && !plan.failed) {
        // Records after the stream's last STATE, at the end of a successful read: keeping them is safe.
        await commit([plan], false);
      }
    }
    // One row per key again in every table a checkpoint appended to (failed or interrupted syncs too:
    // what they committed is kept).
    await warehouse.settle();
    // The conversation views over whatever tables the file holds now, every table loaded (README "Conversations").
    await createConversationViews(warehouse).catch((error: unknown) => {
      log(
        `[sync] WARN the conversations views could not be built: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    const tables: Record<string, number> = {};
    for (const name of plans.keys()) {
      if (await warehouse.tableExists(name)) tables[name] = await warehouse.count(name);
    }
    const records = Object.fromEntries([...plans.values()].map((p) => [p.spec.stream, p.received]));
    const seconds = (Date.now() - started) / 1000;
    await warehouse.connection.run(
      `INSERT INTO ${SYNCS_TABLE} VALUES (make_timestamptz(CAST(? AS BIGINT) * 1000), now(), ?, CAST(? AS JSON), CAST(? AS JSON), ?)`,
      [
        started,
        ok ? "succeeded" : interrupted ? "interrupted" : "failed",
        JSON.stringify([...plans.keys()]),
        JSON.stringify(tables),
        errors.join("; "),
      ],
    );
    log(summaryText({ ok, interrupted, seconds, checkpoints, path, records, tables }));
    return { ok, interrupted, seconds, records, tables, checkpoints, errors };
  } catch (error) {
    if (!(error instanceof Interrupted)) throw error;
    log(
      `[sync] Interrupted (${interrupted === "SIGINT" ? "CTRL-C" : interrupted}) before the read started: nothing was read; ${path} is as it was.`,
    );
    return {
      ok: false,
      interrupted,
      seconds: (Date.now() - started) / 1000,
      records: {},
      tables: {},
      checkpoints,
      errors,
    };
  } finally {
    stopProgress();
    releaseSignals();
    for (const plan of plans.values()) plan.spool.close();
    warehouse.close();
    rmSync(work, { recursive: true, force: true });
  }
}

/** The least time between two rounds of commits while the read runs (ms). */
const ROUND_MS = 1000;

/** A signal arrived before the read started. */
class Interrupted extends Error {}

function stateName(state: Message): string | undefined {
  return state?.type === "STREAM" ? state.stream?.stream_descriptor?.name : undefined;
}
