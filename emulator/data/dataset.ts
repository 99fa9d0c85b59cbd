/**
 * All emulated account data plus the virtual clock, and the one place that applies
 * clock advances (new/updated chats, new agents, bans and timeline entries).
 */
import { VirtualClock } from "../clock.js";
import { hash, Rng } from "../random.js";
import type { ChangeSpec, JsonRecord, ResourceName } from "../types.js";
import { AgentStore } from "./agents.js";
import { BanStore } from "./bans.js";
import { ChatIndex, type ChatRef } from "./chat-index.js";
import { buildChat, type ChatContext } from "./chat-record.js";
import { EXPORT_NAMES, type ExportName, ExportStore } from "./exports.js";
import { CHAT_LISTS } from "./lists/index.js";
import type { ChatList } from "./lists/list.js";
import { createOrg, type Org } from "./org.js";
import { accountRecord } from "./settings.js";
import { TimelineStore } from "./timeline.js";

export interface DatasetOptions {
  seed: number;
  chats: number;
  agents: number;
  bans: number;
  timelineEntries: number;
  sameSecondChats: number;
  /** Items of each of the exports conversions, department_events and agent_events. */
  exportEvents: number;
  now: string;
}

const DAY = 86_400;
const CHAT_BY_NAME: ReadonlyMap<string, ChatList> = new Map(CHAT_LISTS.map((list) => [list.name, list]));

export class Dataset {
  readonly seed: number;
  readonly clock: VirtualClock;
  readonly accountId: number;
  readonly org: Org;
  readonly agents: AgentStore;
  readonly bans: BanStore;
  readonly timeline: TimelineStore;
  readonly chats: ChatIndex;
  readonly exports: Record<ExportName, ExportStore>;
  private readonly chatContext: ChatContext;
  private readonly account: JsonRecord;
  private advances = 0;

  constructor(o: DatasetOptions) {
    this.seed = o.seed;
    this.clock = new VirtualClock(o.now);
    const nowSec = this.clock.nowSec();
    // Data spans the year before "now" and stops an hour short of it, so a first sync never
    // has to start inside the API's five-minute blackout.
    const fromSec = nowSec - 365 * DAY;
    const toSec = nowSec - 3600;
    this.accountId = 10_000_000 + (hash(o.seed, 0xacc1d) % 90_000_000);
    this.org = createOrg(o.seed);
    this.account = accountRecord(o.seed, fromSec - 2 * 365 * DAY);

    this.agents = new AgentStore(o.seed, this.org);
    this.agents.seedAgents(Math.max(1, o.agents), fromSec - 2 * 365 * DAY, fromSec);
    this.bans = new BanStore(o.seed, this.accountId);
    this.bans.seedBans(o.bans, fromSec, toSec);
    this.timeline = new TimelineStore(o.seed);
    this.timeline.addSpread(
      o.timelineEntries,
      fromSec * 1_000_000,
      toSec * 1_000_000,
      this.agents.agents.map((a) => a.id),
    );
    this.chats = new ChatIndex({
      seed: o.seed,
      accountId: this.accountId,
      baseCount: o.chats,
      sameSecondChats: o.sameSecondChats,
      fromSec,
      toSec,
    });
    const exportContext = {
      seed: o.seed,
      accountId: this.accountId,
      agentIds: this.agents.agents.map((a) => a.id),
      departmentIds: this.org.departments.map((d) => d.id),
      goals: this.org.goals,
    };
    this.exports = Object.fromEntries(
      EXPORT_NAMES.map((name) => [name, new ExportStore(name, exportContext)]),
    ) as Record<ExportName, ExportStore>;
    for (const store of Object.values(this.exports)) store.addSpread(o.exportEvents, fromSec, toSec);
    this.chatContext = {
      seed: o.seed,
      accountId: this.accountId,
      // Snapshot: later agents never appear in chats, so base chats stay stable across advances.
      agents: [...this.agents.agents],
      departments: this.org.departments,
      goals: this.org.goals,
    };
  }

  chatRecord(ref: ChatRef): JsonRecord {
    return buildChat(this.chatContext, ref);
  }

  advance(change: ChangeSpec): void {
    const { seconds } = change;
    const newChats = Math.max(0, Math.floor(change.newChats ?? 0));
    const updatedChats = Math.max(0, Math.floor(change.updatedChats ?? 0));
    if (!(seconds > 0)) throw new RangeError("advance: seconds must be > 0");
    const oldMs = this.clock.nowMs();
    const lo = Math.floor(oldMs / 1000) + 1;
    const hi = Math.floor((oldMs + Math.round(seconds * 1000)) / 1000);
    // Chat timestamps are whole seconds and must land in (oldNow, newNow].
    if (newChats + updatedChats > 0 && hi < lo) {
      throw new RangeError("advance: chat changes need the clock to cross a whole second");
    }
    this.clock.advance(seconds);
    const newMs = this.clock.nowMs();
    const rng = Rng.from(this.seed, 0xadfa, ++this.advances);
    const spread = (n: number): number[] => {
      const out: number[] = [];
      const a = Math.min(lo, hi);
      for (let i = 0; i < n; i++) out.push(rng.int(a, hi));
      return out.sort((x, y) => x - y);
    };

    // Pick the chats to update before creating new ones: an update targets an existing chat.
    const existing = this.chats.total();
    const toUpdate = this.pickDistinct(rng, Math.min(updatedChats, existing), existing);
    const updateTimes = spread(toUpdate.length);
    toUpdate.forEach((index, k) => {
      this.chats.update(index, updateTimes[k] as number);
    });
    for (const sec of spread(newChats)) this.chats.addNew(sec);

    for (const sec of spread(Math.max(0, change.newAgents ?? 0))) this.agents.add(sec, hi);
    for (const sec of spread(Math.max(0, change.newBans ?? 0))) this.bans.add(sec);
    for (const store of Object.values(this.exports))
      store.addSpread(Math.max(0, change.newExportEvents ?? 0), lo - 1, hi);
    this.timeline.addSpread(
      Math.max(0, change.newTimelineEntries ?? 0),
      oldMs * 1000,
      newMs * 1000,
      this.agents.agents.map((a) => a.id),
    );
  }

  /**
   * Updates the newest chat again within its own update_timestamp second: its content changes (one
   * more update event) but its cursor value does not. Returns its id.
   */
  updateNewestChatInPlace(): string {
    const newest = this.chats.newest();
    if (!newest) throw new RangeError("no chats to update");
    return this.chats.update(newest.index, newest.ts).id;
  }

  private pickDistinct(rng: Rng, k: number, n: number): number[] {
    if (k >= n) return Array.from({ length: n }, (_, i) => i);
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(rng.int(0, n - 1));
    return [...chosen];
  }

  records(resource: ResourceName): Iterable<JsonRecord> {
    switch (resource) {
      case "account":
        return [this.account];
      case "agents":
        return this.agents.records();
      case "agent_timeline":
        return this.timeline.entries.map((e) => TimelineStore.toRecord(e));
      case "bans":
        return this.bans.records();
      case "chats": {
        // Lazy: a million chats are rendered one at a time, never held together.
        const self = this;
        return {
          *[Symbol.iterator]() {
            for (const ref of self.chats.scan(Number.NEGATIVE_INFINITY, null)) yield self.chatRecord(ref);
          },
        };
      }
      case "conversions":
      case "department_events":
      case "agent_events":
        return this.exports[resource].items.map((item) => item.record);
      default:
        return this.listRecords(CHAT_BY_NAME.get(resource) as ChatList);
    }
  }

  /** A registered list's records now (emulator/data/lists/). */
  listRecords(list: ChatList): JsonRecord[] {
    return list.records({ seed: this.seed, org: this.org, agents: this.agents.agents });
  }

  count(resource: ResourceName): number {
    switch (resource) {
      case "chats":
        return this.chats.total();
      case "agents":
        return this.agents.agents.length;
      case "bans":
        return this.bans.bans.length;
      case "agent_timeline":
        return this.timeline.entries.length;
      default:
        return [...this.records(resource)].length;
    }
  }

  accountRecord(): JsonRecord {
    return this.account;
  }
}
