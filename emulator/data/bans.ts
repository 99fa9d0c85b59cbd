/** Bans: IP-address and visitor bans sharing one ascending id sequence. */
import { isoSeconds } from "../clock.js";
import { hash, Rng } from "../random.js";
import type { JsonRecord } from "../types.js";
import { BAN_REASONS, FIRST_NAMES } from "./words.js";

export interface Ban {
  id: number;
  kind: "ip_address" | "visitor";
  createdSec: number | null;
  reason: string;
  ipAddress: string;
  visitorId: string;
  visitorName: string;
}

export class BanStore {
  readonly bans: Ban[] = [];
  private nextId: number;

  constructor(
    private readonly seed: number,
    private readonly accountId: number,
  ) {
    this.nextId = 75_412_441 + (hash(seed, 0xba1) % 1_000_000);
  }

  seedBans(n: number, fromSec: number, toSec: number): void {
    for (let i = 0; i < n; i++) {
      const createSec = fromSec + Math.floor(((toSec - fromSec) * i) / Math.max(1, n));
      // The oldest bans predate created_at tracking: the real API returns null for them.
      // Guarantee at least one, of each kind when there are two or more bans.
      const legacy = i < 2 || (i < n / 5 && Rng.from(this.seed, 0xba2, i).chance(0.5));
      this.add(legacy ? null : createSec);
    }
  }

  add(createdSec: number | null): Ban {
    const index = this.bans.length;
    const rng = Rng.from(this.seed, 0xba3, index);
    const id = this.nextId;
    this.nextId += rng.int(1, 5_000);
    // Alternate the first two so both kinds always exist; afterwards mix randomly.
    const kind =
      index < 2 ? (index === 0 ? "ip_address" : "visitor") : rng.chance(0.5) ? "ip_address" : "visitor";
    const ban: Ban = {
      id,
      kind,
      createdSec,
      reason: rng.pick(BAN_REASONS),
      ipAddress: `${rng.int(11, 223)}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`,
      visitorId: `${this.accountId}.${rng.chars(14, "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")}`,
      visitorName: `Visitor ${rng.int(10_000_000, 99_999_999)}${rng.chance(0.3) ? ` (${rng.pick(FIRST_NAMES)})` : ""}`,
    };
    this.bans.push(ban);
    return ban;
  }

  static toRecord(b: Ban): JsonRecord {
    const created_at = b.createdSec === null ? null : isoSeconds(b.createdSec);
    if (b.kind === "ip_address") {
      return { created_at, id: b.id, ip_address: b.ipAddress, reason: b.reason, type: "ip_address" };
    }
    return {
      created_at,
      id: b.id,
      reason: b.reason,
      type: "visitor",
      visitor_id: b.visitorId,
      visitor_name: b.visitorName,
    };
  }

  /** The bans of one kind, ascending by id. */
  ofKind(kind: Ban["kind"]): Ban[] {
    return this.bans.filter((b) => b.kind === kind);
  }

  records(): JsonRecord[] {
    return this.bans.map((b) => BanStore.toRecord(b));
  }
}
