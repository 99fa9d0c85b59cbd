import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

// Most tests run the built CLI (dist/main.js) as Airbyte would. `npm test` builds first (pretest);
// a bare `npx vitest run` does not, and would quietly test whatever dist/ was left from an older
// commit. So before any test: if an input of the build is newer than dist/main.js (or dist/ is
// missing), build once, and refuse to run on a failed build. When nothing changed this is a stat
// of a few hundred files.

const root = fileURLToPath(new URL("..", import.meta.url));

/** What `npm run build` compiles or ships next to dist/ (directories are walked). */
export const BUILD_INPUTS = [
  "src",
  "emulator",
  "scripts",
  "bench",
  "spec.json",
  "package.json",
  "tsconfig.json",
  "tsconfig.base.json",
  "tsconfig.tools.json",
];
/** The build's output the tests use: test/helpers/cli.ts, the acceptance runner and its fixtures. */
export const BUILD_OUTPUT = "dist/main.js";

/**
 * The newest modification time among the inputs, with the file that has it. Directories count too:
 * deleting or renaming a source file changes only its directory's mtime.
 */
export function newestInput(base = root, inputs = BUILD_INPUTS): { path: string; mtimeMs: number } {
  let newest = { path: "", mtimeMs: 0 };
  const visit = (path: string) => {
    const stat = statSync(path);
    if (stat.mtimeMs > newest.mtimeMs) newest = { path, mtimeMs: stat.mtimeMs };
    if (!stat.isDirectory()) return;
    for (const entry of readdirSync(path)) {
      if (entry === "node_modules" || entry.startsWith(".")) continue;
      visit(join(path, entry));
    }
  };
  for (const input of inputs) {
    const path = join(base, input);
    if (existsSync(path)) visit(path);
  }
  return newest;
}

/** Why dist/ must be rebuilt, or undefined when it is up to date. */
export function staleReason(base = root): string | undefined {
  const output = join(base, BUILD_OUTPUT);
  if (!existsSync(output)) return `${BUILD_OUTPUT} is missing`;
  const built = statSync(output).mtimeMs;
  const newest = newestInput(base);
  if (newest.mtimeMs <= built) return undefined;
  return `${relative(base, newest.path)} is newer than ${BUILD_OUTPUT}`;
}

/**
 * Every test, and every process a test starts, makes its temp files under one folder of this run's
 * own (TMPDIR, which os.tmpdir() and the processes it starts follow). Each test file removes what it
 * made (tempDir() in test/helpers/cli.ts, test/helpers/cleanup.ts); what is still there when the run
 * ends is something a test or a command left behind, and fails the run. The folder goes either way.
 */
function isolateTempFiles(): () => void {
  const runDir = mkdtempSync(join(tmpdir(), "zdc-test-run-"));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = runDir;
  return () => {
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    const left = readdirSync(runDir);
    rmSync(runDir, { recursive: true, force: true });
    if (left.length > 0) {
      // Thrown from a teardown, an error is printed but does not change vitest's exit code.
      process.exitCode = 1;
      throw new Error(
        `the tests left ${left.length} temp files or folders behind (now removed): ${left.slice(0, 20).join(", ")}${left.length > 20 ? ", …" : ""}. Remove what a test makes when it ends (tempDir() does it for you).`,
      );
    }
  };
}

export default function setup(): () => void {
  buildIfStale();
  return isolateTempFiles();
}

function buildIfStale(): void {
  const reason = staleReason();
  if (!reason) return;
  process.stderr.write(`global-setup: ${reason}; running \`npm run build\` before the tests\n`);
  const result = spawnSync(process.platform === "win32" ? "npm.cmd" : "npm", ["run", "build"], {
    cwd: root,
    // The build's own output goes to stderr, where vitest leaves it alone.
    stdio: ["ignore", process.stderr, process.stderr],
  });
  if (result.error || result.status !== 0) {
    // tsc writes its output even when it reports errors: remove the entry point, so that the next
    // run does not take this failed build for a fresh one.
    rmSync(join(root, BUILD_OUTPUT), { force: true });
    throw new Error(
      `\`npm run build\` failed (${result.error?.message ?? `exit ${result.status ?? result.signal}`}): the tests ` +
        `run ${BUILD_OUTPUT}, which would be stale or missing. Fix the build errors printed above, then rerun.`,
    );
  }
  const still = staleReason();
  if (still) throw new Error(`\`npm run build\` succeeded but ${still}; is the clock or a watcher off?`);
}
