import { readFileSync, statSync } from "node:fs";
import { ConfigError } from "./errors.js";
import type { ConfiguredAirbyteCatalog, JsonObject, SyncMode } from "./messages.js";

// Airbyte hands us config, catalog and state as files; anything wrong with them is the user's to fix,
// so every failure here is a one-line ConfigError naming the file and what to change.

const MAX_INPUT_BYTES = 50 * 1024 * 1024;

export function readJsonFile(path: string, what: string): unknown {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new ConfigError(`Cannot read the ${what} file '${path}': it does not exist or is not readable.`);
  }
  if (size > MAX_INPUT_BYTES) {
    throw new ConfigError(
      `The ${what} file '${path}' is ${size} bytes; the limit is ${MAX_INPUT_BYTES} bytes.`,
    );
  }
  const text = readFileSync(path, "utf8");
  if (text.trim() === "") throw new ConfigError(`The ${what} file '${path}' is empty; it must contain JSON.`);
  try {
    return JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message.split("\n")[0] : "";
    throw new ConfigError(`The ${what} file '${path}' is not valid JSON (${detail}).`);
  }
}

const SYNC_MODES: readonly SyncMode[] = ["full_refresh", "incremental"];
const DESTINATION_SYNC_MODES = ["append", "overwrite", "append_dedup", "update", "soft_delete"];

export function parseCatalog(raw: unknown, path: string): ConfiguredAirbyteCatalog {
  const fail = (why: string) => new ConfigError(`Invalid catalog '${path}': ${why}`);
  if (!isObject(raw) || !Array.isArray(raw.streams)) throw fail("expected an object with a 'streams' array.");
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
 * Accepts the current protocol (a list of per-stream STATE messages, or the same wrapped in
 * AirbyteMessage envelopes), the GLOBAL form, and the legacy single object `{stream: state}`.
 * Returns the state of each stream by name.
 */
export function parseState(raw: unknown, path: string): Map<string, JsonObject> {
  const fail = (why: string) => new ConfigError(`Invalid state '${path}': ${why}`);
  const states = new Map<string, JsonObject>();
  if (raw === null) return states;
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
  throw fail("expected a JSON list of STATE messages or a legacy state object.");

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
    for (const [name, value] of Object.entries(data)) {
      if (!isObject(value)) throw fail(`the legacy state of '${name}' must be an object.`);
      states.set(name, value);
    }
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}
