import { setTimeout as sleep } from "node:timers/promises";
import { ensure, Problems, short } from "./assert.js";
import { multisetDiff } from "./basic-read.js";
import {
  type ConfiguredCatalog,
  canonical,
  deleteFieldPath,
  forceFullRefresh,
  fullRefreshCatalog,
} from "./catalog.js";
import { type Check, entryLabel } from "./check.js";
import type { FullRefreshTestConfig } from "./config.js";
import { type RunResult, runSummary } from "./connector.js";
import type { AcceptanceContext } from "./context.js";

// TestFullRefresh of CAT: two sequential full-refresh reads.

interface TwoReads {
  first: RunResult;
  second: RunResult;
  catalog: ConfiguredCatalog;
}

function twoReads(ctx: AcceptanceContext, test: FullRefreshTestConfig, key: string): Promise<TwoReads> {
  return ctx.memo(`full_refresh:${key}`, async () => {
    const configPath = test.config_path ?? "secrets/config.json";
    const catalog = test.configured_catalog_path
      ? forceFullRefresh(ctx.readJson(test.configured_catalog_path))
      : fullRefreshCatalog(await ctx.discoveredStreams(configPath));
    const config = ctx.readConnectorConfig(configPath);
    const first = await ctx.run("read", { config, catalog }, { timeoutSeconds: test.timeout_seconds });
    await sleep(100);
    const second = await ctx.run("read", { config, catalog }, { timeoutSeconds: test.timeout_seconds });
    for (const run of [first, second])
      ensure(run.exitCode === 0, () => `a full refresh read failed: ${runSummary(run)}`);
    return { first, second, catalog };
  });
}

export function fullRefreshChecks(tests: FullRefreshTestConfig[]): Check[] {
  const checks: Check[] = [];
  tests.forEach((test, index) => {
    const label = entryLabel("full_refresh", index, tests.length);
    const key = String(index);
    checks.push(
      {
        name: `${label}: two sequential reads return identical records`,
        async run(ctx) {
          const { first, second, catalog } = await twoReads(ctx, test, key);
          ensure(first.records().length > 0, "the first read returned no records");
          const problems = new Problems();
          for (const entry of catalog.streams) {
            const name = entry.stream.name;
            const strip = (data: Record<string, unknown>) => {
              const copy = structuredClone(data);
              for (const field of test.ignored_fields?.[name] ?? []) deleteFieldPath(copy, field.name);
              return canonical(copy);
            };
            const diff = multisetDiff(
              first.records(name).map((r) => strip(r.data)),
              second.records(name).map((r) => strip(r.data)),
            );
            if (diff.missing.length || diff.extra.length)
              problems.add(
                `${name}: ${diff.missing.length} records of read 1 not in read 2${
                  diff.missing[0] ? ` (e.g. ${short(diff.missing[0], 160)})` : ""
                }, ${diff.extra.length} records only in read 2${diff.extra[0] ? ` (e.g. ${short(diff.extra[0], 160)})` : ""}`,
              );
          }
          problems.throwIfAny("the two full refresh reads differ (use ignored_fields for volatile fields)");
        },
      },
      {
        name: `${label}: every emitted_at of read 1 is before every emitted_at of read 2`,
        async run(ctx) {
          const { first, second } = await twoReads(ctx, test, key);
          ensure(first.records().length > 0, "the first read returned no records");
          ensure(second.records().length > 0, "the second read returned no records");
          const last1 = first
            .records()
            .reduce((max, r) => Math.max(max, r.emitted_at), Number.NEGATIVE_INFINITY);
          const first2 = second
            .records()
            .reduce((min, r) => Math.min(min, r.emitted_at), Number.POSITIVE_INFINITY);
          ensure(
            last1 < first2,
            () =>
              `emitted_at must be the real emission time in ms: read 1 ends at ${last1} (${new Date(last1).toISOString()}), read 2 starts at ${first2} (${new Date(first2).toISOString()})`,
          );
        },
      },
    );
  });
  return checks;
}
