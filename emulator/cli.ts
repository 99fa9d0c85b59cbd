/**
 * Run the emulator as a process:
 *   node build/emulator/cli.js --port 8080 --seed 1 --chats 10000
 * Prints the base URL as one line on stdout (scripts read it); everything else goes to stderr.
 * Stops on SIGINT/SIGTERM. Drive it from elsewhere through /_emulator/ (see admin.ts).
 */
import { parseArgs } from "node:util";
import { startEmulator } from "./index.js";
import type { Emulator, EmulatorOptions } from "./types.js";

const USAGE = `usage: cli.js [--port N] [--seed N] [--chats N] [--agents N] [--bans N]
  [--timeline-entries N] [--same-second-chats N] [--now ISO] [--access-token T]
  [--rate-limit REQUESTS/WINDOW_MS] [--paging real|ideal] [--timeline-boundary inclusive|exclusive]
  [--bans-paging per_list|together]
  [--next-page-always (deprecated, with --paging ideal)] [--cache-bodies] [--log]
  [--support-tickets N] [--support-users N] [--support-organizations N]
  [--support-rate-limit REQUESTS/WINDOW_MS] [--support-role admin|agent] [--support-full-pages]
  The Support API is served at <origin>/api/v2 (its URL and credentials are printed on stderr).
  --cache-bodies: bench mode, a repeated request is answered from a cache of serialised bodies
    (POST /_emulator/cache/warm {"url": "incremental/chats?..."} fills it ahead; GET /_emulator/cache)`;

function int(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} must be a non-negative integer, got ${raw}`);
  return n;
}

function oneOf<T extends string>(
  name: string,
  raw: string | undefined,
  allowed: readonly T[],
): T | undefined {
  if (raw === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new Error(`--${name} must be one of ${allowed.join(", ")}, got ${raw}`);
  }
  return raw as T;
}

function parseOptions(argv: string[]): EmulatorOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      port: { type: "string" },
      seed: { type: "string" },
      chats: { type: "string" },
      agents: { type: "string" },
      bans: { type: "string" },
      "timeline-entries": { type: "string" },
      "same-second-chats": { type: "string" },
      now: { type: "string" },
      "access-token": { type: "string" },
      "rate-limit": { type: "string" },
      paging: { type: "string" },
      "timeline-boundary": { type: "string" },
      "bans-paging": { type: "string" },
      "next-page-always": { type: "boolean" },
      "cache-bodies": { type: "boolean" },
      log: { type: "boolean" },
      "support-tickets": { type: "string" },
      "support-users": { type: "string" },
      "support-organizations": { type: "string" },
      "support-rate-limit": { type: "string" },
      "support-role": { type: "string" },
      "support-full-pages": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stderr.write(`${USAGE}\n`);
    process.exit(0);
  }
  const limit = (name: string, raw: string | undefined): EmulatorOptions["rateLimit"] => {
    if (!raw) return null;
    const m = /^(\d+)\/(\d+)$/.exec(raw);
    if (!m) throw new Error(`--${name} must look like 200/60000 (requests/windowMs)`);
    return { requests: Number(m[1]), windowMs: Number(m[2]) };
  };
  const rateLimit = limit("rate-limit", values["rate-limit"]);
  return {
    port: int("port", values.port),
    seed: int("seed", values.seed),
    chats: int("chats", values.chats),
    agents: int("agents", values.agents),
    bans: int("bans", values.bans),
    timelineEntries: int("timeline-entries", values["timeline-entries"]),
    sameSecondChats: int("same-second-chats", values["same-second-chats"]),
    now: values.now,
    accessToken: values["access-token"],
    rateLimit,
    paging: oneOf("paging", values.paging, ["real", "ideal"] as const),
    timelineBoundary: oneOf("timeline-boundary", values["timeline-boundary"], [
      "inclusive",
      "exclusive",
    ] as const),
    bansPaging: oneOf("bans-paging", values["bans-paging"], ["per_list", "together"] as const),
    nextPageAlways: values["next-page-always"] ?? false,
    cacheBodies: values["cache-bodies"] ?? false,
    logRequests: values.log ?? false,
    support: {
      tickets: int("support-tickets", values["support-tickets"]),
      users: int("support-users", values["support-users"]),
      organizations: int("support-organizations", values["support-organizations"]),
    },
    supportRateLimit: limit("support-rate-limit", values["support-rate-limit"]),
    supportRole: oneOf("support-role", values["support-role"], ["admin", "agent"] as const),
    supportShortPages: !(values["support-full-pages"] ?? false),
  };
}

async function main(): Promise<void> {
  let options: EmulatorOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n${USAGE}\n`);
    process.exit(2);
  }
  let emulator: Emulator;
  try {
    emulator = await startEmulator(options);
  } catch (err) {
    const message = listenFailure(err, options.port ?? 0);
    if (message === null) throw err;
    // A busy port is a usage problem, not a crash: one line, no stack.
    process.stderr.write(`${message}\n`);
    process.exit(1);
  }
  process.stdout.write(`${emulator.baseUrl}\n`);
  process.stderr.write(
    `zendesk-chat emulator listening on ${emulator.origin} (seed ${options.seed ?? 1}, ` +
      `${emulator.count("chats")} chats, clock ${emulator.now().toISOString()}, token ${emulator.currentAccessToken()}, ` +
      `paging ${emulator.paging}, agent_timeline boundary ${emulator.timelineBoundary}${options.cacheBodies ? ", body cache on" : ""})\n`,
  );
  const sc = emulator.supportCredentials();
  process.stderr.write(
    `zendesk-support API at ${emulator.supportBaseUrl} (email ${sc.email}, api token ${sc.apiToken}, ` +
      `access token ${sc.accessToken}, OAuth client ${sc.clientId}/${sc.clientSecret}, refresh token ${sc.refreshToken}; ` +
      `token endpoint ${emulator.origin}/oauth/tokens)\n`,
  );
  const stop = (signal: string) => {
    process.stderr.write(`emulator: ${signal}, shutting down\n`);
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

/** The one-line message for a port we cannot listen on, or null for other errors. */
function listenFailure(err: unknown, port: number): string | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === "EADDRINUSE") return `emulator: port ${port} is already in use; pick another with --port`;
  if (code === "EACCES") return `emulator: no permission to listen on port ${port}; pick another with --port`;
  return null;
}

main().catch((err: unknown) => {
  process.stderr.write(
    `emulator failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
  );
  process.exit(1);
});
