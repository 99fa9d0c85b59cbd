import { ensure, Problems, SkipCheck, short } from "./assert.js";
import {
  type ConfiguredCatalog,
  canonical,
  deleteFieldPath,
  fullRefreshCatalog,
  primaryKeyOf,
} from "./catalog.js";
import { type Check, entryLabel } from "./check.js";
import type { BasicReadTestConfig, BypassedItem } from "./config.js";
import { type Message, type RecordEntry, type RunResult, runSummary } from "./connector.js";
import type { AcceptanceContext } from "./context.js";
import { getPath } from "./cursor.js";
import { formatErrors, type StrictValidator, strictValidator } from "./validation.js";

// TestBasicRead of CAT (test_read and test_airbyte_trace_message_on_failure), with the record
// comparison made exact: the records must equal expected_records.jsonl, emitted_at aside.

export interface BasicRead {
  run: RunResult;
  catalog: ConfiguredCatalog;
  validators: Map<string, StrictValidator>;
}

export function basicRead(
  ctx: AcceptanceContext,
  test: BasicReadTestConfig,
  key: string,
): Promise<BasicRead> {
  return ctx.memo(`basic_read:${key}`, async () => {
    const configPath = test.config_path ?? "secrets/config.json";
    const streams = await ctx.discoveredStreams(configPath);
    const empty = (test.empty_streams ?? []).map((s) => s.name);
    // CAT builds the catalog from discover unless a custom one is given (refused in high strictness).
    const catalog: ConfiguredCatalog =
      test.configured_catalog_path && ctx.config.test_strictness_level !== "high"
        ? ctx.readJson(test.configured_catalog_path)
        : fullRefreshCatalog(streams, empty);
    const run = await ctx.run(
      "read",
      { config: ctx.readConnectorConfig(configPath), catalog },
      {
        timeoutSeconds: test.timeout_seconds,
      },
    );
    const validators = new Map<string, StrictValidator>();
    for (const entry of catalog.streams)
      validators.set(entry.stream.name, strictValidator(entry.stream.json_schema));
    return { run, catalog, validators };
  });
}

function describeRecord(record: RecordEntry, primaryKey?: string[][]): string {
  const key = primaryKey
    ?.map((path) => `${path.join(".")}=${short(getPath(record.data, path), 60)}`)
    .join(", ");
  return `${record.stream} record (stdout line ${record.line}${key ? `, ${key}` : ""})`;
}

/**
 * CAT _validate_records_structure: a record must share at least one field path with its schema. An
 * empty record (`{}`) has no field at all, so it shares none (CAT's intersection is empty too); a
 * schema without properties (with additionalProperties) shares nothing with any record.
 */
function structureProblem(data: Record<string, unknown>, schema: Message): string | undefined {
  const fields = Object.keys(data);
  if (fields.length === 0) return "its data is empty ({}): a record must carry at least one schema field";
  const properties = schema?.properties;
  if (typeof properties !== "object" || properties === null)
    return "its schema declares no properties, so the record shares no field with it";
  if (!fields.some((key) => key in properties))
    return `shares no field with its schema (fields: ${short(fields.join(", "), 120)})`;
  return undefined;
}

const descriptorKey = (descriptor: Message): string =>
  `${descriptor?.namespace ?? ""}\u0000${descriptor?.name ?? ""}`;

const configuredKeys = (catalog: ConfiguredCatalog): Set<string> =>
  new Set(catalog.streams.map((s) => descriptorKey(s.stream)));

export function basicReadChecks(tests: BasicReadTestConfig[]): Check[] {
  const checks: Check[] = [];
  tests.forEach((test, index) => {
    const label = entryLabel("basic_read", index, tests.length);
    const key = String(index);
    const read = (ctx: AcceptanceContext) => basicRead(ctx, test, key);
    const emptyStreams = new Set((test.empty_streams ?? []).map((s: BypassedItem) => s.name));
    const ignored = test.ignored_fields ?? {};

    checks.push(
      {
        name: `${label}: the read succeeds and returns records`,
        async run(ctx) {
          const { run } = await read(ctx);
          ensure(run.exitCode === 0 && !run.timedOut, () => `the read failed: ${runSummary(run)}`);
          const errors = run.traces("ERROR");
          ensure(
            errors.length === 0,
            () => `the read emitted TRACE ERROR: ${short(errors[0]?.error?.message)}`,
          );
          ensure(run.records().length > 0, "At least one record should be read using provided catalog");
        },
      },
      {
        name: `${label}: every configured stream returns records (except empty_streams)`,
        async run(ctx) {
          const { run, catalog } = await read(ctx);
          const silent = catalog.streams
            .map((s) => s.stream.name)
            .filter((name) => !emptyStreams.has(name) && run.records(name).length === 0);
          ensure(
            silent.length === 0,
            () =>
              `streams with no records (list them in empty_streams with a bypass_reason if that is expected): ${silent.join(", ")}`,
          );
        },
      },
      {
        name: `${label}: records match their stream schemas (strict integers, date-times)`,
        async run(ctx) {
          if (test.validate_schema === false) throw new SkipCheck("validate_schema: false");
          const { run, catalog, validators } = await read(ctx);
          const problems = new Problems();
          const keys = new Map(catalog.streams.map((s) => [s.stream.name, primaryKeyOf(s)]));
          for (const record of run.records()) {
            const validate = validators.get(record.stream);
            if (!validate) {
              problems.add(`${describeRecord(record)}: the stream is not in the configured catalog`);
              continue;
            }
            const errors = validate(record.data, record.nonIntegerPaths);
            if (errors)
              problems.add(`${describeRecord(record, keys.get(record.stream))}: ${formatErrors(errors)}`);
            const schema = catalog.streams.find((s) => s.stream.name === record.stream)?.stream.json_schema;
            const structure = structureProblem(record.data, schema);
            if (structure) problems.add(`${describeRecord(record)}: ${structure}`);
          }
          problems.throwIfAny("records that do not match their schema");
        },
      },
      {
        name: `${label}: records have no top-level fields missing from their schema`,
        async run(ctx) {
          if (test.fail_on_extra_columns === false) throw new SkipCheck("fail_on_extra_columns: false");
          const { run, catalog } = await read(ctx);
          const problems = new Problems();
          const declared = new Map(
            catalog.streams.map((s) => [
              s.stream.name,
              new Set(Object.keys(s.stream.json_schema?.properties ?? {})),
            ]),
          );
          const reported = new Set<string>();
          for (const record of run.records()) {
            const fields = declared.get(record.stream);
            if (!fields) continue;
            for (const field of Object.keys(record.data)) {
              if (fields.has(field) || reported.has(`${record.stream}.${field}`)) continue;
              reported.add(`${record.stream}.${field}`);
              problems.add(
                `${describeRecord(record)}: field '${field}' is not declared in the ${record.stream} schema`,
              );
            }
          }
          problems.throwIfAny("Additional properties are not allowed");
        },
      },
      {
        name: `${label}: records carry their primary key (not null, not an object or array)`,
        async run(ctx) {
          const { run, catalog } = await read(ctx);
          const problems = new Problems();
          for (const entry of catalog.streams) {
            const key = primaryKeyOf(entry);
            if (!key) continue;
            for (const record of run.records(entry.stream.name)) {
              const values = key.map((path) => getPath(record.data, path));
              if (values.every((v) => v === null || v === undefined))
                problems.add(`${describeRecord(record)}: primary key ${short(key)} is missing or null`);
              else if (
                test.validate_primary_keys_data_type !== false &&
                values.some((v) => typeof v === "object" && v !== null)
              )
                problems.add(`${describeRecord(record, key)}: primary key value is an object or array`);
            }
          }
          problems.throwIfAny("records without a usable primary key");
        },
      },
      {
        name: `${label}: records equal ${test.expect_records?.path ?? "the expected records"} (emitted_at ignored)`,
        async run(ctx) {
          const path = test.expect_records?.path;
          if (!path)
            throw new SkipCheck(test.expect_records?.bypass_reason ?? "expect_records is not configured");
          const expected = readExpectedRecords(ctx, path);
          const { run, catalog } = await read(ctx);
          const problems = new Problems();
          const configured = new Set(catalog.streams.map((s) => s.stream.name));
          for (const stream of new Set(expected.map((r) => r.stream))) {
            if (!configured.has(stream))
              problems.add(`${path} has records of '${stream}', which is not in the catalog`);
          }
          for (const entry of catalog.streams) {
            const name = entry.stream.name;
            const strip = (data: Record<string, unknown>) => {
              const copy = structuredClone(data);
              for (const field of ignored[name] ?? []) deleteFieldPath(copy, field.name);
              return canonical(copy);
            };
            const want = expected.filter((r) => r.stream === name).map((r) => strip(r.data));
            const got = run.records(name).map((r) => strip(r.data));
            if (want.length === 0 && !emptyStreams.has(name)) {
              problems.add(
                `${name}: no expected records in ${path} (add them or list the stream in empty_streams)`,
              );
              continue;
            }
            if (test.expect_records?.exact_order) {
              const first = want.findIndex((w, i) => w !== got[i]);
              if (first >= 0 || want.length !== got.length)
                problems.add(
                  `${name}: records differ in order or content at #${first >= 0 ? first : Math.min(want.length, got.length)} (expected ${want.length}, got ${got.length})`,
                );
              continue;
            }
            const diff = multisetDiff(want, got);
            if (diff.missing.length > 0 || diff.extra.length > 0) {
              problems.add(
                `${name}: expected ${want.length} records, got ${got.length}; ${diff.missing.length} missing${
                  diff.missing[0] ? ` (e.g. ${short(diff.missing[0], 160)})` : ""
                }, ${diff.extra.length} unexpected${diff.extra[0] ? ` (e.g. ${short(diff.extra[0], 160)})` : ""}`,
              );
            }
          }
          problems.throwIfAny(`records differ from ${path}`);
        },
      },
      {
        name: `${label}: STREAM_STATUS per stream: STARTED → RUNNING… → COMPLETE`,
        async run(ctx) {
          if (test.validate_stream_statuses === false) throw new SkipCheck("validate_stream_statuses: false");
          const { run, catalog } = await read(ctx);
          const problems = new Problems();
          // A status for a stream that was not asked for: the platform cannot attribute it.
          const configured = configuredKeys(catalog);
          const foreign = new Set<string>();
          for (const trace of run.traces("STREAM_STATUS")) {
            const descriptor = trace.stream_status?.stream_descriptor;
            if (configured.has(descriptorKey(descriptor))) continue;
            const label = `${descriptor?.namespace ? `${descriptor.namespace}.` : ""}${descriptor?.name}`;
            if (foreign.has(label)) continue;
            foreign.add(label);
            problems.add(
              `${label}: STREAM_STATUS ${short(trace.stream_status?.status)} for a stream that is not in the configured catalog`,
            );
          }
          for (const entry of catalog.streams) {
            const name = entry.stream.name;
            const statuses = run.statuses(name);
            const ok =
              statuses.length >= 3 &&
              statuses[0] === "STARTED" &&
              statuses.at(-1) === "COMPLETE" &&
              statuses.slice(1, -1).every((s) => s === "RUNNING");
            if (!ok)
              problems.add(`${name}: ${statuses.length ? statuses.join(" → ") : "no STREAM_STATUS at all"}`);
          }
          problems.throwIfAny("streams whose statuses are not STARTED → RUNNING… → COMPLETE (at least 3)");
        },
      },
      {
        name: `${label}: STATE messages are per-stream (STREAM), carry sourceStats.recordCount, ≥ 1 per stream`,
        async run(ctx) {
          if (test.validate_state_messages === false) throw new SkipCheck("validate_state_messages: false");
          const { run, catalog } = await read(ctx);
          const states = run.states();
          const problems = new Problems();
          if (states.length < catalog.streams.length)
            problems.add(`${states.length} STATE messages for ${catalog.streams.length} configured streams`);
          const configured = configuredKeys(catalog);
          for (const state of states) {
            // This source keeps one cursor per stream: every state must be a STREAM state. GLOBAL
            // (one shared cursor, for CDC sources) or LEGACY (one untyped blob) would lose that.
            if (state.type !== "STREAM")
              problems.add(
                `a ${state.type ?? "LEGACY (no type)"} state from a per-stream source (expected STREAM): ${short(state, 160)}`,
              );
            else if (typeof state.stream?.stream_descriptor?.name !== "string")
              problems.add(`a STREAM state without stream_descriptor.name: ${short(state, 160)}`);
            else if (!configured.has(descriptorKey(state.stream.stream_descriptor)))
              problems.add(
                `a STATE for a stream that is not in the configured catalog: ${short(state, 160)}`,
              );
            if (typeof state.sourceStats?.recordCount !== "number")
              problems.add(`a state without sourceStats.recordCount: ${short(state, 160)}`);
          }
          for (const entry of catalog.streams) {
            if (run.states(entry.stream.name).length === 0)
              problems.add(`${entry.stream.name}: no STATE message`);
          }
          problems.throwIfAny("STATE message problems");
        },
      },
      {
        name: `${label}: a catalog with an unknown stream and sync_mode INVALID gets a TRACE ERROR`,
        async run(ctx) {
          if (test.expect_trace_message_on_failure === false)
            throw new SkipCheck("expect_trace_message_on_failure: false");
          const configPath = test.config_path ?? "secrets/config.json";
          const catalog = {
            streams: [
              {
                stream: {
                  name: "__AIRBYTE__stream_that_does_not_exist",
                  json_schema: { type: "object", properties: { f1: { type: "string" } } },
                  supported_sync_modes: ["full_refresh"],
                },
                sync_mode: "INVALID",
                destination_sync_mode: "INVALID",
              },
            ],
          };
          const run = await ctx.run("read", { config: ctx.readConnectorConfig(configPath), catalog });
          ensure(
            run.traces("ERROR").length >= 1,
            () => `expected at least one TRACE ERROR, got none: ${runSummary(run)}`,
          );
        },
      },
    );
    if (test.validate_data_points) {
      checks.push({
        name: `${label}: every top-level schema field is non-null in some record`,
        async run(ctx) {
          const { run, catalog } = await read(ctx);
          const problems = new Problems();
          for (const entry of catalog.streams) {
            const records = run.records(entry.stream.name);
            if (records.length === 0) continue;
            for (const field of Object.keys(entry.stream.json_schema?.properties ?? {})) {
              if (!records.some((r) => r.data[field] !== null && r.data[field] !== undefined))
                problems.add(`${entry.stream.name}.${field} is null or absent in every record`);
            }
          }
          problems.throwIfAny("fields without data points");
        },
      });
    }
  });
  return checks;
}

export interface ExpectedRecord {
  stream: string;
  data: Record<string, unknown>;
  emitted_at?: number;
}

/** expected_records.jsonl: one AirbyteRecordMessage per line (`{"stream","data","emitted_at"}`). */
export function readExpectedRecords(ctx: AcceptanceContext, path: string): ExpectedRecord[] {
  const lines = ctx.readText(path).split("\n");
  const out: ExpectedRecord[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === "") return;
    let record: Message;
    try {
      record = JSON.parse(line);
    } catch {
      ensure(false, `${path}:${index + 1} is not JSON`);
    }
    ensure(
      typeof record?.stream === "string" && typeof record.data === "object" && record.data !== null,
      `${path}:${index + 1} is not {"stream", "data", "emitted_at"}`,
    );
    out.push(record);
  });
  return out;
}

export function multisetDiff(want: string[], got: string[]): { missing: string[]; extra: string[] } {
  const counts = new Map<string, number>();
  for (const w of want) counts.set(w, (counts.get(w) ?? 0) + 1);
  const extra: string[] = [];
  for (const g of got) {
    const n = counts.get(g) ?? 0;
    if (n > 0) counts.set(g, n - 1);
    else extra.push(g);
  }
  const missing: string[] = [];
  for (const [w, n] of counts) for (let i = 0; i < n; i += 1) missing.push(w);
  return { missing, extra };
}
