/** Config, catalogs and paths for running the built connector (dist/main.js) in the benchmark. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  type AirbyteMessage,
  CONNECTOR_MAIN,
  configureCatalog,
  runConnector,
} from "../../scripts/lib/connector.js";

export { CONNECTOR_MAIN };
export const FLOOR_MAIN = fileURLToPath(new URL("../floor.js", import.meta.url));

export const START_DATE = "2025-01-01T00:00:00Z";

/** The first chats export page a sync from START_DATE asks for (the cache key ignores the order). */
export function chatsExportPath(): string {
  return `incremental/chats?fields=chats(*)&limit=1000&start_time=${Date.parse(START_DATE) / 1000}`;
}

/** The first agent_timeline export page a sync from START_DATE asks for (start_time in µs). */
export function timelineExportPath(): string {
  return `incremental/agent_timeline?fields=agent_timeline(*)&limit=1000&start_time=${Date.parse(START_DATE) * 1000}`;
}
export const INCREMENTAL_STREAMS = ["agents", "bans", "chats", "agent_timeline"];

export function benchConfig(requestsPerMinute: number) {
  return {
    subdomain: "bench",
    start_date: START_DATE,
    requests_per_minute: requestsPerMinute,
    credentials: { credentials: "access_token", access_token: "emulator-access-token" },
  };
}

export class WorkDir {
  readonly path = mkdtempSync(join(tmpdir(), "zendesk-chat-bench-"));

  write(name: string, value: unknown): string {
    const file = join(this.path, name);
    writeFileSync(file, JSON.stringify(value));
    return file;
  }

  file(name: string): string {
    return join(this.path, name);
  }

  remove(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** The discovered catalog configured the Airbyte way (incremental + dedup where supported). */
export async function discoveredCatalog(configFile: string, baseUrl: string) {
  let catalog: { streams: AirbyteMessage[] } | undefined;
  const run = await runConnector(
    ["discover", "--config", configFile],
    { ZENDESK_CHAT_BASE_URL: baseUrl },
    (m) => {
      if (m.type === "CATALOG") catalog = m.catalog;
    },
  );
  if (!catalog) throw new Error(`discover printed no catalog (exit ${run.exitCode}): ${run.stderr}`);
  return configureCatalog(catalog, "preferred");
}

export function onlyStreams(catalog: { streams: AirbyteMessage[] }, names: string[]) {
  return { streams: catalog.streams.filter((s) => names.includes(s.stream.name)) };
}
