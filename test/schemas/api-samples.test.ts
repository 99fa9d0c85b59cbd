import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nonIntegerLiteralPaths, pathsUnder } from "../../scripts/acceptance/json-lexer.js";
import { projectRoot } from "../../scripts/acceptance/paths.js";
import { formatErrors, strictValidator } from "../../scripts/acceptance/validation.js";
import type { StreamDefinition } from "../../src/engine/stream.js";
import { allStreams } from "../../src/zendesk-chat/streams/index.js";
import { sampleResponses } from "./api-responses.js";
import { sampleRecords } from "./samples.js";

// Every record the API can send must pass the schema `discover` declares, with CAT's validator
// (strict integers, CAT's date-time check). Our own fixtures always run; the independent samples in
// ../shared/reference/real-api-samples (responses and records recorded by Airbyte) are added when
// that directory exists — the same tests, with more input, never a skipped test.

const root = projectRoot();
const SHARED_SAMPLES = join(root, "..", "shared", "reference", "real-api-samples");
const STREAM_NAMES = new Set(allStreams.map((s) => s.name));

interface Sample {
  source: string;
  data: Record<string, unknown>;
  /** Paths whose raw literal had a fraction or exponent (known only when the raw text is at hand). */
  nonInteger: Set<string>;
  /** A capture of the live API (or of records emitted from it): every top-level field must be declared. */
  live: boolean;
}

/** Files of real-api-samples that hold no records, and why. */
const NOT_RECORDS: Array<[RegExp, string]> = [
  [/^README\.md$/, "provenance notes"],
  [/^(abnormal_)?state(\.\w+)?\.json$/, "connector states"],
  [/^configured_catalog[\w.]*\.json$/, "configured catalogs"],
  [/^error\.\d+\.json$/, "error bodies"],
];
/**
 * Streams no recorded sample covers: the shared chats captures are offline messages and chats without
 * these nested arrays, and nobody has published a response of the three newer exports.
 */
const NO_SHARED_EVIDENCE = new Set([
  "chat_history",
  "chat_engagements",
  "chat_conversions",
  "chat_webpath",
  "chat_tags",
  "chat_agents",
  "conversions",
  "department_events",
  "agent_events",
]);
/** Live captures per the samples' README; the other response files were typed by hand. */
const LIVE = [/^chats\.page1\.json$/, /^expected_records[\w.]*\.jsonl$/];

function loadShared(): { responses: Map<string, Sample[]>; records: Map<string, Sample[]>; files: string[] } {
  const responses = new Map<string, Sample[]>();
  const records = new Map<string, Sample[]>();
  const add = (map: Map<string, Sample[]>, stream: string, sample: Sample) => {
    if (!STREAM_NAMES.has(stream)) throw new Error(`${sample.source}: '${stream}' is not one of our streams`);
    map.set(stream, [...(map.get(stream) ?? []), sample]);
    // A parent's records feed its child streams too (the rows the connector makes of them).
    for (const child of allStreams.filter((s) => s.parent === stream && s.rows)) {
      for (const data of child.rows?.(sample.data) ?? [])
        map.set(child.name, [
          ...(map.get(child.name) ?? []),
          { source: `${sample.source} (${child.name})`, data, nonInteger: new Set(), live: sample.live },
        ]);
    }
  };
  const files = readdirSync(SHARED_SAMPLES).sort();
  for (const file of files) {
    if (NOT_RECORDS.some(([pattern]) => pattern.test(file))) continue;
    const live = LIVE.some((pattern) => pattern.test(file));
    const text = readFileSync(join(SHARED_SAMPLES, file), "utf8");
    if (file.endsWith(".jsonl")) {
      text.split("\n").forEach((line, index) => {
        if (line.trim() === "") return;
        const message = JSON.parse(line) as { stream: string; data: Record<string, unknown> };
        add(records, message.stream, {
          source: `shared ${file}:${index + 1}`,
          data: message.data,
          nonInteger: pathsUnder(nonIntegerLiteralPaths(line), "/data"),
          live,
        });
      });
      continue;
    }
    const stream = file.split(".")[0] as string;
    if (!file.endsWith(".json") || !STREAM_NAMES.has(stream))
      throw new Error(`real-api-samples/${file}: neither a stream's response nor a known non-record file`);
    for (const data of toRecords(streamNamed(stream), JSON.parse(text)))
      add(responses, stream, { source: `shared ${file}`, data, nonInteger: new Set(), live });
  }
  return { responses, records, files };
}

function streamNamed(name: string): StreamDefinition {
  const stream = allStreams.find((s) => s.name === name);
  if (!stream) throw new Error(`no stream ${name}`);
  return stream;
}

/** A response body → the records the connector emits from it (its extractor, then its transform). */
function toRecords(stream: StreamDefinition, body: unknown): Array<Record<string, unknown>> {
  const extracted = stream.extract(structuredClone(body));
  const items = extracted.map((record) => (stream.transform ? stream.transform(record) : record));
  return stream.rows ? items.flatMap((item) => stream.rows?.(item) ?? []) : items;
}

const shared = existsSync(SHARED_SAMPLES) ? loadShared() : undefined;

function invalid(stream: StreamDefinition, samples: Sample[]): string[] {
  const validate = strictValidator(stream.schema);
  const strictTop = strictValidator({ ...stream.schema, additionalProperties: false });
  const problems: string[] = [];
  for (const sample of samples) {
    const errors = validate(sample.data, sample.nonInteger);
    if (errors) problems.push(`${sample.source}: ${formatErrors(errors)} in ${JSON.stringify(sample.data)}`);
    else if (sample.live) {
      const extra = strictTop(sample.data, sample.nonInteger);
      if (extra) problems.push(`${sample.source} (live): ${formatErrors(extra)}`);
    }
  }
  return problems;
}

describe("sample API data matches the stream schemas (ours; ../shared's real-api-samples too when present)", () => {
  it("has our own response and record fixtures for every stream, and knows every shared sample file", () => {
    // A stream that declares its samples next to its schema (the recipe in CONTRIBUTING.md) brings
    // its record fixtures with it; every other stream has its response and record fixtures here.
    const withoutOwnSamples = allStreams.filter((s) => s.samples === undefined).map((s) => s.name);
    expect(Object.keys(sampleResponses).sort()).toEqual(withoutOwnSamples.sort());
    for (const stream of allStreams) {
      if (stream.samples !== undefined) {
        expect(stream.samples.length, `${stream.name}: its own samples`).toBeGreaterThanOrEqual(2);
        continue;
      }
      const records = (sampleResponses[stream.name] ?? []).flatMap((body) => toRecords(stream, body));
      expect(records.length, `${stream.name}: records from our responses`).toBeGreaterThan(0);
      expect(sampleRecords[stream.name as keyof typeof sampleRecords]?.length, stream.name).toBeGreaterThan(
        0,
      );
    }
    if (shared) {
      // Loading already refused unknown files; every stream must then have some shared evidence.
      for (const name of STREAM_NAMES) {
        // A stream with its own samples is newer than the recordings.
        if (NO_SHARED_EVIDENCE.has(name) || allStreams.find((s) => s.name === name)?.samples) continue;
        expect(
          (shared.responses.get(name)?.length ?? 0) + (shared.records.get(name)?.length ?? 0),
          `${name}: no shared sample`,
        ).toBeGreaterThan(0);
      }
    }
  });

  describe.each(allStreams.map((s) => [s.name, s] as const))("%s", (_name, stream) => {
    const ours = (source: string, records: Array<Record<string, unknown>>, live: boolean): Sample[] =>
      records.map((data) => ({ source, data, nonInteger: new Set<string>(), live }));

    // A stream with its own samples (next to its schema) has record fixtures, not response bodies.
    if (stream.samples === undefined)
      it("every response body becomes records that pass the schema (extract + transform)", () => {
        const samples = [
          ...(sampleResponses[stream.name] ?? []).flatMap((body, index) =>
            ours(`our response #${index + 1}`, toRecords(stream, body), false),
          ),
          ...(shared?.responses.get(stream.name) ?? []),
        ];
        expect(samples.length).toBeGreaterThan(0);
        expect(invalid(stream, samples)).toEqual([]);
      });

    it("every emitted record passes the schema; live captures declare every top-level field", () => {
      const samples = [
        ...ours(
          "our record",
          sampleRecords[stream.name as keyof typeof sampleRecords] ?? [...(stream.samples ?? [])],
          true,
        ),
        ...(shared?.records.get(stream.name) ?? []),
      ];
      expect(samples.length).toBeGreaterThan(0);
      expect(invalid(stream, samples)).toEqual([]);
    });
  });
});

describe("the sample validation can fail", () => {
  it("rejects what the schema must reject: a string enabled, a 1.0 id, a bad date, an object id", () => {
    const agents = streamNamed("agents");
    const sample = (data: Record<string, unknown>, nonInteger: string[] = []): Sample => ({
      source: "case",
      data,
      nonInteger: new Set(nonInteger),
      live: true,
    });
    expect(invalid(agents, [sample({ id: 1, enabled: "yes" })])).toHaveLength(1);
    expect(invalid(agents, [sample({ id: 1 }, ["/id"])])).toHaveLength(1);
    expect(invalid(agents, [sample({ id: 1, create_date: "2022-02-30T00:00:00Z" })])).toHaveLength(1);
    expect(invalid(streamNamed("shortcuts"), [sample({ id: { name: "x" } })])).toHaveLength(1);
    expect(invalid(agents, [sample({ id: 1, undeclared_field: 1 })])).toEqual([
      expect.stringMatching(/\(live\): \/ must NOT have additional properties \('undeclared_field'\)/),
    ]);
  });
});
