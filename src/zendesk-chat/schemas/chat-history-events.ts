import type { JsonSchema } from "../../engine/json-schema.js";
import { array, dateTime, int, obj, str, strArray, untyped } from "./common.js";

/** A goal conversion: listed in `conversions` and attached to `history` events. */
export const conversionProperties = {
  attribution: obj("Attribution of the conversion.", {
    agent_id: int("ID of the agent the conversion is attributed to."),
    agent_name: str("Name of the agent the conversion is attributed to."),
    chat_timestamp: dateTime("Timestamp of the attributed chat."),
    department_id: int("ID of the department the conversion is attributed to."),
    department_name: str("Name of the department the conversion is attributed to."),
  }),
  goal_id: int("ID of the goal that was reached."),
  goal_name: str("Name of the goal that was reached."),
  id: str("ID of the conversion."),
  timestamp: dateTime("When the conversion happened."),
} as const satisfies Record<string, JsonSchema>;

/** The `history` of a chat: its events in order (messages, joins, leaves, transfers, ratings…). */
export const chatHistoryProperty = array(
  "Chronological list of chat events.",
  obj("A chat history event.", {
    channel: str("Channel of the event."),
    conversion: obj("Conversion attached to this history event.", conversionProperties),
    department_id: untyped(
      "Department ID of the event; the API returns an integer or a string, so any value is accepted.",
    ),
    department_name: str("Department name of the event."),
    msg: str("Message text."),
    msg_id: untyped("ID of the message; the API returns a string or an integer, so any value is accepted."),
    name: str("Name of the sender."),
    new_comment: str("New comment (comment events)."),
    new_rating: str("New rating (rating change events)."),
    new_tags: strArray("Tags added by the event."),
    nick: str('Nick of the sender, e.g. "visitor" or "agent:<id>".'),
    options: str("Options offered with the message."),
    prev_department_id: untyped(
      "Previous department ID (transfer events); integer or string, so any value is accepted.",
    ),
    rating: str("Rating given (rating events)."),
    sender_type: str("Kind of sender of the event."),
    skills_name: strArray("Names of skills (skill events)."),
    tags: strArray("Tags (tag events)."),
    timestamp: dateTime("When the event happened."),
    type: str('Event type, e.g. "chat.msg", "chat.memberjoin".'),
  }),
) satisfies JsonSchema;
