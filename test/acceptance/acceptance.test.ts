import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import {
  AcceptanceContext,
  buildChecks,
  loadAcceptanceConfig,
  SkipCheck,
} from "../../scripts/acceptance/index.js";
import { projectRoot } from "../../scripts/acceptance/paths.js";
import {
  ACCEPTANCE_EMULATOR_OPTIONS,
  CHAT_ONLY_CONFIG_PATH,
  SAMPLE_CONFIG_PATH,
} from "../../scripts/generate-expected-records.js";
import { STREAM_NAMES, SUPPORT_STREAM_NAMES } from "../helpers/emulator.js";

// Airbyte's Connector Acceptance Test, our TypeScript edition: every check that
// acceptance-test-config.yml asks for, as its own test, against the built CLI and one emulator.
// (`npm run acceptance` runs the same checks from the command line.)

const root = projectRoot();
const checks = buildChecks(loadAcceptanceConfig(join(root, "acceptance-test-config.yml")));

let emulator: Emulator;
let ctx: AcceptanceContext;

beforeAll(async () => {
  emulator = await startEmulator(ACCEPTANCE_EMULATOR_OPTIONS);
  ctx = new AcceptanceContext({
    env: {
      ZENDESK_CHAT_BASE_URL: emulator.baseUrl,
      ZENDESK_SUPPORT_BASE_URL: emulator.supportBaseUrl,
      ZENDESK_CHAT_BACKOFF_BASE_MS: "50",
    },
  });
});

afterAll(async () => {
  await emulator?.close();
});

describe("connector acceptance tests (CAT, test_strictness_level high)", () => {
  for (const check of checks) {
    it(check.name, async () => {
      try {
        await check.run(ctx);
      } catch (error) {
        // Our config asks for every check at high strictness: one that would be skipped means a
        // file or setting it needs went missing, which must fail here rather than pass quietly.
        if (error instanceof SkipCheck) throw new Error(`check would be skipped: ${error.reason}`);
        throw error;
      }
      // A check may run the CLI once per checkpoint of every stream (the incremental replay): its
      // time grows with the streams and their pages, so it gets more than the default minute.
    }, 300_000);
  }
});

// What CAT does not ask but the two connections of acceptance-test-config.yml promise: the streams
// follow the config's products, and a Support problem is reported as Support's.
describe("the Chat-only and the Chat + Support connections", () => {
  it("discover with the Chat-only config lists every Chat stream of the registry and no Support stream", async () => {
    const names = (await ctx.discoveredStreams(CHAT_ONLY_CONFIG_PATH)).map((s) => s.name);
    expect(names).toEqual(STREAM_NAMES);
    expect(names.filter((n) => SUPPORT_STREAM_NAMES.includes(n))).toEqual([]);
  });

  it("discover with the sample config (support block) lists every stream of both registries, Support's after Chat's", async () => {
    const names = (await ctx.discoveredStreams(SAMPLE_CONFIG_PATH)).map((s) => s.name);
    expect(names).toEqual([...STREAM_NAMES, ...SUPPORT_STREAM_NAMES]);
  });

  it("check with a Support token Zendesk refuses: FAILED, Chat OK, the message names Support and what to do", async () => {
    const run = await ctx.run("check", {
      config: ctx.readConnectorConfig("integration_tests/bad_support_token_config.json"),
    });
    const statuses = run.messages
      .filter((m) => m.type === "CONNECTION_STATUS")
      .map((m) => m.connectionStatus);
    expect(statuses).toHaveLength(1);
    expect(statuses[0].status).toBe("FAILED");
    expect(statuses[0].message).toMatch(
      /^Zendesk Chat: OK\. Zendesk Support rejected the email and API token/,
    );
    expect(statuses[0].message).toMatch(/support\.credentials\.email/);
    expect(statuses[0].message).not.toContain("\n");
    expect(run.exitCode).toBe(0);
  });

  it("check with an invalid support block: one config_error naming the field", async () => {
    const run = await ctx.run("check", {
      config: ctx.readConnectorConfig("integration_tests/invalid_support_config.json"),
    });
    const errors = run.traces("ERROR");
    expect(errors).toHaveLength(1);
    expect(errors[0].error.failure_type).toBe("config_error");
    expect(errors[0].error.message).toMatch(/^Invalid config: support\.credentials\.email must be/);
  });
});
