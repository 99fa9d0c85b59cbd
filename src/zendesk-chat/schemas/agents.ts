import { bool, dateTime, enabledFlag, int, intArray, intKey, obj, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `agents` stream. */
export const agentsSchema = streamSchema("agents", "Chat agents (GET /agents, paginated by since_id).", {
  create_date: dateTime("When the agent was created."),
  departments: intArray("IDs of the departments the agent belongs to."),
  display_name: str("Name displayed for the agent."),
  email: str("Email address of the agent."),
  enabled: enabledFlag("agent"),
  enabled_departments: intArray("IDs of the departments enabled for the agent."),
  first_name: str("First name of the agent."),
  id: intKey("ID of the agent. Primary key and incremental cursor."),
  last_login: dateTime("When the agent last logged in."),
  last_name: str("Last name of the agent."),
  login_count: int("Number of times the agent has logged in."),
  role_id: int("ID of the agent's role."),
  roles: obj("Special role privileges (deprecated by Zendesk).", {
    administrator: bool("Whether the agent has administrator privileges."),
    owner: bool("Whether the agent is the account owner."),
  }),
  scope: str("Scope of the agent."),
  skills: intArray("IDs of the agent's skills."),
});
