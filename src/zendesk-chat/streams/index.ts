import type { StreamDefinition } from "../../engine/stream.js";
import { Accounts } from "./accounts.js";
import { AgentEvents } from "./agent_events.js";
import { AgentRoutingSettings } from "./agent_routing_settings.js";
import { AgentTimeline } from "./agent_timeline.js";
import { Agents } from "./agents.js";
import { Bans } from "./bans.js";
import { ChatAgents } from "./chat_agents.js";
import { ChatConversions } from "./chat_conversions.js";
import { ChatEngagements } from "./chat_engagements.js";
import { ChatHistory } from "./chat_history.js";
import { ChatTags } from "./chat_tags.js";
import { ChatWebpath } from "./chat_webpath.js";
import { Chats } from "./chats.js";
import { Conversions } from "./conversions.js";
import { DepartmentEvents } from "./department_events.js";
import { Departments } from "./departments.js";
import { Goals } from "./goals.js";
import { Roles } from "./roles.js";
import { RoutingSettings } from "./routing_settings.js";
import { Shortcuts } from "./shortcuts.js";
import { Skills } from "./skills.js";
import { Triggers } from "./triggers.js";
import { Visitors } from "./visitors.js";

/**
 * Every stream, in the order `discover` lists them; the first twelve are named as in Airbyte's official
 * connector.
 */
export const allStreams: readonly StreamDefinition[] = [
  new Accounts(),
  new Agents(),
  new AgentTimeline(),
  new Bans(),
  new Chats(),
  new Departments(),
  new Goals(),
  new Roles(),
  new RoutingSettings(),
  new Shortcuts(),
  new Skills(),
  new Triggers(),
  // Child streams of chats, fed by its export pages.
  new ChatHistory(),
  new ChatEngagements(),
  new ChatConversions(),
  new ChatWebpath(),
  new ChatTags(),
  new ChatAgents(),
  new Visitors(),
  // The three newer incremental exports.
  new Conversions(),
  new DepartmentEvents(),
  new AgentEvents(),
  new AgentRoutingSettings(),
];

export const streamsByName: ReadonlyMap<string, StreamDefinition> = new Map(
  allStreams.map((s) => [s.name, s]),
);
