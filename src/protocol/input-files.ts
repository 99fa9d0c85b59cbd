import { readFileSync, type Stats, statSync } from "node:fs";
import { ConfigError } from "./errors.js";
import type {
  AirbyteStream,
  ConfiguredAirbyteCatalog,
  ConfiguredAirbyteStream,
  JsonObject,
  SyncMode,
} from "./messages.js";

// Airbyte hands us config, catalog and state as files; anything wrong with them is the user's to fix,
// so every failure here is a one-line ConfigError naming the file and what to change.

const MAX_INPUT_BYTES = 50 * 1024 * 1024;

export function readJsonFile(path: string, what: string): unknown {
  const text = readInputFile(path, what);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`The ${what} file '${path}' is not valid JSON (${firstLine(error)}).`);
  }
}

/**
 * The state file: one JSON value, or JSON lines as copied from a read's stdout (one STATE message a
 * line; other Airbyte messages on those lines, such as RECORD or LOG, are skipped). JSON lines come
 * back as an array of the STATE messages, in file order.
 */
export function readStateFile(path: string): unknown {
  const text = readInputFile(path, "state");
  try {
    return JSON.parse(text);
  } catch (error) {
    const lines = text.split(/\r?\n/).filter((line) => line.trim() !== "");
    if (lines.length < 2) {
      throw new ConfigError(`The state file '${path}' is not valid JSON (${firstLine(error)}).`);
    }
    const states: unknown[] = [];
    lines.forEach((line, index) => {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (lineError) {
        throw new ConfigError(
          `The state file '${path}' is not valid JSON (${firstLine(error)}), nor JSON lines (line ${index + 1}: ${firstLine(lineError)}).`,
        );
      }
      if (isObject(value) && typeof value.type === "string" && OTHER_MESSAGE_TYPES.has(value.type)) return;
      states.push(value);
    });
    if (states.length === 0) {
      throw new ConfigError(
        `The state file '${path}' has ${lines.length} JSON lines but no STATE message; pass the STATE lines of a read's output.`,
      );
    }
    return states;
  }
}

/** Airbyte messages that can sit between STATE lines in a copied stdout; not state, so skipped. */
const OTHER_MESSAGE_TYPES = new Set([
  "RECORD",
  "LOG",
  "TRACE",
  "CONTROL",
  "SPEC",
  "CATALOG",
  "CONNECTION_STATUS",
]);

function readInputFile(path: string, what: string): string {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    throw new ConfigError(`Cannot read the ${what} file '${path}': it does not exist or is not readable.`);
  }
  if (stats.isDirectory()) {
    // `docker run -v HOST:CONTAINER` creates an empty directory at HOST when HOST does not exist.
    throw new ConfigError(
      `The ${what} file '${path}' is a directory, not a file. If it is mounted with docker run -v, the host file did not exist and Docker created a directory in its place: remove that directory on the host, create the ${what} file there, and mount the file again.`,
    );
  }
  if (stats.size > MAX_INPUT_BYTES) {
    throw new ConfigError(
      `The ${what} file '${path}' is ${stats.size} bytes; the limit is ${MAX_INPUT_BYTES} bytes.`,
    );
  }
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "EACCES" ? "permission denied (make it readable by the connector's user)" : firstLine(error);
    throw new ConfigError(`Cannot read the ${what} file '${path}': ${why}.`);
  }
  if (text.trim() === "") throw new ConfigError(`The ${what} file '${path}' is empty; it must contain JSON.`);
  return text;
}

function firstLine(error: unknown): string {
  return error instanceof Error ? (error.message.split("\n")[0] ?? "") : String(error);
}

const SYNC_MODES: readonly SyncMode[] = ["full_refresh", "incremental"];
const DESTINATION_SYNC_MODES = ["append", "overwrite", "append_dedup", "update", "soft_delete"];

/** What a configured catalog is, and how to get one: said whenever a catalog file is not one. */
export const CONFIGURED_CATALOG_HINT =
  'read needs a configured catalog, {"streams": [{"stream": {...}, "sync_mode": ..., "destination_sync_mode": ...}]}: the streams to read, each with how to sync it. Write one from discover with: source-zendesk-chat catalog --config config.json --out configured_catalog.json';

export function parseCatalog(raw: unknown, path: string): ConfiguredAirbyteCatalog {
  const fail = (why: string) => new ConfigError(`Invalid catalog '${path}': ${why}`);
  if (isObject(raw) && raw.type === "CATALOG") {
    throw fail(
      `this is the CATALOG message discover prints, not a configured catalog; ${CONFIGURED_CATALOG_HINT}`,
    );
  }
  if (
    isObject(raw) &&
    Array.isArray(raw.streams) &&
    raw.streams.length > 0 &&
    raw.streams.every(
      (entry) => isObject(entry) && typeof entry.name === "string" && entry.stream === undefined,
    )
  ) {
    throw fail(
      `this is a discovered catalog (streams with name and json_schema), not a configured catalog; ${CONFIGURED_CATALOG_HINT}`,
    );
  }
  if (!isObject(raw) || !Array.isArray(raw.streams)) {
    throw fail(`expected an object with a 'streams' array; ${CONFIGURED_CATALOG_HINT}`);
  }
  raw.streams.forEach((entry: unknown, index: number) => {
    const where = `streams[${index}]`;
    if (!isObject(entry) || !isObject(entry.stream) || typeof entry.stream.name !== "string") {
      throw fail(`${where} must have a 'stream' object with a 'name'.`);
    }
    const name = entry.stream.name;
    if (!SYNC_MODES.includes(entry.sync_mode as SyncMode)) {
      throw fail(
        `${where} ('${name}') has sync_mode ${JSON.stringify(entry.sync_mode)}; use full_refresh or incremental.`,
      );
    }
    if (
      entry.destination_sync_mode !== undefined &&
      !DESTINATION_SYNC_MODES.includes(entry.destination_sync_mode as string)
    ) {
      throw fail(
        `${where} ('${name}') has an unknown destination_sync_mode ${JSON.stringify(entry.destination_sync_mode)}.`,
      );
    }
    if (entry.cursor_field !== undefined && !isStringArray(entry.cursor_field)) {
      throw fail(`${where} ('${name}') cursor_field must be an array of strings.`);
    }
  });
  return raw as unknown as ConfiguredAirbyteCatalog;
}

/**
 * A configured catalog from a discovered one, as the `catalog` command writes it: each stream
 * incremental where it supports it (its source-defined cursor, append_dedup on its primary key, or
 * append without one), else — or with fullRefresh — full_refresh + overwrite. `streams` picks and
 * orders streams by name; an unknown name is a one-line error listing the streams there are.
 */
export function configureCatalog(
  discovered: { streams: AirbyteStream[] },
  options: { streams?: string[]; fullRefresh?: boolean } = {},
): ConfiguredAirbyteCatalog {
  const byName = new Map(discovered.streams.map((stream) => [stream.name, stream]));
  let selected = discovered.streams;
  if (options.streams !== undefined) {
    const names = [...new Set(options.streams.filter((name) => name !== ""))];
    const known = [...byName.keys()].join(", ");
    if (names.length === 0) throw new ConfigError(`--streams names no stream; the streams are ${known}.`);
    const unknown = names.filter((name) => !byName.has(name));
    if (unknown.length > 0) {
      throw new ConfigError(
        `Unknown stream${unknown.length > 1 ? "s" : ""} ${unknown.map((n) => `'${n}'`).join(", ")} in --streams; the streams are ${known}.`,
      );
    }
    selected = names.map((name) => byName.get(name) as AirbyteStream);
  }
  return {
    streams: selected.map((stream): ConfiguredAirbyteStream => {
      const cursor = stream.default_cursor_field;
      const primaryKey = stream.source_defined_primary_key;
      const incremental =
        !options.fullRefresh && stream.supported_sync_modes.includes("incremental") && cursor !== undefined;
      return {
        stream,
        sync_mode: incremental ? "incremental" : "full_refresh",
        destination_sync_mode: incremental ? (primaryKey ? "append_dedup" : "append") : "overwrite",
        ...(incremental ? { cursor_field: cursor } : {}),
        ...(primaryKey ? { primary_key: primaryKey } : {}),
      };
    }),
  };
}

/**
 * Accepts the current protocol (a list of per-stream STATE messages, or the same wrapped in
 * AirbyteMessage envelopes, or the JSON lines of a read's output: see readStateFile), one such
 * message alone, the GLOBAL form, and the legacy single object `{stream: state}`. When a stream
 * appears more than once, its last state wins. Returns the state of each stream by name.
 */
export function parseState(raw: unknown, path: string): Map<string, JsonObject> {
  const fail = (why: string) => new ConfigError(`Invalid state '${path}': ${why}`);
  const states = new Map<string, JsonObject>();
  if (raw === null) return states;
  // One message copied alone: {"type":"STATE","state":{...}} or {"type":"STREAM","stream":{...}}.
  // A legacy object maps stream names to objects, so a string `type` cannot be one.
  if (isObject(raw) && typeof raw.type === "string") {
    if (!STATE_TYPES.has(raw.type)) {
      throw fail(
        `it is a ${raw.type} message, not state; pass STATE messages (one, a JSON list, or JSON lines) or a legacy state object.`,
      );
    }
    raw = [raw];
  }
  if (Array.isArray(raw)) {
    raw.forEach((item: unknown, index: number) => {
      const message = isObject(item) && item.type === "STATE" && isObject(item.state) ? item.state : item;
      if (!isObject(message)) throw fail(`entry ${index} is not an object.`);
      if (message.type === "GLOBAL" && isObject(message.global)) {
        const streamStates = message.global.stream_states;
        if (!Array.isArray(streamStates))
          throw fail(`entry ${index} GLOBAL state has no stream_states list.`);
        for (const s of streamStates) addStreamState(s, index);
        return;
      }
      if (message.type === "LEGACY" || (message.type === undefined && isObject(message.data))) {
        if (!isObject(message.data)) throw fail(`entry ${index} is a LEGACY state without 'data'.`);
        addLegacy(message.data);
        return;
      }
      if (!isObject(message.stream)) throw fail(`entry ${index} has no 'stream' (expected a STREAM state).`);
      addStreamState(message.stream, index);
    });
    return states;
  }
  if (isObject(raw)) {
    addLegacy(raw);
    return states;
  }
  throw fail("expected STATE messages (one, a JSON list, or JSON lines) or a legacy state object.");

  function addStreamState(streamState: unknown, index: number) {
    if (!isObject(streamState) || !isObject(streamState.stream_descriptor)) {
      throw fail(`entry ${index} has no stream_descriptor.`);
    }
    const name = streamState.stream_descriptor.name;
    if (typeof name !== "string" || name === "") throw fail(`entry ${index} stream_descriptor has no name.`);
    const value = streamState.stream_state ?? {};
    if (!isObject(value)) throw fail(`stream_state of '${name}' must be an object.`);
    states.set(name, value);
  }

  function addLegacy(data: JsonObject) {
    const notOurs = (why: string) =>
      new ConfigError(
        `The state file '${path}' is not this connector's state: ${why}. Pass the STATE messages a read printed (its stdout, or the STATE lines of it), or leave --state out to start from start_date.`,
      );
    // Singer taps (and Stitch) keep {"bookmarks": {...}, "currently_syncing": ...}.
    if ("bookmarks" in data || "currently_syncing" in data)
      throw notOurs("it looks like a Singer state ('bookmarks'), not Airbyte STATE messages");
    for (const [name, value] of Object.entries(data)) {
      if (!isObject(value)) {
        const what = value === null ? "null" : Array.isArray(value) ? "a list" : `a ${typeof value}`;
        throw notOurs(`'${name}' holds ${what}, where a legacy state maps each stream name to an object`);
      }
      states.set(name, value);
    }
  }
}

/** The `type` of a STATE AirbyteMessage, and of an AirbyteStateMessage inside one. */
const STATE_TYPES = new Set(["STATE", "STREAM", "GLOBAL", "LEGACY"]);

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
