import { topLevelArray } from "../extractors.js";
import { agentsSchema } from "../schemas/agents.js";
import { SinceIdStream } from "./define.js";

export class Agents extends SinceIdStream {
  readonly name = "agents";
  readonly path = "agents";
  readonly schema = agentsSchema;
  extract(body: unknown) {
    return topLevelArray(body);
  }
}
