/**
 * Builds the full API form of one chat from its ChatRef. Everything derives from a PRNG
 * seeded by (seed, chat index), so the same chat always renders identically; updates
 * (ChatRef.updates) layer extra tags and history events on top.
 *
 * Keys are written in alphabetical order, as the real API emits them.
 */
import { isoSeconds } from "../clock.js";
import { BASE62, Rng } from "../random.js";
import type { JsonRecord } from "../types.js";
import type { Agent } from "./agents.js";
import type { ChatRef } from "./chat-index.js";
import type { Department, Goal } from "./org.js";
import {
  AGENT_LINES,
  CLIENTS,
  COMMENTS,
  FIRST_NAMES,
  LAST_NAMES,
  OFFLINE_MESSAGES,
  PAGES,
  PLACES,
  RATINGS,
  TAGS,
  VISITOR_LINES,
} from "./words.js";

export interface ChatContext {
  seed: number;
  accountId: number;
  /** Agents that can take chats; fixed at start so base chats never change. */
  agents: readonly Agent[];
  departments: readonly Department[];
  goals: readonly Goal[];
}

const UPDATE_TAGS = ["escalated", "follow-up", "resolved", "reopened", "callback", "priority"] as const;
const OFFLINE_SHARE = 0.15;

function agentName(a: Agent): string {
  return `${a.firstName} ${a.lastName}`;
}

function responseTime(rng: Rng): { avg: number; first: number; max: number } {
  const first = rng.int(2, 90);
  const max = first + rng.int(0, 240);
  return { avg: Math.round((first + (max - first) * rng.next()) * 1000) / 1000, first, max };
}

function webpath(rng: Rng, startSec: number): JsonRecord[] {
  const n = rng.int(1, 4);
  const path: JsonRecord[] = [];
  let from = rng.chance(0.5) ? "https://www.google.com/" : "";
  for (let k = 0; k < n; k++) {
    const page = rng.pick(PAGES);
    path.push({
      from,
      timestamp: isoSeconds(startSec - (n - k) * rng.int(5, 120)),
      title: page.title,
      to: page.url,
    });
    from = page.url;
  }
  return path;
}

export function buildChat(ctx: ChatContext, ref: ChatRef): JsonRecord {
  const rng = Rng.from(ctx.seed, ref.index, 0xc4a7);
  const offline = rng.chance(OFFLINE_SHARE);
  const place = rng.pick(PLACES);
  const client = rng.pick(CLIENTS);
  const named = rng.chance(0.45);
  const first = rng.pick(FIRST_NAMES);
  const visitorName = named
    ? `${first} ${rng.pick(LAST_NAMES)}`
    : `Visitor ${rng.int(10_000_000, 99_999_999)}`;
  const visitor = {
    email: named || offline ? `${first.toLowerCase()}${rng.int(1, 999)}@mail.example.org` : "",
    id: `${ctx.accountId}.${rng.chars(14, BASE62)}`,
    name: visitorName,
    notes: rng.chance(0.1) ? "Returning customer" : "",
    phone: rng.chance(0.15) ? `+1 555 ${rng.int(100, 999)} ${rng.int(1000, 9999)}` : "",
  };
  const department = rng.chance(0.85) ? rng.pick(ctx.departments) : null;
  const endSec = ref.anchorSec - rng.int(0, 120);
  const duration = offline ? 0 : rng.int(45, 1800);
  const startSec = endSec - duration;
  const session = {
    browser: client.browser,
    city: place.city,
    country_code: place.countryCode,
    country_name: place.countryName,
    end_date: isoSeconds(endSec),
    id: `${isoSeconds(startSec).slice(2, 10).replaceAll("-", "")}.${ctx.accountId}.${rng.chars(13, BASE62)}`,
    ip: `${rng.int(11, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
    platform: client.platform,
    region: place.region,
    start_date: isoSeconds(startSec),
    user_agent: client.userAgent,
  };
  const path = webpath(rng, startSec);
  const tags: string[] = rng.sample(TAGS, rng.int(0, 2));
  const zendeskTicketId = rng.chance(offline ? 0.9 : 0.5) ? rng.int(100_000, 9_999_999) : null;

  if (offline) {
    // Offline messages have no conversation: the chat-only fields come back null/empty.
    const history: JsonRecord[] = [];
    addUpdates(ctx, ref, tags, history, null);
    return {
      agent_ids: [],
      agent_names: [],
      comment: null,
      conversions: [],
      count: null,
      deleted: false,
      department_id: department ? department.id : null,
      department_name: department ? department.name : null,
      duration: null,
      engagements: [],
      history,
      id: ref.id,
      message: rng.pick(OFFLINE_MESSAGES),
      missed: null,
      rating: null,
      response_time: null,
      session,
      started_by: null,
      tags,
      timestamp: isoSeconds(startSec),
      triggered: null,
      triggered_response: null,
      type: "offline_msg",
      unread: ref.updates.length === 0 ? rng.chance(0.6) : false,
      update_timestamp: isoSeconds(ref.ts),
      visitor,
      webpath: path,
      zendesk_ticket_id: zendeskTicketId,
    };
  }

  const missed = rng.chance(0.05);
  const chatAgents = missed ? [] : rng.sample(ctx.agents, rng.chance(0.15) ? 2 : 1);
  const startedBy = rng.chance(0.8) ? "visitor" : rng.chance(0.5) ? "agent" : "trigger";
  const rating = !missed && rng.chance(0.4) ? rng.pick(RATINGS) : null;
  const comment = rating && rng.chance(0.5) ? rng.pick(COMMENTS) : null;
  const channel = `#${ref.id}`;
  const history: JsonRecord[] = [];
  let t = startSec;
  let visitorMsgs = 0;
  let agentMsgs = 0;
  const step = Math.max(1, Math.floor(duration / 12));
  const msg = (name: string, nick: string, text: string): JsonRecord => ({
    msg: text,
    msg_id: String(t * 1000 + rng.int(0, 999)),
    name,
    nick,
    options: "",
    timestamp: isoSeconds(t),
    type: "chat.msg",
  });
  history.push({
    channel,
    department_id: department ? department.id : null,
    department_name: department ? department.name : null,
    name: visitorName,
    nick: "visitor",
    timestamp: isoSeconds(t),
    type: "chat.memberjoin",
  });
  if (startedBy === "trigger") history.push(msg("Example Shop", "agent:trigger", "Hi! Can we help you?"));
  history.push(msg(visitorName, "visitor", rng.pick(VISITOR_LINES)));
  visitorMsgs++;
  for (let k = 0; k < chatAgents.length; k++) {
    const agent = chatAgents[k] as Agent;
    t += rng.int(1, step);
    if (k > 0) {
      const to = rng.pick(ctx.departments);
      history.push({
        department_id: to.id,
        department_name: to.name,
        name: agentName(chatAgents[0] as Agent),
        nick: `agent:${(chatAgents[0] as Agent).id}`,
        prev_department_id: department ? department.id : null,
        skills_name: [],
        timestamp: isoSeconds(t),
        type: "chat.transfer.department",
      });
    }
    history.push({
      channel,
      name: agentName(agent),
      nick: `agent:${agent.id}`,
      timestamp: isoSeconds(t),
      type: "chat.memberjoin",
    });
    const turns = rng.int(1, 3);
    for (let m = 0; m < turns; m++) {
      t += rng.int(1, step);
      history.push(msg(agentName(agent), `agent:${agent.id}`, rng.pick(AGENT_LINES)));
      agentMsgs++;
      t += rng.int(1, step);
      history.push(msg(visitorName, "visitor", rng.pick(VISITOR_LINES)));
      visitorMsgs++;
    }
  }
  const lastAgent = chatAgents.at(-1);
  if (rating) {
    history.push({
      new_rating: rating,
      name: visitorName,
      nick: "visitor",
      rating: null,
      timestamp: isoSeconds(t),
      type: "chat.rating",
    });
  }
  if (comment) {
    history.push({
      name: visitorName,
      new_comment: comment,
      nick: "visitor",
      timestamp: isoSeconds(t),
      type: "chat.comment",
    });
  }
  const conversions: JsonRecord[] = [];
  if (lastAgent && rng.chance(0.15)) {
    const goal = rng.pick(ctx.goals);
    const conversion = {
      attribution: {
        agent_id: lastAgent.id,
        agent_name: agentName(lastAgent),
        chat_timestamp: isoSeconds(startSec),
        department_id: department ? department.id : null,
        department_name: department ? department.name : null,
      },
      goal_id: goal.id,
      goal_name: goal.name,
      id: rng.chars(16, BASE62),
      timestamp: isoSeconds(endSec),
    };
    conversions.push(conversion);
    history.push({ conversion, timestamp: isoSeconds(endSec), type: "chat.goal" });
  }
  if (lastAgent && tags.length > 0) {
    // The agent tagged the chat while it ran.
    history.push({
      name: agentName(lastAgent),
      new_tags: [...tags],
      nick: `agent:${lastAgent.id}`,
      tags: [...tags],
      timestamp: isoSeconds(t),
      type: "chat.tag",
    });
  }
  history.push({
    channel,
    name: visitorName,
    nick: "visitor",
    timestamp: isoSeconds(endSec),
    type: "chat.memberleave",
  });
  addUpdates(ctx, ref, tags, history, lastAgent ?? null);

  const engagements = chatAgents.map((agent, k) => {
    const agentCount = Math.max(1, Math.round(agentMsgs / chatAgents.length));
    const visitorCount = Math.max(1, Math.round(visitorMsgs / chatAgents.length));
    return {
      accepted: true,
      agent_full_name: agentName(agent),
      agent_id: String(agent.id),
      agent_name: `${agent.firstName} ${agent.lastName[0]}.`,
      assigned: k === 0,
      comment: k === chatAgents.length - 1 ? comment : null,
      count: { agent: agentCount, total: agentCount + visitorCount, visitor: visitorCount },
      department_id: department ? department.id : null,
      duration: Math.round((duration / chatAgents.length) * 1000) / 1000,
      id: `${ref.id}_${k + 1}`,
      rating: k === chatAgents.length - 1 ? rating : null,
      response_time: responseTime(rng),
      skills_fulfilled: true,
      skills_requested: [],
      started_by: k === 0 ? startedBy : "agent",
      timestamp: isoSeconds(startSec + k * step),
    };
  });

  return {
    agent_ids: chatAgents.map((a) => String(a.id)),
    agent_names: chatAgents.map(agentName),
    comment,
    conversions,
    count: { agent: agentMsgs, total: agentMsgs + visitorMsgs, visitor: visitorMsgs },
    deleted: false,
    department_id: department ? department.id : null,
    department_name: department ? department.name : null,
    duration,
    engagements,
    history,
    id: ref.id,
    message: null,
    missed,
    rating,
    response_time: missed ? null : responseTime(rng),
    session,
    started_by: startedBy,
    tags,
    timestamp: isoSeconds(startSec),
    triggered: startedBy === "trigger",
    triggered_response: startedBy === "trigger" && !missed,
    type: "chat",
    unread: false,
    update_timestamp: isoSeconds(ref.ts),
    visitor,
    webpath: path,
    zendesk_ticket_id: zendeskTicketId,
  };
}

/** Each update adds a tag (so the record visibly changes) and a history event at its time. */
function addUpdates(
  ctx: ChatContext,
  ref: ChatRef,
  tags: string[],
  history: JsonRecord[],
  agent: Agent | null,
): void {
  if (ref.updates.length === 0) return;
  // A separate stream, so updates never shift the values of the chat's other fields.
  const rng = Rng.from(ctx.seed, ref.index, 0x0bda7e);
  for (let k = 0; k < ref.updates.length; k++) {
    const word = rng.pick(UPDATE_TAGS);
    const tag = tags.includes(word) ? `${word}-${k + 1}` : word;
    tags.push(tag);
    history.push({
      name: agent ? agentName(agent) : "Example Shop",
      new_tags: [tag],
      nick: agent ? `agent:${agent.id}` : "agent:system",
      tags: [...tags],
      timestamp: isoSeconds(ref.updates[k] as number),
      type: "chat.tag",
    });
  }
}
