import type { JsonSchema } from "../../engine/json-schema.js";
import { chatHistoryProperty, conversionProperties } from "./chat-history-events.js";
import {
  array,
  bool,
  dateTime,
  int,
  num,
  obj,
  str,
  strArray,
  streamSchema,
  strKey,
  untyped,
} from "./common.js";

/** Messages counted by sender (the chat's and each engagement's). */
const messageCountProperties = {
  agent: int("Number of messages sent by agents."),
  total: int("Total number of messages."),
  visitor: int("Number of messages sent by the visitor."),
} as const satisfies Record<string, JsonSchema>;

/** Agent response times in seconds (the chat's and each engagement's). */
const responseTimeProperties = {
  avg: num("Average response time in seconds (may be fractional)."),
  first: int("First response time in seconds."),
  max: int("Maximum response time in seconds."),
} as const satisfies Record<string, JsonSchema>;

/** JSON schema (draft-07) of the `chats` stream. */
export const chatsSchema = streamSchema(
  "chats",
  "Chats and offline messages (GET /incremental/chats?fields=chats(*)).",
  {
    agent_ids: strArray("IDs of agents involved in the chat (strings)."),
    agent_names: strArray("Names of agents involved in the chat."),
    comment: str("Customer comment on the chat."),
    conversions: array(
      "Last 20 conversions attributed to the chat.",
      obj("A goal conversion attributed to the chat.", conversionProperties),
    ),
    count: obj("Number of messages by the visitor and agents.", messageCountProperties),
    deleted: bool("Whether the chat was deleted."),
    department_id: int("ID of the department the chat was directed to."),
    department_name: str("Name of the department the chat was directed to."),
    dropped: bool("Whether the chat was dropped (reported by some exports; not in the Airbyte schema)."),
    duration: int("Duration of the chat in seconds."),
    engagements: array(
      "Agent engagements in the chat.",
      obj("An agent engagement within the chat.", {
        accepted: bool("Whether the agent accepted the engagement."),
        agent_full_name: str("Full name of the agent."),
        agent_id: str("ID of the agent (string in the API)."),
        agent_name: str("Display name of the agent."),
        assigned: bool("Whether the engagement was assigned to the agent."),
        comment: str("Visitor comment for the engagement."),
        count: obj("Message counts of the engagement.", messageCountProperties),
        department_id: int("ID of the department of the engagement."),
        duration: num("Duration of the engagement in seconds (fractional)."),
        id: str("ID of the engagement."),
        rating: str("Visitor rating for the engagement."),
        response_time: obj("Response time statistics of the engagement.", responseTimeProperties),
        skills_fulfilled: bool("Whether the requested skills were fulfilled."),
        skills_requested: array(
          "Skills requested for the engagement.",
          untyped("A requested skill (type not documented)."),
        ),
        started_by: str("Who started the engagement."),
        timestamp: dateTime("When the engagement started."),
      }),
    ),
    history: chatHistoryProperty,
    id: strKey("ID of the chat. Primary key."),
    message: str("Message of an offline message."),
    missed: bool("Whether the chat was missed."),
    rating: str("Customer satisfaction rating."),
    response_time: obj("Response time statistics of the chat.", responseTimeProperties),
    session: obj("Information about the visitor session.", {
      browser: str("Visitor browser."),
      city: str("Visitor city."),
      country_code: str("Visitor country code."),
      country_name: str("Visitor country name."),
      end_date: dateTime("End of the session."),
      id: str("ID of the session."),
      ip: str("Visitor IP address."),
      platform: str("Visitor platform."),
      region: str("Visitor region."),
      start_date: dateTime("Start of the session."),
      user_agent: str("Visitor user agent."),
    }),
    started_by: str('Who started the chat: "visitor", "agent" or "trigger".'),
    tags: strArray("Tags of the chat."),
    timestamp: dateTime("Timestamp of the chat."),
    triggered: bool("Whether the chat was triggered."),
    triggered_response: bool("Whether the response was triggered."),
    type: str('Chat type: "chat" or "offline_msg".'),
    unread: bool("Whether the chat is unread."),
    update_timestamp: dateTime("When the chat was last updated. Incremental cursor."),
    visitor: obj("Information about the visitor.", {
      email: str("Visitor email."),
      id: str("Visitor ID."),
      name: str("Visitor name."),
      notes: str("Notes about the visitor."),
      phone: str("Visitor phone number."),
    }),
    webpath: array(
      "Pages visited by the visitor.",
      obj("A page visited by the visitor.", {
        from: str("Page the visitor came from."),
        timestamp: dateTime("When the page was visited."),
        title: str("Page title."),
        to: str("Page the visitor went to."),
      }),
    ),
    zendesk_ticket_id: int("ID of the Zendesk Support ticket created from the chat."),
  },
);
