import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import {
  AcceptanceContext,
  buildChecks,
  loadAcceptanceConfig,
  SkipCheck,
} from "../../scripts/acceptance/index.js";
import { projectRoot } from "../../scripts/acceptance/paths.js";
import { ACCEPTANCE_EMULATOR_OPTIONS } from "../../scripts/generate-expected-records.js";

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
    env: { ZENDESK_CHAT_BASE_URL: emulator.baseUrl, ZENDESK_CHAT_BACKOFF_BASE_MS: "50" },
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
    });
  }
});
