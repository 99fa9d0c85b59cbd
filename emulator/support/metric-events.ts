/**
 * `GET incremental/ticket_metric_events.json`: the events of the SLA and time metrics of every ticket
 * (activate, pause, fulfill, apply_sla, breach, update_status), "in chronological order", "on or
 * after" `start_time` (epoch s, required). Two modes, as the reference has them: cursor pagination
 * (`page[size]` ≤ 100, `page[after]`, `meta.has_more`/`after_cursor`, `links.next` keeping
 * `start_time`), or without page parameters a time-based export (time-export.ts). Modelled harshly
 * where the reference is silent: the one-minute rule of the exports (a start that recent → 400, the
 * last minute left out), the exports' 10/min budget (endpoints.ts SUPPORT_EXPORTS), and a deleted
 * ticket's events turning `deleted: true` without their `time` moving (`exclude_deleted=true` drops
 * them).
 *
 * Each ticket's events follow its lifetime: every metric activated at its creation; an SLA policy of
 * the account (`sla_policies`' ids) applied to most tickets; the first reply (fulfill, with a breach
 * first when it came after the target) at its second audit, where solved and closed tickets are
 * also solved (requester_wait_time, agent_work_time, resolution_time fulfilled); pending and on-hold
 * tickets paused. Events never change once made (but for `deleted`): a ticket updated later keeps
 * them, and new ones get new ids.
 */
import { type ApiResponse, ok } from "../errors.js";
import { Rng } from "../random.js";
import { badParameter, booleanParameter, type JsonRecord } from "./lists/list.js";
import { slaPolicies } from "./lists/sla_policies.js";
import { after, checkParams, decodeCursor, encodeCursor, intParam, MINUTE, tooRecent } from "./params.js";
import { timeExport } from "./time-export.js";

/** What the events need of a ticket (data.ts `Ticket`). */
export interface MetricTicket {
  id: number;
  created: number;
  status: string;
  audits: readonly number[];
}

/** What the events need of the account (data.ts `SupportData`). */
export interface MetricSource<T extends MetricTicket> {
  ticketOrder(): readonly T[];
  nowSec(): number;
}

interface MetricEvent {
  id: number;
  time: number;
  ticket: MetricTicket;
  metric: string;
  instance: number;
  type: string;
  extra?: JsonRecord;
}

const METRICS = [
  "agent_work_time",
  "pausable_update_time",
  "periodic_update_time",
  "reply_time",
  "requester_wait_time",
  "resolution_time",
] as const;

/**
 * The events of one ticket, in the order they happened. Each kind of event has its own slot in the
 * ticket's ids (ticket id × 100 + slot), so an event keeps its id when the ticket gains events later.
 */
function ticketEvents(seed: number, t: MetricTicket): MetricEvent[] {
  const rng = Rng.from(seed, t.id, 0x3e8);
  const out: MetricEvent[] = [];
  const add = (slot: number, time: number, metric: string, type: string, extra?: JsonRecord) =>
    out.push({
      id: t.id * 100 + slot,
      time,
      ticket: t,
      metric,
      type,
      instance: 1,
      ...(extra ? { extra } : {}),
    });
  METRICS.forEach((metric, slot) => {
    add(slot, t.created, metric, "activate");
  });
  const policies = slaPolicies.generate({ seed, baseUrl: "", fromSec: 0, toSec: 0 });
  const policy = rng.chance(0.7) ? rng.pick(policies) : null;
  const target = rng.int(1, 8) * 30;
  if (policy) {
    const sla = {
      business_hours: rng.chance(0.5),
      policy: { description: policy.description, id: policy.id, title: policy.title },
      target,
    };
    add(10, t.created, "reply_time", "apply_sla", { sla });
    add(11, t.created, "requester_wait_time", "apply_sla", { sla: { ...sla, target: target * 8 } });
  }
  // Pending and on-hold tickets: the clocks that stop for those statuses paused.
  if (t.status === "pending" || t.status === "hold") add(12, t.created, "agent_work_time", "pause");
  if (t.status === "pending") add(13, t.created, "requester_wait_time", "pause");
  const replied = t.audits[1];
  // The reply target breached when it passes unanswered (recorded then: until that time has come
  // the event is not there, as every event is served only once its time has passed).
  const breach = t.created + target * 60;
  if (policy && (replied === undefined || replied > breach)) add(20, breach, "reply_time", "breach");
  if (replied !== undefined) {
    const minutes = Math.round((replied - t.created) / 60);
    const status = { status: { business: Math.floor(minutes * 0.6), calendar: minutes } };
    add(21, replied, "reply_time", "fulfill");
    add(22, replied, "reply_time", "update_status", status);
    add(23, replied, "periodic_update_time", "fulfill");
    if (t.status === "solved" || t.status === "closed") {
      ["requester_wait_time", "agent_work_time", "resolution_time"].forEach((metric, k) => {
        add(30 + 2 * k, replied, metric, "fulfill");
        add(31 + 2 * k, replied, metric, "update_status", status);
      });
    }
  }
  return out.sort((a, b) => a.time - b.time || a.id - b.id);
}

const orders = new WeakMap<readonly MetricTicket[], MetricEvent[]>();
/** Per account, every event made so far by ticket: an event, once made, stays as it was. */
const made = new WeakMap<object, Map<number, Map<number, MetricEvent>>>();

/**
 * Every ticket's events by (time, id); rebuilt when the tickets change (data.ts renews its order).
 * Events made before stay as they were (a deleted ticket's status is "deleted" now, but its pause
 * and solve events happened).
 */
function eventOrder(seed: number, data: MetricSource<MetricTicket>): MetricEvent[] {
  const tickets = data.ticketOrder();
  let order = orders.get(tickets);
  if (!order) {
    let byTicket = made.get(data);
    if (!byTicket) {
      byTicket = new Map();
      made.set(data, byTicket);
    }
    const all: MetricEvent[] = [];
    for (const t of tickets) {
      let events = byTicket.get(t.id);
      if (!events) {
        events = new Map();
        byTicket.set(t.id, events);
      }
      for (const e of ticketEvents(seed, t)) if (!events.has(e.id)) events.set(e.id, e);
      all.push(...events.values());
    }
    order = all.sort((a, b) => a.time - b.time || a.id - b.id);
    orders.set(tickets, order);
  }
  return order;
}

function render(e: MetricEvent): JsonRecord {
  return {
    deleted: e.ticket.status === "deleted",
    id: e.id,
    instance_id: e.instance,
    metric: e.metric,
    ticket_id: e.ticket.id,
    time: new Date(e.time * 1000).toISOString().replace(".000Z", "Z"),
    type: e.type,
    ...e.extra,
  };
}

/** What the `ticket_metric_events` stream should hold: every event so far, deleted tickets' too. */
export function metricEventRecords(seed: number, data: MetricSource<MetricTicket>): JsonRecord[] {
  const now = data.nowSec();
  return eventOrder(seed, data)
    .filter((e) => e.time <= now)
    .map(render);
}

const isPosition = (v: unknown): v is { t: number; id: number } =>
  typeof v === "object" && v !== null && Number.isSafeInteger((v as { t: number }).t);

export function metricEventsEndpoint(
  seed: number,
  data: MetricSource<MetricTicket>,
  query: URLSearchParams,
  ctx: { baseUrl: string; fault?: string },
): ApiResponse {
  const excludeDeleted = booleanParameter(query, "exclude_deleted");
  if (excludeDeleted !== null && typeof excludeDeleted === "object") return excludeDeleted;
  const includeChanges = booleanParameter(query, "include_changes");
  if (includeChanges !== null && typeof includeChanges === "object") return includeChanges;
  const visible = (e: MetricEvent) => !(excludeDeleted === true && e.ticket.status === "deleted");
  const endpoint = "incremental/ticket_metric_events";
  const items = () => eventOrder(seed, data);
  if (!query.has("page[size]") && !query.has("page[after]"))
    return timeExport(
      {
        endpoint,
        key: "ticket_metric_events",
        extraParams: ["exclude_deleted", "include_changes"],
        items,
        time: (e) => e.time,
        id: (e) => e.id,
        visible,
        render,
        // The reference documents `next_page`, `count` and `end_time` for this mode, no end_of_stream.
        endOfStream: false,
      },
      data.nowSec(),
      query,
      ctx,
    );
  const bad = checkParams(query, [
    "start_time",
    "page[size]",
    "page[after]",
    "exclude_deleted",
    "include_changes",
  ]);
  if (bad) return bad;
  const start = intParam(query, "start_time");
  if (!start.ok) return start.response;
  if (start.value === null) return badParameter("start_time: required");
  const recent = tooRecent(start.value, data.nowSec());
  if (recent) return recent;
  const size = intParam(query, "page[size]", 1);
  if (!size.ok) return size.response;
  const limit = Math.min(size.value ?? 100, 100);
  let pos = { t: start.value, id: 0 };
  const token = query.get("page[after]");
  if (token !== null) {
    const decoded = decodeCursor(token, isPosition);
    if (!decoded) return badParameter(`page[after]: not a cursor this list handed out`);
    pos = decoded;
  }
  const all = items();
  const cutoff = data.nowSec() - MINUTE;
  const page: MetricEvent[] = [];
  let i = after(all, (e) => [e.time, e.id], pos.t, pos.id);
  for (; i < all.length && page.length < limit && (all[i] as MetricEvent).time <= cutoff; i++)
    if (visible(all[i] as MetricEvent)) page.push(all[i] as MetricEvent);
  const hasMore = i < all.length && (all[i] as MetricEvent).time <= cutoff;
  const last = page.at(-1);
  const afterCursor = last ? encodeCursor({ t: last.time, id: last.id }) : null;
  const lost = ctx.fault === "no_next_page";
  const empty = ctx.fault === "empty";
  const carried = [...query]
    .filter(([k]) => k !== "page[after]" && k !== "page[size]")
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}&`)
    .join("");
  return ok({
    ticket_metric_events: empty ? [] : page.map(render),
    meta: { has_more: !empty && hasMore, after_cursor: lost ? null : afterCursor, before_cursor: null },
    links: {
      next:
        lost || afterCursor === null
          ? null
          : `${ctx.baseUrl}/${endpoint}.json?${carried}page%5Bsize%5D=${limit}&page%5Bafter%5D=${afterCursor}`,
      prev: null,
    },
  });
}
