import type { Command } from "commander";
import type { HelperCommands } from "../cli.js";
import { asConnectorError, ConfigError } from "../protocol/errors.js";
import { redact } from "../protocol/redact.js";

/**
 * DuckDB is loaded only by these commands, never by spec/check/discover/read: its native module
 * costs start-up time and memory, and the Airbyte image leaves the optional package out.
 */
async function loadWarehouse() {
  try {
    const [sync, report, query] = await Promise.all([
      import("./sync.js"),
      import("./report.js"),
      import("./query.js"),
    ]);
    return { runSync: sync.runSync, writeReport: report.writeReport, runQuery: query.runQuery };
  } catch (error) {
    const code = (error as { code?: string }).code;
    const missing = /@duckdb\/node-api|cli-progress/.exec(String((error as Error).message))?.[0];
    if (code === "ERR_MODULE_NOT_FOUND" && missing) {
      throw new Error(
        `the DuckDB commands need the optional package ${missing}, which is not installed here (the Docker image leaves it out: it is for Airbyte). Run them from the npm package: npm ci && npx source-zendesk-chat sync …`,
      );
    }
    throw error;
  }
}

/**
 * `sync` and `report`: commands for people, not for Airbyte. Progress, the summary and errors go to
 * stderr; stdout stays empty. `setExitCode` hands the outcome back to the CLI.
 */
function progressEvery(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new ConfigError(`--progress-every must be a number of seconds above 0, e.g. 5 (got '${value}').`);
  return seconds;
}

export function registerWarehouseCommands(program: Command, setExitCode: (code: number) => void): void {
  program
    .command("sync")
    .description("read the streams into a local DuckDB file (incremental after the first sync)")
    .requiredOption("--config <file>", "config JSON file")
    .requiredOption("--to <target>", "where to load, e.g. duckdb:zendesk.duckdb")
    .option("--streams <names>", "comma-separated stream names (default: every stream)")
    .option("--full-refresh", "ignore the stored state: read everything again and replace every table")
    .option(
      "--progress-every <seconds>",
      "when stderr is not a terminal (a log file, CI): seconds between progress lines (default 5)",
    )
    .action(
      async (options: {
        config: string;
        to: string;
        streams?: string;
        fullRefresh?: boolean;
        progressEvery?: string;
      }) => {
        try {
          const { runSync } = await loadWarehouse();
          const summary = await runSync({
            config: options.config,
            to: options.to,
            streams: options.streams?.split(",").map((name) => name.trim()),
            fullRefresh: options.fullRefresh,
            progressEvery: progressEvery(options.progressEvery),
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
      },
    );

  program
    .command("report")
    .description("write a self-contained HTML report of chat and ticket KPIs from a synced DuckDB file")
    .requiredOption("--db <file>", "the DuckDB file written by sync")
    .requiredOption("--out <file>", "the HTML file to write")
    .action(async (options: { db: string; out: string }) => {
      try {
        const { writeReport } = await loadWarehouse();
        const result = await writeReport(options.db, options.out);
        process.stderr.write(
          `Wrote ${options.out}: ${result.kpis} KPI${result.kpis === 1 ? "" : "s"} over ${result.over}.\n`,
        );
        setExitCode(0);
      } catch (error) {
        process.stderr.write(`source-zendesk-chat report: ${redact(asConnectorError(error).message)}\n`);
        setExitCode(1);
      }
    });

  program
    .command("query")
    .description("run one SQL statement on a synced DuckDB file and print the result as a table")
    .requiredOption("--db <file>", "the DuckDB file written by sync")
    .option("--json", "print the rows as JSON lines instead of a table")
    .argument("<sql>", 'the SQL, e.g. "SELECT department_name, count(*) FROM chats GROUP BY 1"')
    .action(async (sql: string, options: { db: string; json?: boolean }) => {
      try {
        const { runQuery } = await loadWarehouse();
        const result = await runQuery(options.db, sql, options.json ? "json" : "table");
        process.stdout.write(result.text);
        if (result.warning) process.stderr.write(`${result.warning}\n`);
        process.stderr.write(`(${result.rows} row${result.rows === 1 ? "" : "s"})\n`);
        setExitCode(0);
      } catch (error) {
        process.stderr.write(`source-zendesk-chat query: ${redact(asConnectorError(error).message)}\n`);
        setExitCode(1);
      }
    });
}

/** `sync`, `report` and `query` as the command line's helper commands. */
export const warehouseCommands: HelperCommands = {
  names: ["sync", "report", "query"],
  register: registerWarehouseCommands,
};
