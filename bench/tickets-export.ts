/**
 * The Zendesk Support tickets export measured alone (`npm run bench`, section 6): the connector
 * reading `tickets` only from the emulator in its own process (after one warm-up read; the body
 * cache is on but serves Chat's endpoints only, so the emulator's CPU share is reported), with the
 * export budget at its highest (1000 requests a minute). Reports records/s and peak
 * RSS, the pages the export took, and what those pages cost on the real API, where the incremental
 * exports allow 10 requests a minute: pages ÷ 10 minutes.
 */
import {
  benchConfig,
  CONNECTOR_MAIN,
  discoveredCatalog,
  onlyStreams,
  type WorkDir,
} from "./lib/connector-setup.js";
import { startEmulatorProcess } from "./lib/emulator-process.js";
import { type MeasuredRun, runMeasured } from "./lib/measured-process.js";

/** The exports' own limit on the real API (30 with the High Volume add-on). */
export const REAL_EXPORT_REQUESTS_PER_MINUTE = 10;
/** The highest export budget the config accepts: the bench's setting, so pacing barely shows. */
const BENCH_EXPORT_REQUESTS_PER_MINUTE = 1000;
/** The emulator's name for the tickets export in its request stats. */
const TICKETS_EXPORT_ENDPOINT = "support/incremental/tickets/cursor";

export interface BenchRow {
  metric: string;
  connector: string;
  reference: string;
  ratio: number | null;
  goal: string;
  pass: boolean | null;
}

export interface TicketsExportRun {
  wallMs: number;
  records: number;
  recordsPerSec: number;
  peakRssMb: number;
  cpuSeconds: number | null;
  pages: number;
  emulatorCpuShare: number;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
};

/** `repeats` measured reads of `tickets` tickets (after one warm-up read), as bench rows. */
export async function ticketsExportBench(
  work: WorkDir,
  tickets: number,
  repeats: number,
  log: (text: string) => void,
): Promise<{ rows: BenchRow[]; details: Record<string, unknown> }> {
  const emulator = await startEmulatorProcess({ chats: 10, supportTickets: tickets, cacheBodies: true });
  try {
    const supportBaseUrl = `${emulator.origin}/api/v2`;
    const env = {
      ZENDESK_CHAT_BASE_URL: emulator.baseUrl,
      ZENDESK_SUPPORT_BASE_URL: supportBaseUrl,
      NODE_OPTIONS: "",
    };
    const config = work.write("config-tickets.json", {
      ...benchConfig(10_000),
      support: {
        credentials: {
          credentials: "api_token",
          email: "admin@example.com",
          api_token: "emulator-support-token",
        },
        requests_per_minute: 10_000,
        export_requests_per_minute: BENCH_EXPORT_REQUESTS_PER_MINUTE,
      },
    });
    const catalog = onlyStreams(await discoveredCatalog(config, emulator.baseUrl), ["tickets"]);
    if (catalog.streams.length !== 1)
      throw new Error("discover with a support block lists no tickets stream");
    const catalogFile = work.write("catalog-tickets.json", catalog);
    const support = await fetch(`${emulator.origin}/_emulator/support`).then((r) => r.json());
    const expected = support?.counts?.tickets;
    if (typeof expected !== "number") throw new Error("the emulator reports no tickets count");

    const read = async (label: string): Promise<TicketsExportRun> => {
      await emulator.resetStats();
      const emulatorCpuBefore = emulator.cpuSeconds();
      const run: MeasuredRun = await runMeasured(
        [CONNECTOR_MAIN, "read", "--config", config, "--catalog", catalogFile],
        env,
      );
      if (run.exitCode !== 0)
        throw new Error(`tickets export exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
      // Every ticket once (the emulator's tickets are all after the bench's start date).
      if (run.records !== expected)
        throw new Error(`tickets export emitted ${run.records} records for ${expected} tickets`);
      const pages = (await emulator.state()).stats.byEndpoint[TICKETS_EXPORT_ENDPOINT] ?? 0;
      if (pages === 0) throw new Error(`the emulator counted no ${TICKETS_EXPORT_ENDPOINT} requests`);
      const result = {
        wallMs: Math.round(run.wallMs),
        records: run.records,
        recordsPerSec: Math.round(run.records / (run.wallMs / 1000)),
        peakRssMb: Number(((run.peakRssKb ?? Number.NaN) / 1024).toFixed(1)),
        cpuSeconds: run.cpuSeconds === undefined ? null : Number(run.cpuSeconds.toFixed(2)),
        pages,
        // The emulator renders every Support page (its body cache serves Chat's exports): its CPU
        // per second of the run says how much of the wall time was spent waiting for it.
        emulatorCpuShare: Number(
          ((emulator.cpuSeconds() - emulatorCpuBefore) / (run.wallMs / 1000)).toFixed(2),
        ),
      };
      log(
        `tickets export ${label}: ${result.records} records, ${pages} pages in ${result.wallMs} ms, peak RSS ${result.peakRssMb} MB`,
      );
      return result;
    };

    await read("warm-up");
    const runs: TicketsExportRun[] = [];
    for (let i = 0; i < repeats; i++) runs.push(await read(`run ${i + 1}/${repeats}`));
    const cache = await emulator.cache();
    const rate = median(runs.map((r) => r.recordsPerSec));
    const peak = Math.max(...runs.map((r) => r.peakRssMb));
    const pages = runs[0]?.pages ?? 0;
    const pacingFloorMs = (pages * 60_000) / BENCH_EXPORT_REQUESTS_PER_MINUTE;
    const realMinutes = pages / REAL_EXPORT_REQUESTS_PER_MINUTE;
    const wall = median(runs.map((r) => r.wallMs));
    const rows: BenchRow[] = [
      {
        metric: `tickets export, ${tickets.toLocaleString("en")} tickets, tickets stream only (records/s, median of ${runs.length})`,
        connector: rate.toLocaleString("en"),
        reference: `wall ${(wall / 1000).toFixed(2)} s; pacing floor at ${BENCH_EXPORT_REQUESTS_PER_MINUTE}/min ${(pacingFloorMs / 1000).toFixed(2)} s`,
        ratio: Number((wall / pacingFloorMs).toFixed(2)),
        goal: "info (wall ÷ pacing floor)",
        pass: null,
      },
      {
        metric: "  same, peak RSS of the connector (MB, max of the runs)",
        connector: peak.toFixed(1),
        reference: `emulator CPU share ${median(runs.map((r) => r.emulatorCpuShare)).toFixed(2)}`,
        ratio: null,
        goal: "info",
        pass: null,
      },
      {
        metric: `  same on the real API: ${pages} export pages at ${REAL_EXPORT_REQUESTS_PER_MINUTE} requests/minute (wall minutes)`,
        connector: realMinutes.toFixed(1),
        reference: `pages ÷ rate (ideal full pages: ${Math.ceil(tickets / 1000)})`,
        ratio: null,
        goal: "info",
        pass: null,
      },
    ];
    return {
      rows,
      details: {
        tickets,
        exportRequestsPerMinute: BENCH_EXPORT_REQUESTS_PER_MINUTE,
        runs,
        pages,
        pacingFloorMs: Math.round(pacingFloorMs),
        realApiMinutes: Number(realMinutes.toFixed(1)),
        cache: { hits: cache.hits, misses: cache.misses, bytes: cache.bytes },
      },
    };
  } finally {
    await emulator.stop();
  }
}
