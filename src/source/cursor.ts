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
  observe(record: JsonObject): boolean;
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

/** Date-time cursor (chats.update_timestamp, agent_timeline.start_time), compared as epoch µs. */
export class DateTimeCursor implements Cursor {
  private maxMicros: number | undefined;

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
    this.maxMicros = start;
    return start;
  }

  observe(record: JsonObject): boolean {
    const micros = toEpochMicros(record[this.field]);
    if (micros === undefined) return true;
    if (this.maxMicros === undefined || micros >= this.maxMicros) {
      this.maxMicros = micros;
      return true;
    }
    return false;
  }

  state(): JsonObject {
    return this.maxMicros === undefined ? {} : { [this.field]: microsToIso(this.maxMicros) };
  }
}
