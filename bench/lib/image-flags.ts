/**
 * What the Docker image runs, read from the Dockerfile's final stage, so the bench measures the
 * image's entrypoint without building the image: ENTRYPOINT ["node", ...flags, ".../dist/main.js"]
 * and ENV NODE_OPTIONS. Measured as `node <flags> dist/main.js` with that NODE_OPTIONS.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface ImageLaunch {
  /** Node flags in the ENTRYPOINT between `node` and the script. */
  entrypointFlags: string[];
  /** ENV NODE_OPTIONS of the final stage ("" when unset). */
  nodeOptions: string;
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
  let nodeOptions = "";
  let entrypoint: string[] = [];
  for (const line of final) {
    const env = /^ENV\s+NODE_OPTIONS=(?:"((?:[^"\\]|\\.)*)"|(\S+))\s*$/i.exec(line);
    if (env) nodeOptions = (env[1] ?? env[2] ?? "").replace(/\\(.)/g, "$1");
    const ep = /^ENTRYPOINT\s+(\[.*\])\s*$/i.exec(line);
    if (ep) entrypoint = JSON.parse(ep[1] as string) as string[];
  }
  if (entrypoint[0] !== "node" || !entrypoint.at(-1)?.endsWith("/dist/main.js")) {
    throw new Error(
      `Dockerfile ENTRYPOINT is not ["node", ..., ".../dist/main.js"]: ${JSON.stringify(entrypoint)}`,
    );
  }
  return { entrypointFlags: entrypoint.slice(1, -1), nodeOptions, entrypoint };
}
