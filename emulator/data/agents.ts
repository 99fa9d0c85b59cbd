/** Agents: a small in-memory list with large ascending ids, grown by clock advances. */
import { isoSeconds } from "../clock.js";
import { hash, Rng } from "../random.js";
import type { JsonRecord } from "./lists/list.js";
import type { Membership, Org } from "./org.js";
import { FIRST_NAMES, LAST_NAMES } from "./words.js";

export interface Agent extends Membership {
  firstName: string;
  lastName: string;
  createSec: number;
  lastLoginSec: number | null;
  loginCount: number;
  enabled: boolean;
  owner: boolean;
}

export class AgentStore {
  readonly agents: Agent[] = [];
  private nextId: number;

  constructor(
    private readonly seed: number,
    private readonly org: Org,
  ) {
    // Real agent ids look like 361089721035; start there, shifted per seed, well below 2^53.
    this.nextId = 361_089_721_035 + (hash(seed, 0xa6e) % 9_000_000);
  }

  /** Initial agents, created over [fromSec, toSec]. */
  seedAgents(n: number, fromSec: number, toSec: number): void {
    for (let i = 0; i < n; i++) {
      const createSec = fromSec + Math.floor(((toSec - fromSec) * i) / Math.max(1, n));
      this.add(createSec, toSec);
    }
  }

  add(createSec: number, nowSec: number): Agent {
    const index = this.agents.length;
    const rng = Rng.from(this.seed, 0xa6e1, index);
    const id = this.nextId;
    this.nextId += rng.int(1_000, 2_000_000);
    const { departments, roles } = this.org;
    const firstName = rng.pick(FIRST_NAMES);
    const lastName = rng.pick(LAST_NAMES);
    // The first agent is the account owner and an administrator; others mostly plain agents.
    const role = index === 0 ? roles[0] : rng.chance(0.8) ? roles[1] : rng.pick(roles);
    const agentDepartments = rng.sample(
      departments.map((d) => d.id),
      rng.int(1, 3),
    );
    // A fresh agent that never logged in has last_login null, as in the real API.
    const neverLoggedIn = index > 0 && rng.chance(0.15);
    const agent: Agent = {
      id,
      firstName,
      lastName,
      createSec,
      lastLoginSec: neverLoggedIn ? null : Math.min(nowSec, createSec + rng.int(3600, 90 * 86_400)),
      loginCount: neverLoggedIn ? 0 : rng.int(1, 900),
      roleId: (role ?? roles[0])?.id ?? 0,
      departments: agentDepartments,
      skills: rng.sample(
        this.org.skills.map((s) => s.id),
        rng.int(0, 3),
      ),
      enabled: index === 0 || rng.chance(0.9),
      owner: index === 0,
    };
    this.agents.push(agent);
    return agent;
  }

  toRecord(a: Agent): JsonRecord {
    const role = this.org.roles.find((r) => r.id === a.roleId);
    return {
      create_date: isoSeconds(a.createSec),
      departments: a.departments,
      display_name: `${a.firstName} ${a.lastName[0]}.`,
      email: `${a.firstName.toLowerCase()}.${a.id % 100_000}@shop.example.com`,
      enabled: a.enabled,
      enabled_departments: a.enabled ? a.departments : [],
      first_name: a.firstName,
      id: a.id,
      last_login: a.lastLoginSec === null ? null : isoSeconds(a.lastLoginSec),
      last_name: a.lastName,
      login_count: a.loginCount,
      role_id: a.roleId,
      roles: { administrator: role?.administrator ?? false, owner: a.owner },
      scope: role?.administrator ? "all" : "department",
      skills: a.skills,
    };
  }

  records(): JsonRecord[] {
    return this.agents.map((a) => this.toRecord(a));
  }
}
