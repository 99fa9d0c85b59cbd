import type { Agent } from "../agents.js";
import type { Org } from "../org.js";

/** A record as the API renders it (the same shape as the emulator's JsonRecord). */
export type JsonRecord = Record<string, unknown>;

/**
 * A Chat resource the emulator serves from this one registration: its resource name, its endpoint
 * under /api/v2/chat/, the parameters it takes and its data generator. Served by
 * emulator/endpoints/router.ts, counted and listed by the admin API and the tests from CHAT_LISTS
 * (index.ts); paging, rate limits, faults and the unexpected-request log come with it.
 */
export interface ChatList<N extends string = string> {
  /** The resource's name (records(), count(), the stream's name). */
  readonly name: N;
  /** The endpoint under /api/v2/chat/ (`routing_settings/account`); default `name`. */
  readonly path?: string;
  /**
   * How a request reads it: whole (default: every record, no parameters), or with the Chat API's
   * id paging (`since_id`, `max_id`, `limit`: default `defaultLimit`, ascending numeric `id`s).
   */
  readonly sinceId?: { readonly defaultLimit: number };
  /** The response body around the records (default: the top-level array); `empty` under the "empty" fault. */
  body?(records: readonly JsonRecord[], empty: boolean): unknown;
  /** Every record of the account now, in the API's order (computed per request: agents come and go). */
  records(account: ChatAccount): JsonRecord[];
}

/** What a Chat data generator knows of the emulated account. */
export interface ChatAccount {
  readonly seed: number;
  readonly org: Org;
  /** The agents now (clock advances add some). */
  readonly agents: readonly Agent[];
}

/** Keeps a registration's literal name in its type (the resource names derive from CHAT_LISTS). */
export function chatList<const N extends string>(list: ChatList<N>): ChatList<N> {
  return list;
}
