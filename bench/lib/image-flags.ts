/**
 * What the Docker image runs, read from the Dockerfile's final stage, so the bench measures the
 * image's entrypoint without building the image: ENTRYPOINT ["node", ...flags, ".../dist/main.js"]
 * and its ENV lines (NODE_OPTIONS, the allocator's MALLOC_TRIM_THRESHOLD_, …). Measured as
 * `node <flags> dist/main.js` with that environment; `npm run image:test` checks that the built
 * image carries the same.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ImageLaunch {
  /** Node flags in the ENTRYPOINT between `node` and the script. */
  entrypointFlags: string[];
  /** Every ENV of the final stage, as the image's process sees it. */
  env: Record<string, string>;
  /** The ENTRYPOINT as written. */
  entrypoint: string[];
}

export function imageLaunch(root: string): ImageLaunch {
  const text = readFileSync(join(root, "Dockerfile"), "utf8");
  // Continuation lines joined; comments dropped; only the final stage (after the last FROM).
  const lines = text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "" && !l.startsWith("#"));
  const lastFrom = lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true);
  const final = lines.slice(lastFrom + 1);
  const env: Record<string, string> = {};
  let entrypoint: string[] = [];
  for (const line of final) {
    if (/^ENV\s/i.test(line)) {
      // One `KEY=value` or `KEY="value"` per ENV line, as the Dockerfile writes them.
      const pair = /^ENV\s+([A-Za-z_][A-Za-z0-9_]*)=(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*$/i.exec(line);
      if (!pair) throw new Error(`Dockerfile ENV line not of the form KEY=value: ${line}`);
      env[pair[1] as string] = (pair[2] ?? pair[3] ?? "").replace(/\\(.)/g, "$1");
    }
    const ep = /^ENTRYPOINT\s+(\[.*\])\s*$/i.exec(line);
    if (ep) entrypoint = JSON.parse(ep[1] as string) as string[];
  }
  if (entrypoint[0] !== "node" || !entrypoint.at(-1)?.endsWith("/dist/main.js")) {
    throw new Error(
      `Dockerfile ENTRYPOINT is not ["node", ..., ".../dist/main.js"]: ${JSON.stringify(entrypoint)}`,
    );
  }
  return { entrypointFlags: entrypoint.slice(1, -1), env, entrypoint };
}
