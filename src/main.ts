#!/usr/bin/env node
import { run } from "./cli.js";

// exitCode rather than process.exit(): let stdout drain before the process ends.
process.exitCode = await run(process.argv);
