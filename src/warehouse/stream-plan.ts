import { join } from "node:path";
import type { ConfiguredAirbyteStream } from "../protocol/messages.js";
import { columnsOf } from "./columns.js";
import type { TableSpec } from "./db.js";
import { Spool } from "./spool.js";

/** How one selected stream is loaded by a sync, and where its load stands. */
export interface StreamPlan {
  spec: TableSpec;
  /** dedup: merged into the table at each checkpoint; replace: loaded into staging, swapped in at the end. */
  mode: "dedup" | "replace";
  /** The records since the stream's last checkpoint, in a temp NDJSON file DuckDB loads in bulk. */
  spool: Spool;
  received: number;
  /** Records committed to the table (incremental streams; a replaced one is swapped in at its end). */
  saved: number;
  /** The newest STATE received (for a replaced stream: saved when it is swapped in). */
  pendingState?: unknown;
  stagingReady: boolean;
  done: boolean;
  failed: boolean;
  estimate?: number;
  status: "pending" | "running" | "complete" | "incomplete";
}

/** The plan of a configured stream: dedup (incremental with a key) or replace. */
export function planStream(
  configured: ConfiguredAirbyteStream,
  fullRefresh: boolean,
  work: string,
  index: number,
): StreamPlan {
  const stream = configured.stream;
  const primaryKey = (configured.primary_key ?? stream.source_defined_primary_key ?? []).map((path) => {
    if (path.length !== 1 || path[0] === undefined)
      throw new Error(`Nested primary keys are not supported (${stream.name})`);
    return path[0];
  });
  const cursor = configured.cursor_field?.[0];
  const incremental = configured.sync_mode === "incremental" && primaryKey.length > 0;
  return {
    spec: { stream: stream.name, columns: columnsOf(stream.json_schema), primaryKey, cursor },
    mode: incremental && !fullRefresh ? "dedup" : "replace",
    spool: new Spool(join(work, `records-${index}`)),
    received: 0,
    saved: 0,
    stagingReady: false,
    done: false,
    failed: false,
    status: "pending",
  };
}
