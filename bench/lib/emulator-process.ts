/**
 * The emulator as a separate process (node build/emulator/cli.js), so serving pages never shares an
 * event loop with the process being measured. Driven through its /_emulator/ admin API.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
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
  sameSecondChats?: number;
  /** Bench mode: serve repeated requests from a cache of serialised bodies (--cache-bodies). */
  cacheBodies?: boolean;
  /** Support tickets in all (--support-tickets; the emulator's default otherwise). */
  supportTickets?: number;
}

export interface CacheStats {
  enabled: boolean;
  entries: number;
  hits: number;
  misses: number;
  bytes: number;
  warmMs: number;
  warmedPages: number;
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
  /** Fills the body cache by following an export from `url` (a path under the API). */
  warm(url: string): Promise<{ pages: number; bytes: number; ms: number }>;
  cache(): Promise<CacheStats>;
  /** CPU seconds (user + system) the emulator process has used so far, from /proc. */
  cpuSeconds(): number;
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
  if (options.sameSecondChats !== undefined)
    args.push("--same-second-chats", String(options.sameSecondChats));
  if (options.cacheBodies) args.push("--cache-bodies");
  if (options.supportTickets !== undefined) args.push("--support-tickets", String(options.supportTickets));
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
    warm: (url) => admin("POST", "cache/warm", { url }),
    cache: () => admin("GET", "cache"),
    cpuSeconds: () => processCpuSeconds(child.pid as number),
    stop: () => stopChild(child),
  };
}

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on Linux, whatever the kernel's HZ

/** utime + stime of a live process (fields 14 and 15 of /proc/PID/stat), in seconds; NaN elsewhere. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) is in parentheses and may hold spaces: split after it.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
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
