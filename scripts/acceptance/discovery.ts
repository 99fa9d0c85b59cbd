import { ensure, Problems, short } from "./assert.js";
import { type Check, entryLabel } from "./check.js";
import type { DiscoveryTestConfig } from "./config.js";
import type { Message } from "./connector.js";
import { findKeyPaths, resolvePropertyPath, schemaNodes, typesOf } from "./schema-walk.js";
import { draft07SchemaErrors } from "./validation.js";

// TestDiscovery of CAT, for each entry's config.

export function discoveryChecks(tests: DiscoveryTestConfig[]): Check[] {
  const checks: Check[] = [];
  tests.forEach((test, index) => {
    const label = entryLabel("discovery", index, tests.length);
    const configPath = test.config_path ?? "secrets/config.json";
    const perStream = (
      name: string,
      body: (stream: Message, problems: Problems) => void,
      summary: string,
    ): Check => ({
      name: `${label}: ${name}`,
      async run(ctx) {
        const problems = new Problems();
        for (const stream of await ctx.discoveredStreams(configPath)) body(stream, problems);
        problems.throwIfAny(summary);
      },
    });
    checks.push(
      {
        name: `${label}: one CATALOG with at least one stream and unique stream names`,
        async run(ctx) {
          const streams = await ctx.discoveredStreams(configPath);
          ensure(streams.length > 0, "the catalog has no streams");
          const names = streams.map((s) => s.name);
          const duplicates = names.filter((n, i) => names.indexOf(n) !== i);
          ensure(
            duplicates.length === 0,
            () => `stream names are not unique: ${[...new Set(duplicates)].join(", ")}`,
          );
        },
      },
      perStream(
        "every stream schema is a valid draft-07 JSON Schema",
        (stream, problems) => {
          const errors = draft07SchemaErrors(stream.json_schema);
          if (errors) problems.add(`${stream.name}: ${errors}`);
        },
        "invalid stream schemas",
      ),
      perStream(
        "no $ref, allOf or not in stream schemas",
        (stream, problems) => {
          for (const path of findKeyPaths(stream.json_schema, "$ref"))
            problems.add(`${stream.name}: $ref at ${path}`);
          for (const { node, path } of schemaNodes(stream.json_schema)) {
            for (const keyword of ["allOf", "not"]) {
              if (node[keyword] !== undefined) problems.add(`${stream.name}: '${keyword}' at ${path}`);
            }
          }
        },
        "forbidden keywords in stream schemas",
      ),
      perStream(
        "every stream has supported_sync_modes",
        (stream, problems) => {
          if (!Array.isArray(stream.supported_sync_modes) || stream.supported_sync_modes.length === 0)
            problems.add(`${stream.name} has no supported_sync_modes`);
        },
        "streams without sync modes",
      ),
      perStream(
        "cursor fields exist in the schemas; source-defined cursors have default_cursor_field",
        (stream, problems) => {
          const cursor = stream.default_cursor_field;
          if (stream.source_defined_cursor === true && (!Array.isArray(cursor) || cursor.length === 0))
            problems.add(`${stream.name} has source_defined_cursor but no default_cursor_field`);
          if (
            stream.supported_sync_modes?.includes("incremental") &&
            stream.source_defined_cursor !== true &&
            !cursor?.length
          )
            problems.add(
              `${stream.name} supports incremental but has neither a source-defined nor a default cursor`,
            );
          if (Array.isArray(cursor) && cursor.length > 0) {
            if (typeof stream.json_schema?.properties !== "object")
              problems.add(
                `${stream.name}: the schema has no top-level properties for cursor ${cursor.join(".")}`,
              );
            else if (resolvePropertyPath(stream.json_schema, cursor).length === 0)
              problems.add(`${stream.name}: cursor ${cursor.join(".")} is not in the schema`);
          }
        },
        "cursor problems",
      ),
      perStream(
        "primary keys exist in the schemas and are not object/array typed",
        (stream, problems) => {
          const keys = stream.source_defined_primary_key;
          if (keys === undefined) return;
          if (!Array.isArray(keys)) {
            problems.add(`${stream.name}: source_defined_primary_key is not a list of paths`);
            return;
          }
          for (const path of keys) {
            const nodes = resolvePropertyPath(stream.json_schema, path);
            if (nodes.length === 0) {
              problems.add(`${stream.name}: primary key ${path.join(".")} is not in the schema`);
              continue;
            }
            if (test.validate_primary_keys_data_type === false) continue;
            for (const node of nodes) {
              const bad = typesOf(node).filter((t) => t === "object" || t === "array");
              if (bad.length > 0)
                problems.add(`${stream.name}: primary key ${path.join(".")} has type ${short(node.type)}`);
            }
          }
        },
        "primary key problems",
      ),
      perStream(
        "additionalProperties is true wherever present",
        (stream, problems) => {
          for (const { node, path } of schemaNodes(stream.json_schema)) {
            if (node.additionalProperties !== undefined && node.additionalProperties !== true)
              problems.add(
                `${stream.name}: ${path}.additionalProperties is ${short(node.additionalProperties)}`,
              );
          }
        },
        "additionalProperties must be true",
      ),
    );
  });
  return checks;
}
