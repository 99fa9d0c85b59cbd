import { Problems } from "./assert.js";
import type { Check } from "./check.js";
import { MANDATORY_SECTIONS } from "./config.js";
import type { AcceptanceContext } from "./context.js";

// What `test_strictness_level: high` demands of the config itself (CAT fails these at collection).

export function strictnessChecks(): Check[] {
  return [
    {
      name: "config: acceptance-test-config.yml meets its test_strictness_level",
      async run(ctx: AcceptanceContext) {
        const { config } = ctx;
        const problems = new Problems();
        if (config.test_strictness_level !== "high") return;
        const tests = config.acceptance_tests;
        for (const section of MANDATORY_SECTIONS) {
          const entry = tests[section];
          if (!entry || ((!entry.tests || entry.tests.length === 0) && !entry.bypass_reason))
            problems.add(`${section}: mandatory in high strictness (give tests or a bypass_reason)`);
        }
        for (const test of tests.basic_read?.tests ?? []) {
          if (test.configured_catalog_path)
            problems.add(
              "basic_read: configured_catalog_path is not allowed in high strictness (the discovered catalog is read)",
            );
          for (const stream of test.empty_streams ?? []) {
            if (!stream.bypass_reason)
              problems.add(`basic_read: empty stream '${stream.name}' needs a bypass_reason`);
          }
          if (!test.expect_records || (!test.expect_records.path && !test.expect_records.bypass_reason))
            problems.add("basic_read: expect_records (a path or a bypass_reason) is required");
          if (test.validate_schema === false) problems.add("basic_read: validate_schema must be true");
          if (test.validate_stream_statuses === false)
            problems.add("basic_read: validate_stream_statuses must not be false");
          if (test.expect_records?.path && !ctx.exists(test.expect_records.path))
            problems.add(`basic_read: ${test.expect_records.path} does not exist`);
        }
        for (const test of tests.incremental?.tests ?? []) {
          const future = test.future_state;
          if (!future || (!future.future_state_path && !future.bypass_reason))
            problems.add("incremental: future_state (future_state_path or bypass_reason) is required");
          for (const stream of future?.missing_streams ?? []) {
            if (!stream.bypass_reason)
              problems.add(`incremental: missing stream '${stream.name}' needs a bypass_reason`);
          }
          if (future?.future_state_path && !ctx.exists(future.future_state_path))
            problems.add(`incremental: ${future.future_state_path} does not exist`);
        }
        problems.throwIfAny("acceptance-test-config.yml does not meet test_strictness_level: high");
      },
    },
  ];
}
