import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { catalogFor, expectedRecords, readFrom, withEmulator } from "../helpers/emulator.js";

describe("404 on a stream endpoint", () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await withEmulator({ seed: 5 });
  });
  afterAll(() => emulator?.close());

  it("agent_timeline (an export some plans lack) ends empty with a warning; the sync succeeds", async () => {
    emulator.faults.clear();
    emulator.faults.add({
      kind: "404",
      endpoint: "incremental/agent_timeline",
      times: Number.POSITIVE_INFINITY,
    });
    const result = await readFrom(emulator, {
      catalog: catalogFor(["agent_timeline", "agents"], "incremental"),
    });
    expect(result.exitCode).toBe(0);
    expect(result.traces("ERROR")).toEqual([]);
    expect(result.records("agent_timeline")).toEqual([]);
    expect(result.statuses("agent_timeline")).toEqual(["STARTED", "RUNNING", "COMPLETE"]);
    expect(result.logs("WARN").map((l) => l.message)).toContainEqual(
      expect.stringMatching(/agent_timeline.*not available.*404/),
    );
    expect(result.records("agents")).toEqual(expectedRecords(emulator, "agents"));
  });

  it("any other stream fails with a config_error pointing at the subdomain", async () => {
    emulator.faults.clear();
    emulator.faults.add({ kind: "404", endpoint: "agents", times: Number.POSITIVE_INFINITY });
    const result = await readFrom(emulator, { catalog: catalogFor(["agents"]) });
    expect(result.exitCode).toBe(1);
    const [error] = result.traces("ERROR");
    expect(error.error.failure_type).toBe("config_error");
    expect(error.error.message).toMatch(/404 Not Found.*subdomain/);
    emulator.faults.clear();
  });
});
