/**
 * CPU profile of the connector's hot path: a full chats sync run as
 * `node --cpu-prof dist/main.js read …`, summarised by self time per function and per file.
 * `npm run bench` profiles 100k chats against its cached emulator and prints a short summary;
 * on its own (emulator started here, body cache on and warmed):
 *
 *   node build/bench/profile.js [chats=100000]
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  benchConfig,
  CONNECTOR_MAIN,
  chatsExportPath,
  discoveredCatalog,
  onlyStreams,
  WorkDir,
} from "./lib/connector-setup.js";
import { formatProfile, type ProfileSummary, summarizeProfile } from "./lib/cpuprofile.js";
import { startEmulatorProcess } from "./lib/emulator-process.js";
import { runMeasured } from "./lib/measured-process.js";

export interface ProfiledRun {
  summary: ProfileSummary;
  wallMs: number;
}

/** Profiles one chats sync against an emulator that is already running. */
export async function profileAgainst(baseUrl: string, work: WorkDir): Promise<ProfiledRun> {
  const config = work.write("config-profile.json", benchConfig(10_000));
  const catalog = work.write(
    "catalog-profile.json",
    onlyStreams(await discoveredCatalog(config, baseUrl), ["chats"]),
  );
  const dir = work.file("cpuprofile");
  const run = await runMeasured(
    ["--cpu-prof", "--cpu-prof-dir", dir, CONNECTOR_MAIN, "read", "--config", config, "--catalog", catalog],
    { ZENDESK_CHAT_BASE_URL: baseUrl },
  );
  if (run.exitCode !== 0) throw new Error(`profiled sync exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
  const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) throw new Error("no .cpuprofile written");
  return { summary: summarizeProfile(join(dir, file), 25), wallMs: run.wallMs };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const chats = Number(process.argv[2] ?? 100_000);
  const work = new WorkDir();
  (async () => {
    const emulator = await startEmulatorProcess({ chats, cacheBodies: true });
    try {
      await emulator.warm(chatsExportPath());
      const { summary, wallMs } = await profileAgainst(emulator.baseUrl, work);
      process.stdout.write(
        formatProfile(summary, `connector CPU profile, ${chats} chats (${Math.round(wallMs)} ms wall)`),
      );
    } finally {
      await emulator.stop();
    }
  })()
    .catch((error: unknown) => {
      process.stderr.write(
        `profile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    })
    .finally(() => work.remove());
}
