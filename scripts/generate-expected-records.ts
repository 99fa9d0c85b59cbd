/**
 * Writes integration_tests/expected_records.jsonl (and configured_catalog.json) from the emulator's
 * seeded data, independently of the connector's read path, for the streams sample_config.json
 * discovers (Chat's, and Support's since it has a `support` block):
 *
 *   npm run build && node build/scripts/generate-expected-records.js [--check]
 *
 * The records are the emulator's API records turned into what the connector must emit, following the
 * documented stream rules (README "Streams"): chats and agent timeline from start_date on, agent
 * timeline ids `agent_id|start_time`, routing settings the `data` object, the account as one record;
 * Support event tables (tickets, ticket_audits, ticket_metrics) from start_date on, reference tables
 * in full, records as the API returns them. The records' `url` (the emulator's address, random port)
 * is written as the real API's (`https://{subdomain}.zendesk.com/api/v2/…`); the basic read ignores
 * it (ignored_fields in acceptance-test-config.yml).
 * Lines are Airbyte's expected-records format, `{"stream", "data", "emitted_at"}`, with emitted_at
 * fixed at the emulator's clock so that regenerating gives the same bytes (a test checks this).
 * `--check` compares instead of writing and exits 1 on a difference.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { isDeepStrictEqual } from "node:util";
import {
  type Emulator,
  type EmulatorOptions,
  RESOURCE_OF_STREAM,
  type ResourceName,
  startEmulator,
} from "../emulator/index.js";
import { parseConfig } from "../src/connector/config.js";
import { discover } from "../src/connector/connector.js";
import { type StreamDefinition, startDateLimits } from "../src/engine/stream.js";
import { toEpochMicros } from "../src/engine/timestamps.js";
import { allStreams } from "../src/zendesk-chat/streams/index.js";
import { supportStreams } from "../src/zendesk-support/streams/index.js";
import { projectRoot } from "./acceptance/paths.js";
import { configureCatalog } from "./lib/connector.js";
import { expectedRows } from "./lib/expected-rows.js";

/**
 * The emulator the acceptance suite runs against (the expected records are its data). More agents
 * and bans than one page (1000, the page size both streams ask for) so that incremental reads
 * checkpoint mid-stream and the replay of intermediate states (CAT test_read_sequential_slices) has
 * something to check. Support: more tickets than one export page (1000) for the same reason; the
 * Support data does not change the Chat data (the Chat records stay byte for byte what they were).
 */
export const ACCEPTANCE_EMULATOR_OPTIONS: EmulatorOptions = {
  seed: 1,
  chats: 300,
  agents: 1050,
  bans: 1020,
  support: { tickets: 1100 },
};

export const EXPECTED_RECORDS_PATH = "integration_tests/expected_records.jsonl";
export const CONFIGURED_CATALOG_PATH = "integration_tests/configured_catalog.json";
export const SAMPLE_CONFIG_PATH = "integration_tests/sample_config.json";
/** The Chat-only connection (no `support` block): its catalog lists Chat's streams only. */
export const CHAT_ONLY_CONFIG_PATH = "integration_tests/chat_only_config.json";
export const CHAT_ONLY_CATALOG_PATH = "integration_tests/configured_catalog_chat_only.json";

/** Every stream definition, Chat's and Support's, by name. */
const definitions = new Map([...allStreams, ...supportStreams].map((s) => [s.name, s]));

type Data = Record<string, unknown>;

/**
 * The stream whose items hold a stream's rows: a child's parent, unless the child's rows are a
 * side-load beside the parent's items (`pageRows`: the emulator has them as the child's own records).
 */
function itemsOf(stream: StreamDefinition): StreamDefinition | undefined {
  return stream.parent && !stream.pageRows ? definitions.get(stream.parent) : stream;
}

/** The emulator resource a stream reads (a child stream: its parent's). */
function resourceOf(stream: StreamDefinition): ResourceName {
  const source = itemsOf(stream)?.name ?? stream.name;
  return RESOURCE_OF_STREAM[source] ?? (source as ResourceName);
}

/**
 * The records a stream emits from the emulator's data, read from the start date: the start (an item
 * older than start_date is not read), then the rows written independently of the connector's own
 * transforms (scripts/lib/expected-rows.ts).
 */
function expectedFor(
  stream: StreamDefinition,
  emulator: Emulator,
  startMs: number,
  publicSupportBase: string,
): Data[] {
  const source = itemsOf(stream);
  if (!source) throw new Error(`no stream ${stream.parent}`);
  const out: Data[] = [];
  for (const record of emulator.records(resourceOf(stream))) {
    if (startDateLimits(source)) {
      // Chat's cursors are ISO date-times; Support's tickets.generated_timestamp is epoch seconds.
      const micros = toEpochMicros(record[source.cursorField as string]);
      if (micros !== undefined && micros < startMs * 1000) continue;
    }
    const rows = expectedRows(stream, record);
    out.push(
      ...(source.api !== undefined ? rows.map((r) => publicUrl(r, emulator, publicSupportBase)) : rows),
    );
  }
  return out;
}

/** A Support record with its `url` on the real API's base instead of the emulator's (random port). */
function publicUrl(record: Data, emulator: Emulator, base: string): Data {
  const url = record.url;
  if (typeof url !== "string" || !url.startsWith(`${emulator.supportBaseUrl}/`)) return record;
  return { ...record, url: base + url.slice(emulator.supportBaseUrl.length) };
}

export interface Generated {
  expectedRecords: string;
  configuredCatalog: string;
  chatOnlyCatalog: string;
  abnormalState: string;
}

/** The path of the abnormal state (every incremental stream's cursor far in the future). */
export const ABNORMAL_STATE_PATH = "integration_tests/abnormal_state.json";

/**
 * abnormal_state.json: one STREAM state per incremental stream of discover's catalog, its cursor far
 * in the future (an id cursor at 999999999999999, a date-time one at 2100-01-01).
 */
function abnormalStates(streams: ReadonlyArray<{ name: string }>): unknown[] {
  return streams.flatMap(({ name }) => {
    const stream = definitions.get(name);
    if (!stream?.cursorField) return [];
    const value = stream.cursorKind === "id" ? 999_999_999_999_999 : "2100-01-01T00:00:00Z";
    return [
      {
        type: "STREAM",
        stream: { stream_descriptor: { name }, stream_state: { [stream.cursorField]: value } },
      },
    ];
  });
}

export async function generate(root = projectRoot()): Promise<Generated> {
  const config = JSON.parse(readFileSync(join(root, SAMPLE_CONFIG_PATH), "utf8"));
  const startMs = Date.parse(config.start_date);
  if (Number.isNaN(startMs)) throw new Error(`${SAMPLE_CONFIG_PATH} must set start_date`);
  const catalog = discover(parseConfig(config));
  const publicSupportBase = `https://${config.subdomain}.zendesk.com/api/v2`;
  const emulator = await startEmulator(ACCEPTANCE_EMULATOR_OPTIONS);
  try {
    const emittedAt = emulator.now().getTime();
    const lines: string[] = [];
    for (const discovered of catalog.streams) {
      const stream = definitions.get(discovered.name);
      if (!stream) throw new Error(`discover lists '${discovered.name}', which the registry lacks`);
      for (const data of expectedFor(stream, emulator, startMs, publicSupportBase))
        lines.push(JSON.stringify({ stream: stream.name, data, emitted_at: emittedAt }));
    }
    const configured = configureCatalog(catalog, "preferred");
    const chatOnly = JSON.parse(readFileSync(join(root, CHAT_ONLY_CONFIG_PATH), "utf8"));
    if (chatOnly.support !== undefined)
      throw new Error(`${CHAT_ONLY_CONFIG_PATH} must have no support block`);
    const chatOnlyCatalog = configureCatalog(discover(parseConfig(chatOnly)), "preferred");
    return {
      expectedRecords: `${lines.join("\n")}\n`,
      configuredCatalog: `${JSON.stringify(configured, null, 2)}\n`,
      chatOnlyCatalog: `${JSON.stringify(chatOnlyCatalog, null, 2)}\n`,
      abnormalState: `${JSON.stringify(abnormalStates(catalog.streams), null, 2)}\n`,
    };
  } finally {
    await emulator.close();
  }
}

/**
 * expected_records.jsonl must match byte for byte (biome leaves it alone); the catalog is JSON that
 * `npm run format` may re-indent, so it is compared as data.
 */
export function sameContent(path: string, current: string, generated: string): boolean {
  if (!path.endsWith(".json")) return current === generated;
  try {
    return isDeepStrictEqual(JSON.parse(current), JSON.parse(generated));
  } catch {
    return false;
  }
}

async function main(): Promise<void> {
  const root = projectRoot();
  const check = process.argv.includes("--check");
  const generated = await generate(root);
  const files: Array<[string, string]> = [
    [EXPECTED_RECORDS_PATH, generated.expectedRecords],
    [CONFIGURED_CATALOG_PATH, generated.configuredCatalog],
    [CHAT_ONLY_CATALOG_PATH, generated.chatOnlyCatalog],
    [ABNORMAL_STATE_PATH, generated.abnormalState],
  ];
  let stale = 0;
  for (const [path, text] of files) {
    const full = join(root, path);
    let current = "";
    try {
      current = readFileSync(full, "utf8");
    } catch {}
    if (sameContent(path, current, text)) {
      process.stderr.write(`${path}: up to date\n`);
    } else if (check) {
      stale += 1;
      process.stderr.write(`${path}: differs from a fresh generation (run without --check to rewrite)\n`);
    } else {
      writeFileSync(full, text);
      process.stderr.write(`${path}: written (${text.split("\n").length - 1} lines)\n`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
