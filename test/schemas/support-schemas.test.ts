import { describe, expect, it } from "vitest";
import { draft07SchemaErrors, strictValidator } from "../../scripts/acceptance/validation.js";
import type { JsonSchema } from "../../src/engine/json-schema.js";
import { supportStreams } from "../../src/zendesk-support/streams/index.js";
import { compile, FORBIDDEN_KEYWORDS, findKeyDeep, newAjv, typeList, walk } from "./schema-kit.js";
import { supportFixtures } from "./support-fixtures.js";

// The Zendesk Support record schemas: valid draft-07, the same structural conventions as the Chat
// schemas (see schemas.test.ts), our fixtures accepted, malformed records rejected.

// Every stream of the registry, with its schema and primary key as declared.
type Stream = string;
const STREAMS: Stream[] = supportStreams.map((s) => s.name);
const schemas: Record<Stream, JsonSchema> = Object.fromEntries(
  supportStreams.map((s) => [s.name, s.schema as JsonSchema]),
);

/** Primary key of each stream (as declared): the one top-level field that is not nullable. */
const PRIMARY_KEY: Record<Stream, string> = Object.fromEntries(
  supportStreams.map((s) => [s.name, s.primaryKey?.join(",") ?? ""]),
);

/** Recorded-shape records of a stream: its own samples (declared next to its schema), else the fixture file's. */
function fixturesOf(stream: Stream): Record<string, unknown>[] {
  const declared = supportStreams.find((s) => s.name === stream)?.samples;
  return [...(declared ?? supportFixtures[stream] ?? [])] as Record<string, unknown>[];
}

/** Fields each schema must declare (the brief, and what the Support streams read or link by). */
const REQUIRED_FIELDS: Partial<Record<Stream, string[]>> = {
  tickets: [
    "id",
    "external_id",
    "status",
    "via",
    "tags",
    "group_id",
    "organization_id",
    "requester_id",
    "assignee_id",
    "submitter_id",
    "custom_fields",
    "satisfaction_rating",
    "created_at",
    "updated_at",
    "generated_timestamp",
  ],
  users: ["id", "active", "role", "organization_id", "email", "created_at", "updated_at"],
  organizations: ["id", "name", "deleted_at", "created_at", "updated_at"],
  ticket_audits: ["id", "ticket_id", "created_at", "author_id", "events", "metadata", "via"],
  ticket_metrics: ["id", "ticket_id", "updated_at", "created_at", "reply_time_in_minutes"],
  ticket_fields: ["id", "type", "title", "custom_field_options", "created_at", "updated_at"],
  groups: ["id", "name", "deleted", "created_at", "updated_at"],
  group_memberships: ["id", "user_id", "group_id", "default", "created_at", "updated_at"],
  macros: ["id", "title", "actions", "restriction", "created_at", "updated_at"],
  tags: ["name", "count"],
  ticket_chats: [
    "chat_id",
    "ticket_id",
    "event_id",
    "audit_created_at",
    "channel",
    "conversation_id",
    "initiator",
  ],
  ticket_chat_events: ["chat_id", "index", "event_id", "audit_created_at", "type", "created_at", "actor_id"],
  ticket_conversation_log: [
    "id",
    "ticket_id",
    "ticket_generated_timestamp",
    "type",
    "created_at",
    "author",
    "content",
  ],
};

/** Streams whose primary key is a string: tags (its name), the Conversation Log (ULID event ids). */
const STRING_KEYS = new Set(["tags", "ticket_conversation_log"]);

/** Objects whose keys the account defines: no declared properties. */
const FREE_MAPS = new Set([
  "users.user_fields",
  "organizations.organization_fields",
  "ticket_audits.metadata.custom",
  "ticket_audits.metadata.flags_options",
  "ticket_comments.metadata",
  "ticket_conversation_log.metadata",
]);

/** `*_id` fields that Zendesk sends as strings: external references and opaque identifiers. */
const STRING_IDS = new Set([
  "external_id",
  "facebook_id",
  "macro_id",
  "message_id",
  "email_id",
  "encoded_id",
  // ticket_chats / ticket_chat_events: chat, visitor, conversation, integration and message ids are strings.
  "chat_id",
  "visitor_id",
  "conversation_id",
  "integration_id",
  // ticket_conversation_log: a Sunshine Conversations user id (hex string).
  "zen:sunco:user_id",
  "external_message_id",
  "parent_message_id",
]);

describe("support schemas: structure", () => {
  it("covers every Support stream of the registry, each with at least two recorded-shape records", () => {
    expect(new Set(STREAMS).size, "stream names are unique").toBe(STREAMS.length);
    for (const stream of STREAMS) expect(fixturesOf(stream).length, stream).toBeGreaterThanOrEqual(2);
  });

  describe.each(STREAMS)("%s", (stream) => {
    const schema = schemas[stream] as JsonSchema;
    const visits = walk(schema);

    it("is a valid draft-07 schema and compiles with ajv (and with CAT's validator setup)", () => {
      const ajv = newAjv();
      expect(ajv.validateSchema(structuredClone(schema) as object), JSON.stringify(ajv.errors)).toBe(true);
      expect(() => compile(schema)).not.toThrow();
      expect(draft07SchemaErrors(structuredClone(schema))).toBeUndefined();
    });

    it("declares draft-07, its title, type object and additionalProperties true at top level", () => {
      expect(schema.$schema).toBe("http://json-schema.org/draft-07/schema#");
      expect(schema.title).toBe(stream);
      expect(schema.type).toBe("object");
      expect(schema.additionalProperties).toBe(true);
    });

    it("is fully inlined (no $ref / allOf / anyOf / oneOf / not) and JSON-serialisable as is", () => {
      for (const keyword of FORBIDDEN_KEYWORDS) {
        expect(findKeyDeep(schema, keyword), `${stream} contains ${keyword}`).toBe(false);
      }
      expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
    });

    it("declares the required fields", () => {
      for (const field of REQUIRED_FIELDS[stream] ?? ["id"]) {
        expect(schema.properties?.[field], `${stream}.${field}`).toBeDefined();
      }
    });

    it("uses type lists [X] or [X, 'null'] below the top level, with descriptions (scalar array items aside)", () => {
      for (const { path, schema: s, isTop } of visits) {
        if (isTop) continue;
        const scalarItem = path.endsWith("[]") && !typeList(s).includes("object");
        if (!scalarItem) expect(s.description?.length ?? 0, `${path} has no description`).toBeGreaterThan(0);
        if (s.type === undefined) {
          // An untyped field: a value Zendesk sends in several JSON types (empty schema + description).
          expect(Object.keys(s), path).toEqual(["description"]);
          continue;
        }
        expect(Array.isArray(s.type), `${path} type must be a list`).toBe(true);
        const types = typeList(s);
        expect(types.length === 1 || (types.length === 2 && types[1] === "null"), `${path}: ${types}`).toBe(
          true,
        );
        expect(types[0], path).not.toBe("null");
      }
    });

    it("makes every field nullable except the primary key", () => {
      for (const { path, schema: s, isTop, isTopLevelProperty } of visits) {
        if (isTop || s.type === undefined || path.endsWith("[]")) continue;
        if (isTopLevelProperty && (PRIMARY_KEY[stream] ?? "").split(",").includes(path.slice(2))) {
          expect(typeList(s), path).toEqual([STRING_KEYS.has(stream) ? "string" : "integer"]);
          continue;
        }
        expect(typeList(s), `${path} must be nullable`).toContain("null");
      }
    });

    it("has additionalProperties true on every object, properties on all but free-form maps, items on arrays", () => {
      for (const { path, schema: s } of visits) {
        const types = typeList(s);
        if (types.includes("object")) {
          expect(s.additionalProperties, path).toBe(true);
          const count = Object.keys(s.properties ?? {}).length;
          if (FREE_MAPS.has(`${stream}${path.slice(1)}`)) expect(count, path).toBe(0);
          else expect(count, `${path} has no properties`).toBeGreaterThan(0);
        }
        if (types.includes("array")) {
          expect(s.items, `${path} has no items`).toBeDefined();
          expect(Array.isArray(s.items), `${path} items must be a single schema`).toBe(false);
        }
        if (s.format !== undefined) {
          expect(s.format, path).toBe("date-time");
          expect(types[0], path).toBe("string");
        }
      }
    });

    it("types ids as integers and *_at timestamps as date-time strings", () => {
      for (const { path, schema: s, isTop } of visits) {
        if (isTop || s.type === undefined) continue;
        const name = path.split(".").at(-1) ?? "";
        const types = typeList(s);
        const stringKey = path === "$.id" && STRING_KEYS.has(stream);
        if (/(^id|_id)$/.test(name) && !STRING_IDS.has(name) && !stringKey) {
          expect(types[0], `${stream}${path.slice(1)}`).toBe("integer");
        }
        // Airbyte's ticket_metrics cursor is epoch seconds, as the generated_timestamp it copies.
        if (/_at$/.test(name) && name !== "_ab_updated_at") {
          expect(types[0], path).toBe("string");
          expect(s.format, path).toBe("date-time");
        }
      }
    });
  });

  it("gives ticket_metrics an integer epoch-seconds _ab_updated_at cursor, as Airbyte's", () => {
    const prop = (schemas.ticket_metrics as JsonSchema).properties?._ab_updated_at;
    expect(prop?.type).toEqual(["integer", "null"]);
    expect(prop?.format).toBeUndefined();
  });

  it("gives tickets an integer epoch-seconds generated_timestamp (no date-time format)", () => {
    const prop = (schemas.tickets as JsonSchema).properties?.generated_timestamp;
    expect(prop?.type).toEqual(["integer", "null"]);
    expect(prop?.format).toBeUndefined();
  });
});

describe("support schemas: fixtures", () => {
  describe.each(STREAMS)("%s", (stream) => {
    const schema = schemas[stream] as JsonSchema;
    const records = fixturesOf(stream);

    it("has at least two fixtures", () => {
      expect(records.length).toBeGreaterThanOrEqual(2);
    });

    it.each(records.map((r, i) => [i, r] as const))(
      "fixture #%i validates (ajv and CAT's validator)",
      (_i, record) => {
        const validate = compile(schema);
        expect(validate(record), JSON.stringify(validate.errors, null, 2)).toBe(true);
        expect(strictValidator(structuredClone(schema) as object)(record, new Set())).toBeUndefined();
      },
    );

    it("fixtures carry no undeclared top-level fields (CAT fail_on_extra_columns)", () => {
      const strictTop = compile({ ...schema, additionalProperties: false });
      for (const record of records) expect(strictTop(record), JSON.stringify(strictTop.errors)).toBe(true);
    });
  });

  it("the fixtures exercise the harsh real-world variants", () => {
    const tickets = supportFixtures.tickets ?? [];
    expect(tickets.some((t) => t.organization_id === null)).toBe(true);
    expect(tickets.some((t) => t.assignee_id === null)).toBe(true);
    expect(tickets.some((t) => t.status === "deleted")).toBe(true);
    expect(tickets.some((t) => Array.isArray(t.tags) && t.tags.length === 0)).toBe(true);
    const values = tickets.flatMap((t) => (t.custom_fields as Array<{ value: unknown }>).map((f) => f.value));
    for (const kind of ["string", "number", "boolean", "object"]) {
      expect(
        values.some((v) => typeof v === kind && (kind !== "object" || Array.isArray(v))),
        kind,
      ).toBe(true);
    }
    expect(values).toContain(null);
    expect(values.some((v) => Number.isInteger(v))).toBe(true);
    expect(
      (supportFixtures.ticket_audits ?? []).some((a) => Array.isArray(a.events) && a.events.length === 0),
    ).toBe(true);
  });
});

describe("support schemas: rejections", () => {
  const ticket = supportFixtures.tickets?.[0] ?? {};
  const cases: Array<[Stream, Record<string, unknown>, string]> = [
    ["tickets", { ...ticket, id: "4211" }, "string id"],
    ["tickets", { ...ticket, id: null }, "null primary key"],
    ["tickets", { ...ticket, id: 4211.5 }, "fractional id"],
    ["tickets", { ...ticket, updated_at: 1709654462 }, "numeric updated_at"],
    ["tickets", { ...ticket, created_at: "last tuesday" }, "invalid date-time"],
    ["tickets", { ...ticket, generated_timestamp: "2024-03-05T16:01:02Z" }, "ISO generated_timestamp"],
    ["tickets", { ...ticket, assignee_id: "902100000007" }, "string assignee_id"],
    ["tickets", { ...ticket, organization_id: false }, "boolean organization_id"],
    ["tickets", { ...ticket, tags: "billing invoice_pdf" }, "tags as a string"],
    ["tickets", { ...ticket, tags: [1, 2] }, "numeric tags"],
    ["tickets", { ...ticket, custom_fields: { id: 1, value: "x" } }, "custom_fields as an object"],
    ["tickets", { ...ticket, custom_fields: [{ id: "360001111", value: "x" }] }, "string custom field id"],
    ["tickets", { ...ticket, via: "email" }, "via as a string"],
    ["tickets", { ...ticket, status: 1 }, "numeric status"],
    ["tickets", { ...ticket, satisfaction_rating: { score: 5 } }, "numeric satisfaction score"],
    ["users", { id: 1, active: "true" }, "string active"],
    ["users", { id: 1, role: 2 }, "numeric role"],
    ["users", { id: "1" }, "string user id"],
    ["organizations", { id: 1, deleted_at: "yesterday" }, "invalid deleted_at"],
    ["organizations", { id: 1, domain_names: "example.com" }, "domain_names as a string"],
    ["ticket_audits", { id: 1, events: { type: "Comment" } }, "events as an object"],
    ["ticket_audits", { id: 1, ticket_id: "4211" }, "string ticket_id"],
    ["ticket_audits", { id: 1, events: [{ id: 1, public: "yes" }] }, "string public flag"],
    ["ticket_metrics", { id: 1, reply_time_in_minutes: { calendar: "12" } }, "string metric minutes"],
    ["ticket_metrics", { id: 1, updated_at: 1709654462 }, "numeric updated_at"],
    ["ticket_fields", { id: 1, custom_field_options: [{ id: 1, value: 3 }] }, "numeric option value"],
    ["groups", { id: 1, deleted: "false" }, "string deleted"],
    ["group_memberships", { id: 1, user_id: 1.5 }, "fractional user_id"],
    ["macros", { id: 1, actions: { field: "status", value: "solved" } }, "actions as an object"],
    ["macros", { id: 1, restriction: { type: "Group", ids: ["1"] } }, "string restriction ids"],
    ["tags", { name: null, count: 3 }, "null tag name"],
    ["tags", { name: 7, count: 3 }, "numeric tag name"],
    ["tags", { name: "vip", count: "3" }, "string count"],
  ];
  it.each(cases)("%s rejects %s", (stream, record, _why) => {
    const validate = compile(schemas[stream] as JsonSchema);
    expect(validate(record)).toBe(false);
  });

  it("accepts any JSON value where Zendesk sends several types", () => {
    const tickets = compile(schemas.tickets as JsonSchema);
    const audits = compile(schemas.ticket_audits as JsonSchema);
    const macros = compile(schemas.macros as JsonSchema);
    for (const v of ["x", 3, 2.5, true, null, ["a", "b"], { a: 1 }]) {
      expect(tickets({ id: 1, custom_fields: [{ id: 2, value: v }] })).toBe(true);
      expect(audits({ id: 1, events: [{ id: 2, type: "Change", value: v, previous_value: v }] })).toBe(true);
      expect(macros({ id: 1, actions: [{ field: "status", value: v }] })).toBe(true);
    }
  });

  it("accepts null for every nullable top-level field", () => {
    for (const stream of STREAMS) {
      const schema = schemas[stream] as JsonSchema;
      const pk = (PRIMARY_KEY[stream] || "id").split(",");
      const record: Record<string, unknown> = Object.fromEntries(
        pk.map((k) => [k, STRING_KEYS.has(stream) ? "vip" : 1]),
      );
      for (const field of Object.keys(schema.properties ?? {})) if (!pk.includes(field)) record[field] = null;
      const validate = compile(schema);
      expect(validate(record), `${stream}: ${JSON.stringify(validate.errors)}`).toBe(true);
    }
  });
});
