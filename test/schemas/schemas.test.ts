import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";
import { describe, expect, it } from "vitest";
import {
  type JsonSchema,
  STREAM_NAMES,
  type StreamName,
  streamSchemas,
} from "../../src/zendesk-chat/schemas/index.js";
import { sampleRecords } from "./samples.js";

// ajv-formats is CommonJS: under NodeNext the default import is `module.exports`, which also carries `.default`.
const addFormats = addFormatsModule.default;

function newAjv(): Ajv {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const PRIMARY_KEYS: Record<StreamName, { field: string; type: "string" | "integer" } | null> = {
  accounts: { field: "account_key", type: "string" },
  agents: { field: "id", type: "integer" },
  agent_timeline: { field: "id", type: "string" },
  bans: { field: "id", type: "integer" },
  chats: { field: "id", type: "string" },
  departments: { field: "id", type: "integer" },
  goals: { field: "id", type: "integer" },
  roles: { field: "id", type: "integer" },
  routing_settings: null,
  shortcuts: { field: "id", type: "string" },
  skills: { field: "id", type: "integer" },
  triggers: { field: "id", type: "integer" },
};

const CURSOR_FIELDS: Partial<
  Record<StreamName, { field: string; type: "string" | "integer"; format?: string }>
> = {
  agents: { field: "id", type: "integer" },
  bans: { field: "id", type: "integer" },
  agent_timeline: { field: "start_time", type: "string", format: "date-time" },
  chats: { field: "update_timestamp", type: "string", format: "date-time" },
};

/** Fields that the brief / reference §5–6 require to be declared (beyond the Airbyte manifest). */
const REQUIRED_TOP_LEVEL_FIELDS: Partial<Record<StreamName, string[]>> = {
  agents: ["last_login", "login_count", "scope", "skills", "roles", "enabled_departments"],
  bans: ["created_at", "type", "visitor_id", "visitor_name", "ip_address", "reason"],
  chats: ["engagements", "conversions", "deleted", "history", "webpath", "session", "visitor", "message"],
  routing_settings: [
    "auto_accept",
    "auto_idle",
    "chat_limit",
    "reassignment",
    "routing_mode",
    "skill_routing",
  ],
  shortcuts: ["name", "options", "scope", "tags", "departments"],
  triggers: ["definition", "enabled", "name", "description"],
  accounts: ["billing", "plan", "create_date", "status"],
};

const ALLOWED_TYPES = new Set(["string", "number", "integer", "boolean", "object", "array"]);
const FORBIDDEN_KEYWORDS = ["$ref", "$defs", "definitions", "allOf", "anyOf", "oneOf", "not"];

interface Visit {
  path: string;
  schema: JsonSchema;
  isTop: boolean;
  isTopLevelProperty: boolean;
}

function walk(schema: JsonSchema, path = "$", isTop = true, isTopLevelProperty = false, out: Visit[] = []) {
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

function typeList(schema: JsonSchema): readonly string[] {
  if (schema.type === undefined) return [];
  return typeof schema.type === "string" ? [schema.type] : schema.type;
}

function findKeyDeep(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => findKeyDeep(v, key));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).some(([k, v]) => k === key || findKeyDeep(v, key));
  }
  return false;
}

function compile(schema: JsonSchema): ValidateFunction {
  return newAjv().compile(structuredClone(schema) as object);
}

function errorsOf(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 2);
}

describe("stream schemas: structure", () => {
  it("covers exactly the 12 streams", () => {
    expect(Object.keys(streamSchemas).sort()).toEqual([...STREAM_NAMES].sort());
    expect(STREAM_NAMES).toHaveLength(12);
  });

  describe.each(STREAM_NAMES)("%s", (stream) => {
    const schema = streamSchemas[stream];
    const visits = walk(schema);

    it("is a valid draft-07 schema and compiles with ajv", () => {
      const ajv = newAjv();
      expect(ajv.validateSchema(structuredClone(schema) as object), JSON.stringify(ajv.errors)).toBe(true);
      expect(() => compile(schema)).not.toThrow();
    });

    it("declares draft-07, type object and additionalProperties true at top level", () => {
      expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
      expect(schema.type).toBe("object");
      expect(schema.additionalProperties).toBe(true);
      expect(Object.keys(schema.properties ?? {}).length).toBeGreaterThan(0);
    });

    it("is fully inlined (no $ref / allOf / anyOf / oneOf / not)", () => {
      for (const keyword of FORBIDDEN_KEYWORDS) {
        expect(findKeyDeep(schema, keyword), `${stream} contains ${keyword}`).toBe(false);
      }
    });

    it("has additionalProperties === true wherever present", () => {
      for (const { path, schema: s } of visits) {
        if ("additionalProperties" in s) expect(s.additionalProperties, path).toBe(true);
      }
    });

    it("only uses type lists [X] or [X, 'null'] below the top level", () => {
      for (const { path, schema: s, isTop } of visits) {
        if (isTop || s.type === undefined) continue;
        expect(Array.isArray(s.type), `${path} type must be a list`).toBe(true);
        const types = typeList(s);
        expect(types.length === 1 || (types.length === 2 && types[1] === "null"), `${path}: ${types}`).toBe(
          true,
        );
        expect(ALLOWED_TYPES.has(types[0] ?? ""), `${path}: ${types}`).toBe(true);
      }
    });

    it("leaves type off only for documented union-typed fields (empty schema + description)", () => {
      for (const { path, schema: s, isTop } of visits) {
        if (isTop || s.type !== undefined) continue;
        expect(Object.keys(s), path).toEqual(["description"]);
        expect(s.description?.length ?? 0, path).toBeGreaterThan(0);
      }
    });

    it("gives every object non-empty properties and every array a single items schema", () => {
      for (const { path, schema: s } of visits) {
        const types = typeList(s);
        if (types.includes("object")) {
          expect(Object.keys(s.properties ?? {}).length, `${path} has no properties`).toBeGreaterThan(0);
        }
        if (types.includes("array")) {
          expect(s.items, `${path} has no items`).toBeDefined();
          expect(Array.isArray(s.items), `${path} items must be a single schema`).toBe(false);
        }
        if (s.format === "date-time") expect(types[0], path).toBe("string");
      }
    });

    it("makes every field nullable except the primary key", () => {
      const pk = PRIMARY_KEYS[stream];
      for (const { path, schema: s, isTop, isTopLevelProperty } of visits) {
        if (isTop || s.type === undefined || path.endsWith("[]")) continue;
        const isPk = pk !== null && isTopLevelProperty && path === `$.${pk.field}`;
        if (isPk) continue;
        expect(typeList(s), `${path} must be nullable`).toContain("null");
      }
    });

    it("declares the primary key at top level with a non-null scalar type", () => {
      const pk = PRIMARY_KEYS[stream];
      if (pk === null) return;
      const prop = schema.properties?.[pk.field];
      expect(prop, `${stream}.${pk.field}`).toBeDefined();
      expect(prop?.type).toEqual([pk.type]);
    });

    it("declares the cursor field at top level", () => {
      const cursor = CURSOR_FIELDS[stream];
      if (cursor === undefined) return;
      const prop = schema.properties?.[cursor.field];
      expect(prop, `${stream}.${cursor.field}`).toBeDefined();
      expect(typeList(prop ?? {})[0]).toBe(cursor.type);
      if (cursor.format) expect(prop?.format).toBe(cursor.format);
    });

    it("declares the fields listed in the reference", () => {
      for (const field of REQUIRED_TOP_LEVEL_FIELDS[stream] ?? []) {
        expect(schema.properties?.[field], `${stream}.${field}`).toBeDefined();
      }
    });
  });
});

describe("stream schemas: sample records", () => {
  describe.each(STREAM_NAMES)("%s", (stream) => {
    const schema = streamSchemas[stream];
    const records = sampleRecords[stream];

    it("has at least two samples", () => {
      expect(records.length).toBeGreaterThanOrEqual(2);
    });

    it.each(records.map((r, i) => [i, r] as const))("sample #%i validates", (_i, record) => {
      const validate = compile(schema);
      expect(validate(record), errorsOf(validate)).toBe(true);
    });

    it("samples carry no undeclared top-level fields (CAT fail_on_extra_columns)", () => {
      const strictTop = compile({ ...schema, additionalProperties: false });
      for (const record of records) {
        expect(strictTop(record), errorsOf(strictTop)).toBe(true);
      }
    });
  });
});

describe("stream schemas: rejections", () => {
  const cases: Array<[StreamName, Record<string, unknown>, string]> = [
    ["agents", { id: null }, "null primary key"],
    ["agents", { id: 1, login_count: 1.5 }, "fractional integer"],
    ["agents", { id: 1, last_login: "yesterday" }, "invalid date-time"],
    ["bans", { id: "70519881" }, "string id"],
    ["chats", { id: "x", unread: "false" }, "string boolean"],
    ["chats", { id: "x", count: { total: "5" } }, "string count"],
    ["chats", { id: "x", history: { type: "chat.msg" } }, "object instead of array"],
    ["agent_timeline", { id: "1|t", duration: "459.2" }, "string duration"],
    ["routing_settings", { auto_accept: { enabled: "no" } }, "string auto_accept.enabled"],
  ];
  it.each(cases)("%s rejects %j (%s)", (stream, record) => {
    const validate = compile(streamSchemas[stream]);
    expect(validate(record)).toBe(false);
  });

  it("accepts any value for union-typed fields", () => {
    const chats = compile(streamSchemas.chats);
    for (const v of [1, "1", null, [1], { a: 1 }]) {
      expect(chats({ id: "x", history: [{ department_id: v, prev_department_id: v, msg_id: v }] })).toBe(
        true,
      );
    }
    const triggers = compile(streamSchemas.triggers);
    for (const v of ["chat_requested", ["and", ["eq", "@a", 1]], null]) {
      expect(triggers({ id: 1, definition: { actions: v, condition: v, event: v } })).toBe(true);
    }
  });
});
