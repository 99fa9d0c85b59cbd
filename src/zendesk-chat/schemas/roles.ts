import { bool, enabledFlag, int, intKey, obj, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `roles` stream. */
export const rolesSchema = streamSchema("roles", "Roles (GET /roles).", {
  description: str("Description of the role."),
  enabled: enabledFlag("role"),
  id: intKey("ID of the role. Primary key."),
  members_count: int("Number of agents with the role."),
  name: str("Name of the role."),
  permissions: obj("Permissions of the role.", {
    access_analytics: str("Analytics access level."),
    edit_chat_tags: bool("Whether the role can edit chat tags."),
    edit_department_agents: str("Level of department-agent editing."),
    edit_visitor_information: bool("Whether the role can edit visitor information."),
    edit_visitor_notes: bool("Whether the role can edit visitor notes."),
    manage_bans: str("Ban management level."),
    manage_shortcuts: str("Shortcut management level."),
    proactive_chatting: str('Proactive chatting level, e.g. "listen-join".'),
    set_agent_chat_limit: str("Level of agent chat-limit setting."),
    view_monitor: str("Monitor viewing level."),
    view_past_chats: str("Past-chat viewing level."),
    visitors_seen: str("Which visitors are seen."),
  }),
});
