import { bool, int, obj, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `routing_settings` stream. */
export const routingSettingsSchema = streamSchema(
  "routing_settings",
  'Account routing settings (GET /routing_settings/account, record under "data"). No primary key.',
  {
    auto_accept: obj("Auto-accept settings.", {
      enabled: bool("Whether auto-accept is enabled."),
    }),
    auto_idle: obj("Auto-idle settings.", {
      enabled: bool("Whether auto-idle is enabled."),
      new_status: str('Status agents are set to when idle, e.g. "away".'),
      reassignments_before_idle: int("Number of reassignments before an agent goes idle."),
    }),
    chat_limit: obj("Chat limit settings.", {
      allow_agent_override: bool("Whether agents may override the chat limit."),
      enabled: bool("Whether the chat limit is enabled."),
      limit: int("Maximum concurrent chats."),
      limit_type: str('Limit type, e.g. "account".'),
    }),
    reassignment: obj("Reassignment settings.", {
      enabled: bool("Whether reassignment is enabled."),
      timeout: int("Reassignment timeout in seconds."),
    }),
    routing_mode: str('Routing mode, e.g. "assigned" or "broadcast".'),
    skill_routing: obj("Skill routing settings.", {
      enabled: bool("Whether skill routing is enabled."),
      max_wait_time: int("Maximum wait time in seconds."),
    }),
  },
);
