/**
 * CPU profile of the connector's hot path: a full chats sync (emulator in its own process) run as
 * `node --cpu-prof dist/main.js read …`, summarised by self time per function and per file.
 *
 *   node build/bench/profile.js [chats=100000]      (also: npm run bench -- --profile)
 */
import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  benchConfig,
  CONNECTOR_MAIN,
  discoveredCatalog,
  onlyStreams,
  WorkDir,
} from "./lib/connector-setup.js";
import { formatProfile, type ProfileSummary, summarizeProfile } from "./lib/cpuprofile.js";
import { startEmulatorProcess } from "./lib/emulator-process.js";
import { runMeasured } from "./lib/measured-process.js";

export async function profileConnector(chats: number, work: WorkDir): Promise<ProfileSummary> {
  const emulator = await startEmulatorProcess({ chats });
  try {
    const config = work.write("config-profile.json", benchConfig(10_000));
    const catalog = work.write(
      "catalog-profile.json",
      onlyStreams(await discoveredCatalog(config, emulator.baseUrl), ["chats"]),
    );
    const dir = work.file("cpuprofile");
    const run = await runMeasured(
      ["--cpu-prof", "--cpu-prof-dir", dir, CONNECTOR_MAIN, "read", "--config", config, "--catalog", catalog],
      { ZENDESK_CHAT_BASE_URL: emulator.baseUrl },
    );
    if (run.exitCode !== 0)
      throw new Error(`profiled sync exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
    const file = readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
    if (!file) throw new Error("no .cpuprofile written");
    const summary = summarizeProfile(join(dir, file), 25);
    process.stderr.write(
      `${formatProfile(summary, `connector CPU profile, ${chats} chats (${Math.round(run.wallMs)} ms wall)`)}\n`,
    );
    return summary;
  } finally {
    await emulator.stop();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const chats = Number(process.argv[2] ?? 100_000);
  const work = new WorkDir();
  profileConnector(chats, work)
    .catch((error: unknown) => {
      process.stderr.write(
        `profile failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 1;
    })
    .finally(() => work.remove());
}
