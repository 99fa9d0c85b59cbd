import { createHash } from "node:crypto";
import { ConfigError } from "../protocol/errors.js";
import { isObject } from "../protocol/input-files.js";
import type { JsonObject } from "../protocol/messages.js";
import { microsToIso, toEpochMicros } from "./timestamps.js";

/**
 * A record, or how to get it: a record written as the API's bytes is parsed again only if its
 * content is needed (a fingerprint at the boundary), so its object need not stay alive meanwhile.
 */
export type RecordRef = JsonObject | (() => JsonObject);

function recordOf(ref: RecordRef): JsonObject {
  return typeof ref === "function" ? ref() : ref;
}

/**
 * Tracks the highest cursor value emitted by a stream and turns it into state. State is only ever
 * built from records already written, and the lower bound is inclusive, so records sharing the last
 * cursor value are read again next time rather than lost.
 *
 * Cursor values are compared as numbers: an id, or epoch microseconds for date-times (see
 * `cursorValueOf`), computed once per record by the engine.
 */
export interface Cursor {
  readonly field: string;
  /** Native start position for the paginator (an id, or epoch microseconds), from state and start date. */
  start(state: JsonObject | undefined): number | undefined;
  /** Notes an emitted record; returns false when its cursor is behind the highest already seen. */
  observe(record: RecordRef, key: string | undefined, value: number | undefined): boolean;
  /** True for a record the previous sync already emitted, unchanged, at the state's boundary value. */
  alreadyEmitted(record: RecordRef, key: string, value: number | undefined): boolean;
  /** True when `value` is the state's boundary value and the state lists records delivered there. */
  atBoundary(value: number | undefined): boolean;
  /**
   * Moves the cursor up to `value` without a record: a parent item read to its end gave this stream
   * nothing (a chat without tags for chat_tags), so nothing up to it is left to deliver.
   */
  advance(value: number): void;
  /**
   * Keeps the state at or below `value`: a list read in no cursor order can have missed an update
   * made while it was read (to an item on a page already read) with a value below the newest one
   * emitted, so its state must not pass the time the read began.
   */
  limitTo(value: number): void;
  /**
   * Keeps the state it reports at or below `value` until told otherwise (undefined lifts it): records
   * below it may still be unread (an id-paged list read on from its lower list). Unlike `limitTo`,
   * the cursor itself is unchanged. Only id cursors are read that way; date-time cursors ignore it.
   */
  holdAt(value: number | undefined): void;
  /**
   * Takes what it still needs of the records it was given as references (their fingerprints), so
   * the page they came from can be released.
   */
  detachFromPage(): void;
  state(): JsonObject;
}

/** The number a cursor compares: an integer id as is, a date-time (or epoch value) as epoch µs. */
export function cursorValueOf(kind: "id" | "datetime", value: unknown): number | undefined {
  if (kind === "id") return typeof value === "number" ? value : undefined;
  return toEpochMicros(value);
}

/** Incrementing integer id (agents, bans); state `{ "id": <last id> }`, the next sync starts after it. */
export class IdCursor implements Cursor {
  private max: number | undefined;
  /** The id the state was read from (the previous sync's): a held state never goes below it. */
  private startId: number | undefined;
  private held: number | undefined;

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
    this.startId = id;
    return id + 1;
  }

  holdAt(value: number | undefined): void {
    this.held = value;
  }

  alreadyEmitted(): boolean {
    return false; // the next sync starts after the last id, never at it
  }

  atBoundary(): boolean {
    return false;
  }

  limitTo(_value: number): void {
    // Ids only grow: an item read early cannot come back with a lower one.
  }

  detachFromPage(): void {
    // Keeps no records.
  }

  advance(id: number): void {
    if (this.max === undefined || id > this.max) this.max = id;
  }

  observe(_record: RecordRef, _key: string | undefined, id: number | undefined): boolean {
    if (id === undefined) return true;
    if (this.max === undefined || id > this.max) {
      this.max = id;
      return true;
    }
    return id === this.max;
  }

  state(): JsonObject {
    let value = this.max;
    if (value !== undefined && this.held !== undefined && this.held < value) {
      value = this.startId !== undefined && this.held < this.startId ? this.startId : this.held;
      // Nothing complete yet, and no earlier state: no state rather than a made-up one.
      if (value < 0) return {};
    }
    return value === undefined ? {} : { [this.field]: value };
  }
}

/**
 * The records emitted at the highest cursor value are kept in state (up to this many), each with a
 * fingerprint of its content, so the next sync, which starts *at* that value to never lose a record
 * sharing it, can skip the ones it already delivered unchanged. A record updated again within the
 * same second keeps its cursor value but not its fingerprint, so it is delivered again. Past the cap
 * they are all re-delivered: at-least-once, as Airbyte allows.
 */
// Child streams count rows here (one long chat at the boundary second is hundreds of history rows).
const MAX_BOUNDARY_KEYS = 500;
const BOUNDARY_KEYS = "ids_at_cursor";

/** A short, stable digest of a record as emitted. */
export function fingerprint(record: JsonObject): string {
  return createHash("sha1").update(JSON.stringify(record)).digest("base64url").slice(0, 12);
}

/** Date-time cursor (chats.update_timestamp, agent_timeline.start_time), compared as epoch µs. */
export class DateTimeCursor implements Cursor {
  private maxMicros: number | undefined;
  /** Records emitted at `maxMicros` (fingerprinted lazily, when state is built). */
  private boundary = new Map<string, { record?: RecordRef; print?: string }>();
  private boundaryOverflow = false;
  private startMicros: number | undefined;
  /** The previous sync's boundary: key → fingerprint of what it delivered. */
  private previousBoundary = new Map<string, string>();

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
    // Only the fingerprinted form is trusted to skip; a plain list of ids (earlier versions) cannot
    // tell an unchanged record from one updated within the same second, so those are re-delivered.
    if (fromState === start && isObject(keys)) {
      for (const [key, print] of Object.entries(keys)) {
        if (typeof print !== "string") continue;
        this.previousBoundary.set(key, print);
        // Kept until a newer cursor value replaces the boundary, so a sync that reads nothing new
        // still hands the same boundary on.
        this.boundary.set(key, { print });
      }
    }
    this.maxMicros = start;
    this.startMicros = start;
    return start;
  }

  holdAt(_value: number | undefined): void {
    // Date-time streams checkpoint in cursor order: every page is complete up to its newest value.
  }

  limitTo(micros: number): void {
    // Never below where this read started (the previous state or the start date).
    const limit = Math.max(micros, this.startMicros ?? micros);
    if (this.maxMicros === undefined || this.maxMicros <= limit) return;
    // No boundary list at the limit: the next sync delivers again whatever has a value from it on
    // (at-least-once for the last moments of the read, never a gap).
    this.maxMicros = limit;
    this.boundary.clear();
    this.boundaryOverflow = false;
  }

  advance(micros: number): void {
    if (this.maxMicros !== undefined && micros <= this.maxMicros) return;
    this.maxMicros = micros;
    this.boundary.clear();
    this.boundaryOverflow = false;
  }

  atBoundary(micros: number | undefined): boolean {
    return this.previousBoundary.size > 0 && micros !== undefined && micros === this.startMicros;
  }

  alreadyEmitted(record: RecordRef, key: string, micros: number | undefined): boolean {
    if (this.previousBoundary.size === 0 || micros !== this.startMicros) return false;
    const print = this.previousBoundary.get(key);
    return print !== undefined && print === fingerprint(recordOf(record));
  }

  observe(record: RecordRef, key: string | undefined, micros: number | undefined): boolean {
    if (micros === undefined) return true;
    if (this.maxMicros === undefined || micros > this.maxMicros) {
      this.maxMicros = micros;
      this.boundary.clear();
      this.boundaryOverflow = false;
    } else if (micros < this.maxMicros) {
      return false;
    }
    if (key !== undefined) this.remember(key, record);
    return true;
  }

  detachFromPage(): void {
    if (this.boundaryOverflow) return;
    for (const entry of this.boundary.values()) this.printOf(entry);
  }

  state(): JsonObject {
    if (this.maxMicros === undefined) return {};
    const state: JsonObject = { [this.field]: microsToIso(this.maxMicros) };
    if (this.boundary.size > 0 && !this.boundaryOverflow) {
      const prints: JsonObject = {};
      for (const [key, entry] of this.boundary) prints[key] = this.printOf(entry);
      state[BOUNDARY_KEYS] = prints;
    }
    return state;
  }

  /** The entry's fingerprint, computed once; the record is not kept after it. */
  private printOf(entry: { record?: RecordRef; print?: string }): string {
    if (entry.print === undefined) {
      entry.print = fingerprint(recordOf(entry.record as RecordRef));
      entry.record = undefined;
    }
    return entry.print;
  }

  private remember(key: string, record: RecordRef): void {
    if (this.boundaryOverflow) return;
    // A newer version of the same record replaces the older one (same key, same second).
    this.boundary.set(key, { record });
    if (this.boundary.size > MAX_BOUNDARY_KEYS) {
      this.boundary.clear();
      this.boundaryOverflow = true;
    }
  }
}
