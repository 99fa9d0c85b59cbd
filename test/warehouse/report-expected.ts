// The report's numbers computed here from the emulator's records, in plain TypeScript (no SQL), for
// each KPI query (sql/<section>/*.sql): per dimension (week, department, agent, channel) and series,
// the value and its sample size n.
import type { Emulator } from "../../emulator/index.js";
import { expectedRecords } from "../helpers/emulator.js";

// biome-ignore lint/suspicious/noExplicitAny: emulator records are plain JSON.
type Rec = any;

export interface Cell {
  value: number;
  n: number;
}
/** KPI file → "dimension|series" → label → cell. */
export type Expected = Map<string, Map<string, Map<string, Cell>>>;

/** Monday of the record's week, UTC, as YYYY-MM-DD. */
export function week(timestamp: string): string {
  const date = new Date(timestamp);
  const day = (date.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}

export const average = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/** Items grouped by key, each group reduced to {value, n}. */
export function grouped<T>(
  items: T[],
  key: (item: T) => string,
  value: (group: T[]) => number,
): Map<string, Cell> {
  const groups = new Map<string, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return new Map([...groups].map(([k, group]) => [k, { value: value(group), n: group.length }]));
}

export function add(
  expected: Expected,
  file: string,
  dimension: string,
  series: string,
  cells: Map<string, Cell>,
) {
  const kpi = expected.get(file) ?? new Map();
  kpi.set(`${dimension}|${series}`, cells);
  expected.set(file, kpi);
}

export function chatExpectations(emulator: Emulator, expected: Expected = new Map()): Expected {
  const chats: Rec[] = [...emulator.records("chats")];
  const agentNames = new Map(
    [...emulator.records("agents")].map((a: Rec) => [
      String(a.id),
      a.display_name ?? `${a.first_name} ${a.last_name}`,
    ]),
  );
  const agentName = (id: unknown) => agentNames.get(String(id)) ?? `agent ${id}`;
  const live = chats.filter((c) => c.type === "chat");
  const department = (c: Rec) => c.department_name ?? "(no department)";
  const byWeek = (c: Rec) => week(c.timestamp);

  const firstResponse = live.filter((c) => c.response_time?.first != null);
  const frt = (g: Rec[]) => average(g.map((c) => c.response_time.first));
  add(expected, "chats/first_response_time.sql", "week", "value", grouped(firstResponse, byWeek, frt));
  add(
    expected,
    "chats/first_response_time.sql",
    "department",
    "value",
    grouped(firstResponse, department, frt),
  );

  const waits = chats.flatMap((c) => {
    const answers = (c.history ?? []).filter(
      (h: Rec) => h.type === "chat.msg" && String(h.nick ?? "").startsWith("agent:"),
    );
    if (answers.length === 0) return [];
    const first = Math.min(...answers.map((h: Rec) => Date.parse(h.timestamp)));
    return [{ c, wait: (first - Date.parse(c.timestamp)) / 1000 }];
  });
  const wait = (g: typeof waits) => average(g.map((w) => w.wait));
  add(
    expected,
    "chats/wait_time.sql",
    "week",
    "value",
    grouped(waits, (w) => byWeek(w.c), wait),
  );
  add(
    expected,
    "chats/wait_time.sql",
    "department",
    "value",
    grouped(waits, (w) => department(w.c), wait),
  );

  const withDuration = live.filter((c) => c.duration != null);
  const duration = (g: Rec[]) => average(g.map((c) => c.duration));
  add(expected, "chats/chat_duration.sql", "week", "value", grouped(withDuration, byWeek, duration));
  add(
    expected,
    "chats/chat_duration.sql",
    "department",
    "value",
    grouped(withDuration, department, duration),
  );

  const rated = chats.filter((c) => c.rating === "good" || c.rating === "bad");
  const good = (g: Rec[]) => (100 * g.filter((c) => c.rating === "good").length) / g.length;
  add(expected, "chats/satisfaction.sql", "week", "value", grouped(rated, byWeek, good));
  const ratedPerAgent = rated.flatMap((c) =>
    (c.agent_ids ?? []).map((id: unknown) => ({ ...c, agent: agentName(id) })),
  );
  add(
    expected,
    "chats/satisfaction.sql",
    "agent",
    "value",
    grouped(ratedPerAgent, (c) => c.agent, good),
  );

  const resolved = (c: Rec) => c.type === "chat" && c.missed !== true && (c.agent_ids ?? []).length > 0;
  const size = (g: Rec[]) => g.length;
  for (const status of ["open", "resolved"]) {
    const these = chats.filter((c) => (resolved(c) ? "resolved" : "open") === status);
    add(expected, "chats/open_resolved.sql", "week", status, grouped(these, byWeek, size));
    add(expected, "chats/open_resolved.sql", "department", status, grouped(these, department, size));
  }

  const handled = chats.flatMap((c) => (c.agent_ids ?? []).map((id: unknown) => ({ c, id: String(id) })));
  const perWeek = new Map<string, Cell>();
  for (const [w, pairs] of grouped(handled, (h) => byWeek(h.c), size)) {
    const agents = new Set(handled.filter((h) => byWeek(h.c) === w).map((h) => h.id)).size;
    perWeek.set(w, { value: pairs.value / agents, n: agents });
  }
  add(expected, "chats/chats_per_agent.sql", "week", "value", perWeek);
  add(
    expected,
    "chats/chats_per_agent.sql",
    "agent",
    "value",
    grouped(handled, (h) => agentName(h.id), size),
  );
  return expected;
}

/**
 * The tickets section's numbers; with `schedules: false` (no schedules table) in calendar hours
 * only, with `metricEvents: false` (no ticket_metric_events table) without agent work time.
 */
export function ticketExpectations(
  emulator: Emulator,
  expected: Expected = new Map(),
  { schedules = true, metricEvents = true }: { schedules?: boolean; metricEvents?: boolean } = {},
): Expected {
  const tickets: Rec[] = expectedRecords(emulator, "tickets").filter((t) => t.status !== "deleted");
  const metrics = new Map<number, Rec>(
    // The tickets (since the start date) pick their metric sets.
    expectedRecords(emulator, "ticket_metrics").map((m: Rec) => [m.ticket_id, m]),
  );
  const channel = (t: Rec) => t.via?.channel ?? "(unknown)";
  const byWeek = (t: Rec) => week(t.created_at);
  const size = (g: Rec[]) => g.length;

  for (const c of new Set(tickets.map(channel))) {
    add(
      expected,
      "tickets/tickets_created.sql",
      "week",
      c,
      grouped(
        tickets.filter((t) => channel(t) === c),
        byWeek,
        size,
      ),
    );
  }
  for (const handler of new Set(tickets.map((t) => t.support_type ?? "(not set)"))) {
    const these = tickets.filter((t) => (t.support_type ?? "(not set)") === handler);
    add(expected, "tickets/tickets_created.sql", "channel", handler, grouped(these, channel, size));
  }

  const measured = tickets.filter((t) => metrics.has(t.id)).map((t) => ({ ...t, m: metrics.get(t.id) }));
  const solved = measured.filter((t) => t.status === "solved" || t.status === "closed");
  // The times come in calendar hours and, where the account has schedules, business hours.
  const times: Array<[string, Rec[], string]> = [
    ["first_reply_time", measured, "reply_time_in_minutes"],
    ["full_resolution_time", solved, "full_resolution_time_in_minutes"],
    ["requester_wait_time", solved, "requester_wait_time_in_minutes"],
  ];
  const hours = schedules ? (["calendar", "business"] as const) : (["calendar"] as const);
  const kpis: Array<
    [string, string, Rec[], (t: Rec) => number | null | undefined, (values: number[]) => number]
  > = [
    ...times.flatMap(([name, population, field]) =>
      hours.map(
        (
          clock,
        ): [string, string, Rec[], (t: Rec) => number | null | undefined, (values: number[]) => number] => [
          name,
          `${clock} hours`,
          population,
          (t) => t.m[field]?.[clock],
          (v) => median(v) / 60,
        ],
      ),
    ),
    [
      "one_touch_resolution",
      "value",
      solved,
      (t) => (t.m.replies == null ? null : t.m.replies === 1 ? 100 : 0),
      average,
    ],
    ["reopened", "value", solved, (t) => (t.m.reopens == null ? null : t.m.reopens > 0 ? 100 : 0), average],
  ];
  if (metricEvents) {
    // Agent work time: the latest agent_work_time update_status event of each solved ticket, as
    // Zendesk records it when the solve fulfils the metric.
    const latest = new Map<number, Rec>();
    for (const e of expectedRecords(emulator, "ticket_metric_events") as Rec[]) {
      if (e.metric !== "agent_work_time" || e.type !== "update_status" || e.deleted === true) continue;
      const before = latest.get(e.ticket_id);
      if (!before || Date.parse(e.time) > Date.parse(before.time)) latest.set(e.ticket_id, e);
    }
    const worked = tickets
      .filter((t) => (t.status === "solved" || t.status === "closed") && latest.has(t.id))
      .map((t) => ({ ...t, m: { work: latest.get(t.id)?.status } }));
    for (const clock of hours)
      kpis.push([
        "agent_work_time",
        `${clock} hours`,
        worked,
        (t) => t.m.work?.[clock],
        (v) => median(v) / 60,
      ]);
  }
  for (const [name, series, population, value, reduce] of kpis) {
    const withValue = population.filter((t) => value(t) != null);
    const of = (g: Rec[]) => reduce(g.map((t) => value(t) as number));
    add(expected, `tickets/${name}.sql`, "week", series, grouped(withValue, byWeek, of));
    add(expected, `tickets/${name}.sql`, "channel", series, grouped(withValue, channel, of));
  }
  return expected;
}
