import { bool, enabledFlag, int, intArray, intKey, obj, str, streamSchema } from "./common.js";

/** JSON schema (draft-07) of the `departments` stream. */
export const departmentsSchema = streamSchema("departments", "Departments (GET /departments).", {
  description: str("Description of the department."),
  enabled: enabledFlag("department"),
  id: intKey("ID of the department. Primary key."),
  members: intArray("IDs of the agents in the department."),
  name: str("Name of the department."),
  settings: obj("Department settings.", {
    chat_enabled: bool("Whether chat is enabled for the department."),
    solved_ticket_reassignment_strategy: str("Reassignment strategy for solved tickets."),
    support_group_id: int("ID of the linked Zendesk Support group."),
  }),
});
