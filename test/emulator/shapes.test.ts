/** Response shapes and field coverage per the reference (§5, §6). */
import { describe, expect, it } from "vitest";
import type { JsonRecord } from "../../emulator/index.js";
import { useEmulator } from "../helpers/emulator.js";
import { api } from "./helpers.js";

const FIELDS: Record<string, string[]> = {
  agents: [
    "create_date",
    "departments",
    "display_name",
    "email",
    "enabled",
    "enabled_departments",
    "first_name",
    "id",
    "last_login",
    "last_name",
    "login_count",
    "role_id",
    "roles",
    "scope",
    "skills",
  ],
  agent_timeline: ["agent_id", "duration", "engagement_count", "start_time", "status"],
  bans: ["type", "created_at", "id", "ip_address", "reason", "visitor_id", "visitor_name"],
  chats: [
    "type",
    "agent_ids",
    "agent_names",
    "comment",
    "conversions",
    "count",
    "deleted",
    "department_id",
    "department_name",
    "duration",
    "engagements",
    "history",
    "id",
    "message",
    "missed",
    "rating",
    "response_time",
    "session",
    "started_by",
    "tags",
    "timestamp",
    "triggered",
    "triggered_response",
    "unread",
    "update_timestamp",
    "visitor",
    "webpath",
    "zendesk_ticket_id",
  ],
  account: ["account_key", "billing", "create_date", "plan", "status"],
  departments: ["description", "enabled", "id", "members", "name", "settings"],
  goals: ["description", "attribution_model", "attribution_period", "enabled", "id", "name", "settings"],
  roles: ["description", "enabled", "id", "members_count", "name", "permissions"],
  routing_settings: ["auto_idle", "chat_limit", "reassignment", "routing_mode", "skill_routing"],
  shortcuts: ["departments", "id", "message", "name", "options", "scope", "tags"],
  skills: ["description", "enabled", "id", "members", "name"],
  triggers: ["description", "definition", "enabled", "id", "name"],
};

function keys(records: Iterable<JsonRecord>): Set<string> {
  const out = new Set<string>();
  for (const r of records) for (const k of Object.keys(r)) out.add(k);
  return out;
}

describe("shapes", () => {
  const emu = useEmulator({ seed: 1, chats: 500 });

  for (const [resource, fields] of Object.entries(FIELDS)) {
    it(`${resource} records carry every documented field`, () => {
      const present = keys(emu.records(resource as never));
      for (const f of fields) expect(present, f).toContain(f);
    });
  }

  it("chat sub-objects carry their documented fields, offline chats their nulls", () => {
    const chats = [...emu.records("chats")];
    const live = chats.filter((c) => c.type === "chat");
    const offline = chats.filter((c) => c.type === "offline_msg");
    expect(offline.length).toBeGreaterThan(20);
    for (const o of offline) {
      expect(o).toMatchObject({
        count: null,
        response_time: null,
        started_by: null,
        agent_ids: [],
        history: [],
      });
      expect(typeof o.message).toBe("string");
    }
    const union = (get: (c: JsonRecord) => unknown) =>
      keys(live.flatMap((c) => (get(c) as JsonRecord[] | undefined) ?? []));
    expect([...union((c) => c.engagements)].sort()).toEqual(
      [
        "accepted",
        "agent_full_name",
        "agent_id",
        "agent_name",
        "assigned",
        "comment",
        "count",
        "department_id",
        "duration",
        "id",
        "rating",
        "response_time",
        "skills_fulfilled",
        "skills_requested",
        "started_by",
        "timestamp",
      ].sort(),
    );
    const history = union((c) => c.history);
    for (const f of [
      "type",
      "channel",
      "conversion",
      "department_id",
      "department_name",
      "msg",
      "msg_id",
      "name",
      "new_rating",
      "new_tags",
      "nick",
      "options",
      "prev_department_id",
      "rating",
      "skills_name",
      "timestamp",
    ]) {
      expect(history, f).toContain(f);
    }
    expect(
      [...new Set(live.flatMap((c) => (c.history as JsonRecord[]).map((h) => h.type)))].length,
    ).toBeGreaterThanOrEqual(6);
    expect([...union((c) => c.conversions)].sort()).toEqual([
      "attribution",
      "goal_id",
      "goal_name",
      "id",
      "timestamp",
    ]);
    expect([...union((c) => c.webpath)].sort()).toEqual(["from", "timestamp", "title", "to"]);
    expect(live.some((c) => c.rating !== null && c.comment !== null)).toBe(true);
    expect(live.some((c) => typeof c.zendesk_ticket_id === "number")).toBe(true);
    expect(live.some((c) => (c.tags as string[]).length > 0)).toBe(true);
    for (const c of chats) {
      expect(c.id).toMatch(/^\d{4}\.\d+\.[0-9A-Za-z]{13}$/);
      expect(c.update_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
  });

  it("endpoints have the real top-level shapes", async () => {
    expect(Array.isArray((await api(emu, "agents")).json)).toBe(true);
    for (const p of ["departments", "goals", "roles", "shortcuts", "skills", "triggers"]) {
      const r = await api(emu, p);
      expect(r.json, p).toEqual([...emu.records(p as never)]);
    }
    expect((await api(emu, "account")).json).toEqual([...emu.records("account")][0]);
    expect((await api(emu, "routing_settings/account")).json).toEqual({
      data: [...emu.records("routing_settings")][0],
    });
    const shortcut = (await api(emu, "shortcuts")).json[0];
    expect(typeof shortcut.id).toBe("string");
    expect(shortcut.id).toBe(shortcut.name);
    const tl = (await api(emu, "incremental/agent_timeline?fields=agent_timeline(*)&start_time=0&limit=1"))
      .json;
    expect(tl.agent_timeline[0].start_time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/);
    // Real paging: the agent_timeline envelope has no end_id (its cursor is start_time alone).
    expect(Object.keys(tl).sort()).toEqual(["agent_timeline", "count", "end_time", "next_page"]);
  });
});
