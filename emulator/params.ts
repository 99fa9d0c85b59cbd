/**
 * Query-string parsing shared by both emulated APIs' endpoints. Each API answers a bad parameter
 * with its own 400 (`bad`: the Chat API's `badRequest` by default, Support passes its InvalidValue).
 */
import { type ApiResponse, badRequest } from "./errors.js";

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: ApiResponse };

/**
 * Only the documented parameters, each at most once. The real API may well ignore strays, but a
 * stray parameter is a client bug that silently changes nothing (a misspelt `start_id` would
 * restart the export), so the emulator refuses it loudly.
 */
export function checkParams(
  query: URLSearchParams,
  allowed: readonly string[],
  bad: (description: string) => ApiResponse = badRequest,
): ApiResponse | null {
  const seen = new Set<string>();
  for (const name of query.keys()) {
    if (!allowed.includes(name)) {
      const expected = allowed.length > 0 ? `expected only ${allowed.join(", ")}` : "it takes no parameters";
      return bad(`unexpected request: unknown parameter "${name}" for this endpoint (${expected})`);
    }
    if (seen.has(name)) return bad(`unexpected request: parameter "${name}" given more than once`);
    seen.add(name);
  }
  return null;
}

export interface IntRules {
  /** The least value accepted (default 0). */
  min?: number;
  /** An empty value counts as absent (the Chat API) rather than bad (Support). Default true. */
  emptyIsAbsent?: boolean;
  bad?: (description: string) => ApiResponse;
}

/** Optional integer parameter (e.g. since_id, start_time, per_page): null when absent. */
export function intParam(
  query: URLSearchParams,
  name: string,
  { min = 0, emptyIsAbsent = true, bad = badRequest }: IntRules = {},
): Parsed<number | null> {
  const raw = query.get(name);
  if (raw === null || (raw === "" && emptyIsAbsent)) return { ok: true, value: null };
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(Number(raw)) || Number(raw) < min) {
    const rule = min === 0 ? "a non-negative integer" : `an integer >= ${min}`;
    return { ok: false, response: bad(`${name}: must be ${rule}, got "${raw}"`) };
  }
  return { ok: true, value: Number(raw) };
}

/** `limit`: default `fallback`, values above `max` are capped like the real API does. */
export function limitParam(query: URLSearchParams, fallback: number, max: number): Parsed<number> {
  const parsed = intParam(query, "limit");
  if (!parsed.ok) return parsed;
  if (parsed.value === null) return { ok: true, value: fallback };
  if (parsed.value < 1) return { ok: false, response: badRequest("limit: must be at least 1") };
  return { ok: true, value: Math.min(parsed.value, max) };
}

/**
 * Resource expansion: `fields=chats(*)` → all fields; `fields=chats(id,update_timestamp)` →
 * those fields; absent (or naming another resource) → null, meaning the minimal default set.
 */
export function expandedFields(query: URLSearchParams, resource: string): "*" | Set<string> | null {
  const raw = query.get("fields");
  if (!raw) return null;
  for (const part of splitTopLevel(raw)) {
    const open = part.indexOf("(");
    if (open < 0 || !part.endsWith(")")) continue;
    const name = part.slice(0, open).trim();
    if (name !== resource && name !== "*") continue;
    const inner = part.slice(open + 1, -1).trim();
    if (inner === "*") return "*";
    // Nested selections like visitor(name) select the whole top-level field.
    return new Set(splitTopLevel(inner).map((f) => f.replace(/\(.*$/, "").trim()));
  }
  return null;
}

/** Split on commas that are not inside parentheses. */
function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(s.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(s.slice(start));
  return parts.filter((p) => p.length > 0);
}

/** Percent-encode like the real next_page URLs do (`fields=chats%28%2A%29`). */
export function encodeParam(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}
