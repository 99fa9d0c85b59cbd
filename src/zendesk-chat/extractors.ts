import { SystemError } from "../protocol/errors.js";
import { isObject } from "../protocol/input-files.js";
import type { JsonObject } from "../protocol/messages.js";

// Zendesk Chat answers in four shapes; each stream names one of these.

/** `GET account`: the body is the one record. */
export function wholeBody(body: unknown): JsonObject[] {
  if (!isObject(body)) throw unexpected("an object", body);
  return [body];
}

/** `GET agents`, `departments`, …: a top-level array. */
export function topLevelArray(body: unknown): JsonObject[] {
  if (!Array.isArray(body)) throw unexpected("an array", body);
  return body.filter(isObject);
}

/** `{ "<key>": [...] }` (incremental export) or `{ "<key>": {...} }` (routing_settings `data`). */
export function underKey(key: string): (body: unknown) => JsonObject[] {
  return (body) => {
    if (!isObject(body)) throw unexpected(`an object with '${key}'`, body);
    const value = body[key];
    if (Array.isArray(value)) return value.filter(isObject);
    if (isObject(value)) return [value];
    // A 200 without the key (an error page from a proxy, maintenance) is not "no more records":
    // taken for an empty page it would end the export early without a word.
    if (value === undefined) throw unexpected(`an object with '${key}'`, Object.keys(body));
    if (value === null) return [];
    throw unexpected(`'${key}' to be a list or an object`, value);
  };
}

/** `GET bans`: `{ ip_address: [...], visitor: [...] }`, merged into one id-ordered list for since_id paging. */
export function bansByKind(body: unknown): JsonObject[] {
  if (!isObject(body)) throw unexpected("an object with ip_address and visitor bans", body);
  const merged: JsonObject[] = [];
  for (const [kind, list] of Object.entries(body)) {
    if (!Array.isArray(list)) continue;
    for (const ban of list) if (isObject(ban)) merged.push(ban.type ? ban : { ...ban, type: kind });
  }
  return merged.sort((a, b) => Number(a.id) - Number(b.id));
}

function unexpected(expected: string, got: unknown): SystemError {
  const shape = Array.isArray(got) ? "an array" : got === null ? "null" : typeof got;
  return new SystemError(`Unexpected response from Zendesk Chat: expected ${expected}, got ${shape}.`);
}
