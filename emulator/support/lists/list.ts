import type { ApiResponse } from "../../errors.js";

/** A record as the API renders it (the same shape as the emulator's JsonRecord). */
export type JsonRecord = Record<string, unknown>;

/**
 * A Support list resource the emulator serves from this one registration: its endpoint, how it pages
 * and filters, and its data generator. The records are generated once per account (from the seed)
 * and served with Zendesk's list paging: cursor (`page[size]`, `page[after]`, `links.next`,
 * `meta.has_more`) and, where `offset` is set, offset paging too.
 */
export interface SupportList {
  /** The resource's name (records(), the stream's name). */
  readonly name: string;
  /** The endpoint under /api/v2/ (`slas/policies` → `GET /api/v2/slas/policies.json`); default `name`. */
  readonly path?: string;
  /** "Allowed For: Admins": a non-admin agent's credentials get 403. */
  readonly adminOnly?: boolean;
  /** Answered whole when asked without page parameters (`next_page: null`), as schedules are. */
  readonly unpaginated?: boolean;
  /** The key of the records' array in the response body. */
  readonly key: string;
  /** The largest `page[size]` the API honours. */
  readonly maxSize: number;
  /** Offset paging (`page`, `per_page`) is accepted too. */
  readonly offset: boolean;
  /** Query parameters the endpoint takes besides the paging ones. */
  readonly extraParams: readonly string[];
  /**
   * The cursor key of a record, ascending in list order (default: its place in the list). A list
   * whose records come and go between requests needs one, or a page cursor would skip or repeat.
   */
  sortKey?(record: JsonRecord): number[];
  /** Every record of the account, in the API's list order. */
  generate(account: ListAccount): JsonRecord[];
  /**
   * What one request sees of them (a filter on its query), or a 400 for a bad parameter; default:
   * every record.
   */
  visible?(records: JsonRecord[], query: URLSearchParams): JsonRecord[] | ApiResponse;
}

/** What a data generator knows of the emulated account. */
export interface ListAccount {
  seed: number;
  /** The API's public base URL (records' `url` fields). */
  baseUrl: string;
  /** The span of the account's data, epoch seconds. */
  fromSec: number;
  toSec: number;
  /** The account's tickets in export order, for lists about tickets (satisfaction_ratings). */
  tickets?: readonly ListTicket[];
}

/** What a list about tickets knows of one (data.ts `Ticket`). */
export interface ListTicket {
  id: number;
  created: number;
  updated: number;
  status: string;
  /** created_at of each audit, oldest first. */
  audits: readonly number[];
  requester: number;
  assignee: number | null;
  group: number | null;
}

/** A bad parameter, answered as Zendesk Support does (400 InvalidValue). */
export function badParameter(description: string): ApiResponse {
  return { status: 400, body: { error: "InvalidValue", description }, unexpected: description };
}

/** A `true`/`false` query parameter: its value, null when absent, or a 400 for anything else. */
export function booleanParameter(query: URLSearchParams, name: string): boolean | null | ApiResponse {
  const value = query.get(name);
  if (value === null) return null;
  if (value === "true" || value === "false") return value === "true";
  return badParameter(`${name}: true or false`);
}
