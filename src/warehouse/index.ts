import type { Command } from "commander";
import { asConnectorError } from "../protocol/errors.js";
import { redact } from "../protocol/redact.js";

/**
 * DuckDB is loaded only by these commands, never by spec/check/discover/read: its native module
 * costs start-up time and memory, and the Airbyte image leaves the optional package out.
 */
async function loadWarehouse() {
  try {
    const [sync, report] = await Promise.all([import("./sync.js"), import("./report.js")]);
    return { runSync: sync.runSync, writeReport: report.writeReport };
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ERR_MODULE_NOT_FOUND" && String((error as Error).message).includes("@duckdb")) {
      throw new Error(
        "the DuckDB commands need the optional package @duckdb/node-api, which is not installed here (the Docker image leaves it out: it is for Airbyte). Run them from the npm package: npm ci && npx source-zendesk-chat sync …",
      );
    }
    throw error;
  }
}

/**
 * `sync` and `report`: commands for people, not for Airbyte. Progress, the summary and errors go to
 * stderr; stdout stays empty. `setExitCode` hands the outcome back to the CLI.
 */
export function registerWarehouseCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("sync")
    .description("read the streams into a local DuckDB file (incremental after the first sync)")
    .requiredOption("--config <file>", "config JSON file")
    .requiredOption("--to <target>", "where to load, e.g. duckdb:zendesk.duckdb")
    .option("--streams <names>", "comma-separated stream names (default: every stream)")
    .option("--full-refresh", "ignore the stored state: read everything again and replace every table")
    .action(async (options: { config: string; to: string; streams?: string; fullRefresh?: boolean }) => {
      try {
        const { runSync } = await loadWarehouse();
        const summary = await runSync({
          config: options.config,
          to: options.to,
          streams: options.streams?.split(",").map((name) => name.trim()),
          fullRefresh: options.fullRefresh,
        });
        // Interrupted: the shell's convention, 128 + the signal's number.
        setExitCode(
          summary.interrupted === "SIGINT"
            ? 130
            : summary.interrupted === "SIGTERM"
              ? 143
              : summary.ok
                ? 0
                : 1,
        );
      } catch (error) {
        process.stderr.write(`source-zendesk-chat sync: ${redact(asConnectorError(error).message)}\n`);
        setExitCode(1);
      }
    });

  program
    .command("report")
    .description("write a self-contained HTML report of chat KPIs from a synced DuckDB file")
    .requiredOption("--db <file>", "the DuckDB file written by sync")
    .requiredOption("--out <file>", "the HTML file to write")
    .action(async (options: { db: string; out: string }) => {
      try {
        const { writeReport } = await loadWarehouse();
        const result = await writeReport(options.db, options.out);
        process.stderr.write(`Wrote ${options.out}: ${result.kpis} KPIs over ${result.chats} chats.\n`);
        setExitCode(0);
      } catch (error) {
        process.stderr.write(`source-zendesk-chat report: ${redact(asConnectorError(error).message)}\n`);
        setExitCode(1);
      }
    });
}
