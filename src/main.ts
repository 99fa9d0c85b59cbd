#!/usr/bin/env node
import { run } from "./cli.js";
import { redact } from "./protocol/redact.js";

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

// exitCode rather than process.exit(): let stdout drain before the process ends.
process.exitCode = await run(process.argv);
