import type { JsonObject } from "../../protocol/messages.js";
import { bool, int, intArray, intKey, obj, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `agent_routing_settings` stream. */
export const agentRoutingSettingsSchema = streamSchema(
  "agent_routing_settings",
  'Each agent\'s routing settings (GET /routing_settings/agents, since_id pages, records under "data").',
  {
    chat_limit: obj("The agent's own chat limit (used where the account lets agents override it).", {
      enabled: bool("Whether the agent's chat limit is on."),
      limit: int("How many chats the agent takes at once."),
    }),
    id: intKey("ID of the agent. Primary key and incremental cursor."),
    skills: intArray("IDs of the agent's skills."),
  },
);

/** Written for this project in the shape the emulator serves (see docs/zendesk-chat-api-notes.md). */
export const agentRoutingSettingsSamples: JsonObject[] = [
  { id: 381000000101, chat_limit: { enabled: true, limit: 3 }, skills: [2400001, 2400002] },
  { id: 381000000102, chat_limit: { enabled: false, limit: null }, skills: [] },
];
