import type { JsonObject } from "../../protocol/messages.js";
import { chatAgentsSchema } from "../schemas/chat_children.js";
import { ChatChildStream, type ChatRowKeys, elements } from "./chat-children.js";

/**
 * One row per agent of a chat: `agent_ids[i]` paired with `agent_names[i]` (null when the names list
 * is shorter). Row: chat_id, agent_id, agent_name, chat_update_timestamp; an id listed twice is one row.
 */
export class ChatAgents extends ChatChildStream {
  readonly name = "chat_agents";
  readonly primaryKey = ["chat_id", "agent_id"];
  readonly schema = chatAgentsSchema;
  protected chatRows(chat: JsonObject, added: ChatRowKeys): JsonObject[] {
    const names = elements(chat, "agent_names");
    const seen = new Set<string>();
    const rows: JsonObject[] = [];
    elements(chat, "agent_ids").forEach((id, i) => {
      if ((typeof id !== "string" && typeof id !== "number") || seen.has(String(id))) return;
      seen.add(String(id));
      const name = names[i];
      rows.push({
        chat_id: added.chat_id,
        agent_id: String(id),
        agent_name: typeof name === "string" ? name : null,
        chat_update_timestamp: added.chat_update_timestamp,
      });
    });
    return rows;
  }
}
