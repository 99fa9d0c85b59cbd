/**
 * The emulated Zendesk Support account: organizations, users (end users, agents, admins), groups,
 * group memberships, ticket fields, macros, tickets with their audits and metrics, and tags.
 *
 * Everything derives from the seed. Records are kept as small state objects and rendered to their
 * API form on demand (tickets by a PRNG seeded with the ticket id), so 100k tickets cost a few tens
 * of MB and a page costs only its own items.
 *
 * Tickets come from two sources: one per distinct `zendesk_ticket_id` of the Chat part's chats (so
 * every chat points at an existing ticket; created at the chat's time, via "chat"), and the
 * `support.tickets` option's others. Building the chat-linked ones renders every chat once (about
 * 7 µs a chat), so the whole Support dataset is built lazily, on the first Support request or
 * records()/count() call.
 *
 * Harsh details modelled from the reference: deleted tickets stay in the export (status "deleted")
 * but leave ticket_audits, ticket_metrics and tags; tickets closed more than 120 days ago are
 * archived (in the export, not in the ticket_audits/ticket_metrics lists); tags count only tickets
 * updated in the last 60 days; deleted groups, organizations and users stay (deleted: true,
 * deleted_at, active: false).
 *
 * Keys of rendered records are in alphabetical order, like the Chat records.
 */
import { isoSeconds } from "../clock.js";
import { FIRST_NAMES, LAST_NAMES, TAGS } from "../data/words.js";
import { hash, Rng } from "../random.js";
import type { ChangeSpec, JsonRecord, SupportResource } from "../types.js";
import { conversationLogEvents, isMessaging } from "./conversation-log.js";
import { SUPPORT_LISTS, type SupportListName } from "./lists/index.js";
import type { SupportList } from "./lists/list.js";
import { type ChatSession, chatAuditEvents, conversationOf, type Participants } from "./messaging.js";
import { metricEventRecords } from "./metric-events.js";
import { ticketCommentRows } from "./ticket-events.js";

const DAY = 86_400;
const ARCHIVE_AFTER_DAYS = 120;
const TAG_WINDOW_DAYS = 60;

export interface SupportSizes {
  /** Tickets in all, at least one per distinct chat ticket id (default 200). */
  tickets: number;
  /** Users in all, agents and admins included (default 60). */
  users: number;
  /** Default 25. */
  organizations: number;
}

export interface ChatTicketLink {
  ticketId: number;
  /** When the chat ended (epoch s): the ticket is created then. */
  sec: number;
}

export interface SupportDataOptions {
  seed: number;
  sizes: SupportSizes;
  /** Epoch ms of the virtual clock. */
  nowMs(): number;
  /** Data starts here (epoch s) and stops an hour before the clock's start, like the chats. */
  fromSec: number;
  toSec: number;
  /**
   * The ticket links of chats first..end-1 (end defaults to all chats now); returns the end used.
   */
  chatLinks(first: number, end?: number): { links: ChatTicketLink[]; end: number };
  /** Chats that existed at start: the lazy build links only these, whenever it runs. */
  initialChats: number;
  /** Base URL of the Support API, e.g. "http://127.0.0.1:PORT/api/v2". */
  baseUrl(): string;
}

export const ADMIN_EMAIL = "admin@example.com";
export const AGENT_EMAIL = "agent@example.com";

export interface Org {
  id: number;
  index: number;
  created: number;
  updated: number;
  deleted: number | null;
  versions: number;
}

export interface User {
  id: number;
  index: number;
  role: "admin" | "agent" | "end-user";
  created: number;
  updated: number;
  orgId: number | null;
  active: boolean;
  versions: number;
}

export interface Group {
  id: number;
  index: number;
  created: number;
  updated: number;
  deleted: boolean;
}

export interface Ticket {
  id: number;
  created: number;
  /** Time of the last audit (updated_at). */
  updated: number;
  /** generated_timestamp: >= updated, bumped by system updates too. */
  gen: number;
  status: string;
  tags: string[];
  /** The tags it was created with (its first audit's Create event: audits never change). */
  createdTags: string[];
  /** created_at of each audit, oldest first (the first is the ticket's creation). */
  audits: number[];
  requester: number;
  assignee: number | null;
  group: number | null;
  org: number | null;
  via: "chat" | "web" | "email" | "api" | "native_messaging";
  /**
   * An AI-agent ticket (a messaging conversation only an AI agent handled): the ticket exports
   * leave it out unless `support_type_scope` is `ai_agent` or `all`. Its `via.channel` is
   * "native_messaging" and its `support_type` "ai_agent".
   */
  aiAgent: boolean;
}

/** The share of tickets not linked to a chat that are AI-agent tickets. */
const AI_AGENT_SHARE = 0.1;
/** The share of the other tickets not linked to a chat that came through Zendesk Messaging. */
const MESSAGING_SHARE = 0.1;
const STATUSES = ["new", "open", "pending", "hold", "solved", "closed"] as const;
const PRIORITIES = ["low", "normal", "high", "urgent", null] as const;
const TYPES = ["question", "incident", "problem", "task", null] as const;
const SUBJECTS = [
  "Order has not arrived",
  "Refund request",
  "Cannot log in",
  "Wrong size delivered",
  "Invoice copy needed",
  "Change delivery address",
  "Discount code not working",
  "Product question",
  "Cancel my subscription",
  "Damaged item",
] as const;
const UPDATE_TAGS = ["escalated", "follow_up", "vip", "reopened", "callback", "priority"] as const;
const GROUP_NAMES = ["Support", "Billing", "Returns", "Escalations", "Wholesale", "Night shift", "Legacy"];
const ORG_WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Wonka", "Tyrell"];

/** Seconds in [lo, hi] (hi clamped to >= lo). */
function between(rng: Rng, lo: number, hi: number): number {
  return rng.int(lo, Math.max(lo, hi));
}

export class SupportData {
  private built = false;
  readonly orgs: Org[] = [];
  readonly users: User[] = [];
  readonly groups: Group[] = [];
  readonly tickets = new Map<number, Ticket>();
  private chatsSeen = 0;
  private nextTicketId = 0;
  private advances = 0;
  /** Export/list orders, rebuilt after a change. */
  private sortedTickets: Ticket[] | null = null;
  private auditIndex: { sec: number; id: number; ticket: Ticket; k: number }[] | null = null;
  private memberships: JsonRecord[] | null = null;
  private sortedMetrics: Ticket[] | null = null;
  private sortedUsers: User[] | null = null;
  private sortedOrgs: Org[] | null = null;
  /** Who new tickets are drawn from; reset when users or groups change. */
  private pools: { endUsers: User[]; agents: User[]; liveGroups: Group[] } | null = null;

  constructor(private readonly o: SupportDataOptions) {}

  private get base(): string {
    return this.o.baseUrl();
  }

  /** Builds the account on first use. */
  ensure(): void {
    if (this.built) return;
    this.built = true;
    const { seed, sizes, fromSec, toSec } = this.o;
    const rng = Rng.from(seed, 0x5a9);
    const orgBase = 20_000_000_000 + (hash(seed, 0x0a9) % 1_000_000) * 100;
    for (let i = 0; i < Math.max(1, sizes.organizations); i++) {
      const created = between(rng, fromSec - 2 * 365 * DAY, toSec - 30 * DAY);
      const updated = between(rng, created, toSec);
      const deleted = rng.chance(0.08) ? updated : null;
      this.orgs.push({ id: orgBase + i * 89, index: i, created, updated, deleted, versions: 0 });
    }
    const groupBase = 30_000_000_000 + (hash(seed, 0x6a9) % 1_000_000) * 100;
    for (let i = 0; i < GROUP_NAMES.length; i++) {
      const created = between(rng, fromSec - 2 * 365 * DAY, fromSec);
      const updated = between(rng, created, toSec);
      // The last group ("Legacy") is deleted: the list still returns it, with deleted: true.
      this.groups.push({
        id: groupBase + i * 71,
        index: i,
        created,
        updated,
        deleted: i === GROUP_NAMES.length - 1,
      });
    }
    const userCount = Math.max(4, sizes.users);
    const agents = Math.max(3, Math.round(userCount * 0.15));
    for (let i = 0; i < userCount; i++)
      this.addUser(
        rng,
        i < 2
          ? i === 0
            ? "admin"
            : "agent"
          : i < agents
            ? rng.chance(0.3)
              ? "admin"
              : "agent"
            : "end-user",
        between(rng, fromSec - 2 * 365 * DAY, toSec - DAY),
        toSec,
      );
    this.nextTicketId = 10_000_001 + (hash(seed, 0x7e1) % 1000);
    // Only the chats that existed at start, so the build is the same whenever it happens (before or
    // after an advance); later chats get their tickets through syncChats, at their own times.
    this.syncChats(this.o.initialChats);
    const others = Math.max(0, sizes.tickets - this.tickets.size);
    for (let k = 0; k < others; k++)
      this.addTicket(this.nextTicketId++, between(rng, fromSec, toSec - 600), toSec, "other");
  }

  private addUser(rng: Rng, role: User["role"], created: number, toSec: number): User {
    const index = this.users.length;
    const id = 10_000_000_000 + (hash(this.o.seed, 0x05e) % 1_000_000) * 100 + index * 97;
    const liveOrgs = this.orgs.filter((o) => o.deleted === null);
    const orgId =
      role === "end-user" && rng.chance(0.6) && liveOrgs.length > 0 ? rng.pick(liveOrgs).id : null;
    const user: User = {
      id,
      index,
      role,
      created,
      updated: between(rng, created, toSec),
      orgId,
      active: index < 2 || !rng.chance(0.07),
      versions: 0,
    };
    this.users.push(user);
    this.memberships = null;
    this.sortedUsers = null;
    this.pools = null;
    return user;
  }

  /**
   * Tickets for the chats not linked yet (up to chat `end`, default all), created at the chats'
   * times; their later audits stay within the data's span (base chats) or at the chat's time.
   */
  syncChats(end?: number): void {
    const r = this.o.chatLinks(this.chatsSeen, end);
    this.chatsSeen = r.end;
    for (const link of r.links) {
      if (this.tickets.has(link.ticketId)) continue;
      this.addTicket(link.ticketId, link.sec, Math.max(this.o.toSec, link.sec), "chat");
    }
  }

  private agentsList(): User[] {
    return this.users.filter((u) => u.role !== "end-user" && u.active);
  }

  private addTicket(id: number, created: number, cap: number, source: "chat" | "other"): Ticket {
    const rng = Rng.from(this.o.seed, id, 0x71c);
    this.pools ??= {
      endUsers: this.users.filter((u) => u.role === "end-user"),
      agents: this.agentsList(),
      liveGroups: this.groups.filter((g) => !g.deleted),
    };
    const { endUsers, agents, liveGroups } = this.pools;
    const requester = rng.pick(endUsers.length > 0 ? endUsers : this.users);
    const status = rng.pick(STATUSES);
    const assigned = status !== "new" && rng.chance(0.9);
    const audits = [created];
    // Later audits within (created, cap]; none when the ticket is created at the cap.
    const extra = cap > created ? rng.int(0, 3) : 0;
    for (let k = 0; k < extra; k++) audits.push(between(rng, created + 1, Math.min(cap, created + 20 * DAY)));
    audits.sort((a, b) => a - b);
    const updated = audits.at(-1) as number;
    const gen = rng.chance(0.3) ? between(rng, updated, Math.min(cap, updated + 3600)) : updated;
    const ticket: Ticket = {
      id,
      created,
      updated,
      gen,
      status: rng.chance(0.03) ? "deleted" : status,
      tags: rng.sample(TAGS, rng.int(0, 3)).map((t) => t.replaceAll(" ", "_").replaceAll("-", "_")),
      createdTags: [],
      audits,
      requester: requester.id,
      assignee: assigned && agents.length > 0 ? rng.pick(agents).id : null,
      group: assigned && liveGroups.length > 0 ? rng.pick(liveGroups).id : null,
      org: requester.orgId,
      via: source === "chat" ? "chat" : rng.pick(["web", "email", "api"] as const),
      // Drawn apart from the ticket's other values, so that they stay what they were.
      aiAgent: source === "other" && Rng.from(this.o.seed, id, 0xa1a9).chance(AI_AGENT_SHARE),
    };
    if (ticket.aiAgent) ticket.via = "native_messaging";
    // Messaging conversations an agent handled (drawn apart too: the other values stay what they were).
    else if (source === "other" && Rng.from(this.o.seed, id, 0x3e55).chance(MESSAGING_SHARE))
      ticket.via = "native_messaging";
    ticket.createdTags = [...ticket.tags];
    this.tickets.set(id, ticket);
    this.sortedTickets = null;
    this.auditIndex = null;
    this.sortedMetrics = null;
    return ticket;
  }

  private changed(): void {
    this.sortedTickets = null;
    this.auditIndex = null;
    this.sortedMetrics = null;
    this.sortedUsers = null;
    this.sortedOrgs = null;
    this.pools = null;
  }

  /** The Support changes (its Support fields) of an advance(), timestamps spread in (oldSec, newSec]. */
  advance(change: ChangeSpec, oldSec: number, newSec: number): void {
    this.ensure();
    this.syncChats();
    const rng = Rng.from(this.o.seed, 0x5adf, ++this.advances);
    const lo = oldSec + 1;
    const n = (v: number | undefined) => Math.max(0, Math.floor(v ?? 0));
    const wanted =
      n(change.newTickets) +
      n(change.updatedTickets) +
      n(change.deletedTickets) +
      n(change.newUsers) +
      n(change.updatedUsers) +
      n(change.newOrganizations) +
      n(change.updatedOrganizations) +
      n(change.deletedOrganizations) +
      n(change.deletedGroups);
    if (wanted > 0 && newSec < lo)
      throw new RangeError("advance: Support changes need the clock to cross a whole second");
    const at = () => between(rng, lo, newSec);
    const pick = <T>(items: T[], k: number): T[] => rng.sample(items, k);

    for (let k = 0; k < n(change.newOrganizations); k++) {
      const t = at();
      const i = this.orgs.length;
      const id = (this.orgs.at(-1)?.id ?? 20_000_000_000) + 89;
      this.orgs.push({ id, index: i, created: t, updated: t, deleted: null, versions: 0 });
    }
    for (const org of pick(
      this.orgs.filter((o) => o.deleted === null),
      n(change.updatedOrganizations),
    )) {
      org.updated = Math.max(org.updated, at());
      org.versions++;
    }
    for (const org of pick(
      this.orgs.filter((o) => o.deleted === null),
      n(change.deletedOrganizations),
    )) {
      org.updated = Math.max(org.updated, at());
      org.deleted = org.updated;
    }
    for (let k = 0; k < n(change.newUsers); k++) {
      const t = at();
      const user = this.addUser(rng, "end-user", t, t);
      user.updated = t;
    }
    for (const user of pick(this.users, n(change.updatedUsers))) {
      user.updated = Math.max(user.updated, at());
      user.versions++;
    }
    // Not the two account owners (the credentials' users).
    for (const user of pick(
      this.users.slice(2).filter((u) => u.active),
      n(change.deletedUsers),
    )) {
      user.updated = Math.max(user.updated, at());
      user.active = false;
    }
    for (const group of pick(
      this.groups.filter((g) => !g.deleted),
      n(change.deletedGroups),
    )) {
      group.deleted = true;
      group.updated = Math.max(group.updated, at());
    }
    const live = () => [...this.tickets.values()].filter((t) => t.status !== "deleted");
    // A closed ticket cannot be updated any more (Zendesk: closed is final; a follow-up is a new
    // ticket), so an update never brings an archived ticket's old audits back into the lists.
    const updatable = () => live().filter((t) => t.status !== "closed");
    for (const ticket of pick(updatable(), n(change.updatedTickets))) {
      const t = Math.max(ticket.gen, at());
      ticket.audits.push(t);
      ticket.updated = t;
      ticket.gen = t;
      const word = UPDATE_TAGS[ticket.audits.length % UPDATE_TAGS.length] as string;
      if (!ticket.tags.includes(word)) ticket.tags.push(word);
      if (ticket.status === "new") ticket.status = "open";
    }
    for (const ticket of pick(live(), n(change.deletedTickets))) {
      const t = Math.max(ticket.gen, at());
      ticket.status = "deleted";
      ticket.updated = t;
      ticket.gen = t;
    }
    for (let k = 0; k < n(change.newTickets); k++) {
      const t = at();
      const ticket = this.addTicket(this.nextTicketId++, t, t, "other");
      ticket.status = "new";
      ticket.assignee = null;
      ticket.group = null;
      ticket.audits = [t];
      ticket.updated = t;
      ticket.gen = t;
    }
    this.changed();
    this.memberships = null;
  }

  // ---- orders ----

  /** Tickets in export order: generated_timestamp, then id. */
  ticketOrder(): Ticket[] {
    this.ensure();
    this.sortedTickets ??= [...this.tickets.values()].sort((a, b) => a.gen - b.gen || a.id - b.id);
    return this.sortedTickets;
  }

  userOrder(): User[] {
    this.ensure();
    this.sortedUsers ??= [...this.users].sort((a, b) => a.updated - b.updated || a.id - b.id);
    return this.sortedUsers;
  }

  orgOrder(): Org[] {
    this.ensure();
    this.sortedOrgs ??= [...this.orgs].sort((a, b) => a.updated - b.updated || a.id - b.id);
    return this.sortedOrgs;
  }

  /**
   * Archived: closed for more than 120 days (Zendesk archives such tickets). Archived tickets stay
   * in the ticket export but are left out of the ticket_metrics and ticket_audits lists, as the
   * reference says of both lists. Depends on the clock: advance() rebuilds the orders.
   */
  archived(t: Ticket): boolean {
    return t.status === "closed" && t.updated < this.nowSec() - ARCHIVE_AFTER_DAYS * DAY;
  }

  /** Audits of live, unarchived tickets, newest created_at first, then id descending (the list's order). */
  auditOrder(): { sec: number; id: number; ticket: Ticket; k: number }[] {
    this.ensure();
    if (!this.auditIndex) {
      const out: { sec: number; id: number; ticket: Ticket; k: number }[] = [];
      for (const ticket of this.tickets.values()) {
        if (ticket.status === "deleted" || this.archived(ticket)) continue;
        ticket.audits.forEach((sec, k) => {
          out.push({ sec, id: ticket.id * 1000 + k, ticket, k });
        });
      }
      this.auditIndex = out.sort((a, b) => b.sec - a.sec || b.id - a.id);
    }
    return this.auditIndex;
  }

  /** Metrics of live, unarchived tickets, newest ticket created_at first, then id descending. */
  metricOrder(): Ticket[] {
    this.sortedMetrics ??= this.ticketOrder()
      .filter((t) => t.status !== "deleted" && !this.archived(t))
      .sort((a, b) => b.created - a.created || b.id - a.id);
    return this.sortedMetrics;
  }

  // ---- renderers ----

  private userName(user: User): string {
    const rng = Rng.from(this.o.seed, user.index, 0x05e4);
    return `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
  }

  userEmail(user: User): string {
    if (user.index === 0) return ADMIN_EMAIL;
    if (user.index === 1) return AGENT_EMAIL;
    const [first, last] = this.userName(user).toLowerCase().split(" ");
    return `${first}.${last}${user.index}@${user.role === "end-user" ? "mail.example.org" : "example.com"}`;
  }

  userRecord(user: User): JsonRecord {
    const rng = Rng.from(this.o.seed, user.index, 0x05e5);
    const agent = user.role !== "end-user";
    const name = this.userName(user);
    return {
      active: user.active,
      alias: agent && rng.chance(0.3) ? name.split(" ")[0] : "",
      created_at: isoSeconds(user.created),
      custom_role_id: null,
      default_group_id: agent ? (this.groups[user.index % (this.groups.length - 1)]?.id ?? null) : null,
      details: "",
      email: this.userEmail(user),
      external_id: rng.chance(0.3) ? `cust-${user.id % 1_000_000}` : null,
      iana_time_zone: rng.pick(["Europe/Berlin", "America/New_York", "Asia/Tokyo", "Europe/London"]),
      id: user.id,
      last_login_at: agent ? isoSeconds(user.updated) : null,
      locale: "en-US",
      locale_id: 1,
      moderator: user.role === "admin",
      name,
      notes: user.versions > 0 ? `Updated ${user.versions} time(s)` : "",
      only_private_comments: false,
      organization_id: user.orgId,
      phone: rng.chance(0.2) ? `+1555${rng.int(1_000_000, 9_999_999)}` : null,
      photo: null,
      restricted_agent: user.role === "agent",
      role: user.role,
      role_type: user.role === "agent" ? 0 : null,
      shared: false,
      shared_agent: false,
      signature: agent ? `Best, ${name}` : "",
      suspended: false,
      tags: [],
      ticket_restriction: user.role === "agent" ? "groups" : user.role === "end-user" ? "requested" : null,
      time_zone: "UTC",
      updated_at: isoSeconds(user.updated),
      url: `${this.base}/users/${user.id}.json`,
      user_fields: {},
      verified: user.active,
    };
  }

  orgRecord(org: Org): JsonRecord {
    const rng = Rng.from(this.o.seed, org.index, 0x0a91);
    const word = ORG_WORDS[org.index % ORG_WORDS.length] as string;
    const name = `${word} ${org.index >= ORG_WORDS.length ? `${Math.floor(org.index / ORG_WORDS.length) + 1} ` : ""}${rng.pick(["Ltd", "Inc", "GmbH", "SA"])}`;
    return {
      created_at: isoSeconds(org.created),
      deleted_at: org.deleted === null ? null : isoSeconds(org.deleted),
      details: org.versions > 0 ? `Revision ${org.versions}` : "",
      domain_names: [`${word.toLowerCase()}${org.index}.example.com`],
      external_id: null,
      group_id: null,
      id: org.id,
      name,
      notes: "",
      organization_fields: {},
      shared_comments: false,
      shared_tickets: rng.chance(0.3),
      tags: rng.chance(0.4) ? ["b2b"] : [],
      updated_at: isoSeconds(org.updated),
      url: `${this.base}/organizations/${org.id}.json`,
    };
  }

  groupRecord(group: Group): JsonRecord {
    return {
      created_at: isoSeconds(group.created),
      default: group.index === 0,
      deleted: group.deleted,
      description: `${GROUP_NAMES[group.index] ?? "Group"} team`,
      id: group.id,
      is_public: true,
      name: GROUP_NAMES[group.index] ?? `Group ${group.index}`,
      updated_at: isoSeconds(group.updated),
      url: `${this.base}/groups/${group.id}.json`,
    };
  }

  /** Each agent/admin in one or two groups, ascending id. */
  membershipRecords(): JsonRecord[] {
    this.ensure();
    if (!this.memberships) {
      const out: JsonRecord[] = [];
      const groups = this.groups;
      for (const user of this.users) {
        if (user.role === "end-user") continue;
        const rng = Rng.from(this.o.seed, user.index, 0x63b);
        const chosen = rng.sample(groups, rng.int(1, 2));
        chosen.forEach((group, k) => {
          const created = Math.max(user.created, group.created);
          out.push({
            created_at: isoSeconds(created),
            default: k === 0,
            group_id: group.id,
            id: 40_000_000_000 + user.index * 16 + group.index,
            updated_at: isoSeconds(created),
            url: `${this.base}/group_memberships/${40_000_000_000 + user.index * 16 + group.index}.json`,
            user_id: user.id,
          });
        });
      }
      this.memberships = out.sort((a, b) => (a.id as number) - (b.id as number));
    }
    return this.memberships;
  }

  ticketFieldRecords(): JsonRecord[] {
    this.ensure();
    const created = this.o.fromSec - 2 * 365 * DAY;
    const fields: [string, string, boolean][] = [
      ["subject", "Subject", true],
      ["description", "Description", true],
      ["status", "Status", true],
      ["tickettype", "Type", true],
      ["priority", "Priority", true],
      ["group", "Group", true],
      ["assignee", "Assignee", true],
      ["tagger", "Order channel", true],
      ["text", "Order number", true],
      ["checkbox", "Gift wrap", false],
    ];
    const base = 50_000_000_000 + (hash(this.o.seed, 0xf1e) % 1_000_000) * 100;
    return fields.map(([type, title, active], i) => {
      const custom = i >= 7;
      return {
        active,
        agent_description: null,
        collapsed_for_agents: false,
        created_at: isoSeconds(created + i * DAY),
        ...(type === "tagger"
          ? {
              custom_field_options: [
                {
                  default: false,
                  id: base + 900 + 1,
                  name: "Web shop",
                  raw_name: "Web shop",
                  value: "web_shop",
                },
                {
                  default: false,
                  id: base + 900 + 2,
                  name: "Marketplace",
                  raw_name: "Marketplace",
                  value: "marketplace",
                },
              ],
            }
          : {}),
        description: title,
        editable_in_portal: custom,
        id: base + i,
        position: fields.length - i,
        raw_description: title,
        raw_title: title,
        raw_title_in_portal: title,
        regexp_for_validation: null,
        removable: custom,
        required: false,
        required_in_portal: false,
        tag: null,
        title,
        title_in_portal: title,
        type,
        updated_at: isoSeconds(created + i * DAY + (custom ? 30 * DAY : 0)),
        url: `${this.base}/ticket_fields/${base + i}.json`,
        visible_in_portal: !custom || type === "text",
      };
    });
  }

  macroRecords(): JsonRecord[] {
    this.ensure();
    const base = 60_000_000_000 + (hash(this.o.seed, 0x3ac) % 1_000_000) * 100;
    const rng = Rng.from(this.o.seed, 0x3ac0);
    return Array.from({ length: 12 }, (_, i) => {
      const created = between(rng, this.o.fromSec - 365 * DAY, this.o.fromSec + 200 * DAY);
      const title = `${["Close", "Escalate", "Refund", "Ask for details"][i % 4]} ${i + 1}`;
      return {
        actions: [
          { field: "status", value: i % 4 === 0 ? "solved" : "open" },
          { field: "comment_value", value: `Template ${i + 1}` },
        ],
        active: i % 5 !== 4,
        created_at: isoSeconds(created),
        default: false,
        description: null,
        id: base + i,
        position: i + 1,
        raw_title: title,
        restriction: null,
        title,
        updated_at: isoSeconds(between(rng, created, this.o.toSec)),
        url: `${this.base}/macros/${base + i}.json`,
      };
    });
  }

  ticketRecord(t: Ticket): JsonRecord {
    const rng = Rng.from(this.o.seed, t.id, 0x71d);
    const subject = rng.pick(SUBJECTS);
    const fields = this.fieldIds();
    return {
      allow_attachments: true,
      allow_channelback: false,
      assignee_id: t.assignee,
      brand_id: 360_000_001,
      collaborator_ids: [],
      created_at: isoSeconds(t.created),
      custom_fields: [
        {
          id: fields.channel,
          value: t.via === "chat" ? "web_shop" : rng.pick(["web_shop", "marketplace", null]),
        },
        { id: fields.order, value: rng.chance(0.5) ? `ORD-${rng.int(10_000, 99_999)}` : null },
      ],
      custom_status_id: null,
      description: `${subject}. Customer wrote in via ${t.via}.`,
      due_at: null,
      email_cc_ids: [],
      external_id: null,
      follower_ids: [],
      forum_topic_id: null,
      from_messaging_channel: t.via === "native_messaging",
      generated_timestamp: t.gen,
      group_id: t.group,
      has_incidents: false,
      id: t.id,
      is_public: true,
      organization_id: t.org,
      priority: rng.pick(PRIORITIES),
      problem_id: null,
      raw_subject: subject,
      recipient: t.via === "email" ? "support@example.com" : null,
      requester_id: t.requester,
      satisfaction_rating: null,
      sharing_agreement_ids: [],
      status: t.status,
      subject,
      submitter_id: t.requester,
      // Zendesk's ticket object: "The type of support that handled the ticket" (agent | ai_agent).
      support_type: t.aiAgent ? "ai_agent" : "agent",
      tags: [...t.tags],
      type: rng.pick(TYPES),
      updated_at: isoSeconds(t.updated),
      url: `${this.base}/tickets/${t.id}.json`,
      via: { channel: t.via, source: { from: {}, rel: null, to: {} } },
    };
  }

  private fieldIds(): { channel: number; order: number } {
    const base = 50_000_000_000 + (hash(this.o.seed, 0xf1e) % 1_000_000) * 100;
    return { channel: base + 7, order: base + 8 };
  }

  auditRecord(a: { sec: number; id: number; ticket: Ticket; k: number }): JsonRecord {
    const t = a.ticket;
    const author = a.k === 0 ? t.requester : (t.assignee ?? t.requester);
    const events: JsonRecord[] =
      a.k === 0
        ? [
            {
              attachments: [],
              author_id: author,
              body: "Hello, I need help.",
              id: a.id * 10 + 1,
              public: true,
              type: "Comment",
            },
            { field_name: "status", id: a.id * 10 + 2, type: "Create", value: "new" },
            { field_name: "tags", id: a.id * 10 + 3, type: "Create", value: t.createdTags.slice(0, 2) },
          ]
        : [
            {
              attachments: [],
              author_id: author,
              body: `Update ${a.k}`,
              id: a.id * 10 + 1,
              public: a.k % 2 === 1,
              type: "Comment",
            },
            { field_name: "status", id: a.id * 10 + 2, previous_value: "new", type: "Change", value: "open" },
          ];
    const chat = chatAuditEvents(this.o.seed, t, a.k, a.id, a.sec, this.participants(t));
    events.push(...chat);
    return {
      author_id: author,
      created_at: isoSeconds(a.sec),
      events,
      id: a.id,
      metadata: { custom: {}, system: { client: "Mozilla/5.0", ip_address: "203.0.113.7" } },
      ticket_id: t.id,
      via: { channel: a.k === 0 || chat.length > 0 ? t.via : "web", source: { from: {}, rel: null, to: {} } },
    };
  }

  /** Who takes part in a ticket's chat or messaging conversation (emulator/support/messaging.ts). */
  private participants(t: Ticket): Participants {
    return {
      agentId: t.assignee ?? (this.users[1] as User).id,
      transferGroupId: t.group ?? this.groups[0]?.id ?? null,
    };
  }

  /**
   * False for an account not in the Conversation Log's Early Access program: every
   * tickets/{id}/conversation_log request is a 403 (conversation-log.ts).
   */
  conversationLogAccess = true;

  /** A messaging ticket's Conversation Log events, oldest first (conversation-log.ts). */
  conversationLog(t: Ticket): JsonRecord[] {
    return conversationLogEvents(this.o.seed, t, this.conversation(t));
  }

  /** The chat or messaging sessions of a ticket, oldest first (none unless via chat or native_messaging). */
  conversation(t: Ticket): ChatSession[] {
    this.ensure();
    return conversationOf(this.o.seed, t, this.participants(t));
  }

  metricRecord(t: Ticket): JsonRecord {
    const rng = Rng.from(this.o.seed, t.id, 0x3e7);
    const minutes = (lo: number, hi: number) => {
      const v = rng.int(lo, hi);
      return { business: Math.floor(v * 0.6), calendar: v };
    };
    const solved = t.status === "solved" || t.status === "closed";
    return {
      agent_wait_time_in_minutes: minutes(0, 600),
      assigned_at: t.assignee === null ? null : isoSeconds(Math.min(t.updated, t.created + 60)),
      assignee_stations: t.assignee === null ? 0 : 1,
      assignee_updated_at: t.assignee === null ? null : isoSeconds(t.updated),
      created_at: isoSeconds(t.created),
      custom_status_updated_at: isoSeconds(t.updated),
      first_resolution_time_in_minutes: solved ? minutes(1, 2000) : { business: null, calendar: null },
      full_resolution_time_in_minutes: solved ? minutes(1, 4000) : { business: null, calendar: null },
      group_stations: t.group === null ? 0 : 1,
      id: 2_000_000_000 + t.id,
      initially_assigned_at: t.assignee === null ? null : isoSeconds(Math.min(t.updated, t.created + 60)),
      latest_comment_added_at: isoSeconds(t.updated),
      on_hold_time_in_minutes: minutes(0, 60),
      reopens: t.tags.includes("reopened") ? 1 : 0,
      replies: t.audits.length - 1,
      reply_time_in_minutes: minutes(0, 300),
      reply_time_in_seconds: { calendar: rng.int(0, 18_000) },
      requester_updated_at: isoSeconds(t.created),
      requester_wait_time_in_minutes: minutes(0, 900),
      solved_at: solved ? isoSeconds(t.updated) : null,
      status_updated_at: isoSeconds(t.updated),
      ticket_id: t.id,
      updated_at: isoSeconds(t.updated),
      url: `${this.base}/ticket_metrics/${2_000_000_000 + t.id}.json`,
    };
  }

  /** {name, count} over the tickets that are not deleted, most used first, then by name. */
  tagRecords(): JsonRecord[] {
    // "up to the 20,000 most popular tags in the last 60 days": tags of tickets not deleted and
    // updated within the last 60 days; a tag unused that long is gone from the list.
    const since = this.nowSec() - TAG_WINDOW_DAYS * DAY;
    const counts = new Map<string, number>();
    for (const t of this.ticketOrder()) {
      if (t.status === "deleted" || t.updated < since) continue;
      for (const tag of t.tags) counts.set(tag, (counts.get(tag) ?? 0) + 1);
    }
    return [...counts]
      .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, 20_000)
      .map(([name, count]) => ({ count, name }));
  }

  // ---- the public view ----

  /** What a connector should emit per resource: the API's items, in the API's order. */
  records(resource: SupportResource): JsonRecord[] {
    this.ensure();
    switch (resource) {
      case "tickets":
        return this.ticketOrder().map((t) => this.ticketRecord(t));
      case "users":
        return this.userOrder().map((u) => this.userRecord(u));
      case "organizations":
        return this.orgOrder().map((o) => this.orgRecord(o));
      case "ticket_audits":
        return this.auditOrder().map((a) => this.auditRecord(a));
      case "ticket_metrics":
        // As the connector emits them: with the cursor it adds (its ticket's generated_timestamp).
        return this.metricOrder().map((t) => ({ ...this.metricRecord(t), _ab_updated_at: t.gen }));
      case "ticket_fields":
        return this.ticketFieldRecords();
      case "groups":
        return this.groups.map((g) => this.groupRecord(g));
      case "group_memberships":
        return this.membershipRecords();
      case "macros":
        return this.macroRecords();
      case "tags":
        return this.tagRecords();
      case "ticket_comments":
        return ticketCommentRows(this);
      case "ticket_metric_events":
        return metricEventRecords(this.seed, this);
      case "ticket_conversation_log":
        // As the connector emits them: each event with its ticket's id and generated_timestamp.
        return this.ticketOrder()
          .filter((t) => isMessaging(t) && t.status !== "deleted")
          .flatMap((t) =>
            this.conversationLog(t).map((e) => ({
              ...e,
              ticket_id: t.id,
              ticket_generated_timestamp: t.gen,
            })),
          );
      default:
        return this.listRecords(resource);
    }
  }

  /**
   * A registered list's records (lists/), from the seed. Rendered at each call, like every record
   * here: their `url` fields follow the base URL the emulator is serving under now.
   */
  private listRecords(name: SupportListName): JsonRecord[] {
    const list = SUPPORT_LISTS.find((l) => l.name === name) as SupportList;
    const { seed, fromSec, toSec } = this.o;
    return list.generate({ seed, baseUrl: this.base, fromSec, toSec, tickets: this.ticketOrder() });
  }

  count(resource: SupportResource): number {
    this.ensure();
    switch (resource) {
      case "tickets":
        return this.tickets.size;
      case "users":
        return this.users.length;
      case "organizations":
        return this.orgs.length;
      case "ticket_audits":
        return this.auditOrder().length;
      default:
        return this.records(resource).length;
    }
  }

  ticket(id: number): Ticket | undefined {
    this.ensure();
    return this.tickets.get(id);
  }

  /** users/me for the credentials' owner: the admin (user 0) or the agent (user 1). */
  me(role: "admin" | "agent"): JsonRecord {
    this.ensure();
    return this.userRecord(this.users[role === "admin" ? 0 : 1] as User);
  }

  nowSec(): number {
    return Math.floor(this.o.nowMs() / 1000);
  }

  /** The account's seed (generators of derived records draw from it). */
  get seed(): number {
    return this.o.seed;
  }
}
