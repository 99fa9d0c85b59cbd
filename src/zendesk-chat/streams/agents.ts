import { Stream } from "../../source/stream.js";
import { topLevelArray } from "../extractors.js";
import { agentsSchema } from "../schemas/index.js";

export class Agents extends Stream {
  readonly name = "agents";
  readonly path = "agents";
  readonly primaryKey = ["id"];
  readonly schema = agentsSchema;
  readonly pagination = { kind: "since_id", pageSize: 1000 } as const;
  readonly cursorField = "id";
  readonly cursorKind = "id";
  extract(body: unknown) {
    return topLevelArray(body);
  }
}
