import { ensure, fail, Problems, SkipCheck, short } from "./assert.js";
import { multisetDiff } from "./basic-read.js";
import {
  type ConfiguredCatalog,
  canonical,
  cursorFieldOf,
  incrementalFromDiscovered,
  incrementalOnly,
  latestStreamStates,
  onlyStream,
  primaryKeyOf,
} from "./catalog.js";
import { type Check, entryLabel } from "./check.js";
import type { IncrementalTestConfig } from "./config.js";
import { type Message, type RecordEntry, type RunResult, runSummary } from "./connector.js";
import type { AcceptanceContext } from "./context.js";
import { compareCursors, getPath, stateCursor } from "./cursor.js";

// TestIncremental of CAT (two sequential reads, sequential slices, abnormally large state), plus
// the checks CAT's older versions made with cursor_paths: no record older than the state it was read
// from, and states that never go backwards.

export const SAMPLE_STATE_PATH = "integration_tests/sample_state.json";

interface Incremental {
  catalog: ConfiguredCatalog;
  config: Record<string, unknown>;
  cursors: Map<string, string[]>;
  first: RunResult;
}

function incrementalCatalog(ctx: AcceptanceContext, test: IncrementalTestConfig): Promise<ConfiguredCatalog> {
  return (async () => {
    const catalog = test.configured_catalog_path
      ? incrementalOnly(ctx.readJson(test.configured_catalog_path))
      : incrementalFromDiscovered(await ctx.discoveredStreams(test.config_path ?? "secrets/config.json"));
    if (catalog.streams.length === 0) fail("the catalog has no incremental stream");
    return catalog;
  })();
}

function firstRead(ctx: AcceptanceContext, test: IncrementalTestConfig, key: string): Promise<Incremental> {
  return ctx.memo(`incremental:${key}`, async () => {
    const catalog = await incrementalCatalog(ctx, test);
    const cursors = new Map<string, string[]>();
    for (const entry of catalog.streams) {
      const cursor = cursorFieldOf(entry);
      if (!cursor)
        fail(`${entry.stream.name} is incremental but has neither cursor_field nor default_cursor_field`);
      cursors.set(entry.stream.name, cursor);
    }
    const config = ctx.readConnectorConfig(test.config_path ?? "secrets/config.json");
    const first = await ctx.run("read", { config, catalog }, { timeoutSeconds: test.timeout_seconds });
    ensure(first.exitCode === 0, () => `the first incremental read failed: ${runSummary(first)}`);
    return { catalog, config, cursors, first };
  });
}

/** Records whose cursor is older than the state cursor they were read from. */
function olderThanState(
  run: RunResult,
  states: Message[],
  cursors: Map<string, string[]>,
  problems: Problems,
  source: string,
): void {
  for (const state of states) {
    const name = state.stream?.stream_descriptor?.name;
    const field = cursors.get(name);
    if (!field) continue;
    const from = stateCursor(state.stream.stream_state, field);
    if (from === undefined) {
      problems.add(
        `${name}: the state ${short(state.stream.stream_state)} has no '${field.join(".")}' value`,
      );
      continue;
    }
    const records = run.records(name);
    const order = new Map(records.map((r) => [r, compareCursors(getPath(r.data, field), from)]));
    const older = records.filter((r) => (order.get(r) ?? 0) < 0);
    const incomparable = records.filter((r) => order.get(r) === undefined);
    const example = (r: RecordEntry) =>
      `stdout line ${r.line}: ${field.join(".")} ${short(getPath(r.data, field))}`;
    if (incomparable[0])
      problems.add(
        `${name}: ${incomparable.length} record cursors cannot be compared with the ${source} ${short(from)} (first: ${example(incomparable[0])})`,
      );
    if (older[0])
      problems.add(
        `${name}: ${older.length} of ${records.length} records are older than the ${source} ${short(from)} (first: ${example(older[0])})`,
      );
  }
}

/** Consecutive states of each stream must not go backwards (nor behind `after`, the input state). */
function monotonic(
  run: RunResult,
  cursors: Map<string, string[]>,
  problems: Problems,
  after: Message[] = [],
): void {
  for (const [name, field] of cursors) {
    const inputs = after.filter((s) => s.stream?.stream_descriptor?.name === name);
    const sequence = [...inputs, ...run.states(name)].map((s) => stateCursor(s.stream?.stream_state, field));
    for (let i = 1; i < sequence.length; i += 1) {
      const previous = sequence[i - 1];
      const current = sequence[i];
      if (previous === undefined || current === undefined) continue;
      const order = compareCursors(current, previous);
      if (order === undefined)
        problems.add(`${name}: cannot compare states ${short(previous)} and ${short(current)}`);
      else if (order < 0)
        problems.add(
          `${name}: state went backwards: ${field.join(".")} ${short(previous)} then ${short(current)}${i - 1 < inputs.length ? " (the input state)" : ""}`,
        );
    }
  }
}

function checkStateShape(states: Message[], problems: Problems): void {
  for (const state of states) {
    if (state.type !== "STREAM")
      problems.add(`a ${state.type ?? "LEGACY"} state (expected STREAM): ${short(state, 160)}`);
    if (typeof state.sourceStats?.recordCount !== "number")
      problems.add(`a state without sourceStats.recordCount: ${short(state, 160)}`);
  }
}

/** Whether two reads returned the same records (as multisets, emitted_at aside), and some. */
function sameRecords(a: RecordEntry[], b: RecordEntry[]): boolean {
  const key = (r: RecordEntry) => `${r.stream}\u0000${canonical(r.data)}`;
  const diff = multisetDiff(a.map(key), b.map(key));
  return a.length > 0 && diff.missing.length === 0 && diff.extra.length === 0;
}

/** A record's identity: its primary key when the stream has one, otherwise the whole record. */
function identityOf(entry: ConfiguredCatalog["streams"][number]): (data: Record<string, unknown>) => string {
  const pk = primaryKeyOf(entry);
  return (data) => (pk ? canonical(pk.map((path) => getPath(data, path))) : canonical(data));
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      out[index] = await fn(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

export function incrementalChecks(tests: IncrementalTestConfig[]): Check[] {
  const checks: Check[] = [];
  tests.forEach((test, index) => {
    const label = entryLabel("incremental", index, tests.length);
    const key = String(index);
    const read1 = (ctx: AcceptanceContext) => firstRead(ctx, test, key);
    checks.push(
      {
        name: `${label}: the first read returns records and per-stream states`,
        async run(ctx) {
          const { first, catalog } = await read1(ctx);
          ensure(first.records().length > 0, "the first incremental read returned no records");
          ensure(first.states().length > 0, "the first incremental read returned no STATE");
          const problems = new Problems();
          checkStateShape(first.states(), problems);
          for (const entry of catalog.streams) {
            if (first.states(entry.stream.name).length === 0) problems.add(`${entry.stream.name}: no STATE`);
          }
          problems.throwIfAny("state problems in the first read");
        },
      },
      {
        name: `${label}: states never go backwards`,
        async run(ctx) {
          const { first, cursors } = await read1(ctx);
          const problems = new Problems();
          monotonic(first, cursors, problems);
          problems.throwIfAny("non-monotonic states");
        },
      },
      {
        name: `${label}: a read from the final state returns no record older than it, and not read 1 again`,
        async run(ctx) {
          const { first, catalog, config, cursors } = await read1(ctx);
          const state = latestStreamStates(first.states());
          ensure(state.length > 0, "the first read returned no STATE");
          const second = await ctx.run(
            "read",
            { config, catalog, state },
            { timeoutSeconds: test.timeout_seconds },
          );
          ensure(second.exitCode === 0, () => `the read from state failed: ${runSummary(second)}`);
          const problems = new Problems();
          olderThanState(second, state, cursors, problems, "state");
          monotonic(second, cursors, problems, state);
          checkStateShape(second.states(), problems);
          if (sameRecords(first.records(), second.records()))
            problems.add(
              `the read from the final state returned exactly the records of read 1 (${first.records().length}): the state is not used`,
            );
          problems.throwIfAny("problems reading from the final state");
        },
      },
      {
        name: `${label}: replaying each checkpoint of read 1 uses its state and never skips records`,
        async run(ctx) {
          if (test.skip_comprehensive_incremental_tests)
            throw new SkipCheck("skip_comprehensive_incremental_tests: true");
          const { first, catalog, config, cursors } = await read1(ctx);
          const problems = new Problems();
          const jobs: Array<{
            name: string;
            state: Message;
            remaining: Set<string>;
            count: number;
            position: number;
          }> = [];
          for (const entry of catalog.streams) {
            const name = entry.stream.name;
            const identity = identityOf(entry);
            // Collapse consecutive identical states (summing their counts), drop those with no records.
            const checkpoints: Array<{ state: Message; count: number; line: number }> = [];
            for (const line of first.lines) {
              const m = line.message;
              if (line.error || m?.type !== "STATE" || m.state.stream?.stream_descriptor?.name !== name)
                continue;
              const count = Number(m.state.sourceStats?.recordCount ?? 0);
              const last = checkpoints.at(-1);
              if (
                last &&
                canonical(last.state.stream.stream_state) === canonical(m.state.stream.stream_state)
              ) {
                last.count += count;
                last.line = line.index;
              } else checkpoints.push({ state: m.state, count, line: line.index });
            }
            const useful = checkpoints.filter((c) => c.count > 0);
            const records = first.records(name);
            if (records.length > 0 && useful.length === 0) {
              problems.add(
                `${name}: no STATE with sourceStats.recordCount > 0 (CAT cannot replay checkpoints)`,
              );
              continue;
            }
            let consumed = 0;
            for (const checkpoint of useful) {
              consumed += checkpoint.count;
              const after = records.filter((r) => r.line - 1 > checkpoint.line).map((r) => identity(r.data));
              jobs.push({
                name,
                state: checkpoint.state,
                remaining: new Set(after),
                count: Math.max(0, records.length - consumed),
                position: checkpoint.line + 1,
              });
            }
          }
          await mapLimit(jobs, 2, async (job) => {
            const entry = catalog.streams.find((s) => s.stream.name === job.name);
            if (!entry) return;
            const identity = identityOf(entry);
            const state = [{ type: "STREAM", stream: job.state.stream }];
            const where = `${job.name} from the checkpoint ${short(job.state.stream.stream_state)} (stdout line ${job.position})`;
            const run = await ctx.run(
              "read",
              { config, catalog: onlyStream(catalog, job.name), state },
              {
                timeoutSeconds: test.timeout_seconds,
              },
            );
            if (run.exitCode !== 0) {
              problems.add(`${where}: ${runSummary(run)}`);
              return;
            }
            const got = run.records(job.name);
            const ids = new Set(got.map((r) => identity(r.data)));
            const skipped = [...job.remaining].filter((id) => !ids.has(id));
            if (got.length < job.count || skipped.length > 0)
              problems.add(
                `${where}: ${got.length} records, expected at least ${job.count}${
                  skipped.length
                    ? `; ${skipped.length} records read after that checkpoint are missing (e.g. ${short(skipped[0])})`
                    : ""
                }`,
              );
            // Proof that the state was used. As CAT asserts, the replay is not read 1 of the stream
            // all over again (a connector that ignores --state) …
            if (sameRecords(first.records(job.name), got)) {
              problems.add(
                `${where}: returned exactly the ${got.length} records of read 1: the state is not used`,
              );
              return;
            }
            // … and nothing older than the checkpoint's cursor comes back (one that rewinds it).
            olderThanState(run, [job.state], cursors, problems, `checkpoint (stdout line ${job.position})`);
          });
          problems.throwIfAny("reads from intermediate states do not resume where they should", 20);
        },
      },
      {
        name: `${label}: a read from ${test.future_state?.future_state_path ?? "an abnormally large state"} returns no records and ≥ 1 STATE`,
        async run(ctx) {
          const future = test.future_state;
          if (!future?.future_state_path)
            throw new SkipCheck(future?.bypass_reason ?? "future_state is not configured");
          const state = ctx.readJson(future.future_state_path);
          ensure(
            Array.isArray(state),
            `${future.future_state_path} must be a JSON list of per-stream states`,
          );
          const { catalog, config, cursors } = await read1(ctx);
          const named = new Set(state.map((s: Message) => s?.stream?.stream_descriptor?.name));
          const missing = new Set((future.missing_streams ?? []).map((s) => s.name));
          const problems = new Problems();
          for (const entry of catalog.streams) {
            if (!named.has(entry.stream.name) && !missing.has(entry.stream.name))
              problems.add(
                `${entry.stream.name} is neither in ${future.future_state_path} nor in missing_streams`,
              );
          }
          const run = await ctx.run(
            "read",
            { config, catalog, state },
            { timeoutSeconds: test.timeout_seconds },
          );
          if (run.exitCode !== 0) problems.add(`the read failed: ${runSummary(run)}`);
          const records = run.records();
          if (records.length > 0)
            problems.add(
              `${records.length} records returned, e.g. ${records[0]?.stream} ${short(records[0]?.data, 160)}`,
            );
          if (run.states().length === 0) problems.add("no STATE message");
          checkStateShape(run.states(), problems);
          monotonic(run, cursors, problems, state);
          problems.throwIfAny(`problems reading from ${future.future_state_path}`);
        },
      },
      {
        name: `${label}: a read from ${SAMPLE_STATE_PATH} returns no record older than its cursors`,
        async run(ctx) {
          if (!ctx.exists(SAMPLE_STATE_PATH)) throw new SkipCheck(`no ${SAMPLE_STATE_PATH}`);
          const state = ctx.readJson(SAMPLE_STATE_PATH);
          ensure(Array.isArray(state), `${SAMPLE_STATE_PATH} must be a JSON list of per-stream states`);
          const { catalog, config, cursors } = await read1(ctx);
          const run = await ctx.run(
            "read",
            { config, catalog, state },
            { timeoutSeconds: test.timeout_seconds },
          );
          ensure(run.exitCode === 0, () => `the read from ${SAMPLE_STATE_PATH} failed: ${runSummary(run)}`);
          const problems = new Problems();
          olderThanState(run, state, cursors, problems, "sample state");
          monotonic(run, cursors, problems, state);
          checkStateShape(run.states(), problems);
          problems.throwIfAny(`problems reading from ${SAMPLE_STATE_PATH}`);
        },
      },
    );
  });
  return checks;
}
