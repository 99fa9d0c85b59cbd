/**
 * Runs a process whose stdout carries JSON lines and measures it: wall time (spawn → exit), peak RSS
 * (GNU time's %M when /usr/bin/time exists, else VmHWM sampled from /proc), lines, RECORD lines and
 * bytes. The reader is either fast (counts bytes as they come) or slow (pauses after each 64 KiB
 * chunk, so the producer meets backpressure). Only non-RECORD lines are materialised, so reading a
 * million records costs the measuring process next to nothing.
 */
import { spawn } from "node:child_process";
import { existsSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const GNU_TIME = "/usr/bin/time";
const RECORD_PREFIX = Buffer.from('{"type":"RECORD"');
const STATE_PREFIX = Buffer.from('{"type":"STATE"');

export interface ReaderOptions {
  /** Pause this long after every chunk read (the pipe hands over at most 64 KiB at a time). */
  slowSleepMs?: number;
  /** Called with each non-RECORD line and the ms since spawn when it arrived. */
  onOtherLine?: (line: string, atMs: number) => void;
}

export interface MeasuredRun {
  exitCode: number | null;
  wallMs: number;
  peakRssKb: number | undefined;
  /** User + system CPU seconds of the process (GNU time %U + %S; undefined without GNU time). */
  cpuSeconds: number | undefined;
  /** ms from spawn to the first byte of the first RECORD line / of the first STATE line. */
  firstRecordMs: number | undefined;
  firstStateMs: number | undefined;
  /** ms from spawn to the first byte of any stdout line. */
  firstLineMs: number | undefined;
  /** VmRSS of the process every ~20 ms. */
  rssSamples: Array<{ ms: number; kb: number }>;
  lines: number;
  records: number;
  bytes: number;
  stderr: string;
}

export const peakRssMethod = existsSync(GNU_TIME) ? "GNU time %M" : "/proc VmHWM sampling";

/** Splits a byte stream into lines, classifying each by its prefix without decoding RECORD lines. */
class LineCounter {
  lines = 0;
  records = 0;
  bytes = 0;
  firstRecordMs: number | undefined;
  firstStateMs: number | undefined;
  firstLineMs: number | undefined;
  private mode: "start" | "record" | "other" = "start";
  /** Start of the current line while it is too short to classify. */
  private head: Buffer | undefined;
  private other: Buffer[] = [];
  private otherBytes = 0;

  constructor(
    private readonly onOther?: (line: string) => void,
    private readonly clock: () => number = () => 0,
  ) {}

  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    let pos = 0;
    while (pos < chunk.length) {
      const nl = chunk.indexOf(10, pos);
      const end = nl < 0 ? chunk.length : nl;
      let segment = chunk.subarray(pos, end);
      if (this.mode === "start") {
        this.firstLineMs ??= this.clock();
        if (this.head) {
          segment = Buffer.concat([this.head, segment]);
          this.head = undefined;
        }
        if (segment.length < RECORD_PREFIX.length && nl < 0) {
          this.head = Buffer.from(segment);
          return;
        }
        const isRecord =
          segment.length >= RECORD_PREFIX.length &&
          segment.subarray(0, RECORD_PREFIX.length).equals(RECORD_PREFIX);
        this.mode = isRecord ? "record" : "other";
        if (isRecord) this.firstRecordMs ??= this.clock();
        else if (
          this.firstStateMs === undefined &&
          segment.length >= STATE_PREFIX.length &&
          segment.subarray(0, STATE_PREFIX.length).equals(STATE_PREFIX)
        )
          this.firstStateMs = this.clock();
      }
      if (this.mode === "other") {
        this.otherBytes += segment.length;
        if (this.onOther) this.other.push(Buffer.from(segment));
      }
      if (nl < 0) return;
      this.endLine();
      pos = nl + 1;
    }
  }

  finish(): void {
    if (this.head || this.mode !== "start") this.endLine();
  }

  private endLine(): void {
    if (this.mode === "record") {
      this.records += 1;
      this.lines += 1;
    } else if (this.mode === "other") {
      if (this.otherBytes > 0) {
        this.lines += 1;
        if (this.onOther) this.onOther(Buffer.concat(this.other).toString("utf8"));
      }
      this.other = [];
      this.otherBytes = 0;
    } else if (this.head) {
      this.lines += 1;
      this.onOther?.(this.head.toString("utf8"));
    }
    this.head = undefined;
    this.mode = "start";
  }
}

let runCounter = 0;

export function runMeasured(
  args: string[],
  env: Record<string, string>,
  reader: ReaderOptions = {},
): Promise<MeasuredRun> {
  const useTime = existsSync(GNU_TIME);
  const timeFile = join(tmpdir(), `zendesk-chat-bench-time-${process.pid}-${++runCounter}.txt`);
  const command = useTime ? GNU_TIME : process.execPath;
  const argv = useTime ? ["-f", "%M %U %S", "-o", timeFile, process.execPath, ...args] : args;
  const started = performance.now();
  const child = spawn(command, argv, {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const counter = new LineCounter(
    reader.onOtherLine ? (line) => reader.onOtherLine?.(line, performance.now() - started) : undefined,
    () => performance.now() - started,
  );
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < 1_000_000) stderr += chunk.toString();
  });
  const slow = reader.slowSleepMs;
  child.stdout.on("data", (chunk: Buffer) => {
    counter.push(chunk);
    if (slow !== undefined && slow > 0) {
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), slow);
    }
  });

  // The measured process's RSS over time (VmRSS every 20 ms), for flatness within a run; and without
  // GNU time its high-water mark (it only grows, so the last sample is nearly the peak). Under GNU
  // time the process is time's child.
  let sampledHwmKb: number | undefined;
  const rssSamples: Array<{ ms: number; kb: number }> = [];
  let nodePid: number | undefined = useTime ? undefined : child.pid;
  const sampler = setInterval(() => {
    try {
      if (nodePid === undefined) {
        const kids = readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim();
        if (kids === "") return;
        nodePid = Number(kids.split(" ")[0]);
      }
      const status = readFileSync(`/proc/${nodePid}/status`, "utf8");
      const rss = /VmRSS:\s+(\d+)\s+kB/.exec(status);
      if (rss) rssSamples.push({ ms: performance.now() - started, kb: Number(rss[1]) });
      const hwm = /VmHWM:\s+(\d+)\s+kB/.exec(status);
      if (hwm) sampledHwmKb = Math.max(sampledHwmKb ?? 0, Number(hwm[1]));
    } catch {
      // not started yet, or exited
    }
  }, 20);

  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode) => {
      const wallMs = performance.now() - started;
      clearInterval(sampler);
      counter.finish();
      let peakRssKb = sampledHwmKb;
      let cpuSeconds: number | undefined;
      if (useTime) {
        try {
          const text = readFileSync(timeFile, "utf8").trim().split("\n");
          // GNU time prefixes "Command exited with non-zero status N" when the child fails.
          const [rss, user, sys] = (text.at(-1) ?? "").split(" ").map(Number);
          peakRssKb = Number.isFinite(rss) ? rss : undefined;
          cpuSeconds =
            Number.isFinite(user) && Number.isFinite(sys) ? (user as number) + (sys as number) : undefined;
        } catch {
          peakRssKb = undefined;
        }
        rmSync(timeFile, { force: true });
      }
      resolve({
        exitCode,
        wallMs,
        peakRssKb,
        cpuSeconds,
        firstRecordMs: counter.firstRecordMs,
        firstLineMs: counter.firstLineMs,
        rssSamples,
        firstStateMs: counter.firstStateMs,
        lines: counter.lines,
        records: counter.records,
        bytes: counter.bytes,
        stderr,
      });
    });
  });
}
