import cliProgress from "cli-progress";

/** What the progress display reads of one stream. */
export interface StreamProgress {
  name: string;
  received: number;
  /** Of those, the records committed to the file (what a kill now would keep), when it differs by stream kind. */
  saved?: number;
  /** The connector's TRACE ESTIMATE of the stream's rows, when it sent one. */
  estimate?: number;
  status: "pending" | "running" | "complete" | "incomplete";
}

export interface ProgressSource {
  streams(): StreamProgress[];
  /** Until when the read waits out a rate limit (epoch ms), if it does. */
  waitingUntil(): number | undefined;
}

/** How the sync shows where it is: a live line on a terminal, a short line every few seconds in a log. */
export interface ProgressDisplay {
  /** A line of its own (warnings, the summary), above the live line on a terminal. */
  log(line: string): void;
  stop(): void;
}

const RATE_WINDOW_MS = 5000;

/** The figures both forms show, computed from the streams. */
export class ProgressFigures {
  private readonly samples: Array<{ at: number; records: number }> = [];

  constructor(
    private readonly source: ProgressSource,
    private readonly started: number,
  ) {}

  now(at = Date.now()) {
    const streams = this.source.streams();
    const records = streams.reduce((sum, s) => sum + s.received, 0);
    this.samples.push({ at, records });
    while (this.samples.length > 2 && (this.samples[0]?.at ?? at) < at - RATE_WINDOW_MS) this.samples.shift();
    const first = this.samples[0] ?? { at, records };
    const span = (at - first.at) / 1000;
    const rate = span > 0.5 ? (records - first.records) / span : undefined;
    const finished = streams.filter((s) => s.status === "complete" || s.status === "incomplete").length;
    const running = streams.filter((s) => s.status === "running");
    // Overall: every stream weighs the same; a running one counts by its estimate when it has one.
    const partial = running.reduce(
      (sum, s) => sum + (s.estimate ? Math.min(0.99, s.received / s.estimate) : 0),
      0,
    );
    const fraction = streams.length ? (finished + partial) / streams.length : 0;
    // An ETA only when it means something: the running streams all have estimates, records flow.
    const remaining = running.reduce((sum, s) => sum + Math.max(0, (s.estimate ?? 0) - s.received), 0);
    const eta =
      rate && rate > 0 && remaining > 0 && running.length > 0 && running.every((s) => s.estimate)
        ? remaining / rate
        : undefined;
    const until = this.source.waitingUntil();
    const waiting = until !== undefined && until > at ? Math.ceil((until - at) / 1000) : undefined;
    return {
      elapsed: (at - this.started) / 1000,
      total: streams.length,
      finished,
      records,
      rate,
      fraction,
      eta,
      waiting,
      running,
    };
  }
}

const count = (n: number) => Math.round(n).toLocaleString("en-US");
const seconds = (s: number) => (s < 90 ? `${Math.round(s)} s` : `${Math.round(s / 60)} min`);

/** What the read is doing now: a rate-limit wait first (a narrow terminal cuts the end), then the streams it reads (two at most). */
function doing(figures: ReturnType<ProgressFigures["now"]>): string {
  const waiting = figures.waiting !== undefined ? `waiting for the rate limit (${figures.waiting} s)` : "";
  if (figures.running.length === 0) {
    return waiting || (figures.finished === figures.total ? "finishing" : "starting");
  }
  const shown = figures.running.slice(0, 2).map(
    (s, i) =>
      // What a kill would keep, for the first stream shown, while it lags what was read (the line
      // stays short: a log line, not a table).
      `${s.name} ${count(s.received)}${s.estimate ? `/~${count(s.estimate)}` : ""}${i === 0 && s.saved !== undefined && s.saved < s.received ? ` (${count(s.saved)} saved)` : ""}`,
  );
  const more = figures.running.length - shown.length;
  return `${waiting ? `${waiting} · ` : ""}${shown.join(", ")}${more > 0 ? ` +${more} more` : ""}`;
}

/** One short line: streams done of total, records, rate, ETA, what it is doing. */
export function progressLine(figures: ReturnType<ProgressFigures["now"]>): string {
  return [
    `${figures.finished}/${figures.total} streams`,
    `${count(figures.records)} records`,
    ...(figures.rate !== undefined ? [`${count(figures.rate)}/s`] : []),
    ...(figures.eta !== undefined ? [`ETA ~${seconds(figures.eta)}`] : []),
    doing(figures),
  ].join(" · ");
}

/**
 * On a terminal: one live line (cli-progress) redrawn in place, with a bar of the streams done.
 * Elsewhere (a log file, CI): a short line every `everyMs`, and only when something changed.
 */
export function startProgress(
  source: ProgressSource,
  options: { tty: boolean; everyMs: number; started: number; write: (text: string) => void },
): ProgressDisplay {
  const figures = new ProgressFigures(source, options.started);
  if (!options.tty) {
    let last = "";
    const timer = setInterval(() => {
      const now = figures.now();
      const line = progressLine(now);
      if (line === last) return;
      last = line;
      options.write(`[sync] ${seconds(now.elapsed)}: ${line}\n`);
    }, options.everyMs);
    timer.unref();
    return {
      log: (line) => options.write(`${line}\n`),
      stop: () => clearInterval(timer),
    };
  }
  const multibar = new cliProgress.MultiBar(
    {
      stream: process.stderr,
      format: "[sync] {bar} {text}",
      barsize: 16,
      hideCursor: true,
      clearOnComplete: false,
      stopOnComplete: false,
      linewrap: false,
      fps: 4,
      autopadding: false,
    },
    cliProgress.Presets.shades_classic,
  );
  const bar = multibar.create(1000, 0, { text: "starting" });
  const update = () => {
    const now = figures.now();
    bar.update(Math.round(now.fraction * 1000), { text: `${seconds(now.elapsed)} · ${progressLine(now)}` });
  };
  update();
  const timer = setInterval(update, 250);
  timer.unref();
  return {
    log: (line) => multibar.log(`${line}\n`),
    stop: () => {
      clearInterval(timer);
      update();
      multibar.stop();
    },
  };
}

/** The lines that end a sync: what it read and holds now, or how an interrupted one resumes. */
export function summaryText(sync: {
  ok: boolean;
  interrupted?: "SIGINT" | "SIGTERM";
  seconds: number;
  checkpoints: number;
  path: string;
  records: Record<string, number>;
  tables: Record<string, number>;
}): string {
  const { ok, interrupted, seconds, checkpoints, path, records, tables } = sync;
  if (interrupted) {
    const saved = Object.entries(tables)
      .filter(([, rows]) => rows > 0)
      .map(([name, rows]) => `${name} ${rows}`)
      .join(", ");
    return `[sync] Interrupted (${interrupted === "SIGINT" ? "CTRL-C" : interrupted}) after ${seconds.toFixed(1)} s: ${checkpoints} checkpoint${checkpoints === 1 ? " is" : "s are"} saved in ${path}${saved ? ` (rows: ${saved})` : ""}; run the same sync command again to resume from there.`;
  }
  return [
    `[sync] ${ok ? "done" : "FAILED"} in ${seconds.toFixed(1)} s, ${checkpoints} checkpoints committed, ${path}`,
    "[sync]   table                records read   rows in table",
    ...Object.keys(records).map(
      (name) =>
        `[sync]   ${name.padEnd(20)} ${String(records[name]).padStart(12)}   ${String(tables[name] ?? "-").padStart(13)}`,
    ),
    ...(ok
      ? []
      : ["[sync] the data and state committed before the failure are kept; run sync again to resume"]),
  ].join("\n");
}
