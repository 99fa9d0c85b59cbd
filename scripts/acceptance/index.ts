import { SkipCheck } from "./assert.js";
import { basicReadChecks } from "./basic-read.js";
import { configuredCatalogChecks } from "./catalog-checks.js";
import type { Check } from "./check.js";
import type { AcceptanceTestConfig, Section } from "./config.js";
import { connectionChecks } from "./connection.js";
import type { AcceptanceContext } from "./context.js";
import { discoveryChecks } from "./discovery.js";
import { fullRefreshChecks } from "./full-refresh.js";
import { incrementalChecks } from "./incremental.js";
import { protocolChecks } from "./protocol.js";
import { specChecks } from "./spec.js";
import { strictnessChecks } from "./strictness.js";

export { SkipCheck } from "./assert.js";
export type { Check } from "./check.js";
export { loadAcceptanceConfig, parseAcceptanceConfig } from "./config.js";
export { describeLauncher, dockerAvailable, type Launcher } from "./connector.js";
export { AcceptanceContext, type ContextOptions } from "./context.js";

function testsOf<T>(section: Section<T> | undefined): T[] {
  return section?.bypass_reason && !section.tests ? [] : (section?.tests ?? []);
}

/**
 * Every check the config asks for, in CAT's order; the protocol check comes last since it looks at
 * the output of every run made before it.
 */
export function buildChecks(config: AcceptanceTestConfig): Check[] {
  const t = config.acceptance_tests;
  return [
    ...strictnessChecks(),
    ...specChecks(testsOf(t.spec)),
    ...connectionChecks(testsOf(t.connection)),
    ...discoveryChecks(testsOf(t.discovery)),
    ...configuredCatalogChecks(config),
    ...basicReadChecks(testsOf(t.basic_read)),
    ...fullRefreshChecks(testsOf(t.full_refresh)),
    ...incrementalChecks(testsOf(t.incremental)),
    ...protocolChecks(),
  ];
}

export type Outcome = { check: string; status: "PASS" | "FAIL" | "SKIP"; message?: string; ms: number };

/** Runs checks one after another; a failure does not stop the others. */
export async function runChecks(
  ctx: AcceptanceContext,
  checks: Check[],
  onResult: (outcome: Outcome) => void = () => undefined,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const check of checks) {
    const started = Date.now();
    let outcome: Outcome;
    try {
      await check.run(ctx);
      outcome = { check: check.name, status: "PASS", ms: Date.now() - started };
    } catch (error) {
      const ms = Date.now() - started;
      outcome =
        error instanceof SkipCheck
          ? { check: check.name, status: "SKIP", message: error.reason, ms }
          : {
              check: check.name,
              status: "FAIL",
              message: error instanceof Error ? error.message : String(error),
              ms,
            };
    }
    outcomes.push(outcome);
    onResult(outcome);
  }
  return outcomes;
}
