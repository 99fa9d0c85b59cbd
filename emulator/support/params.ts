/**
 * The query checks and time helpers every Support endpoint of the emulator shares: unknown or
 * repeated parameters, integer parameters, the exports' one-minute rule and the (time, id) search.
 */
import type { ApiResponse } from "../errors.js";
import { checkParams as checkQuery, intParam as integerParam, type Parsed } from "../params.js";
import { badParameter } from "./lists/list.js";

/** The exports refuse a start_time younger than this, and leave out what changed within it. */
export const MINUTE = 60;

/** Only the documented parameters, each once (the shared kit), with Support's 400 InvalidValue. */
export const checkParams = (query: URLSearchParams, allowed: readonly string[]): ApiResponse | null =>
  checkQuery(query, allowed, badParameter);

export type { Parsed };

/** An optional integer parameter; an empty value is a 400 on Support. */
export const intParam = (query: URLSearchParams, name: string, min = 0): Parsed<number | null> =>
  integerParam(query, name, { min, emptyIsAbsent: false, bad: badParameter });

/** First index of `items` (sorted by key) strictly after (t, id). */
export function after<T>(
  items: readonly T[],
  key: (x: T) => [number, number],
  t: number,
  id: number,
): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const [mt, mid2] = key(items[mid] as T);
    if (mt > t || (mt === t && mid2 > id)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function tooRecent(startTime: number, nowSec: number): ApiResponse | null {
  if (startTime <= nowSec - MINUTE) return null;
  return badParameter("Too recent start_time. Use a start_time older than 1 minute");
}

/** A page cursor: base64url of its JSON position. */
export function encodeCursor(value: unknown): string {
  return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}

/** A cursor handed out by encodeCursor, or null. */
export function decodeCursor<T>(token: string, check: (v: unknown) => v is T): T | null {
  try {
    const v: unknown = JSON.parse(Buffer.from(token, "base64url").toString("utf8"));
    return check(v) ? v : null;
  } catch {
    return null;
  }
}
