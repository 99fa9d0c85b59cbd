import type { ValidateFunction } from "ajv";
import type { JsonSchema } from "../../src/engine/json-schema.js";
import { newAjv } from "../helpers/protocol.js";

// What the Chat and the Support schema tests share: an ajv with formats, a walk over every
// (sub)schema, and small readers of a schema's parts.

export { newAjv };

export function compile(schema: JsonSchema): ValidateFunction {
  return newAjv().compile(structuredClone(schema) as object);
}

/** Keywords the schemas do without: every schema is inlined and has one plain type list. */
export const FORBIDDEN_KEYWORDS = ["$ref", "$defs", "definitions", "allOf", "anyOf", "oneOf", "not"];

export interface Visit {
  path: string;
  schema: JsonSchema;
  isTop: boolean;
  isTopLevelProperty: boolean;
}

/** Every schema and subschema (properties, items, additionalProperties objects), with where it sits. */
export function walk(
  schema: JsonSchema,
  path = "$",
  isTop = true,
  isTopLevelProperty = false,
  out: Visit[] = [],
): Visit[] {
  out.push({ path, schema, isTop, isTopLevelProperty });
  for (const [name, child] of Object.entries(schema.properties ?? {})) {
    walk(child, `${path}.${name}`, false, isTop, out);
  }
  if (schema.items !== undefined) walk(schema.items, `${path}[]`, false, false, out);
  if (typeof schema.additionalProperties === "object") {
    walk(schema.additionalProperties, `${path}{*}`, false, false, out);
  }
  return out;
}

export function typeList(schema: JsonSchema): readonly string[] {
  if (schema.type === undefined) return [];
  return typeof schema.type === "string" ? [schema.type] : schema.type;
}

export function findKeyDeep(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => findKeyDeep(v, key));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => k === key || findKeyDeep(v, key));
  }
  return false;
}
