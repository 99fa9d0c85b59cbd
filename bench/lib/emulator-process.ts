/**
 * The emulator as a separate process (node build/emulator/cli.js), so serving pages never shares an
 * event loop with the process being measured. Driven through its /_emulator/ admin API.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const EMULATOR_CLI = fileURLToPath(new URL("../../emulator/cli.js", import.meta.url));

export interface EmulatorProcessOptions {
  chats: number;
  agents?: number;
  bans?: number;
  timelineEntries?: number;
  seed?: number;
  /** e.g. { requests: 200, windowMs: 3000 }; omitted = no rate limit. */
  rateLimit?: { requests: number; windowMs: number };
}

export interface EmulatorStats {
  requests: number;
  byEndpoint: Record<string, number>;
  rateLimited: number;
}

export interface EmulatorProcess {
  baseUrl: string;
  origin: string;
  pid: number;
  state(): Promise<{ now: string; counts: Record<string, number>; stats: EmulatorStats }>;
  advance(change: { seconds: number } & Record<string, number>): Promise<void>;
  resetStats(): Promise<void>;
  setRateLimit(limit: { requests: number; windowMs: number } | null): Promise<void>;
  stop(): Promise<void>;
}

export async function startEmulatorProcess(options: EmulatorProcessOptions): Promise<EmulatorProcess> {
  const args = [
    EMULATOR_CLI,
    "--port",
    "0",
    "--seed",
    String(options.seed ?? 1),
    "--chats",
    String(options.chats),
  ];
  if (options.agents !== undefined) args.push("--agents", String(options.agents));
  if (options.bans !== undefined) args.push("--bans", String(options.bans));
  if (options.timelineEntries !== undefined) args.push("--timeline-entries", String(options.timelineEntries));
  if (options.rateLimit)
    args.push("--rate-limit", `${options.rateLimit.requests}/${options.rateLimit.windowMs}`);
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const baseUrl = await new Promise<string>((resolve, reject) => {
    let out = "";
    const onData = (chunk: Buffer) => {
      out += chunk.toString();
      const nl = out.indexOf("\n");
      if (nl >= 0) {
        child.stdout?.off("data", onData);
        resolve(out.slice(0, nl).trim());
      }
    };
    child.stdout?.on("data", onData);
    child.once("exit", (code) => reject(new Error(`emulator exited (${code}) before listening: ${stderr}`)));
    child.once("error", reject);
  });
  const origin = new URL(baseUrl).origin;
  const admin = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${origin}/_emulator/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`emulator admin ${method} ${path}: HTTP ${response.status} ${text}`);
    return JSON.parse(text);
  };
  return {
    baseUrl,
    origin,
    pid: child.pid as number,
    state: () => admin("GET", "state"),
    advance: async (change) => {
      await admin("POST", "advance", change);
    },
    resetStats: async () => {
      await admin("POST", "reset-stats");
    },
    setRateLimit: async (limit) => {
      await admin("POST", "rate-limit", limit);
    },
    stop: () => stopChild(child),
  };
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    child.once("exit", () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill("SIGTERM");
  });
}
