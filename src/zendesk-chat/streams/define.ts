import type { StreamDefinition } from "../../source/stream.js";
import { topLevelArray } from "../extractors.js";
import type { JsonSchema } from "../schemas/index.js";

/** The common case: `GET <name>` returns every record as a top-level array, keyed by `id`. */
export function listStream(name: string, schema: JsonSchema): StreamDefinition {
  return {
    name,
    path: name,
    primaryKey: ["id"],
    schema: schema as StreamDefinition["schema"],
    pagination: { kind: "none" },
    extract: topLevelArray,
  };
}
