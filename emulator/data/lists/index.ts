import { departments, goals, roles, skills } from "../org.js";
import { routingSettings, shortcuts, triggers } from "../settings.js";
import { agentRoutingSettings } from "./agent_routing_settings.js";

/**
 * The Chat resources served from one registration each (see list.ts): adding one is its
 * registration next to its data generator (a file here, or the generator's own file) and a line
 * below. The exports, agents, bans and account keep their own endpoints (emulator/endpoints/).
 */
export const CHAT_LISTS = [
  departments,
  goals,
  roles,
  routingSettings,
  shortcuts,
  skills,
  triggers,
  agentRoutingSettings,
] as const;

export type ChatListName = (typeof CHAT_LISTS)[number]["name"];
