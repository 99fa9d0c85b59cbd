import { configureCatalog } from "../lib/connector.js";
import type { Message } from "./connector.js";

// biome-ignore lint/suspicious/noExplicitAny: AirbyteStream / ConfiguredAirbyteStream, read freely.
export type Stream = any;
export interface ConfiguredCatalog {
  streams: Array<{
    stream: Stream;
    sync_mode: string;
    destination_sync_mode: string;
    cursor_field?: string[];
    primary_key?: string[][];
  }>;
}

/** CAT's basic_read catalog: every discovered stream but the empty ones, full refresh + overwrite. */
export function fullRefreshCatalog(streams: Stream[], exclude: Iterable<string> = []): ConfiguredCatalog {
  const skip = new Set(exclude);
  return configureCatalog({ streams: streams.filter((s) => !skip.has(s.name)) }, "full_refresh");
}

/** The streams of a configured catalog set to full refresh (CAT's full_refresh test does this). */
export function forceFullRefresh(catalog: ConfiguredCatalog): ConfiguredCatalog {
  return {
    streams: catalog.streams.map(({ cursor_field: _, ...entry }) => ({
      ...entry,
      sync_mode: "full_refresh",
      destination_sync_mode: "overwrite",
    })),
  };
}

/** Incremental streams only (CAT's incremental test), each with its cursor field resolved. */
export function incrementalOnly(catalog: ConfiguredCatalog): ConfiguredCatalog {
  return { streams: catalog.streams.filter((s) => s.sync_mode === "incremental") };
}

/** From the discovered streams: incremental (append_dedup) where supported. */
export function incrementalFromDiscovered(streams: Stream[]): ConfiguredCatalog {
  return {
    streams: streams
      .filter((s) => s.supported_sync_modes?.includes("incremental"))
      .map((stream) => ({
        stream,
        sync_mode: "incremental",
        destination_sync_mode: "append_dedup",
        ...(stream.default_cursor_field ? { cursor_field: stream.default_cursor_field } : {}),
        ...(stream.source_defined_primary_key ? { primary_key: stream.source_defined_primary_key } : {}),
      })),
  };
}

export function onlyStream(catalog: ConfiguredCatalog, name: string): ConfiguredCatalog {
  return { streams: catalog.streams.filter((s) => s.stream.name === name) };
}

export function cursorFieldOf(entry: ConfiguredCatalog["streams"][number]): string[] | undefined {
  const field = entry.cursor_field?.length ? entry.cursor_field : entry.stream.default_cursor_field;
  return field?.length ? field : undefined;
}

export function primaryKeyOf(entry: { stream: Stream; primary_key?: string[][] }): string[][] | undefined {
  const key = entry.primary_key?.length ? entry.primary_key : entry.stream.source_defined_primary_key;
  return key?.length ? key : undefined;
}

/** CAT rebuilds the per-stream state list from the last STATE of each stream. */
export function latestStreamStates(states: Message[]): Message[] {
  const last = new Map<string, Message>();
  for (const state of states) {
    const name = state.stream?.stream_descriptor?.name;
    if (typeof name === "string") last.set(name, state);
  }
  return [...last.values()].map((state) => ({
    type: "STREAM",
    stream: {
      stream_descriptor: state.stream.stream_descriptor,
      ...(state.stream.stream_state !== undefined ? { stream_state: state.stream.stream_state } : {}),
    },
  }));
}

/** Canonical JSON (sorted keys) for comparing records. */
export function canonical(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}

export function deleteFieldPath(data: Record<string, unknown>, path: string): void {
  const parts = path.split(/[/.]/).filter(Boolean);
  let current: unknown = data;
  for (const [index, part] of parts.entries()) {
    if (typeof current !== "object" || current === null) return;
    if (index === parts.length - 1) delete (current as Record<string, unknown>)[part];
    else current = (current as Record<string, unknown>)[part];
  }
}
