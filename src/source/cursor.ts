import { ConfigError } from "../protocol/errors.js";
import type { JsonObject } from "../protocol/messages.js";
import { microsToIso, toEpochMicros } from "./timestamps.js";

/**
 * Tracks the highest cursor value emitted by a stream and turns it into state. State is only ever
 * built from records already written, and the lower bound is inclusive, so records sharing the last
 * cursor value are read again next time rather than lost.
 */
export interface Cursor {
  readonly field: string;
  /** Native start position for the paginator (an id, or epoch microseconds), from state and start date. */
  start(state: JsonObject | undefined): number | undefined;
  /** Notes an emitted record; returns false when its cursor is behind the highest already seen. */
  observe(record: JsonObject, key?: string): boolean;
  /** True for a record the previous sync already emitted at the state's boundary value. */
  alreadyEmitted(record: JsonObject, key: string): boolean;
  state(): JsonObject;
}

/** Incrementing integer id (agents, bans); state `{ "id": <last id> }`, the next sync starts after it. */
export class IdCursor implements Cursor {
  private max: number | undefined;

  constructor(readonly field: string) {}

  start(state: JsonObject | undefined): number | undefined {
    const value = state?.[this.field];
    if (value === undefined || value === null) return undefined;
    const id = typeof value === "string" && /^\d+$/.test(value) ? Number(value) : value;
    if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 0) {
      throw new ConfigError(
        `State of cursor '${this.field}' must be a non-negative integer, got ${JSON.stringify(value)}.`,
      );
    }
    this.max = id;
    return id + 1;
  }

  alreadyEmitted(): boolean {
    return false; // the next sync starts after the last id, never at it
  }

  observe(record: JsonObject): boolean {
    const id = record[this.field];
    if (typeof id !== "number") return true;
    if (this.max === undefined || id > this.max) {
      this.max = id;
      return true;
    }
    return id === this.max;
  }

  state(): JsonObject {
    return this.max === undefined ? {} : { [this.field]: this.max };
  }
}

/**
 * Keys of the records emitted at the highest cursor value are kept in state (up to this many), so the
 * next sync, which starts *at* that value to never lose a record sharing it, can skip the ones it
 * already delivered. Past the cap they are re-delivered: at-least-once, as Airbyte allows.
 */
const MAX_BOUNDARY_KEYS = 100;
const BOUNDARY_KEYS = "ids_at_cursor";

/** Date-time cursor (chats.update_timestamp, agent_timeline.start_time), compared as epoch µs. */
export class DateTimeCursor implements Cursor {
  private maxMicros: number | undefined;
  private boundaryKeys = new Set<string>();
  private startMicros: number | undefined;
  private previousBoundary = new Set<string>();

  constructor(
    readonly field: string,
    private readonly startDateMicros: number,
  ) {}

  start(state: JsonObject | undefined): number {
    const raw = state?.[this.field];
    let fromState: number | undefined;
    if (raw !== undefined && raw !== null) {
      fromState = toEpochMicros(raw);
      if (fromState === undefined) {
        throw new ConfigError(
          `State of cursor '${this.field}' is not a date-time or epoch value: ${JSON.stringify(raw)}. Reset the stream or fix the state.`,
        );
      }
    }
    // A start_date moved later than the saved state wins: the user asked for nothing older.
    const start = Math.max(fromState ?? this.startDateMicros, this.startDateMicros);
    const keys = state?.[BOUNDARY_KEYS];
    if (fromState === start && Array.isArray(keys)) {
      this.previousBoundary = new Set(keys.map(String));
      this.boundaryKeys = new Set(this.previousBoundary);
    }
    this.maxMicros = start;
    this.startMicros = start;
    return start;
  }

  alreadyEmitted(record: JsonObject, key: string): boolean {
    if (this.previousBoundary.size === 0) return false;
    return this.previousBoundary.has(key) && toEpochMicros(record[this.field]) === this.startMicros;
  }

  observe(record: JsonObject, key?: string): boolean {
    const micros = toEpochMicros(record[this.field]);
    if (micros === undefined) return true;
    if (this.maxMicros === undefined || micros > this.maxMicros) {
      this.maxMicros = micros;
      this.boundaryKeys.clear();
    } else if (micros < this.maxMicros) {
      return false;
    }
    if (key !== undefined && this.boundaryKeys.size <= MAX_BOUNDARY_KEYS) this.boundaryKeys.add(key);
    return true;
  }

  state(): JsonObject {
    if (this.maxMicros === undefined) return {};
    const state: JsonObject = { [this.field]: microsToIso(this.maxMicros) };
    if (this.boundaryKeys.size > 0 && this.boundaryKeys.size <= MAX_BOUNDARY_KEYS) {
      state[BOUNDARY_KEYS] = [...this.boundaryKeys];
    }
    return state;
  }
}
