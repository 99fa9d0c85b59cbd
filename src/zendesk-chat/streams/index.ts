import type { StreamDefinition } from "../../source/stream.js";
import { accounts } from "./accounts.js";
import { agentTimeline } from "./agent_timeline.js";
import { agents } from "./agents.js";
import { bans } from "./bans.js";
import { chats } from "./chats.js";
import { departments } from "./departments.js";
import { goals } from "./goals.js";
import { roles } from "./roles.js";
import { routingSettings } from "./routing_settings.js";
import { shortcuts } from "./shortcuts.js";
import { skills } from "./skills.js";
import { triggers } from "./triggers.js";

/** Every stream, in the order `discover` lists them; names match Airbyte's official connector. */
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
];

export const streamsByName: ReadonlyMap<string, StreamDefinition> = new Map(
  allStreams.map((s) => [s.name, s]),
);
