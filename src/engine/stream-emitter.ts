import type { RecordSlices } from "../http/json-records.js";
import { SystemError } from "../protocol/errors.js";
import type { ConfiguredAirbyteStream, JsonObject, StreamDescriptor } from "../protocol/messages.js";
import type { Cursor, RecordRef } from "./cursor.js";
import type { FreshItem } from "./page-items.js";
import type { ReadContext } from "./read-context.js";
import { createCursor, primaryKeyFunction, valueFunction } from "./record-fields.js";
import type { StreamDefinition } from "./stream.js";

/** One stream of a group: its rows, cursor, checkpoints, status and record count. */
export class StreamEmitter {
  /** Records written so far (readable after a failure too). */
  written = 0;
  readonly name: string;
  private readonly descriptor: StreamDescriptor;
  protected readonly cursor: Cursor | undefined;
  protected keyOf: ((record: JsonObject) => string) | undefined;
  protected valueOf: (record: JsonObject) => number | undefined;
  /** A side-loaded child's rows for the current page (see StreamDefinition.pageRows). */
  private pageRowsOf: ((item: JsonObject) => JsonObject[]) | undefined;
  /**
   * True once a page lacked the side-load this stream's rows come from: it takes nothing more from
   * the shared read, and is read by its fallback afterwards (see switchToFallback).
   */
  fellBack = false;
  private running = false;
  protected sinceCheckpoint = 0;
  private lastState: string | undefined;
  private startValue: number | undefined;
  /** Items before this value are skipped: the shared read started earlier than this stream's start. */
  protected skipUntil: number | undefined;
  /** True when items before `skipUntil` mean the API ignored the start asked for (worth a WARN). */
  protected unexpectedOld = false;
  protected skippedOld = 0;

  constructor(
    protected definition: StreamDefinition,
    configured: ConfiguredAirbyteStream,
    protected readonly ctx: ReadContext,
  ) {
    this.name = definition.name;
    this.descriptor = { name: definition.name };
    this.cursor =
      configured.sync_mode === "incremental"
        ? createCursor(definition, definition.readsAllHistory ? 0 : ctx.startDateMicros)
        : undefined;
    this.keyOf = primaryKeyFunction(definition.primaryKey);
    this.valueOf = valueFunction(definition);
  }

  started(): Promise<void> {
    return this.ctx.writer.streamStatus(this.descriptor, "STARTED");
  }

  /** This stream's start (from its state and the start date), or `fallback` without a cursor. */
  start(state: JsonObject | undefined, fallback: number | undefined): number | undefined {
    const migrate = this.definition.migrateState;
    const current = state !== undefined && migrate ? migrate.call(this.definition, state) : state;
    this.startValue = this.cursor ? this.cursor.start(current) : fallback;
    return this.startValue;
  }

  skipBefore(groupStart: number | undefined): void {
    const own = this.startValue;
    // Items before this stream's own start are never its business: either the shared read started
    // earlier for another stream, or the API answered with data older than the start asked for
    // (a time-unit mismatch), which would otherwise be emitted again by every sync.
    const datetime = this.definition.cursorKind === "datetime";
    this.skipUntil =
      own !== undefined && ((groupStart !== undefined && own > groupStart) || datetime) ? own : undefined;
    this.unexpectedOld = datetime && own !== undefined && (groupStart === undefined || own <= groupStart);
  }

  /**
   * True when the previous sync already delivered, unchanged, every row this item gives this stream
   * (it sits at the state's boundary). Cheap unless the item is at the boundary value.
   */
  alreadyDelivered(item: JsonObject, itemValue: number | undefined): boolean {
    const { cursor, skipUntil } = this;
    if (skipUntil !== undefined && itemValue !== undefined && itemValue < skipUntil) return true;
    if (this.fellBack) return true;
    if (!cursor?.atBoundary(itemValue)) return false;
    const rows = this.rowsOf(item);
    return rows.every((row) => {
      const key = this.keyOf?.(row);
      return key !== undefined && cursor.alreadyEmitted(row, key, this.valueOf(row));
    });
  }

  /**
   * True once the stream has nothing more to take from the shared read (a per-parent stream the API
   * refused): when every stream of a read is finished, its remaining pages are not requested.
   */
  get finished(): boolean {
    return false;
  }

  /** True when this stream makes rows of an item (child streams), so it needs the parsed item. */
  get makesRows(): boolean {
    return this.definition.rows !== undefined || this.definition.pageRows !== undefined;
  }

  private rowsOf(item: JsonObject): JsonObject[] {
    if (this.pageRowsOf) return this.pageRowsOf(item);
    return this.definition.rows ? this.definition.rows(item) : [item];
  }

  /** True while this stream's rows come from its pages' side-load (see StreamDefinition.pageRows). */
  get sideLoaded(): boolean {
    return this.definition.pageRows !== undefined && !this.fellBack;
  }

  /** This stream's start (see `start`): where a read of its own begins. */
  get startsAt(): number | undefined {
    return this.startValue;
  }

  /**
   * A page of the shared read, before its items: a side-loaded child takes its rows for the page,
   * or, when the page lacks the side-load, stops taking items and says so once (one WARN).
   */
  async takePage(body: unknown, items: number): Promise<void> {
    const { pageRows, fallback } = this.definition;
    if (!pageRows || this.fellBack) return;
    this.pageRowsOf = pageRows(body, items);
    if (this.pageRowsOf) return;
    if (!fallback)
      throw new SystemError(`Stream '${this.name}': a response left out the side-load its rows come from.`);
    this.fellBack = true;
    await this.log(
      "WARN",
      `a response left out the side-load this stream's rows come from (the API did not honour the request for it); reading '${fallback.path}' instead for this sync.`,
    );
  }

  /**
   * After the shared read, for a stream that fell back: it is read by its fallback definition (own
   * requests) from here on, its cursor kept. The fallback is a list read whole: items before this
   * stream's start are filtered out here, not a sign that the API ignored a start.
   */
  switchToFallback(): StreamDefinition {
    const fallback = this.definition.fallback as StreamDefinition;
    if (fallback.name !== this.name || fallback.cursorField !== this.definition.cursorField)
      throw new SystemError(`Stream '${this.name}': its fallback must have its name and cursor field.`);
    this.definition = fallback;
    this.fellBack = false;
    this.pageRowsOf = undefined;
    this.keyOf = primaryKeyFunction(fallback.primaryKey);
    this.valueOf = valueFunction(fallback);
    this.skipUntil = this.startValue;
    this.unexpectedOld = false;
    return fallback;
  }

  /**
   * Writes the rows of `items`. An item that is its own row is written as its bytes when `raw` (the
   * page's records as bytes) is given; its parsed object may then be gone (see FreshItem.item).
   */
  async writeItems(items: FreshItem[], raw: RecordSlices | undefined): Promise<void> {
    const { definition, cursor, skipUntil } = this;
    const { writer } = this.ctx;
    if (this.fellBack) return;
    let backwards = 0;
    for (const { item, value: itemValue, key: itemKey, at } of items) {
      if (skipUntil !== undefined && itemValue !== undefined && itemValue < skipUntil) {
        if (this.unexpectedOld) this.skippedOld += 1;
        continue;
      }
      if (!this.makesRows) {
        // The item itself: its key and cursor value were computed once already.
        const row: RecordRef = item ?? (() => (raw as RecordSlices).parse(at));
        if (itemKey !== undefined && cursor?.alreadyEmitted(row, itemKey, itemValue)) continue;
        if (cursor && !cursor.observe(row, itemKey, itemValue)) backwards += 1;
        if (!this.running) await this.markRunning();
        if (raw !== undefined)
          await writer.recordBytes(definition.name, raw.bytes, raw.start(at), raw.end(at));
        else await writer.record(definition.name, item as JsonObject);
        this.sinceCheckpoint += 1;
        this.written += 1;
        continue;
      }
      for (const row of this.rowsOf(item as JsonObject)) {
        const key = this.keyOf?.(row);
        const value = this.valueOf(row);
        if (key !== undefined && cursor?.alreadyEmitted(row, key, value)) continue;
        if (cursor && !cursor.observe(row, key, value)) backwards += 1;
        if (!this.running) await this.markRunning();
        await writer.record(definition.name, row);
        this.sinceCheckpoint += 1;
        this.written += 1;
      }
      // A chat without rows for this stream (no tags, no goals…) still moves its cursor: otherwise
      // its state stays at the start date and every sync reads the whole export again.
      if (itemValue !== undefined) cursor?.advance(itemValue);
    }
    // Id-ordered lists read on from their lower list (several lists a page) deliver lower ids after
    // higher ones by design; their checkpoints stay below the next page instead.
    if (backwards > 0 && definition.pagination.inCursorOrder && !definition.idLists) {
      await this.log(
        "WARN",
        `${backwards} records had a cursor older than one already read; kept them, state unchanged.`,
      );
    }
  }

  /** Done with the page's records given as references (see Cursor.detachFromPage). */
  detachFromPage(): void {
    this.cursor?.detachFromPage();
  }

  async estimate(newest: number, now: number): Promise<void> {
    const from = this.skipUntil ?? this.startValue;
    if (from === undefined || newest <= from || now <= from) return;
    const fraction = Math.min(1, (newest - from) / (now - from));
    const rowEstimate = Math.max(this.written, Math.round(this.written / fraction));
    await this.ctx.writer.write({
      type: "TRACE",
      trace: {
        type: "ESTIMATE",
        emitted_at: Date.now(),
        estimate: { name: this.name, type: "STREAM", row_estimate: rowEstimate },
      },
    });
  }

  /** Ends the stream: its last state (at most `stateLimit`, see RequestSequenceReader.readStartedMicros) and status. */
  async finish(stateLimit?: number): Promise<void> {
    if (this.skippedOld > 0) {
      await this.log(
        "WARN",
        `skipped ${this.skippedOld} records older than the start asked for: the API answered with data before the start asked for (a time-unit mismatch?). They were delivered before or lie before start_date.`,
      );
    }
    await this.markRunning();
    if (stateLimit !== undefined) this.cursor?.limitTo(stateLimit);
    await this.checkpoint("final");
    await this.ctx.writer.streamStatus(this.descriptor, "COMPLETE");
  }

  rateLimited(resumeAt: number): Promise<void> {
    this.running = true;
    return this.ctx.writer.streamStatus(this.descriptor, "RUNNING", [
      { type: "RATE_LIMITED", rate_limited: { quota_reset: Math.ceil(resumeAt) } },
    ]);
  }

  /**
   * After a page (incremental only, when records were written) and at the end. Every stream ends with
   * a STATE (Airbyte counts them), unless the last checkpoint already said it all.
   */
  async checkpoint(when: "page" | "final", upTo?: number): Promise<void> {
    if (when === "page" && (!this.cursor || this.sinceCheckpoint === 0)) return;
    // A page's checkpoint claims no more than the paginator says is complete; the final one, all.
    this.cursor?.holdAt(when === "page" ? upTo : undefined);
    const streamState = this.cursor ? this.cursor.state() : {};
    const serialized = JSON.stringify(streamState);
    if (when === "final" && this.sinceCheckpoint === 0 && serialized === this.lastState) return;
    await this.ctx.writer.state(
      { stream_descriptor: this.descriptor, stream_state: streamState },
      this.sinceCheckpoint,
    );
    this.lastState = serialized;
    this.sinceCheckpoint = 0;
  }

  protected async markRunning(): Promise<void> {
    if (this.running) return;
    this.running = true;
    await this.ctx.writer.streamStatus(this.descriptor, "RUNNING");
  }

  protected log(level: "INFO" | "WARN", message: string): Promise<void> {
    return this.ctx.writer.log(level, `Stream '${this.definition.name}': ${message}`);
  }
}
