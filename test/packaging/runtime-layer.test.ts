// The runtime layer as users get it: `npm pack` the built project, install the tarball with
// production dependencies only into an empty directory, and run the installed bin (what the image's
// `npm ci --omit=dev` + dist/ + spec.json amounts to, without a container engine). Proves that
// package.json "files" and "dependencies" are enough at runtime: nothing from devDependencies, src/
// or the repo's node_modules is needed.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { messageErrors } from "../helpers/protocol.js";

const exec = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const NPM_FLAGS = ["--prefer-offline", "--no-audit", "--no-fund", "--loglevel=error"];
const READ_STREAMS = ["agents", "departments", "chats"];

// biome-ignore lint/suspicious/noExplicitAny: messages are schema-checked, then read freely.
type Message = any;

interface Run {
  code: number | null;
  messages: Message[];
  stderr: string;
}

function runBin(bin: string, args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      const messages: Message[] = [];
      for (const line of Buffer.concat(out).toString("utf8").split("\n")) {
        if (line.trim() === "") continue;
        let message: unknown;
        try {
          message = JSON.parse(line);
        } catch {
          reject(new Error(`stdout line is not JSON: ${line.slice(0, 200)}`));
          return;
        }
        const errors = messageErrors(message);
        if (errors) {
          reject(new Error(`stdout line is not an AirbyteMessage: ${errors}\n${line.slice(0, 200)}`));
          return;
        }
        messages.push(message);
      }
      resolve({ code, messages, stderr: Buffer.concat(err).toString("utf8") });
    });
  });
}

const traceErrors = (run: Run) => run.messages.filter((m) => m.type === "TRACE" && m.trace.type === "ERROR");

describe("npm pack contents", () => {
  it("ships dist/, spec.json and docs, and nothing from src/, tests or tooling", async () => {
    const { stdout } = await exec("npm", ["pack", "--dry-run", "--json", "--loglevel=error"], { cwd: root });
    const files =
      (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0]?.files.map((f) => f.path) ?? [];
    expect(files).toEqual(
      expect.arrayContaining(["package.json", "spec.json", "dist/main.js", "dist/cli.js"]),
    );
    for (const doc of ["README.md", "LICENSE", "CHANGELOG.md"]) {
      if (existsSync(join(root, doc))) expect(files).toContain(doc);
    }
    const unexpected = files.filter(
      (f) =>
        !f.startsWith("dist/") &&
        !/^sql\/\w+\/\w+\.sql$/.test(f) && // the report's KPI queries (sql/<section>/), read at runtime
        !["package.json", "spec.json", "README.md", "LICENSE", "CHANGELOG.md"].includes(f),
    );
    expect(unexpected).toEqual([]);
    expect(files.filter((f) => f.endsWith(".ts"))).toEqual([]);
  });
});

describe("production install of the packed tarball", () => {
  let work: string;
  let bin: string;
  let emulator: Emulator;

  beforeAll(async () => {
    expect(existsSync(join(root, "dist/main.js")), "dist/main.js (run `npm run build` first)").toBe(true);
    work = mkdtempSync(join(tmpdir(), "zendesk-chat-pack-"));
    const packDir = join(work, "pack");
    const appDir = join(work, "app");
    await exec("mkdir", ["-p", packDir, appDir]);
    const { stdout } = await exec(
      "npm",
      ["pack", "--json", "--pack-destination", packDir, "--loglevel=error"],
      {
        cwd: root,
      },
    );
    const tarball = join(packDir, (JSON.parse(stdout) as Array<{ filename: string }>)[0]?.filename ?? "");
    writeFileSync(join(appDir, "package.json"), `${JSON.stringify({ name: "app", private: true })}\n`);
    await exec("npm", ["install", "--omit=dev", ...NPM_FLAGS, tarball], { cwd: appDir, timeout: 150_000 });
    bin = join(appDir, "node_modules/.bin/source-zendesk-chat");
    emulator = await startEmulator({ seed: 1 });
  }, 180_000);

  afterAll(async () => {
    await emulator?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("installs the runtime dependencies and no devDependencies", () => {
    const modules = join(bin, "../..");
    for (const dep of Object.keys(pkg.dependencies)) expect(existsSync(join(modules, dep)), dep).toBe(true);
    for (const dep of Object.keys(pkg.devDependencies))
      expect(existsSync(join(modules, dep)), dep).toBe(false);
    expect(existsSync(join(modules, pkg.name, "spec.json"))).toBe(true);
  });

  it("spec: exactly one valid SPEC", async () => {
    const run = await runBin(bin, ["spec"]);
    expect(run.code, run.stderr).toBe(0);
    const specs = run.messages.filter((m) => m.type === "SPEC");
    expect(specs).toHaveLength(1);
    const expected = JSON.parse(readFileSync(join(root, "spec.json"), "utf8"));
    expect(specs[0].spec.connectionSpecification).toEqual(expected.connectionSpecification);
    expect(traceErrors(run)).toEqual([]);
  });

  it("read: records from a few streams against the emulator, no TRACE ERROR", async () => {
    const files = mkdtempSync(join(work, "run-"));
    const env = { ZENDESK_CHAT_BASE_URL: emulator.baseUrl };
    const config = join(files, "config.json");
    writeFileSync(
      config,
      JSON.stringify({
        subdomain: "emulator",
        credentials: { credentials: "access_token", access_token: "emulator-access-token" },
      }),
    );

    const discovered = await runBin(bin, ["discover", "--config", config], env);
    expect(discovered.code, discovered.stderr).toBe(0);
    const streams: Message[] = discovered.messages.find((m) => m.type === "CATALOG")?.catalog.streams ?? [];
    const selected = streams.filter((s) => READ_STREAMS.includes(s.name));
    expect(selected.map((s) => s.name).sort()).toEqual([...READ_STREAMS].sort());
    const catalog = join(files, "catalog.json");
    writeFileSync(
      catalog,
      JSON.stringify({
        streams: selected.map((stream) => ({
          stream,
          sync_mode: "full_refresh",
          destination_sync_mode: "overwrite",
        })),
      }),
    );

    const run = await runBin(bin, ["read", "--config", config, "--catalog", catalog], env);
    expect(run.code, run.stderr).toBe(0);
    expect(traceErrors(run)).toEqual([]);
    const records = run.messages.filter((m) => m.type === "RECORD");
    for (const stream of READ_STREAMS) {
      expect(records.filter((m) => m.record.stream === stream).length, stream).toBeGreaterThan(0);
    }
    expect(new Set(records.map((m) => m.record.stream))).toEqual(new Set(READ_STREAMS));
    expect(run.messages.some((m) => m.type === "STATE")).toBe(true);
  });
});
