import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { StringDecoder } from "node:string_decoder";
import { fileURLToPath } from "node:url";
import { messageViews } from "../../scripts/lib/messages.js";
import { messageErrors } from "./protocol.js";

export const CLI = fileURLToPath(new URL("../../dist/main.js", import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: protocol messages are checked against the schema, then read freely.
export type Message = any;

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  messages: Message[];
  stdout: string;
  stderr: string;
  records(stream?: string): Array<Record<string, unknown>>;
  states(stream?: string): Message[];
  traces(type?: string): Message[];
  logs(level?: string): Message[];
  statuses(stream: string): string[];
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
  /**
   * Called for each stdout line as it arrives (parsed; validated later with the rest), with the time
   * it arrived and the process, e.g. to measure latency or to send a signal at a given message.
   */
  onLine?: (message: Message, arrivedAtMs: number, child: ChildProcess) => void;
}

/**
 * Runs the built CLI as a process, like Airbyte does, and parses every stdout line. A line that is
 * not a valid Airbyte message fails the test: stdout is protocol only.
 */
export async function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  const { onLine } = options;
  const run = await runRawProcess(process.execPath, [CLI, ...args], {
    env: options.env,
    timeoutMs: options.timeoutMs,
    onLine: onLine
      ? (line, at, child) => {
          let message: Message;
          try {
            message = JSON.parse(line);
          } catch {
            return; // reported by parseMessages once the run is over
          }
          onLine(message, at, child);
        }
      : undefined,
  });
  return toResult(run.stdout, run.stderr, run.exitCode, run.signal);
}

export interface RawRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface RawOptions {
  env?: Record<string, string | undefined>;
  /** SIGKILL after this long (default 120 s). */
  timeoutMs?: number;
  cwd?: string;
  /** The process, as soon as it is started (e.g. to kill it on a timer). */
  onSpawn?: (child: ChildProcess) => void;
  /** Each whole stdout line as it arrives, with the time it arrived. */
  onLine?: (line: string, arrivedAtMs: number, child: ChildProcess) => void;
  /** The stderr so far, each time it grows (e.g. to kill at a point). */
  onStderr?: (text: string, child: ChildProcess) => void;
}

/**
 * The one process runner of the test kit: starts `file` (runCli: the built connector; or a command
 * whose stdout is not Airbyte messages: help, the catalog helper, sync, a shell line), collects its
 * output and resolves when it is gone.
 */
export function runRawProcess(file: string, args: string[], options: RawOptions = {}): Promise<RawRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    options.onSpawn?.(child);
    const out = new StringDecoder("utf8");
    const err = new StringDecoder("utf8");
    let stdout = "";
    let stderr = "";
    let partial = "";
    child.stdout.on("data", (chunk: Buffer) => {
      const text = out.write(chunk);
      stdout += text;
      if (!options.onLine) return;
      const at = Date.now();
      const lines = (partial + text).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) options.onLine(line, at, child);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += err.write(chunk);
      options.onStderr?.(stderr, child);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 120_000);
    child.on("error", reject);
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      resolve({ exitCode, signal, stdout: stdout + out.end(), stderr: stderr + err.end() });
    });
  });
}

export function parseMessages(stdout: string): Message[] {
  const lines = stdout.split("\n");
  if (lines.at(-1) === "") lines.pop();
  return lines.map((line, index) => {
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      throw new Error(`stdout line ${index + 1} is not JSON: ${line.slice(0, 200)}`);
    }
    const errors = messageErrors(message);
    if (errors)
      throw new Error(
        `stdout line ${index + 1} is not a valid AirbyteMessage: ${errors}\n${line.slice(0, 300)}`,
      );
    return message;
  });
}

export function toResult(
  stdout: string,
  stderr: string,
  exitCode: number | null,
  signal: NodeJS.Signals | null,
): RunResult {
  const messages = parseMessages(stdout);
  return {
    exitCode,
    signal,
    messages,
    stdout,
    stderr,
    records: (stream) =>
      messages
        .filter((m) => m.type === "RECORD" && (!stream || m.record.stream === stream))
        .map((m) => m.record.data),
    ...messageViews(messages),
  };
}

/** The temp folders this test file made; test/helpers/cleanup.ts removes them after the file. */
const tempDirs: string[] = [];

/** A fresh temp folder, removed once the test file has run. */
export function tempDir(prefix = "zdc-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder tempDir() made so far. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes each value as a JSON file in a fresh temp dir; returns their paths. */
export function writeJsonFiles<T extends Record<string, unknown>>(files: T): { [K in keyof T]: string } {
  const dir = tempDir();
  const paths = {} as { [K in keyof T]: string };
  for (const [name, value] of Object.entries(files)) {
    const path = join(dir, `${name}.json`);
    writeFileSync(path, typeof value === "string" ? value : JSON.stringify(value));
    paths[name as keyof T] = path;
  }
  return paths;
}

/** The last state of each stream, in the list form Airbyte passes back with --state. */
export function finalStates(result: RunResult): Message[] {
  const last = new Map<string, Message>();
  for (const state of result.states()) last.set(state.stream.stream_descriptor.name, state);
  return [...last.values()].map((state) => ({ type: "STREAM", stream: state.stream }));
}
