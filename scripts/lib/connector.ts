import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const CONNECTOR_MAIN = fileURLToPath(new URL("../../../dist/main.js", import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: Airbyte messages, read by type.
export type AirbyteMessage = any;

export interface ConnectorRun {
  exitCode: number | null;
  stderr: string;
  messages: number;
}

/**
 * Runs the connector CLI and hands each stdout message to `onMessage` as it arrives (nothing is
 * buffered, so a million records cost no memory here). A non-JSON stdout line is an error.
 */
export function runConnector(
  args: string[],
  env: Record<string, string>,
  onMessage: (message: AirbyteMessage) => void,
): Promise<ConnectorRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CONNECTOR_MAIN, ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    let count = 0;
    let badLine: string | undefined;
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const lines = createInterface({ input: child.stdout, crlfDelay: Number.POSITIVE_INFINITY });
    lines.on("line", (line) => {
      if (line === "") return;
      let message: AirbyteMessage;
      try {
        message = JSON.parse(line);
      } catch {
        badLine ??= line.slice(0, 200);
        return;
      }
      count += 1;
      onMessage(message);
    });
    child.on("error", reject);
    child.on("close", (exitCode) => {
      if (badLine) reject(new Error(`connector printed a non-JSON line on stdout: ${badLine}`));
      else resolve({ exitCode, stderr, messages: count });
    });
  });
}

/** A configured catalog from a discovered one: incremental + dedup where supported, else full refresh. */
export function configureCatalog(
  discovered: { streams: AirbyteMessage[] },
  mode: "preferred" | "full_refresh",
) {
  return {
    streams: discovered.streams.map((stream) => {
      const incremental = mode === "preferred" && stream.supported_sync_modes.includes("incremental");
      return {
        stream,
        sync_mode: incremental ? "incremental" : "full_refresh",
        destination_sync_mode: incremental ? "append_dedup" : "overwrite",
        ...(incremental ? { cursor_field: stream.default_cursor_field } : {}),
        ...(stream.source_defined_primary_key ? { primary_key: stream.source_defined_primary_key } : {}),
      };
    }),
  };
}
