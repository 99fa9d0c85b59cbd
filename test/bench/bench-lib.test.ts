/**
 * The bench's own pieces that its figures rest on: the request model used for datasets too large to
 * sync (checked against the emulator's real paging), and how it reads what the Docker image runs.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { imageLaunch } from "../../bench/lib/image-flags.js";
import {
  exportRequests,
  fullSyncRequests,
  idPagedRequests,
  type PagingRules,
  timelineRequests,
  total,
} from "../../bench/lib/requests.js";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { projectRoot } from "../../scripts/acceptance/paths.js";
import { followIncremental, followSinceId } from "../emulator/helpers.js";

const OURS: PagingRules = {
  idPageSize: 1000,
  exportPageSize: 1000,
  timelineCap: 200,
  timelineBoundary: "inclusive",
};

describe("request model", () => {
  it("id-paged lists: the pages with records and the empty page that ends the list", () => {
    expect(idPagedRequests(0, 1000)).toBe(1);
    expect(idPagedRequests(12, 100)).toBe(2);
    expect(idPagedRequests(1000, 1000)).toBe(2);
    expect(idPagedRequests(10_000, 1000)).toBe(11);
    expect(idPagedRequests(10_000, 100)).toBe(101);
  });

  it("exports: full pages then the empty one", () => {
    expect(exportRequests(1_000_000, 1000)).toBe(1001);
    expect(timelineRequests(1_000_000, { ...OURS, timelineBoundary: "exclusive" })).toBe(5001);
    // Inclusive: 200 new on the first page, 199 on each next, then the page of the boundary alone.
    expect(timelineRequests(1_000_000, OURS)).toBe(1 + Math.ceil((1_000_000 - 200) / 199) + 1);
    expect(total(fullSyncRequests({ chats: 0, agents: 0, bans: 0, timelineEntries: 0 }, OURS))).toBe(12);
  });

  describe("matches the emulator's paging", () => {
    let inclusive: Emulator;
    let exclusive: Emulator;
    beforeAll(async () => {
      const data = { seed: 3, chats: 50, agents: 2345, bans: 1000, timelineEntries: 1234 };
      inclusive = await startEmulator(data);
      exclusive = await startEmulator({ ...data, timelineBoundary: "exclusive" });
    });
    afterAll(async () => {
      await inclusive?.close();
      await exclusive?.close();
    });

    it("agents and bans at 1000 a page", async () => {
      expect((await followSinceId(inclusive, "agents", 1000)).pages).toBe(idPagedRequests(2345, 1000));
      expect((await followSinceId(inclusive, "bans", 1000)).pages).toBe(idPagedRequests(1000, 1000));
    });

    it("agent_timeline at most 200 a page, under both readings of its start_time", async () => {
      const path = "incremental/agent_timeline?fields=agent_timeline(*)&limit=1000&start_time=0";
      const inc = await followIncremental(inclusive, "agent_timeline", path);
      const exc = await followIncremental(exclusive, "agent_timeline", path);
      expect(inc.pages.length).toBe(timelineRequests(1234, OURS));
      expect(exc.pages.length).toBe(timelineRequests(1234, { ...OURS, timelineBoundary: "exclusive" }));
    });
  });
});

describe("image launch read from the Dockerfile", () => {
  it("is node + the script, with the heap ceiling in NODE_OPTIONS and the allocator's trim threshold", () => {
    const launch = imageLaunch(projectRoot());
    expect(launch.entrypoint).toEqual(["node", "/airbyte/integration_code/dist/main.js"]);
    expect(launch.entrypointFlags).toEqual([]);
    expect(launch.env.NODE_OPTIONS).toMatch(/^--max-old-space-size=\d+$/);
    expect(launch.env).toEqual({
      NODE_ENV: "production",
      NODE_OPTIONS: launch.env.NODE_OPTIONS,
      MALLOC_TRIM_THRESHOLD_: "131072",
      AIRBYTE_ENTRYPOINT: "node /airbyte/integration_code/dist/main.js",
    });
  });
});
