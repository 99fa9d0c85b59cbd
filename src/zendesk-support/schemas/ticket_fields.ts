import type { JsonSchema } from "../../engine/json-schema.js";
import type { JsonObject } from "../../protocol/messages.js";
import { array, bool, dateTime, int, intKey, obj, str, streamSchema, untyped } from "./common.js";

/** One condition of a relationship filter (`all` and `any` hold lists of them). */
const condition: JsonSchema = obj("A condition.", {
  field: str("Field the condition tests."),
  operator: str("Operator of the condition."),
  value: untyped("Value of the condition (any JSON type)."),
});

/** JSON schema (draft-07) of the `ticket_fields` stream. */
export const ticketFieldsSchema: JsonObject = streamSchema(
  "ticket_fields",
  "System and custom ticket fields (GET /api/v2/ticket_fields).",
  {
    id: intKey("ID of the ticket field. Primary key."),
    url: str("API URL of the field."),
    type: str(
      'Field type, e.g. "subject", "status", "text", "textarea", "tagger", "multiselect", "checkbox".',
    ),
    key: str("Stable key of a system field (e.g. standard::multi_recipient_email_tickets), else null."),
    title: str("Title shown to agents."),
    raw_title: str("Title, dynamic content placeholders unrendered."),
    description: str("Description shown to end users."),
    raw_description: str("Description, dynamic content placeholders unrendered."),
    agent_description: str("Description shown to agents only."),
    position: int("Position of the field among the ticket fields."),
    active: bool("Whether the field is available."),
    required: bool("Whether agents must fill the field to solve a ticket."),
    collapsed_for_agents: bool("Whether the field is hidden among infrequently used fields (classic UI)."),
    regexp_for_validation: str("Regular expression the value must match (regexp fields), else null."),
    title_in_portal: str("Title shown to end users in Help Center."),
    raw_title_in_portal: str("Help Center title, dynamic content placeholders unrendered."),
    visible_in_portal: bool("Whether end users see the field in Help Center."),
    editable_in_portal: bool("Whether end users can edit the field in Help Center."),
    required_in_portal: bool("Whether end users must fill the field in Help Center."),
    agent_can_edit: bool("Whether agents can edit the field."),
    tag: str("Tag a checkbox field adds when checked, else null."),
    removable: bool("false for system fields, which can't be deleted."),
    sub_type_id: int("Sub-type of a system field (e.g. the priority field's options set)."),
    creator_user_id: int("ID of the user who created the field (-1 when an app created it), or null."),
    creator_app_name: str("Name of the app that created the field, or null."),
    relationship_target_type: str("Object type a lookup field points to, else null."),
    relationship_filter: obj("Filter of the lookup field's selectable records, else null.", {
      all: array("Conditions that must all match.", condition),
      any: array("Conditions of which one must match.", condition),
    }),
    custom_field_options: array(
      "Options of a dropdown (tagger) or multiselect field, else null or empty.",
      obj("An option.", {
        id: int("ID of the option."),
        name: str("Name shown to agents."),
        raw_name: str("Name, dynamic content placeholders unrendered."),
        value: str("Tag the option sets on the ticket."),
        default: bool("Whether the option is the field's default."),
      }),
    ),
    system_field_options: array(
      "Options of a system field such as status, priority or type, else null or empty.",
      obj("An option.", {
        name: str("Name shown to agents."),
        value: str('Value, e.g. "open" or "urgent".'),
      }),
    ),
    custom_statuses: array(
      "Custom ticket statuses of the custom_status field, else null or empty.",
      obj("A custom ticket status.", {
        id: int("ID of the custom status."),
        status_category: str('Category: "new", "open", "pending", "hold" or "solved".'),
        agent_label: str("Label shown to agents."),
        end_user_label: str("Label shown to end users."),
        description: str("Description shown to agents."),
        end_user_description: str("Description shown to end users."),
        active: bool("Whether the status is active."),
        default: bool("Whether the status is its category's default."),
        created_at: dateTime("When the status was created."),
        updated_at: dateTime("When the status was last updated."),
      }),
    ),
    created_at: dateTime("When the field was created."),
    updated_at: dateTime("When the field was last updated. Incremental cursor."),
  },
);
