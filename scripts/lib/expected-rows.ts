/**
 * What a connector should emit for one record of the emulator's data, written independently of the
 * connector's own code (src/): its transforms and child-stream rows are what is under test, so the
 * expected records (tests and integration_tests/expected_records.jsonl) must not be computed with them.
 */

type Row = Record<string, unknown>;

/**
 * The rows a child stream should make of one emulator chat: the nested element's fields unchanged,
 * plus chat_id, chat_update_timestamp and (arrays without an id) the 0-based index.
 */
export function childRows(stream: string, chat: Row): Row[] {
  const added = { chat_id: chat.id, chat_update_timestamp: chat.update_timestamp };
  const list = (field: string) => (Array.isArray(chat[field]) ? (chat[field] as Row[]) : []);
  switch (stream) {
    case "chat_history":
      return list("history").map((e, index) => ({ ...e, ...added, index }));
    case "chat_webpath":
      return list("webpath").map((e, index) => ({ ...e, ...added, index }));
    case "chat_engagements":
      return list("engagements").map((e) => ({ ...e, ...added }));
    case "chat_conversions":
      return list("conversions").map((e) => ({ ...e, ...added }));
    case "chat_tags":
      return (list("tags") as unknown as string[]).map((tag) => ({ ...added, tag }));
    case "chat_agents": {
      const names = list("agent_names") as unknown as string[];
      return (list("agent_ids") as unknown as string[]).map((id, i) => ({
        ...added,
        agent_id: id,
        agent_name: names[i] ?? null,
      }));
    }
    case "visitors":
      return chat.visitor ? [{ ...(chat.visitor as Row), ...added }] : [];
    default:
      throw new Error(`${stream} is not a child stream of chats`);
  }
}

/**
 * The rows `stream` should emit for one record of the resource it reads, as the API sent it: a
 * chat's rows for a child stream of chats (which streams exist is the registry's to say; what rows
 * they make is what this checks), an agent_timeline entry with its synthetic key (agent and start,
 * the API has no id), the record itself otherwise.
 */
export function expectedRows(stream: { name: string; parent?: string }, record: Row): Row[] {
  if (stream.parent === "chats") return childRows(stream.name, record);
  if (stream.parent === "ticket_audits") return auditChatRows(stream.name, record);
  if (stream.name === "agent_timeline") return [{ ...record, id: `${record.agent_id}|${record.start_time}` }];
  return [record];
}

/**
 * The rows a child stream of ticket_audits should make of one audit: per ChatStartedEvent, its value
 * without `history` (ticket_chats) or one row per history entry (ticket_chat_events, with its index
 * and `created_at` from the epoch-ms `timestamp`), each with the audit's ticket_id, id, created_at and
 * the event's id.
 */
export function auditChatRows(stream: string, audit: Row): Row[] {
  const out: Row[] = [];
  for (const event of (audit.events as Row[] | undefined) ?? []) {
    if (event.type !== "ChatStartedEvent") continue;
    const value = (event.value ?? {}) as Row;
    const from = {
      ticket_id: audit.ticket_id,
      audit_id: audit.id,
      event_id: event.id,
      audit_created_at: audit.created_at,
    };
    if (stream === "ticket_chats") {
      const copy: Row = { chat_id: value.chat_id ?? null, ...value, ...from };
      delete copy.history;
      out.push(copy);
    } else if (stream === "ticket_chat_events") {
      const history = (value.history as Row[] | undefined) ?? [];
      for (let index = 0; index < history.length; index++) {
        const entry = history[index] as Row;
        const created =
          entry.created_at ??
          (typeof entry.timestamp === "number" ? new Date(entry.timestamp).toISOString() : null);
        out.push({ ...entry, chat_id: value.chat_id ?? null, index, created_at: created, ...from });
      }
    } else throw new Error(`${stream} is not a child stream of ticket_audits`);
  }
  return out;
}
