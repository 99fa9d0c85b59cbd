import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { messageViews } from "../lib/messages.js";
import { nonIntegerLiteralPaths, pathsUnder } from "./json-lexer.js";
import type { ProtocolValidator } from "./validation.js";

// biome-ignore lint/suspicious/noExplicitAny: Airbyte messages, validated against the protocol, then read freely.
export type Message = any;

export type Command = "spec" | "check" | "discover" | "read";

/** Inputs written as files and passed with --config / --catalog / --state. */
export interface Inputs {
  config?: unknown;
  catalog?: unknown;
  state?: unknown;
}

/** One stdout line: raw text, the parsed message (if JSON) and why it is not a valid message (if not). */
export interface Line {
  index: number;
  raw: string;
  message?: Message;
  error?: string;
}

export interface RecordEntry {
  stream: string;
  data: Record<string, unknown>;
  emitted_at: number;
  /** Paths inside `data` whose raw literal was not an integer literal (1.0, 1e3). */
  nonIntegerPaths: Set<string>;
  line: number;
}

export interface RunResult {
  description: string;
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  lines: Line[];
  /** Valid messages only (what CAT keeps: it drops lines that do not parse). */
  messages: Message[];
  records(stream?: string): RecordEntry[];
  states(stream?: string): Message[];
  traces(type?: string): Message[];
  statuses(stream: string): string[];
}

/**
 * How to start the connector. `local`: a command line (default `node dist/main.js`, or a wrapper
 * script), files passed as host paths. `docker`: `docker run` of an image with the input directory
 * mounted at /data, as CAT does; the emulator is reached over the host network.
 */
export type Launcher =
  | { kind: "local"; command: string[] }
  | { kind: "docker"; image: string; docker?: string };

export function describeLauncher(launcher: Launcher): string {
  return launcher.kind === "local" ? launcher.command.join(" ") : `docker image ${launcher.image}`;
}

/** Whether a Docker engine answers (`docker info`). */
export function dockerAvailable(docker = "docker"): boolean {
  const result = spawnSync(docker, ["info", "--format", "{{.ServerVersion}}"], {
    stdio: "ignore",
    timeout: 20_000,
  });
  return result.status === 0;
}

export interface RunOptions {
  launcher: Launcher;
  env: Record<string, string>;
  validator: ProtocolValidator;
  timeoutMs: number;
}

export function runConnector(
  command: Command,
  inputs: Inputs,
  options: RunOptions,
  extraArgs: string[] = [],
): Promise<RunResult> {
  const dir = mkdtempSync(join(tmpdir(), "acceptance-"));
  const { launcher } = options;
  const inContainer = launcher.kind === "docker";
  const args: string[] = [command];
  for (const [name, value] of Object.entries(inputs) as Array<[keyof Inputs, unknown]>) {
    if (value === undefined) continue;
    const file = `${name}.json`;
    writeFileSync(join(dir, file), typeof value === "string" ? value : JSON.stringify(value));
    args.push(`--${name}`, inContainer ? `/data/${file}` : join(dir, file));
  }
  args.push(...extraArgs);

  let executable: string;
  let argv: string[];
  let env: NodeJS.ProcessEnv;
  if (launcher.kind === "local") {
    [executable, ...argv] = launcher.command as [string, ...string[]];
    argv = [...argv, ...args];
    env = { ...process.env, ...options.env };
  } else {
    executable = launcher.docker ?? "docker";
    const envArgs = Object.entries(options.env).flatMap(([key, value]) => ["-e", `${key}=${value}`]);
    argv = [
      "run",
      "--rm",
      "-i",
      "--network",
      "host",
      "-v",
      `${dir}:/data`,
      ...envArgs,
      launcher.image,
      ...args,
    ];
    env = process.env;
  }
  const description = `${launcher.kind === "local" ? "" : `${describeLauncher(launcher)} `}${args
    .map((a) => (a.startsWith(dir) ? `<${a.slice(dir.length + 1)}>` : a))
    .join(" ")}`;

  return new Promise((resolve, reject) => {
    const child = spawn(executable, argv, { env, stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(new Error(`cannot start the connector (${executable}): ${error.message}`));
    });
    child.on("close", (exitCode, signal) => {
      clearTimeout(timer);
      rmSync(dir, { recursive: true, force: true });
      const stdout = Buffer.concat(out).toString("utf8");
      resolve(
        toRunResult(
          description,
          stdout,
          Buffer.concat(err).toString("utf8"),
          exitCode,
          signal,
          timedOut,
          options.validator,
        ),
      );
    });
  });
}

export function toRunResult(
  description: string,
  stdout: string,
  stderr: string,
  exitCode: number | null,
  signal: NodeJS.Signals | null,
  timedOut: boolean,
  validator: ProtocolValidator,
): RunResult {
  const rawLines = stdout.split("\n");
  if (rawLines.at(-1) === "") rawLines.pop();
  const lines: Line[] = rawLines.map((raw, index) => {
    if (raw.trim() === "") return { index, raw, error: "an empty line" };
    const { message, error } = validator.lineErrors(raw);
    return { index, raw, message, error };
  });
  const messages = lines.filter((l) => !l.error).map((l) => l.message);
  const records: RecordEntry[] = [];
  for (const line of lines) {
    if (line.error || line.message.type !== "RECORD") continue;
    const { stream, data, emitted_at } = line.message.record;
    records.push({
      stream,
      data,
      emitted_at,
      nonIntegerPaths: pathsUnder(nonIntegerLiteralPaths(line.raw), "/record/data"),
      line: line.index + 1,
    });
  }
  return {
    description,
    exitCode,
    signal,
    timedOut,
    stdout,
    stderr,
    lines,
    messages,
    records: (stream) => (stream ? records.filter((r) => r.stream === stream) : records),
    ...messageViews(messages),
  };
}

/** A one-line summary of a run for failure messages: command, exit code, last error. */
export function runSummary(run: RunResult): string {
  const error = run.traces("ERROR").at(-1)?.error?.message;
  const stderr = run.stderr.trim().split("\n").slice(-2).join(" | ");
  return `\`${run.description}\` exited ${run.timedOut ? "by timeout" : (run.exitCode ?? run.signal)}${
    error ? `; TRACE ERROR: ${error}` : ""
  }${!error && stderr ? `; stderr: ${stderr.slice(0, 300)}` : ""}`;
}
