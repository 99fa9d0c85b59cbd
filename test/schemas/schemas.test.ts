import type { ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import type { JsonSchema } from "../../src/engine/json-schema.js";
import type { StreamDefinition } from "../../src/engine/stream.js";
import { allStreams } from "../../src/zendesk-chat/streams/index.js";
import { sampleRecords } from "./samples.js";
import { compile, FORBIDDEN_KEYWORDS, findKeyDeep, newAjv, typeList, walk } from "./schema-kit.js";

type StreamName = string;
/** The registry is the one list of streams: names and schemas come from it. */
const STREAM_NAMES: StreamName[] = allStreams.map((s) => s.name);
const streamSchemas: Record<StreamName, JsonSchema> = Object.fromEntries(
  allStreams.map((s) => [s.name, s.schema as JsonSchema]),
);

/** A stream's declaration in the registry the connector discovers from. */
function declared(stream: StreamName): StreamDefinition {
  const definition = allStreams.find((s) => s.name === stream);
  if (!definition) throw new Error(`${stream} is not in allStreams`);
  return definition;
}

/** The streams of Airbyte's official connector, which ours keeps under the same names. */
const AIRBYTE_STREAMS = [
  "accounts",
  "agents",
  "agent_timeline",
  "bans",
  "chats",
  "departments",
  "goals",
  "roles",
  "routing_settings",
  "shortcuts",
  "skills",
  "triggers",
];

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
/**
 * Type lists other than [X] and [X, "null"], each for a documented reason: Zendesk's flags (`enabled`)
 * are documented as 1/0 and sent live as true/false. (The shortcuts id, an integer in Airbyte's
 * fixtures, is turned into its string by the stream: a primary key keeps one type.)
 */
const UNION_TYPES: Record<string, string[]> = {
  "boolean,integer,null": [
    "agents.enabled",
    "departments.enabled",
    "goals.enabled",
    "roles.enabled",
    "skills.enabled",
    "triggers.enabled",
  ],
};

function errorsOf(validate: ValidateFunction): string {
  return JSON.stringify(validate.errors, null, 2);
}

describe("stream schemas: structure", () => {
  it("has unique stream names in the registry (allStreams), each with its schema titled by its name", () => {
    const registered = allStreams.map((s) => s.name);
    expect(new Set(registered).size, "stream names are unique").toBe(registered.length);
    for (const stream of allStreams) expect(stream.schema.title, stream.name).toBe(stream.name);
    // Airbyte's official connector has these; ours must not silently lose one.
    expect(registered).toEqual(expect.arrayContaining(AIRBYTE_STREAMS));
  });

  it("gives each documented union type to exactly the fields listed for it", () => {
    for (const [types, fields] of Object.entries(UNION_TYPES)) {
      for (const field of fields) {
        const [name, property] = field.split(".") as [StreamName, string];
        expect(typeList(streamSchemas[name]?.properties?.[property] ?? {}).join(","), field).toBe(types);
      }
    }
  });

  describe.each(STREAM_NAMES)("%s", (stream) => {
    const schema = streamSchemas[stream] as JsonSchema;
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

    it("only uses type lists [X] or [X, 'null'] below the top level (and the documented unions)", () => {
      for (const { path, schema: s, isTop } of visits) {
        if (isTop || s.type === undefined) continue;
        expect(Array.isArray(s.type), `${path} type must be a list`).toBe(true);
        const types = typeList(s);
        for (const type of types)
          expect(ALLOWED_TYPES.has(type) || type === "null", `${path}: ${types}`).toBe(true);
        const field = `${stream}${path.slice(1)}`;
        const union = UNION_TYPES[types.join(",")];
        if (union) {
          expect(union, `${field} has the union type ${types}, listed only for other fields`).toContain(
            field,
          );
          continue;
        }
        expect(types.length === 1 || (types.length === 2 && types[1] === "null"), `${path}: ${types}`).toBe(
          true,
        );
        expect(types[0], path).not.toBe("null");
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
      const pk = new Set((declared(stream).primaryKey ?? []).map((field) => `$.${field}`));
      for (const { path, schema: s, isTop, isTopLevelProperty } of visits) {
        if (isTop || s.type === undefined || path.endsWith("[]")) continue;
        if (isTopLevelProperty && pk.has(path)) continue;
        expect(typeList(s), `${path} must be nullable`).toContain("null");
      }
    });

    it("declares the fields listed in the reference", () => {
      for (const field of REQUIRED_TOP_LEVEL_FIELDS[stream] ?? []) {
        expect(schema.properties?.[field], `${stream}.${field}`).toBeDefined();
      }
    });
  });
});

describe("stream schemas: the primary keys and cursors the streams declare", () => {
  const keyed = allStreams.flatMap((s) => (s.primaryKey ?? []).map((field) => [s.name, field, s] as const));
  const cursored = allStreams.flatMap((s) => (s.cursorField ? [[s.name, s.cursorField, s] as const] : []));

  it("every incremental stream (one that pages by a cursor) declares a cursor and a primary key", () => {
    expect(keyed.length).toBeGreaterThan(0);
    expect(cursored.length).toBeGreaterThan(0);
    for (const stream of allStreams.filter((s) => s.pagination.kind !== "none")) {
      expect(stream.cursorField, `${stream.name} pages but has no cursor`).toBeDefined();
      expect(stream.primaryKey?.length, `${stream.name} has no primary key`).toBeGreaterThan(0);
    }
  });

  it.each(keyed)(
    "%s: primary key %s is a top-level, non-null, scalar schema field",
    (name, field, stream) => {
      const prop = (stream.schema as JsonSchema).properties?.[field];
      expect(prop, `${name}.${field} (primary key) is not in the schema`).toBeDefined();
      const types = typeList(prop ?? {});
      expect(types.length, `${name}.${field} has no type`).toBeGreaterThan(0);
      for (const type of types) expect(["string", "integer"], `${name}.${field}: ${types}`).toContain(type);
    },
  );

  it.each(cursored)(
    "%s: cursor %s is a top-level schema field, an integer or a date-time",
    (name, field, stream) => {
      const prop = (stream.schema as JsonSchema).properties?.[field];
      expect(prop, `${name}.${field} (cursor) is not in the schema`).toBeDefined();
      const [type, ...rest] = typeList(prop ?? {});
      expect(
        rest.filter((t) => t !== "null"),
        `${name}.${field}: one type (and null)`,
      ).toEqual([]);
      if (type === "string") expect(prop?.format, `${name}.${field}`).toBe("date-time");
      else expect(type, `${name}.${field}`).toBe("integer");
    },
  );
});

describe("stream schemas: sample records", () => {
  describe.each(STREAM_NAMES)("%s", (stream) => {
    const schema = streamSchemas[stream] as JsonSchema;
    // Recorded-shape samples: the stream's own (declared next to its schema), else the fixture file's.
    const records = declared(stream).samples ?? sampleRecords[stream] ?? [];

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
    const validate = compile(streamSchemas[stream] as JsonSchema);
    expect(validate(record)).toBe(false);
  });

  it("accepts any value for union-typed fields", () => {
    const chats = compile(streamSchemas.chats as JsonSchema);
    for (const v of [1, "1", null, [1], { a: 1 }]) {
      expect(chats({ id: "x", history: [{ department_id: v, prev_department_id: v, msg_id: v }] })).toBe(
        true,
      );
    }
    const triggers = compile(streamSchemas.triggers as JsonSchema);
    for (const v of ["chat_requested", ["and", ["eq", "@a", 1]], null]) {
      expect(triggers({ id: 1, definition: { actions: v, condition: v, event: v } })).toBe(true);
    }
  });
});
