/**
 * The benchmark runs for minutes while others may rebuild (`npm run build` starts with rm -rf dist
 * build). So it first copies what it runs — dist/, build/, spec.json, package.json, a node_modules
 * link — into a temporary directory and re-executes itself from there.
 */
import { spawn } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The project root (the original one when running from a snapshot). */
export const ROOT = process.env.BENCH_ROOT ?? fileURLToPath(new URL("../../../", import.meta.url));

/** Runs `build/bench/<script>` from a private copy; resolves with its exit code. */
export function runFromSnapshot(
  script: string,
  args: string[],
  env: Record<string, string>,
): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "zendesk-chat-bench-snapshot-"));
  for (const entry of ["dist", "build", "spec.json", "package.json"]) {
    cpSync(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");
  const child = spawn(process.execPath, [join(dir, "build", "bench", script), ...args], {
    stdio: "inherit",
    env: { ...process.env, ...env, BENCH_ROOT: ROOT },
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on("SIGINT", forward);
  process.on("SIGTERM", forward);
  return new Promise((resolve) => {
    child.on("exit", (code, signal) => {
      rmSync(dir, { recursive: true, force: true });
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}
