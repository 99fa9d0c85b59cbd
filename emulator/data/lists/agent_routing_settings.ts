import { hash } from "../../random.js";
import { chatList } from "./list.js";

/**
 * `GET routing_settings/agents`: one record per agent (ids ascending, as agents), paged by
 * `since_id`/`max_id`/`limit` like agents (default 100 a page), records under `data` like the
 * account's routing settings. Each agent has its skills and its own chat limit, off for about one
 * agent in three (docs/zendesk-chat-api-notes.md says what of this is documented and what modelled).
 */
export const agentRoutingSettings = chatList({
  name: "agent_routing_settings",
  path: "routing_settings/agents",
  sinceId: { defaultLimit: 100 },
  body: (records, empty) => ({ data: empty ? [] : records }),
  records: ({ seed, agents }) =>
    agents.map((agent) => {
      const h = hash(seed, 0x7a5, agent.id % 1_000_003);
      const enabled = h % 3 !== 0;
      return {
        chat_limit: { enabled, limit: enabled ? 1 + (h % 5) : null },
        id: agent.id,
        skills: [...agent.skills],
      };
    }),
});
