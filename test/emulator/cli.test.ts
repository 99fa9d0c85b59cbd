/**
 * The CLI as a separate process: base URL on stdout, control via /_emulator/, SIGTERM stops it.
 * Also the cross-process throughput figure (emulator and client in different processes).
 */
import { type ChildProcessWithoutNullStreams, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { Agent, request } from "undici";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runRawProcess } from "../helpers/cli.js";
import { get } from "./helpers.js";

const root = resolve(import.meta.dirname, "../..");
let outDir = "";
let child: ChildProcessWithoutNullStreams;
let baseUrl = "";
let stderr = "";
const emulatorCli = () => join(outDir, "emulator/cli.js");

beforeAll(async () => {
  outDir = mkdtempSync(join(tmpdir(), "emulator-cli-"));
  // Compile just the emulator (others' files may not type-check at any given moment).
  execFileSync(
    process.execPath,
    [
      join(root, "node_modules/typescript/bin/tsc"),
      "--outDir",
      outDir,
      "--rootDir",
      root,
      "--module",
      "NodeNext",
      "--moduleResolution",
      "NodeNext",
      "--target",
      "ES2022",
      "--strict",
      "--skipLibCheck",
      "--types",
      "node",
      join(root, "emulator/cli.ts"),
    ],
    { cwd: root, stdio: "pipe" },
  );
  child = spawn(process.execPath, [
    join(outDir, "emulator/cli.js"),
    "--port",
    "0",
    "--seed",
    "1",
    "--chats",
    "1000000",
    // Full pages keep the throughput figure comparable from run to run.
    "--paging",
    "ideal",
  ]);
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const lines = createInterface({ input: child.stdout });
  baseUrl = await new Promise<string>((res, rej) => {
    lines.once("line", res);
    child.once("exit", (code) => rej(new Error(`cli exited ${code}: ${stderr}`)));
  });
});

afterAll(() => {
  if (child.exitCode === null) child.kill("SIGKILL");
  rmSync(outDir, { recursive: true, force: true });
});

describe("cli", () => {
  it("prints only the base URL on stdout and logs to stderr", async () => {
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2\/chat$/);
    for (let i = 0; i < 50 && !/listening/.test(stderr); i++) await new Promise((r) => setTimeout(r, 20));
    expect(stderr).toMatch(/listening/);
    for (let i = 0; i < 50 && !/zendesk-support/.test(stderr); i++)
      await new Promise((r) => setTimeout(r, 20));
    expect(stderr).toMatch(
      /zendesk-support API at http:\/\/127\.0\.0\.1:\d+\/api\/v2 \(email admin@example\.com, api token emulator-support-token, /,
    );
  });

  it("serves the API and the control endpoints", async () => {
    const origin = new URL(baseUrl).origin;
    const state = await get(`${origin}/_emulator/state`, null);
    expect(state.json.counts.chats).toBe(1_000_000);
    expect(state.json).toMatchObject({ paging: "ideal", timelineBoundary: "inclusive" });
    expect((await get(`${baseUrl}/account`, state.json.accessToken)).status).toBe(200);
    const adv = await request(`${origin}/_emulator/advance`, {
      method: "POST",
      body: JSON.stringify({ seconds: 600, newChats: 3 }),
    });
    expect((await adv.body.json()) as unknown).toEqual({ now: "2026-06-01T00:10:00.000Z" });
    await request(`${origin}/_emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ kind: "503", endpoint: "agents" }),
    });
    expect((await get(`${baseUrl}/agents`, state.json.accessToken)).status).toBe(503);
    expect((await get(`${baseUrl}/agents`, state.json.accessToken)).status).toBe(200);
  });

  it("measures cross-process throughput with a plain undici client", async () => {
    const dispatcher = new Agent({ connections: 1 });
    const headers = { authorization: "Bearer emulator-access-token" };
    let url: string | null = `${baseUrl}/incremental/chats?fields=chats%28%2A%29&limit=1000&start_time=0`;
    let records = 0;
    const t0 = performance.now();
    for (let i = 0; i < 50 && url; i++) {
      const res = await request(url, { dispatcher, headers });
      const body = (await res.body.json()) as { chats: unknown[]; next_page: string | null };
      records += body.chats.length;
      url = body.next_page;
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `cross-process throughput: ${records} chats in ${seconds.toFixed(2)}s = ${Math.round(records / seconds)} records/s`,
    );
    await dispatcher.close();
    expect(records).toBe(50_000);
  });

  it("a busy port gives one line on stderr and exit code 1", async () => {
    const port = new URL(baseUrl).port;
    const second = await runRawProcess(process.execPath, [emulatorCli(), "--port", port, "--chats", "5"]);
    expect(second.exitCode).toBe(1);
    expect(second.stderr).toBe(`emulator: port ${port} is already in use; pick another with --port\n`);
    expect(second.stdout).toBe("");
  });

  it("refuses an unknown --paging value with usage", async () => {
    const bad = await runRawProcess(process.execPath, [emulatorCli(), "--paging", "perfect"]);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/^--paging must be one of real, ideal, got perfect\nusage:/);
  });

  it("stops on SIGTERM", async () => {
    const exited = new Promise<number | null>((res) => child.once("exit", (code) => res(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
