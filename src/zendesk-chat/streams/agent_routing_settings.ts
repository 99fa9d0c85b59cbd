import { underKey } from "../extractors.js";
import {
  agentRoutingSettingsSamples,
  agentRoutingSettingsSchema,
} from "../schemas/agent_routing_settings.js";
import { SinceIdStream } from "./define.js";

/**
 * `GET routing_settings/agents`: every agent's routing settings, paged by since_id like agents (and,
 * like agents, incremental by id: an incremental sync picks up new agents; a full refresh re-reads
 * the settings of every agent).
 */
export class AgentRoutingSettings extends SinceIdStream {
  readonly name = "agent_routing_settings";
  readonly path = "routing_settings/agents";
  readonly schema = agentRoutingSettingsSchema;
  readonly samples = agentRoutingSettingsSamples;
  extract(body: unknown) {
    return underKey("data")(body);
  }
}
