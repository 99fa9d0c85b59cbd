/**
 * The three newer incremental exports: conversions, department_events and agent_events. Nobody has
 * published a live response of them (see docs/zendesk-chat-api-notes.md), so the shapes follow
 * Zendesk's docs (agent_events) and Airbyte's unmerged PR #19351 schemas (conversions,
 * department_events). Items are generated deterministically from the seed, one per whole second at
 * most (so the seconds cursor of the export orders them totally), and only ever appended.
 */
import { isoMicros, isoSeconds } from "../clock.js";
import { BASE62, Rng } from "../random.js";
import type { JsonRecord } from "../types.js";
import { AGENT_STATUSES } from "./words.js";

export type ExportName = "conversions" | "department_events" | "agent_events";
export const EXPORT_NAMES: readonly ExportName[] = ["conversions", "department_events", "agent_events"];

export interface ExportItem {
  id: string;
  /** Whole seconds: the export's cursor unit. */
  sec: number;
  record: JsonRecord;
}

export interface ExportContext {
  seed: number;
  accountId: number;
  agentIds: readonly number[];
  departmentIds: readonly number[];
  goals: ReadonlyArray<{ id: number; name: string }>;
}

const SALT: Record<ExportName, number> = {
  conversions: 0xc0e,
  department_events: 0xde7,
  agent_events: 0xa9e,
};

export class ExportStore {
  readonly items: ExportItem[] = [];
  private generated = 0;

  constructor(
    readonly name: ExportName,
    private readonly ctx: ExportContext,
  ) {}

  /** Appends n items with distinct whole seconds in (fromSec, toSec], after every existing one. */
  addSpread(n: number, fromSec: number, toSec: number): void {
    if (n <= 0) return;
    const rng = Rng.from(this.ctx.seed, SALT[this.name], this.generated);
    const secs: number[] = [];
    for (let i = 0; i < n; i++) secs.push(rng.int(fromSec + 1, Math.max(fromSec + 1, toSec)));
    secs.sort((a, b) => a - b);
    let last = this.items.at(-1)?.sec ?? Number.NEGATIVE_INFINITY;
    for (const s of secs) {
      const sec = Math.max(s, last + 1);
      last = sec;
      this.items.push(this.make(rng, sec));
      this.generated++;
    }
  }

  private make(rng: Rng, sec: number): ExportItem {
    const { ctx } = this;
    switch (this.name) {
      case "conversions": {
        const goal = rng.pick(ctx.goals);
        const id = rng.chars(16, BASE62);
        return {
          id,
          sec,
          record: {
            attribution: {
              agent_id: rng.pick(ctx.agentIds),
              chat_id: `${isoSeconds(sec).slice(2, 10).replaceAll("-", "")}.${ctx.accountId}.${rng.chars(13, BASE62)}`,
              chat_timestamp: isoSeconds(sec - rng.int(60, 3 * 86_400)),
              department_id: rng.pick(ctx.departmentIds),
            },
            goal_id: goal.id,
            goal_name: goal.name,
            id,
            timestamp: isoSeconds(sec),
          },
        };
      }
      case "department_events": {
        const id = rng.chars(20, BASE62);
        const enabled = rng.chance(0.5);
        return {
          id,
          sec,
          record: {
            department_id: rng.pick(ctx.departmentIds),
            field_name: "enabled",
            id,
            previous_value: { enabled: !enabled },
            timestamp: isoSeconds(sec),
            value: { enabled },
          },
        };
      }
      case "agent_events": {
        const agentId = rng.pick(ctx.agentIds);
        const id = `${rng.chars(7, BASE62)}.agent:${agentId}.${rng.chars(6, BASE62)}`;
        const status = rng.chance(0.6);
        const micros = sec * 1_000_000 + rng.int(0, 999_999);
        return {
          id,
          sec,
          record: {
            account_id: ctx.accountId,
            agent_id: agentId,
            field_name: status ? "status" : "engagements",
            id,
            previous_value: status ? rng.pick(AGENT_STATUSES) : rng.int(0, 5),
            // Zendesk's example carries microseconds ("2018-10-19T12:33:50.140101Z").
            timestamp: isoMicros(micros),
            value: status ? rng.pick(AGENT_STATUSES) : rng.int(0, 5),
          },
        };
      }
    }
  }
}
