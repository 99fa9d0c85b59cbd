import type { JsonSchema } from "../../engine/json-schema.js";
import { accountsSchema } from "./accounts.js";
import { agentTimelineSchema } from "./agent_timeline.js";
import { agentsSchema } from "./agents.js";
import { bansSchema } from "./bans.js";
import {
  chatAgentsSchema,
  chatConversionsSchema,
  chatEngagementsSchema,
  chatHistorySchema,
  chatTagsSchema,
  chatWebpathSchema,
  visitorsSchema,
} from "./chat_children.js";
import { chatsSchema } from "./chats.js";
import { departmentsSchema } from "./departments.js";
import { agentEventsSchema, conversionsSchema, departmentEventsSchema } from "./exports.js";
import { goalsSchema } from "./goals.js";
import { rolesSchema } from "./roles.js";
import { routingSettingsSchema } from "./routing_settings.js";
import { shortcutsSchema } from "./shortcuts.js";
import { skillsSchema } from "./skills.js";
import { triggersSchema } from "./triggers.js";

export type { JsonSchema, JsonSchemaTypeName } from "../../engine/json-schema.js";
export {
  accountsSchema,
  agentEventsSchema,
  agentsSchema,
  agentTimelineSchema,
  bansSchema,
  chatAgentsSchema,
  chatConversionsSchema,
  chatEngagementsSchema,
  chatHistorySchema,
  chatsSchema,
  chatTagsSchema,
  chatWebpathSchema,
  conversionsSchema,
  departmentEventsSchema,
  departmentsSchema,
  goalsSchema,
  rolesSchema,
  routingSettingsSchema,
  shortcutsSchema,
  skillsSchema,
  triggersSchema,
  visitorsSchema,
};

/** Names of the streams exposed by the connector, in catalog order. */
export const STREAM_NAMES = [
  "accounts",
  "agents",
  "agent_timeline",
  "bans",
  "chats",
  "departments",
  "goals",
  "roles",
  "routing_settings",
  "shortcuts",
  "skills",
  "triggers",
  "chat_history",
  "chat_engagements",
  "chat_conversions",
  "chat_webpath",
  "chat_tags",
  "chat_agents",
  "visitors",
  "conversions",
  "department_events",
  "agent_events",
] as const;

export type StreamName = (typeof STREAM_NAMES)[number];

/** Stream name → JSON schema (draft-07, fully inlined) as emitted by `discover`. */
export const streamSchemas: Record<StreamName, JsonSchema> = {
  accounts: accountsSchema,
  agents: agentsSchema,
  agent_timeline: agentTimelineSchema,
  bans: bansSchema,
  chats: chatsSchema,
  departments: departmentsSchema,
  goals: goalsSchema,
  roles: rolesSchema,
  routing_settings: routingSettingsSchema,
  shortcuts: shortcutsSchema,
  skills: skillsSchema,
  triggers: triggersSchema,
  chat_history: chatHistorySchema,
  chat_engagements: chatEngagementsSchema,
  chat_conversions: chatConversionsSchema,
  chat_webpath: chatWebpathSchema,
  chat_tags: chatTagsSchema,
  chat_agents: chatAgentsSchema,
  visitors: visitorsSchema,
  conversions: conversionsSchema,
  department_events: departmentEventsSchema,
  agent_events: agentEventsSchema,
};
