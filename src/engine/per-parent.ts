import type { HttpClient } from "../http/client.js";
import { HttpError } from "../http/http-error.js";
import type { ConfiguredAirbyteStream, JsonObject } from "../protocol/messages.js";
import type { FreshItem } from "./page-items.js";
import { clientFor, type ReadContext } from "./read-context.js";
import type { PlannedStream } from "./read-plan.js";
import type { PerParent, StreamDefinition } from "./stream.js";
import { StreamEmitter } from "./stream-emitter.js";

/** A checkpoint after a parent item once this many rows were written since the last one… */
const ROWS_PER_CHECKPOINT = 1000;
/** …or this long passed (a parent's requests are paced by the API's budget). */
const CHECKPOINT_EVERY_MS = 30_000;

/** The emitter a planned stream is read with: a per-parent stream's, or the plain one. */
export function emitterFor(planned: PlannedStream, ctx: ReadContext): StreamEmitter {
  const { definition, configured } = planned;
  return definition.perParent
    ? new PerParentEmitter(definition, definition.perParent, configured, ctx)
    : new StreamEmitter(definition, configured, ctx);
}

/**
 * A per-parent stream (StreamDefinition.perParent): it takes its parent's page items, and for each
 * one it selects, pages the item's own list with requests of its own (the API's client, so its rate
 * budget paces them), writing the list's items as rows. Its cursor moves over each parent item once
 * the item's list is read to its end, and it checkpoints only there (after a parent page, or a
 * parent item once enough rows or time passed): a kill loses what came after the last checkpoint,
 * which the next sync reads again (rows delivered at the state's boundary value are skipped).
 */
export class PerParentEmitter extends StreamEmitter {
  private readonly client: HttpClient;
  private ended = false;
  private checkpointedAt = Date.now();

  constructor(
    definition: StreamDefinition,
    private readonly per: PerParent,
    configured: ConfiguredAirbyteStream,
    ctx: ReadContext,
  ) {
    super(definition, configured, ctx);
    this.client = clientFor(definition, ctx);
  }

  override get finished(): boolean {
    return this.ended;
  }

  override get makesRows(): boolean {
    return true;
  }

  /** A parent item's list is read again at the state's boundary: its rows say what was delivered. */
  override alreadyDelivered(_item: JsonObject, itemValue: number | undefined): boolean {
    const { skipUntil } = this;
    return skipUntil !== undefined && itemValue !== undefined && itemValue < skipUntil;
  }

  override async writeItems(items: FreshItem[]): Promise<void> {
    for (const { item, value } of items) {
      if (this.ended) return;
      if (this.skipUntil !== undefined && value !== undefined && value < this.skipUntil) {
        if (this.unexpectedOld) this.skippedOld += 1;
        continue;
      }
      if (item && this.per.forEachParent(item) && !(await this.readList(item))) return;
      if (value !== undefined) this.cursor?.advance(value);
      // Between the parent pages' own checkpoints, after a parent item once enough rows or time
      // passed: a kill then loses little, and a replay of each checkpoint (CAT) stays affordable.
      if (
        this.sinceCheckpoint >= ROWS_PER_CHECKPOINT ||
        Date.now() - this.checkpointedAt >= CHECKPOINT_EVERY_MS
      ) {
        await this.checkpoint("page");
        this.checkpointedAt = Date.now();
      }
    }
  }

  /** Reads one parent item's list to its end; false when the account cannot read the stream at all. */
  private async readList(parent: JsonObject): Promise<boolean> {
    const { definition, per, client } = this;
    const paginator = definition.pagination.paginator(client, {});
    const now = () => (client.serverNow() ?? Date.now()) * 1000;
    const firstQuery = paginator.firstQuery(undefined, now()) ?? {};
    let url: URL | undefined = client.resolve(per.pathOf(parent), { ...definition.query, ...firstQuery });
    /** Keys written for this parent: an item the API repeats across pages is written once. */
    const seen = new Set<string>();
    let first = true;
    while (url) {
      let body: unknown;
      try {
        ({ body } = await client.getJson(url, {
          onRateLimited: (resumeAt) => void this.rateLimited(resumeAt),
        }));
      } catch (error) {
        if (!(error instanceof HttpError) || !first) throw error;
        if (per.unavailableOn.includes(error.status)) {
          this.ended = true;
          await this.log("WARN", per.unavailable(error.status));
          return false;
        }
        if (!per.skipOn.includes(error.status)) throw error;
        await this.log("WARN", `skipped ${error.path}: ${error.status} (gone since the parent was read).`);
        return true;
      }
      first = false;
      const listed = definition.extract(body);
      for (const child of listed) {
        const row = per.row(definition.transform ? definition.transform(child) : child, parent);
        const key = this.keyOf?.(row);
        if (key !== undefined) {
          if (seen.has(key)) continue;
          seen.add(key);
        }
        await this.writeRow(row, key);
      }
      const next = paginator.next(
        { url, body, count: listed.length, maxId: undefined, fresh: listed.length },
        now(),
      );
      for (const warning of paginator.takeWarnings()) await this.log("WARN", warning);
      url = "url" in next ? next.url : undefined;
    }
    return true;
  }

  private async writeRow(row: JsonObject, key: string | undefined): Promise<void> {
    const { cursor } = this;
    const value = this.valueOf(row);
    if (key !== undefined && cursor?.alreadyEmitted(row, key, value)) return;
    cursor?.observe(row, key, value);
    await this.markRunning();
    await this.ctx.writer.record(this.definition.name, row);
    this.sinceCheckpoint += 1;
    this.written += 1;
  }
}
