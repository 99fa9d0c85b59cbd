import type { JsonSchema } from "./json-schema.js";

// The building blocks stream schemas are written with, one dialect for every API. Conventions:
// draft-07, fully inlined (no $ref / allOf / anyOf / oneOf / not), `additionalProperties: true` on every
// object, every field nullable except the primary key, type lists [X] or [X, "null"], and a field whose
// value the API sends in several JSON types carries no `type` at all (`untyped`: a description only).
//
// Each block emits its keywords in one fixed order (type, format, description, then additionalProperties,
// properties or items): discover serializes them in that order, so changing it changes every catalog.

/** The schema of a stream: its record is an object with these properties (and any others the API adds). */
export const streamSchema = <P extends Readonly<Record<string, JsonSchema>>>(
  title: string,
  description: string,
  properties: P,
) =>
  ({
    $schema: "http://json-schema.org/draft-07/schema#",
    title,
    description,
    type: "object",
    additionalProperties: true,
    properties,
  }) as const;

/** A nullable string. */
export const str = (description: string) => ({ type: ["string", "null"], description }) as const;

/** A nullable integer (ids, counts, positions). */
export const int = (description: string) => ({ type: ["integer", "null"], description }) as const;

/** A nullable number (may be fractional: durations, averages, prices). */
export const num = (description: string) => ({ type: ["number", "null"], description }) as const;

/** A nullable boolean. */
export const bool = (description: string) => ({ type: ["boolean", "null"], description }) as const;

/** A nullable flag the API sends either as a boolean or as 1/0; kept as sent. */
export const boolOrInt = (description: string) =>
  ({ type: ["boolean", "integer", "null"], description }) as const;

/** A nullable ISO 8601 timestamp, e.g. "2024-03-01T09:15:00Z". */
export const dateTime = (description: string) =>
  ({ type: ["string", "null"], format: "date-time", description }) as const;

/** A non-null string: a primary key, or a part of one. */
export const strKey = (description: string) => ({ type: ["string"], description }) as const;

/** A non-null integer: a primary key, or a part of one. */
export const intKey = (description: string) => ({ type: ["integer"], description }) as const;

/** A field of no declared type: the API sends it in several JSON types, so any value is accepted. */
export const untyped = (description: string) => ({ description }) as const;

/** A nullable array of integers (id lists). */
export const intArray = (description: string) =>
  ({ type: ["array", "null"], description, items: { type: ["integer", "null"] } }) as const;

/** A nullable array of strings (tags, names, domain names). */
export const strArray = (description: string) =>
  ({ type: ["array", "null"], description, items: { type: ["string", "null"] } }) as const;

/** A nullable object with the given properties (and any others the API adds). */
export const obj = <P extends Readonly<Record<string, JsonSchema>>>(description: string, properties: P) =>
  ({ type: ["object", "null"], description, additionalProperties: true, properties }) as const;

/** A nullable array whose items follow the given schema, e.g. `array("Pages.", obj("A page.", {...}))`. */
export const array = <I extends JsonSchema>(description: string, items: I) =>
  ({ type: ["array", "null"], description, items }) as const;

/** A free-form map whose keys the account defines: no declared properties, any value. */
export const freeMap = (description: string) => obj(description, {});
