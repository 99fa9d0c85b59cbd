import { ensure, short } from "./assert.js";
import { type Check, entryLabel } from "./check.js";
import type { ConnectionTestConfig } from "./config.js";
import { runSummary } from "./connector.js";

// TestConnection of CAT: `check --config` per entry, judged by the entry's status.
//
// CAT runs `succeed` and `failed` entries with raise_container_error=True: a non-zero exit is an
// error of the test, whatever was printed. So a check that fails (bad token, invalid config) must
// say so in exactly one CONNECTION_STATUS FAILED and still exit 0 — the Airbyte CDK does the same
// for a config_error. Only `exception` entries (an unexpected error) run with
// raise_container_error=False and are judged by their single TRACE ERROR.

export function connectionChecks(tests: ConnectionTestConfig[]): Check[] {
  return tests.map((test, index) => {
    const configPath = test.config_path ?? "secrets/config.json";
    const status = test.status ?? "succeed";
    return {
      name: `${entryLabel("connection", index, tests.length)}: ${configPath} → ${status}`,
      async run(ctx) {
        const run = await ctx.run(
          "check",
          { config: ctx.readConnectorConfig(configPath) },
          {
            timeoutSeconds: test.timeout_seconds,
          },
        );
        ensure(!run.timedOut, () => `check did not end in time: ${runSummary(run)}`);
        const statuses = run.messages
          .filter((m) => m.type === "CONNECTION_STATUS")
          .map((m) => m.connectionStatus);
        if (status === "exception") {
          const traces = run.messages.filter((m) => m.type === "TRACE");
          ensure(
            traces.length === 1,
            () =>
              `expected exactly one TRACE message for an invalid config, got ${traces.length}: ${runSummary(run)}`,
          );
          const error = traces[0].trace.error;
          ensure(
            traces[0].trace.type === "ERROR" && typeof error?.message === "string" && error.message !== "",
            () => `the TRACE must be an ERROR with a message, got ${short(traces[0].trace)}`,
          );
          ensure(
            error.failure_type === "config_error",
            () =>
              `an invalid config is the user's to fix: failure_type must be config_error, got ${short(error.failure_type)}`,
          );
          // CAT ignores CONNECTION_STATUS here; one saying SUCCEEDED next to the error contradicts it.
          ensure(
            statuses.length <= 1 && statuses.every((s) => s?.status === "FAILED"),
            () =>
              `next to a TRACE ERROR, check may print at most one CONNECTION_STATUS, FAILED; got ${short(statuses)}`,
          );
          return;
        }
        const expected = status === "succeed" ? "SUCCEEDED" : "FAILED";
        ensure(
          statuses.length === 1,
          () =>
            `Connection status message should be emitted exactly once: got ${statuses.length} CONNECTION_STATUS: ${runSummary(run)}`,
        );
        ensure(
          statuses[0].status === expected,
          () =>
            `expected CONNECTION_STATUS ${expected}, got ${statuses[0].status}${statuses[0].message ? ` (${statuses[0].message})` : ""}`,
        );
        if (status === "failed") {
          ensure(
            typeof statuses[0].message === "string" && statuses[0].message.trim() !== "",
            "a FAILED CONNECTION_STATUS must say why (message)",
          );
        }
        ensure(
          run.exitCode === 0,
          () =>
            `check must exit 0 when it reports ${expected} (a failed check is told by CONNECTION_STATUS, not by the exit code; CAT treats a non-zero exit as an error): ${runSummary(run)}`,
        );
      },
    };
  });
}
