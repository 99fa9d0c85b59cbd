import { describe, expect, it } from "vitest";
import { AgentTimeline } from "../../src/zendesk-chat/streams/agent_timeline.js";

describe("agent_timeline records", () => {
  const stream = new AgentTimeline();
  const transform = (r: Record<string, unknown>) => stream.transform(r);

  it("get the synthetic id agent_id|start_time, as Airbyte's connector builds it", () => {
    const entry = { agent_id: 360786799676, start_time: "2020-12-14T04:08:32.301292Z", status: "online" };
    expect(transform(entry)).toEqual({ ...entry, id: "360786799676|2020-12-14T04:08:32.301292Z" });
  });

  it("turn a start_time sent as epoch microseconds into the same ISO form", () => {
    const out = transform({ agent_id: 1001, start_time: 1609459200000001, status: "online", duration: 3600 });
    expect(out.start_time).toBe("2021-01-01T00:00:00.000001Z");
    expect(out.id).toBe("1001|2021-01-01T00:00:00.000001Z");
  });
});
