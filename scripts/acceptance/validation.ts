import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { parse as parseYaml } from "yaml";
import { nonIntegerLiteralPaths } from "./json-lexer.js";

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports` (also carrying .default).
const addFormats = addFormatsModule.default;

const STRICT_INTEGER = "x-acceptance-strict-integer";

/**
 * CAT's date-time check (utils/asserts.py): the value matches
 * `^\d{4}-\d?\d-\d?\d(\s|T)\d?\d:\d?\d:\d?\d(.\d+)?.*$` and `pendulum.parse` accepts it — so the
 * calendar fields must be real (no 2025-02-30) and anything after the seconds must be a zone.
 */
export function isCatDateTime(value: string): boolean {
  const match = /^(\d{4})-(\d?\d)-(\d?\d)(?:\s|T)(\d?\d):(\d?\d):(\d?\d)(\.\d+)?(.*)$/.exec(value);
  if (!match) return false;
  const [, y, mo, d, h, mi, s, , rest = ""] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s) > 59) return false;
  return /^(|Z|z|\s*[+-]\d{2}(:?\d{2})?)$/.test(rest);
}

/** Ajv for draft-07 with ajv-formats, except date-time which follows CAT's checker. */
export function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: true });
  addFormats(ajv);
  ajv.addFormat("date-time", { type: "string", validate: isCatDateTime });
  return ajv;
}

/** Errors of `schema` as a draft-07 JSON Schema (meta-schema, then compilation), or undefined. */
export function draft07SchemaErrors(schema: unknown): string | undefined {
  if (typeof schema !== "object" || schema === null || Array.isArray(schema)) return "not a JSON object";
  const ajv = newAjv();
  if (!ajv.validateSchema(schema)) return ajv.errorsText(ajv.errors, { dataVar: "schema" });
  try {
    ajv.compile(schema as object);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  return undefined;
}

/** Adds the strict-integer keyword next to every `type` that allows integer but not number. */
function markIntegers(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(markIntegers);
  if (typeof node !== "object" || node === null) return node;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    // enum/const/default/examples hold data, not schemas.
    out[key] = ["enum", "const", "default", "examples"].includes(key) ? value : markIntegers(value);
  }
  const type = (node as { type?: unknown }).type;
  const types = typeof type === "string" ? [type] : Array.isArray(type) ? type : [];
  if (types.includes("integer") && !types.includes("number")) out[STRICT_INTEGER] = true;
  return out;
}

/** Validates parsed data; `rawNonIntegers` are the paths whose raw literal had a fraction/exponent. */
export type StrictValidator = (data: unknown, rawNonIntegers: Set<string>) => ErrorObject[] | undefined;

/**
 * A validator with CAT's strict integer type: a value whose raw JSON literal is `1.0` or `1e3` fails
 * an `integer` type even though JSON.parse made it a whole number.
 */
export function strictValidator(schema: object, options: { ajv?: Ajv; ref?: string } = {}): StrictValidator {
  let current = new Set<string>();
  const ajv = options.ajv ?? newAjv();
  const keyword = (_: unknown, data: unknown, __: unknown, cxt?: { instancePath: string }): boolean => {
    if (typeof data !== "number" || !cxt || !current.has(cxt.instancePath)) return true;
    keyword.errors = [
      {
        keyword: "type",
        instancePath: cxt.instancePath,
        schemaPath: "",
        params: { type: "integer" },
        message: `must be integer (the raw JSON has a fraction or exponent, e.g. ${data}.0)`,
      },
    ];
    return false;
  };
  keyword.errors = [] as ErrorObject[];
  if (!ajv.getKeyword(STRICT_INTEGER)) {
    ajv.addKeyword({ keyword: STRICT_INTEGER, schemaType: "boolean", validate: keyword, errors: true });
  }
  const marked = markIntegers(schema) as object;
  let validate: ValidateFunction;
  if (options.ref) {
    ajv.addSchema(marked, "root");
    validate = ajv.compile({ $ref: `root${options.ref}` });
  } else validate = ajv.compile(marked);
  return (data, rawNonIntegers) => {
    current = rawNonIntegers;
    try {
      return validate(data) ? undefined : (validate.errors ?? []);
    } finally {
      current = new Set();
    }
  };
}

export function formatErrors(errors: ErrorObject[] | null | undefined, limit = 3): string {
  if (!errors || errors.length === 0) return "invalid";
  return errors
    .slice(0, limit)
    .map((e) => `${e.instancePath || "/"} ${e.message ?? e.keyword}${paramsText(e)}`)
    .join("; ");
}

function paramsText(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === "additionalProperties") return ` ('${String(p.additionalProperty)}')`;
  if (e.keyword === "enum") return ` (${JSON.stringify(p.allowedValues)})`;
  return "";
}

/** Message type → the key that carries its payload (note connectionStatus is camelCase). */
export const PAYLOAD_KEY: Record<string, string> = {
  RECORD: "record",
  STATE: "state",
  LOG: "log",
  SPEC: "spec",
  CONNECTION_STATUS: "connectionStatus",
  CATALOG: "catalog",
  TRACE: "trace",
  CONTROL: "control",
  DESTINATION_CATALOG: "destination_catalog",
};

export interface ProtocolValidator {
  /** undefined when `line` is one valid AirbyteMessage; otherwise why not. */
  lineErrors(line: string): { message?: unknown; error?: string };
}

/** Validates stdout lines against the Airbyte protocol (read at runtime from test/protocol-schema). */
export function protocolValidator(root: string, schemaPath?: string): ProtocolValidator {
  const path = schemaPath ?? join(root, "test", "protocol-schema", "airbyte_protocol.yaml");
  const protocol = parseYaml(readFileSync(path, "utf8")) as Record<string, unknown>;
  delete protocol.$id;
  const validate = strictValidator(protocol, { ref: "#/definitions/AirbyteMessage" });
  return {
    lineErrors(line) {
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        return { error: "not JSON" };
      }
      const errors = validate(message, nonIntegerLiteralPaths(line));
      if (errors) return { message, error: `not a valid AirbyteMessage: ${formatErrors(errors)}` };
      const type = (message as { type: string }).type;
      const key = PAYLOAD_KEY[type] as string;
      if (typeof (message as Record<string, unknown>)[key] !== "object")
        return { message, error: `a ${type} message without its '${key}' object` };
      return { message };
    },
  };
}
