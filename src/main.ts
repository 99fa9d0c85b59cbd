#!/usr/bin/env node
import { run } from "./cli.js";
import { zendeskConnector } from "./connector/connector.js";
import { applyHeapPolicy } from "./heap-policy.js";
import { redact } from "./protocol/redact.js";
import { settleCritical, stopSignalOwner } from "./protocol/shutdown.js";
import { MessageWriter } from "./protocol/writer.js";
import { warehouseCommands } from "./warehouse/index.js";

// First: the GC policy of the whole process (see heap-policy.ts).
applyHeapPolicy();

// A reader that goes away (EPIPE) ends the run quietly: there is no one left to tell.
process.stdout.on("error", () => process.exit(process.exitCode ?? 1));

// Last line of defence: a bug that escapes run() still ends as one TRACE ERROR, not a bare stack on stderr.
const fail = (error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  const trace = {
    type: "TRACE",
    trace: {
      type: "ERROR",
      emitted_at: Date.now(),
      error: {
        message: redact(`Unexpected error: ${message}`),
        failure_type: "system_error",
        stack_trace: error instanceof Error && error.stack ? redact(error.stack) : undefined,
      },
    },
  };
  process.stdout.write(`${JSON.stringify(trace)}\n`, () => process.exit(1));
};
process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);

const writer = new MessageWriter();

// Airbyte cancels a sync with SIGTERM (a user presses Ctrl-C: SIGINT). Everything written so far
// reaches stdout — records, the last STATE, a CONTROL with refreshed tokens — then the process ends.
// A token refresh in flight is waited for (its answer holds the only valid refresh token).
const CRITICAL_WAIT_MS = 10_000;
const FORCED_EXIT_MS = 15_000;
let stopping = false;
const stop = (signal: "SIGTERM" | "SIGINT") => {
  // A command for people (sync) stops in its own way: no Airbyte message, its temp files removed.
  const owner = stopSignalOwner();
  if (owner) return owner(signal);
  if (stopping) return;
  stopping = true;
  const code = signal === "SIGINT" ? 130 : 143;
  // If stdout itself is stuck (nobody reads it), do not hang on it forever.
  setTimeout(() => process.exit(code), FORCED_EXIT_MS).unref();
  void (async () => {
    await settleCritical(CRITICAL_WAIT_MS);
    await writer.error({
      message: `Stopped by ${signal} before the sync finished. Every record up to the last STATE message is safe; the next sync resumes from there.`,
      failureType: "transient_error",
    });
    await writer.flush();
    // The callback of an empty write runs once everything queued before it is handed to the OS.
    process.stdout.write("", () => process.exit(code));
  })();
};
process.on("SIGTERM", () => stop("SIGTERM"));
process.on("SIGINT", () => stop("SIGINT"));

// exitCode rather than process.exit(): let stdout drain before the process ends.
// The command line over the connector, with the local warehouse's commands for people.
process.exitCode = await run(process.argv, zendeskConnector, writer, warehouseCommands);
