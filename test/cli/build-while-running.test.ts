// Tools that do not trip each other (issue #12): `npm run emulator` and `npm run build` rebuild while
// a connector is started from dist/ in another terminal; that connector must run, not fail because
// dist/ was deleted under it.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { CLI, runCli, writeJsonFiles } from "../helpers/cli.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const scripts = (
  JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { scripts: Record<string, string> }
).scripts;

let started: ChildProcess | undefined;
afterEach(() => {
  // The npm process group started below (npm → sh → node), ended by its id.
  if (started?.pid && started.exitCode === null) {
    try {
      process.kill(-started.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
  started = undefined;
});

function start(
  command: string,
  args: string[],
): { child: ChildProcess; stdout: () => string; done: Promise<number> } {
  const child = spawn(command, args, { cwd: root, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  started = child;
  let out = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    out += chunk.toString();
  });
  child.stderr?.resume();
  const done = new Promise<number>((resolve) => child.on("close", (code) => resolve(code ?? 1)));
  return { child, stdout: () => out, done };
}

/** Starts `spec` from dist/ again and again until `until` resolves; every run must succeed. */
async function specRunsDuring(until: Promise<unknown>): Promise<number> {
  let finished = false;
  const stop = () => {
    finished = true;
  };
  until.then(stop, stop);
  let runs = 0;
  while (!finished || runs === 0) {
    const result = await runCli(["spec"]);
    expect(result.stderr).toBe("");
    expect(result.exitCode, result.stdout).toBe(0);
    expect(result.messages.map((m) => m.type)).toEqual(["SPEC"]);
    runs += 1;
  }
  return runs;
}

describe("rebuilding while a connector starts", () => {
  it("no script deletes dist/ or build/ wholesale", () => {
    for (const [name, script] of Object.entries(scripts)) expect(script, name).not.toMatch(/rm -rf/);
    expect(scripts.emulator).not.toMatch(/npm run build\b/);
  });

  it("npm run emulator builds the tools without touching dist/; connectors started meanwhile run", async () => {
    const before = statSync(CLI).mtimeMs;
    const emulator = start("npm", ["run", "--silent", "emulator", "--", "--port", "0", "--seed", "1"]);
    const url = new Promise<string>((resolve, reject) => {
      const timer = setInterval(() => {
        const found = emulator.stdout().match(/https?:\/\/\S+/);
        if (found) {
          clearInterval(timer);
          resolve(found[0]);
        }
      }, 50);
      void emulator.done.then((code) => {
        clearInterval(timer);
        reject(new Error(`npm run emulator exited ${code} before printing its URL`));
      });
    });
    const runs = await specRunsDuring(url);
    const baseUrl = await url;
    expect(runs).toBeGreaterThan(1);
    expect(statSync(CLI).mtimeMs).toBe(before);

    // And the connector talks to the emulator it started.
    const files = writeJsonFiles({
      config: {
        subdomain: "emulator",
        credentials: { credentials: "access_token", access_token: "emulator-access-token" },
      },
    });
    const check = await runCli(["check", "--config", files.config], {
      env: { ZENDESK_CHAT_BASE_URL: baseUrl },
    });
    expect(check.messages.at(-1).connectionStatus.status).toBe("SUCCEEDED");
  }, 180_000);

  it("npm run build replaces dist/ file by file: connectors started meanwhile run, stale files go", async () => {
    const staleDir = join(root, "dist", "removed-module");
    mkdirSync(staleDir, { recursive: true });
    writeFileSync(join(staleDir, "old.js"), "export {};\n");
    const build = start(process.execPath, [join(root, "scripts", "build.mjs"), "dist"]);
    const runs = await specRunsDuring(build.done);
    expect(await build.done).toBe(0);
    expect(runs).toBeGreaterThan(1);
    expect(existsSync(CLI)).toBe(true);
    expect(existsSync(staleDir)).toBe(false);
  }, 180_000);
});
