import type { JsonObject } from "../../protocol/messages.js";
import { array, bool, dateTime, int, intArray, intKey, obj, str, streamSchema, untyped } from "./common.js";

/** A condition showing fields of a form when a parent field has a value (agent or end-user side). */
const formCondition = obj("A conditional-fields rule.", {
  parent_field_id: int("The field whose value decides."),
  value: untyped("The value that shows the child fields (a string, number or boolean)."),
  child_fields: array(
    "Fields shown when the parent has that value.",
    obj("A child field.", { id: int("ID of the field."), is_required: bool("Whether it is required.") }),
  ),
});

/** JSON schema (draft-07) of the `ticket_forms` stream. */
export const ticketFormsSchema: JsonObject = streamSchema(
  "ticket_forms",
  "Ticket forms (GET /api/v2/ticket_forms): which fields a ticket of each kind carries.",
  {
    id: intKey("ID of the form. Primary key."),
    url: str("API URL of the form."),
    name: str("Name of the form."),
    raw_name: str("Name with dynamic content placeholders unrendered."),
    display_name: str("Name shown to end users."),
    raw_display_name: str("Display name with dynamic content placeholders unrendered."),
    position: int("Position among the forms."),
    active: bool("Whether the form is active."),
    default: bool("Whether it is the account's default form."),
    end_user_visible: bool("Whether end users can pick it."),
    in_all_brands: bool("Whether every brand has it."),
    restricted_brand_ids: intArray("The brands that have it, when not all."),
    ticket_field_ids: intArray("Its fields, in order."),
    agent_conditions: array("Conditional fields for agents.", formCondition),
    end_user_conditions: array("Conditional fields for end users.", formCondition),
    deleted_at: dateTime("When the form was deleted, or null."),
    created_at: dateTime("When the form was created."),
    updated_at: dateTime("When the form was last updated. Incremental cursor."),
  },
);

/** Records in the shape of Zendesk's reference (List Ticket Forms), written by hand. */
export const ticketFormsSamples: JsonObject[] = [
  {
    id: 47,
    url: "https://example.zendesk.com/api/v2/ticket_forms/47.json",
    name: "Snowboard Problem",
    raw_name: "Snowboard Problem",
    display_name: "Snowboard Damage",
    raw_display_name: "{{dc.my_display_name}}",
    position: 9999,
    active: true,
    default: true,
    end_user_visible: true,
    in_all_brands: false,
    restricted_brand_ids: [1, 4, 6, 12, 34],
    ticket_field_ids: [2, 4, 5, 10, 100, 101, 102, 200],
    agent_conditions: [],
    end_user_conditions: [
      { parent_field_id: 100, value: "matching_value", child_fields: [{ id: 101, is_required: true }] },
    ],
    deleted_at: null,
    created_at: "2012-04-02T22:55:29Z",
    updated_at: "2012-04-02T22:55:29Z",
  },
  {
    id: 48,
    url: "https://example.zendesk.com/api/v2/ticket_forms/48.json",
    name: "Refund request",
    raw_name: "Refund request",
    display_name: "Refunds",
    raw_display_name: "Refunds",
    position: 2,
    active: false,
    default: false,
    end_user_visible: false,
    in_all_brands: true,
    restricted_brand_ids: [],
    ticket_field_ids: [2, 4],
    agent_conditions: [{ parent_field_id: 4, value: true, child_fields: [] }],
    end_user_conditions: [],
    deleted_at: null,
    created_at: "2021-03-04T12:00:00Z",
    updated_at: "2024-05-06T07:08:09Z",
  },
];
