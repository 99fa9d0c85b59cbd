import { SystemError } from "../protocol/errors.js";
import { isObject } from "../protocol/input-files.js";
import type { JsonObject } from "../protocol/messages.js";

// The shapes JSON APIs answer in; each stream names one of these (or its own).

/** The body is the one record (Zendesk Chat's `GET account`). */
export function wholeBody(body: unknown): JsonObject[] {
  if (!isObject(body)) throw unexpected("an object", body);
  return [body];
}

/** A top-level array (Zendesk Chat's `GET agents`, `departments`, …). */
export function topLevelArray(body: unknown): JsonObject[] {
  if (!Array.isArray(body)) throw unexpected("an array", body);
  return body.filter(isObject);
}

/** `{ "<key>": [...] }` (exports, cursor lists) or `{ "<key>": {...} }` (Chat's routing_settings `data`). */
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

export function unexpected(expected: string, got: unknown): SystemError {
  const shape = Array.isArray(got) ? "an array" : got === null ? "null" : typeof got;
  return new SystemError(`Unexpected response from the API: expected ${expected}, got ${shape}.`);
}
