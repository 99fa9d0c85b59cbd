import type { StreamDefinition } from "../../source/stream.js";
import { accounts } from "./accounts.js";
import { agentEvents } from "./agent_events.js";
import { agentTimeline } from "./agent_timeline.js";
import { agents } from "./agents.js";
import { bans } from "./bans.js";
import { chatAgents } from "./chat_agents.js";
import { chatConversions } from "./chat_conversions.js";
import { chatEngagements } from "./chat_engagements.js";
import { chatHistory } from "./chat_history.js";
import { chatTags } from "./chat_tags.js";
import { chatWebpath } from "./chat_webpath.js";
import { chats } from "./chats.js";
import { conversions } from "./conversions.js";
import { departmentEvents } from "./department_events.js";
import { departments } from "./departments.js";
import { goals } from "./goals.js";
import { roles } from "./roles.js";
import { routingSettings } from "./routing_settings.js";
import { shortcuts } from "./shortcuts.js";
import { skills } from "./skills.js";
import { triggers } from "./triggers.js";
import { visitors } from "./visitors.js";

/**
 * Every stream, in the order `discover` lists them; the first twelve are named as in Airbyte's official
 * connector.
 */
export const allStreams: readonly StreamDefinition[] = [
  accounts,
  agents,
  agentTimeline,
  bans,
  chats,
  departments,
  goals,
  roles,
  routingSettings,
  shortcuts,
  skills,
  triggers,
  // Child streams of chats, fed by its export pages.
  chatHistory,
  chatEngagements,
  chatConversions,
  chatWebpath,
  chatTags,
  chatAgents,
  visitors,
  // The three newer incremental exports.
  conversions,
  departmentEvents,
  agentEvents,
];

export const streamsByName: ReadonlyMap<string, StreamDefinition> = new Map(
  allStreams.map((s) => [s.name, s]),
);
