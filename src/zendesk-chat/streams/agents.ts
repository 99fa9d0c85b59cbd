import { Stream } from "../../engine/stream.js";
import { topLevelArray } from "../extractors.js";
import { agentsSchema } from "../schemas/agents.js";
import { sinceIdPagination } from "./define.js";

export class Agents extends Stream {
  readonly name = "agents";
  readonly path = "agents";
  readonly primaryKey = ["id"];
  readonly schema = agentsSchema;
  readonly pagination = sinceIdPagination;
  readonly cursorField = "id";
  readonly cursorKind = "id";
  extract(body: unknown) {
    return topLevelArray(body);
  }
}
