/**
 * The small, fixed parts of an account: departments, roles, skills and goals. Generated once
 * from the seed; the records' member lists are computed from the current agents so new agents
 * show up in them.
 */
import { Rng } from "../random.js";
import { chatList, type JsonRecord } from "./lists/list.js";

export interface Department {
  id: number;
  name: string;
  description: string;
  enabled: boolean;
  supportGroupId: number;
}

export interface Role {
  id: number;
  name: string;
  description: string;
  administrator: boolean;
}

export interface Skill {
  id: number;
  name: string;
  description: string;
  enabled: boolean;
}

export interface Goal {
  id: number;
  name: string;
  description: string;
  url: string;
  enabled: boolean;
  attributionPeriod: number;
}

export interface Org {
  departments: Department[];
  roles: Role[];
  skills: Skill[];
  goals: Goal[];
}

/** Member view of an agent, enough to fill departments/skills/roles membership. */
export interface Membership {
  id: number;
  roleId: number;
  departments: readonly number[];
  skills: readonly number[];
}

/** Ascending large ids like the real API's (e.g. 360001234567). */
function ascendingIds(rng: Rng, base: number, n: number): number[] {
  const ids: number[] = [];
  let id = base + rng.int(1_000, 900_000);
  for (let i = 0; i < n; i++) {
    ids.push(id);
    id += rng.int(1, 50_000);
  }
  return ids;
}

export function createOrg(seed: number): Org {
  const rng = Rng.from(seed, 0x0a9);
  const deptNames = [
    ["Sales", "Pre-sales questions"],
    ["Support", "General customer support"],
    ["Billing", "Invoices, payments and refunds"],
    ["Returns", "Returns and exchanges"],
  ] as const;
  const deptIds = ascendingIds(rng, 360_000_000_000, deptNames.length);
  const departments = deptNames.map(([name, description], i) => ({
    id: deptIds[i] as number,
    name,
    description,
    // One disabled department keeps `enabled: false` in the data.
    enabled: i !== deptNames.length - 1,
    supportGroupId: 360_010_000_000 + rng.int(1, 999_999),
  }));

  const roleDefs = [
    ["Administrator", "Full access to the account", true],
    ["Agent", "Default role for agents", false],
    ["Team lead", "Agents who can monitor and manage shortcuts", false],
  ] as const;
  const roleIds = ascendingIds(rng, 360_000_100_000, roleDefs.length);
  const roles = roleDefs.map(([name, description, administrator], i) => ({
    id: roleIds[i] as number,
    name,
    description,
    administrator,
  }));

  const skillNames = ["English", "Spanish", "Technical", "Billing", "VIP"] as const;
  const skillIds = ascendingIds(rng, 360_000_200_000, skillNames.length);
  const skills = skillNames.map((name, i) => ({
    id: skillIds[i] as number,
    name,
    description: `Agents who can handle ${name.toLowerCase()} chats`,
    enabled: name !== "VIP",
  }));

  const goalDefs = [
    ["Purchase", "Visitor completed a purchase", "https://shop.example.com/checkout/complete"],
    ["Signup", "Visitor created an account", "https://shop.example.com/account/welcome"],
    ["Newsletter", "Visitor subscribed to the newsletter", "https://shop.example.com/newsletter/thanks"],
  ] as const;
  const goalIds = ascendingIds(rng, 360_000_300_000, goalDefs.length);
  const goals = goalDefs.map(([name, description, url], i) => ({
    id: goalIds[i] as number,
    name,
    description,
    url,
    enabled: i !== 2,
    attributionPeriod: [15, 30, 60][i] as number,
  }));

  return { departments, roles, skills, goals };
}

export function departmentRecords(org: Org, agents: readonly Membership[]): JsonRecord[] {
  return org.departments.map((d) => ({
    description: d.description,
    enabled: d.enabled,
    id: d.id,
    members: agents.filter((a) => a.departments.includes(d.id)).map((a) => a.id),
    name: d.name,
    settings: {
      chat_enabled: d.enabled,
      solved_ticket_reassignment_strategy: "",
      support_group_id: d.supportGroupId,
    },
  }));
}

export function roleRecords(org: Org, agents: readonly Membership[]): JsonRecord[] {
  return org.roles.map((r) => ({
    description: r.description,
    enabled: true,
    id: r.id,
    members_count: agents.filter((a) => a.roleId === r.id).length,
    name: r.name,
    permissions: {
      access_analytics: r.administrator ? "all" : "none",
      edit_chat_tags: true,
      edit_department_agents: r.administrator ? "all" : "none",
      edit_visitor_information: true,
      edit_visitor_notes: true,
      manage_bans: r.administrator ? "account" : "none",
      manage_shortcuts: r.administrator || r.name === "Team lead" ? "account" : "none",
      proactive_chatting: "listening",
      set_agent_chat_limit: r.administrator ? "account" : "none",
      view_monitor: r.administrator || r.name === "Team lead" ? "all" : "none",
      view_past_chats: r.administrator ? "all" : "department",
      visitors_seen: r.administrator ? "account" : "department",
    },
  }));
}

export function skillRecords(org: Org, agents: readonly Membership[]): JsonRecord[] {
  return org.skills.map((s) => ({
    description: s.description,
    enabled: s.enabled,
    id: s.id,
    members: agents.filter((a) => a.skills.includes(s.id)).map((a) => a.id),
    name: s.name,
  }));
}

export function goalRecords(org: Org): JsonRecord[] {
  return org.goals.map((g) => ({
    attribution_model: g.id % 2 === 0 ? "first_touch" : "last_touch",
    attribution_period: g.attributionPeriod,
    description: g.description,
    enabled: g.enabled,
    id: g.id,
    name: g.name,
    settings: { conditions: [{ operator: "equals", type: "url", value: g.url }] },
  }));
}

export const departments = chatList({
  name: "departments",
  records: ({ org, agents }) => departmentRecords(org, agents),
});
export const goals = chatList({ name: "goals", records: ({ org }) => goalRecords(org) });
export const roles = chatList({ name: "roles", records: ({ org, agents }) => roleRecords(org, agents) });
export const skills = chatList({ name: "skills", records: ({ org, agents }) => skillRecords(org, agents) });
