import type { StreamDefinition } from "../../source/stream.js";
import { topLevelArray } from "../extractors.js";
import { agentsSchema } from "../schemas/index.js";

export const agents: StreamDefinition = {
  name: "agents",
  path: "agents",
  primaryKey: ["id"],
  schema: agentsSchema,
  pagination: { kind: "since_id", pageSize: 1000 },
  cursorField: "id",
  extract: topLevelArray,
};
