// Validates a connector's stdout (one Airbyte message per line) captured by scripts/image-test.sh.
//
//   node build/scripts/image/validate-messages.js <spec|check|discover|read> <stdout-file> [options]
//     --streams N                  discover, read: expected number of streams (image-test.sh passes the registry count)
//     --write-configured-catalog F discover: write a full_refresh/overwrite configured catalog of all streams
//     --only-streams A,B           discover: that catalog with these streams only (each must be discovered)
//     --catalog F                  read: the configured catalog that was used (every stream must get RECORDs,
//                                  each RECORD valid against its stream's json_schema)
//
// Prints one summary line (plus details on failure); exit code 0 = valid, 1 = invalid.
import { readFileSync, writeFileSync } from "node:fs";
import { isDeepStrictEqual, parseArgs } from "node:util";
import { compileDefinition, compileRecordSchema, PAYLOAD_KEY, repoRoot } from "./protocol.js";

type Json = Record<string, unknown>;

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    streams: { type: "string", default: "12" },
    "write-configured-catalog": { type: "string" },
    "only-streams": { type: "string" },
    catalog: { type: "string" },
  },
});
const [command, file] = positionals;
if (!command || !file || !["spec", "check", "discover", "read"].includes(command)) {
  process.stderr.write("usage: validate-messages.js <spec|check|discover|read> <stdout-file> [options]\n");
  process.exit(2);
}

const validateMessage = compileDefinition("AirbyteMessage");
const validateConfiguredCatalog = compileDefinition("ConfiguredAirbyteCatalog");
const problems: string[] = [];
const messages: Json[] = [];

const lines = readFileSync(file, "utf8").split("\n");
lines.forEach((line, index) => {
  if (line.trim() === "") return;
  const where = `line ${index + 1}`;
  let message: unknown;
  try {
    message = JSON.parse(line);
  } catch {
    problems.push(`${where}: not JSON: ${line.slice(0, 120)}`);
    return;
  }
  if (!validateMessage(message)) {
    problems.push(`${where}: not an AirbyteMessage: ${JSON.stringify(validateMessage.errors?.slice(0, 3))}`);
    return;
  }
  const m = message as Json;
  const key = PAYLOAD_KEY[m.type as string];
  if (key === undefined || m[key] === undefined || m[key] === null) {
    problems.push(`${where}: ${String(m.type)} message without its "${key}" payload`);
    return;
  }
  messages.push(m);
});

const ofType = (type: string) => messages.filter((m) => m.type === type);
const traceErrors = ofType("TRACE").filter((m) => (m.trace as Json).type === "ERROR");
if (messages.length === 0) problems.push("no Airbyte messages on stdout");
for (const t of traceErrors) {
  const error = (t.trace as Json).error as Json | undefined;
  problems.push(`TRACE ERROR: ${String(error?.message)} (${String(error?.failure_type)})`);
}

let summary = "";
switch (command) {
  case "spec": {
    const specs = ofType("SPEC");
    if (specs.length !== 1) problems.push(`expected exactly one SPEC, got ${specs.length}`);
    const spec = specs[0]?.spec as Json | undefined;
    const expected = JSON.parse(readFileSync(new URL("spec.json", repoRoot), "utf8")) as Json;
    if (spec && !isDeepStrictEqual(spec.connectionSpecification, expected.connectionSpecification)) {
      problems.push("SPEC connectionSpecification differs from spec.json");
    }
    summary = `${specs.length} SPEC, documentationUrl ${String(spec?.documentationUrl)}`;
    break;
  }
  case "check": {
    const statuses = ofType("CONNECTION_STATUS");
    const status = statuses[0]?.connectionStatus as Json | undefined;
    if (statuses.length !== 1)
      problems.push(`expected exactly one CONNECTION_STATUS, got ${statuses.length}`);
    if (status?.status !== "SUCCEEDED") {
      problems.push(`CONNECTION_STATUS ${String(status?.status)}: ${String(status?.message ?? "")}`);
    }
    summary = `CONNECTION_STATUS ${String(status?.status)}`;
    break;
  }
  case "discover": {
    const catalogs = ofType("CATALOG");
    if (catalogs.length !== 1) problems.push(`expected exactly one CATALOG, got ${catalogs.length}`);
    const streams = ((catalogs[0]?.catalog as Json | undefined)?.streams ?? []) as Json[];
    const names = streams.map((s) => String(s.name));
    const expectedCount = Number(values.streams);
    if (streams.length !== expectedCount)
      problems.push(`expected ${expectedCount} streams, got ${streams.length}`);
    if (new Set(names).size !== names.length) problems.push(`duplicate stream names: ${names.join(",")}`);
    const out = values["write-configured-catalog"];
    const only = values["only-streams"]?.split(",").filter(Boolean);
    const missing = only?.filter((name) => !names.includes(name)) ?? [];
    if (missing.length > 0) problems.push(`streams not discovered: ${missing.join(", ")}`);
    if (out) {
      const configured = {
        streams: streams
          .filter((stream) => !only || only.includes(String(stream.name)))
          .map((stream) => ({
            stream,
            sync_mode: "full_refresh",
            destination_sync_mode: "overwrite",
            ...(Array.isArray(stream.source_defined_primary_key)
              ? { primary_key: stream.source_defined_primary_key }
              : {}),
          })),
      };
      writeFileSync(out, `${JSON.stringify(configured, null, 2)}\n`);
    }
    summary = `CATALOG with ${streams.length} streams: ${names.join(", ")}`;
    break;
  }
  case "read": {
    const records = ofType("RECORD");
    const states = ofType("STATE");
    const perStream = new Map<string, number>();
    for (const r of records) {
      const name = String((r.record as Json).stream);
      perStream.set(name, (perStream.get(name) ?? 0) + 1);
    }
    if (records.length === 0) problems.push("no RECORD messages");
    if (states.length === 0) problems.push("no STATE messages");
    if (values.catalog) {
      const catalog = JSON.parse(readFileSync(values.catalog, "utf8")) as unknown;
      if (!validateConfiguredCatalog(catalog)) {
        problems.push(
          `configured catalog invalid: ${JSON.stringify(validateConfiguredCatalog.errors?.slice(0, 3))}`,
        );
      } else {
        const configured = ((catalog as Json).streams as Json[]).map((s) => String((s.stream as Json).name));
        const expectedCount = Number(values.streams);
        if (configured.length !== expectedCount) {
          problems.push(`configured catalog has ${configured.length} streams, expected ${expectedCount}`);
        }
        const missing = configured.filter((name) => !perStream.has(name));
        if (missing.length > 0) problems.push(`no RECORDs for configured streams: ${missing.join(", ")}`);
        const extra = [...perStream.keys()].filter((name) => !configured.includes(name));
        if (extra.length > 0) problems.push(`RECORDs for streams not in the catalog: ${extra.join(", ")}`);
        // Every record against its stream's schema; the first few failures of each stream are shown.
        const validators = new Map(
          ((catalog as Json).streams as Json[]).map((s) => [
            String((s.stream as Json).name),
            compileRecordSchema((s.stream as Json).json_schema),
          ]),
        );
        const invalid = new Map<string, number>();
        for (const r of records) {
          const record = r.record as Json;
          const validate = validators.get(String(record.stream));
          if (!validate || validate(record.data)) continue;
          const n = (invalid.get(String(record.stream)) ?? 0) + 1;
          invalid.set(String(record.stream), n);
          if (n <= 3)
            problems.push(
              `${String(record.stream)} RECORD not valid against its schema: ${JSON.stringify(validate.errors?.slice(0, 2))}`,
            );
        }
        for (const [name, n] of invalid) if (n > 3) problems.push(`${name}: ${n} invalid RECORDs in all`);
      }
    }
    const counts = [...perStream.entries()].map(([name, n]) => `${name}=${n}`).join(" ");
    summary = `${records.length} RECORDs in ${perStream.size} streams, ${states.length} STATEs (${counts})`;
    break;
  }
}

const typeCounts = new Map<string, number>();
for (const m of messages) typeCounts.set(String(m.type), (typeCounts.get(String(m.type)) ?? 0) + 1);
const counts = [...typeCounts.entries()].map(([type, n]) => `${type}:${n}`).join(" ");
if (problems.length === 0) {
  process.stdout.write(`ok   ${command}: ${summary} [${counts}]\n`);
} else {
  process.stdout.write(`FAIL ${command}: ${summary} [${counts}]\n`);
  for (const p of problems.slice(0, 20)) process.stdout.write(`     - ${p}\n`);
  if (problems.length > 20) process.stdout.write(`     - ... ${problems.length - 20} more\n`);
  process.exitCode = 1;
}
