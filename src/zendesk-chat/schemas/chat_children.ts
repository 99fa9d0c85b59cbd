import type { JsonSchema } from "../../engine/json-schema.js";
import { chatsSchema } from "./chats.js";
import { dateTime, intKey, str, streamSchema, strKey } from "./common.js";

// The child streams of chats: one row per nested element, the element's own fields unchanged plus
// the chat's id and update_timestamp (and, for arrays without an id, the element's 0-based index).
// Each schema is the chats schema's own item schema, with those fields added.

const chatProperties = chatsSchema.properties;

const CHAT_ID = strKey("ID of the chat this row comes from.");
const CHAT_UPDATE_TIMESTAMP = dateTime(
  "The chat's update_timestamp when this row was read (the cursor): the newest value per chat is its current version.",
);
const INDEX = intKey("0-based position of the element in the chat's array.");

/** A child stream's schema: the chat's id first, the element's fields, the chat's cursor last. */
function childSchema(
  title: string,
  description: string,
  fields: Readonly<Record<string, JsonSchema>>,
): JsonSchema & Record<string, unknown> {
  return streamSchema(title, description, {
    chat_id: CHAT_ID,
    ...fields,
    chat_update_timestamp: CHAT_UPDATE_TIMESTAMP,
  });
}

/** The item schema's properties, with the primary-key fields made non-null. */
function itemProperties(
  item: JsonSchema | undefined,
  nonNull: Record<string, JsonSchema> = {},
): Record<string, JsonSchema> {
  return { ...(item?.properties ?? {}), ...nonNull };
}

export const chatHistorySchema = childSchema(
  "chat_history",
  "One row per element of a chat's history (GET /incremental/chats), keyed by chat_id and index.",
  { index: INDEX, ...itemProperties(chatProperties.history.items) },
);

export const chatEngagementsSchema = childSchema(
  "chat_engagements",
  "One row per element of a chat's engagements, keyed by chat_id and the engagement's id.",
  itemProperties(chatProperties.engagements.items, { id: strKey("Engagement ID.") }),
);

export const chatConversionsSchema = childSchema(
  "chat_conversions",
  "One row per element of a chat's conversions, keyed by chat_id and the conversion's id.",
  itemProperties(chatProperties.conversions.items, { id: strKey("Conversion ID.") }),
);

export const chatWebpathSchema = childSchema(
  "chat_webpath",
  "One row per page in a chat's webpath, keyed by chat_id and index.",
  { index: INDEX, ...itemProperties(chatProperties.webpath.items) },
);

export const chatTagsSchema = childSchema(
  "chat_tags",
  "One row per tag of a chat, keyed by chat_id and tag.",
  {
    tag: strKey("The tag."),
  },
);

export const chatAgentsSchema = childSchema(
  "chat_agents",
  "One row per agent of a chat: agent_ids[i] paired with agent_names[i], keyed by chat_id and agent_id.",
  {
    agent_id: strKey("Agent ID (a string, as in the chat's agent_ids)."),
    agent_name: str("The agent's name at the same position in agent_names."),
  },
);

/** Not a child of one chat but the latest seen of each visitor: its id first, the chat's id after. */
export const visitorsSchema = streamSchema(
  "visitors",
  "The visitor of each chat (latest seen per visitor id), keyed by id.",
  {
    ...itemProperties(chatProperties.visitor, { id: strKey("Visitor ID.") }),
    chat_id: str("ID of the chat the visitor was last seen in."),
    chat_update_timestamp: CHAT_UPDATE_TIMESTAMP,
  },
);
