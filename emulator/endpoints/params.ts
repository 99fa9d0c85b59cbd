/** Query-string parsing shared by the endpoints, with the API's 400 answers. */
import { type ApiResponse, badRequest } from "../errors.js";

export type Parsed<T> = { ok: true; value: T } | { ok: false; response: ApiResponse };

/**
 * Only the documented parameters, each at most once. The real API may well ignore strays, but a
 * stray parameter is a client bug that silently changes nothing (a misspelt `start_id` would
 * restart the export), so the emulator refuses it loudly.
 */
export function checkParams(query: URLSearchParams, allowed: readonly string[]): ApiResponse | null {
  const seen = new Set<string>();
  for (const name of query.keys()) {
    if (!allowed.includes(name)) {
      const expected = allowed.length > 0 ? `expected only ${allowed.join(", ")}` : "it takes no parameters";
      return badRequest(`unexpected request: unknown parameter "${name}" for this endpoint (${expected})`);
    }
    if (seen.has(name)) return badRequest(`unexpected request: parameter "${name}" given more than once`);
    seen.add(name);
  }
  return null;
}

/** Optional non-negative integer parameter (e.g. since_id, start_time). */
export function intParam(query: URLSearchParams, name: string): Parsed<number | null> {
  const raw = query.get(name);
  if (raw === null || raw === "") return { ok: true, value: null };
  if (!/^\d+$/.test(raw))
    return { ok: false, response: badRequest(`${name}: must be a non-negative integer`) };
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) return { ok: false, response: badRequest(`${name}: out of range`) };
  return { ok: true, value };
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
