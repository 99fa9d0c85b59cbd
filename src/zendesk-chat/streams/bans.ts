import type { StreamDefinition } from "../../source/stream.js";
import { bansByKind } from "../extractors.js";
import { bansSchema } from "../schemas/index.js";

export const bans: StreamDefinition = {
  name: "bans",
  path: "bans",
  primaryKey: ["id"],
  schema: bansSchema,
  pagination: { kind: "since_id", pageSize: 1000 },
  cursorField: "id",
  extract: bansByKind,
};
