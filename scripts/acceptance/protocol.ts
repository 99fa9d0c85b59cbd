import { Problems, short } from "./assert.js";
import type { Check } from "./check.js";
import type { AcceptanceContext } from "./context.js";

// Every stdout line of every run must be one valid AirbyteMessage (CAT silently drops other lines,
// which then shows up as missing records: here it is an error of its own).

export function protocolChecks(): Check[] {
  return [
    {
      name: "protocol: every stdout line of every run is a valid AirbyteMessage",
      async run(ctx: AcceptanceContext) {
        // Run alone (e.g. `--only protocol`), make sure there is something to look at.
        if (ctx.runs.length === 0) {
          await ctx.spec();
          const configPath = ctx.config.acceptance_tests.discovery?.tests?.[0]?.config_path;
          if (configPath) await ctx.discover(configPath);
        }
        const problems = new Problems();
        for (const run of ctx.runs) {
          for (const line of run.lines) {
            if (line.error)
              problems.add(
                `\`${run.description}\` stdout line ${line.index + 1}: ${line.error}: ${short(line.raw, 160)}`,
              );
          }
        }
        problems.throwIfAny(`invalid stdout lines in ${ctx.runs.length} runs`);
      },
    },
  ];
}
