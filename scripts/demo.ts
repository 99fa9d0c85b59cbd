// `npm run demo`: the whole job on the embedded emulator, as a user would run it against Zendesk:
// spec → check → discover → full read → (time passes, data changes) → incremental read from the state,
// of both products: Zendesk Chat and, through the config's `support` block, the Zendesk Support tables.
// Output goes to demo-output/ (records per stream as JSONL, states, the summary); progress to stderr.
// demo-output/config.json and configured_catalog.json are the files a user copies as templates.
import { spawn } from "node:child_process";
import { createWriteStream, mkdirSync, rmSync, type WriteStream, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { type Emulator, startEmulator } from "../emulator/index.js";
import { type AirbyteMessage, CONNECTOR_MAIN, runConnector } from "./lib/connector.js";

const OUT = "demo-output";
const progress = (text: string) => process.stderr.write(`[demo] ${text}\n`);

/** Support data of the demo: more tickets than the chats that name one, users and organizations. */
const SUPPORT_SIZES = { tickets: 6000, users: 800, organizations: 120 };

/** The config's `support` block for an emulator: its Support API token, budgets for a quick demo. */
function supportBlock(emulator: Emulator) {
  const { email, apiToken } = emulator.supportCredentials();
  return {
    credentials: { credentials: "api_token", email, api_token: apiToken },
    requests_per_minute: 6000,
    export_requests_per_minute: 1000,
  };
}

/**
 * The join the two products are read together for, on a synced DuckDB file: chats that name a
 * Support ticket, and how many of those tickets the tickets table holds. README "Joining chats to
 * tickets" shows the same query.
 */
const CHAT_TICKET_JOIN_SQL = `SELECT count(*) FILTER (WHERE c.zendesk_ticket_id IS NOT NULL) AS chats_with_ticket,
       count(t.id) AS tickets_found
  FROM chats c LEFT JOIN tickets t ON t.id = c.zendesk_ticket_id`;

/** Every conversation by channel, from the sync's `conversations` view (README, "Every conversation"). */
const CONVERSATIONS_SQL = `SELECT channel, count(*) AS conversations, sum(messages) AS messages
  FROM conversations GROUP BY channel ORDER BY channel`;

async function main() {
  const started = Date.now();
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(join(OUT, "records"), { recursive: true });

  const emulator = await startEmulator({
    seed: 1,
    chats: 5000,
    sameSecondChats: 1200,
    timelineEntries: 1500,
    exportEvents: 3000,
    support: SUPPORT_SIZES,
  });
  progress(
    `emulated Zendesk Chat API at ${emulator.baseUrl}, Zendesk Support API at ${emulator.supportBaseUrl}`,
  );
  const env = { ZENDESK_CHAT_BASE_URL: emulator.baseUrl, ZENDESK_SUPPORT_BASE_URL: emulator.supportBaseUrl };
  const config = {
    // Keys starting with "_" are comments: the connector ignores them.
    _comment:
      "The demo's config for the emulator. For Zendesk: your subdomain and Chat API access token, no requests_per_minute (Zendesk allows 200 a minute, the default); in support, the email and API token of a Support admin, and no budgets (the defaults are the plan's 200 a minute and the exports' 10).",
    subdomain: "demo",
    start_date: "2025-01-01T00:00:00Z",
    credentials: { credentials: "access_token", access_token: emulator.currentAccessToken() },
    requests_per_minute: 6000,
    support: supportBlock(emulator),
  };
  const configPath = join(OUT, "config.json");
  writeFileSync(configPath, JSON.stringify(config, null, 2));
  const db = join(OUT, "zendesk.duckdb");
  const report = join(OUT, "report.html");
  /** The connector's commands for people (sync, report), their progress on this terminal. */
  const cli = async (args: string[]) => {
    const code = await new Promise<number | null>((resolve, reject) => {
      const child = spawn(process.execPath, [CONNECTOR_MAIN, ...args], {
        env: { ...process.env, ...env },
        stdio: ["ignore", "inherit", "inherit"],
      });
      child.on("error", reject);
      child.on("close", resolve);
    });
    if (code !== 0) throw new Error(`${args[0]} exited ${code}`);
  };

  try {
    let spec: AirbyteMessage;
    await runConnector(["spec"], env, (m) => {
      if (m.type === "SPEC") spec = m.spec;
    });
    progress(`spec: ${Object.keys(spec?.connectionSpecification?.properties ?? {}).join(", ")}`);

    let status: AirbyteMessage;
    await runConnector(["check", "--config", configPath], env, (m) => {
      if (m.type === "CONNECTION_STATUS") status = m.connectionStatus;
    });
    progress(`check: ${status?.status}${status?.message ? ` (${status.message})` : ""}`);
    if (status?.status !== "SUCCEEDED") throw new Error("check failed");

    let catalog: AirbyteMessage;
    await runConnector(["discover", "--config", configPath], env, (m) => {
      if (m.type === "CATALOG") catalog = m.catalog;
    });
    progress(`discover: ${catalog.streams.length} streams`);
    // The configured catalog as a user writes it: the connector's own `catalog` helper.
    const catalogPath = join(OUT, "configured_catalog.json");
    const written = await runConnector(
      ["catalog", "--config", configPath, "--out", catalogPath],
      env,
      () => {},
    );
    if (written.exitCode !== 0)
      throw new Error(`catalog exited ${written.exitCode}: ${written.stderr.trim()}`);
    progress(`catalog: ${written.stderr.trim()}`);

    const first = await sync("full", ["read", "--config", configPath, "--catalog", catalogPath], env);
    const statePath = join(OUT, "state.json");
    writeFileSync(statePath, JSON.stringify(first.finalStates, null, 2));
    // The same job without Airbyte, on the same data: `sync` loads it into a DuckDB file.
    await cli(["sync", "--config", configPath, "--to", `duckdb:${db}`]);
    const firstRows = await tableCounts(db);

    emulator.advance({
      seconds: 3600,
      newChats: 40,
      updatedChats: 25,
      newAgents: 2,
      newBans: 3,
      newTimelineEntries: 30,
      newExportEvents: 20,
      newTickets: 30,
      updatedTickets: 20,
      deletedTickets: 2,
      newUsers: 5,
      updatedUsers: 3,
    });
    progress(
      "an hour passes: 40 new chats, 25 updated, 2 agents, 3 bans, 30 timeline entries, 20 items per newer export; 30 new tickets, 20 updated, 2 deleted, 5 new users, 3 updated",
    );
    const second = await sync(
      "incremental",
      ["read", "--config", configPath, "--catalog", catalogPath, "--state", statePath],
      env,
    );
    writeFileSync(join(OUT, "state-after-incremental.json"), JSON.stringify(second.finalStates, null, 2));
    // The DuckDB file's second sync reads the same hour of changes, from the state the file keeps.
    await cli(["sync", "--config", configPath, "--to", `duckdb:${db}`]);
    const rows = await tableCounts(db);
    await cli(["report", "--db", db, "--out", report]);

    const summary = [
      "",
      "Zendesk Chat + Support demo (emulated APIs)",
      "",
      "| stream | full read | incremental read | DuckDB rows after sync 1 | after sync 2 |",
      "|---|---:|---:|---:|---:|",
      ...catalog.streams.map(
        (s: AirbyteMessage) =>
          `| ${s.name} | ${first.counts[s.name] ?? 0} | ${second.counts[s.name] ?? 0} | ${firstRows[s.name] ?? 0} | ${rows[s.name] ?? 0} |`,
      ),
      "",
      "One dataset: the reads and the syncs ran on the same emulated account, before and after the same hour of",
      "changes. A sync's first load has the full read's records; the second reads what the incremental read read,",
      "and merges it on primary keys (an updated record replaces its row), so a table grows by the new records",
      "only; a stream without a cursor is read in full and replaced each time.",
      "",
      `Final state: ${JSON.stringify(Object.fromEntries(second.finalStates.map((s: AirbyteMessage) => [s.stream.stream_descriptor.name, s.stream.stream_state])))}`,
      `Requests: full ${first.requests}, incremental ${second.requests}; duration ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `Output: ${OUT}/records/<stream>.<full|incremental>.jsonl, ${OUT}/state.json, ${OUT}/state-after-incremental.json`,
      `Templates: ${OUT}/config.json (put in your subdomain and tokens; drop "support" for Chat only) and ${OUT}/configured_catalog.json; then`,
      "  npx source-zendesk-chat check --config config.json --exit-code",
      "  npx source-zendesk-chat read --config config.json --catalog configured_catalog.json > messages.jsonl",
      "  npx source-zendesk-chat read --config config.json --catalog configured_catalog.json --state messages.jsonl",
      "",
    ].join("\n");
    writeFileSync(join(OUT, "summary.md"), summary);
    process.stdout.write(summary);
    if (first.errors.length + second.errors.length > 0)
      throw new Error([...first.errors, ...second.errors].join("; "));
  } finally {
    await emulator.close();
  }

  async function sync(label: string, args: string[], env: Record<string, string>) {
    const counts: Record<string, number> = {};
    const files = new Map<string, WriteStream>();
    const states = new Map<string, AirbyteMessage>();
    const errors: string[] = [];
    const before = emulator.stats().requests;
    let lastReport = Date.now();
    const run = await runConnector(args, env, (m) => {
      if (m.type === "RECORD") {
        const stream = m.record.stream;
        counts[stream] = (counts[stream] ?? 0) + 1;
        let file = files.get(stream);
        if (!file) {
          file = createWriteStream(join(OUT, "records", `${stream}.${label}.jsonl`));
          files.set(stream, file);
        }
        file.write(`${JSON.stringify(m.record.data)}\n`);
        if (Date.now() - lastReport > 1000) {
          lastReport = Date.now();
          progress(`${label} read: ${Object.values(counts).reduce((a, b) => a + b, 0)} records so far`);
        }
      } else if (m.type === "STATE") {
        states.set(m.state.stream.stream_descriptor.name, { type: "STREAM", stream: m.state.stream });
      } else if (m.type === "TRACE" && m.trace.type === "ESTIMATE") {
        const { name, row_estimate } = m.trace.estimate;
        progress(`${label} read: ${name} ${counts[name] ?? 0} of about ${row_estimate} rows`);
      } else if (m.type === "TRACE" && m.trace.type === "ERROR") {
        errors.push(m.trace.error.message);
      }
    });
    await Promise.all([...files.values()].map((f) => new Promise((r) => f.end(r))));
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    progress(`${label} read: ${total} records, exit ${run.exitCode}`);
    if (run.exitCode !== 0) errors.push(`${label} read exited ${run.exitCode}`);
    return {
      counts,
      finalStates: [...states.values()],
      errors,
      requests: emulator.stats().requests - before,
    };
  }

  // The chats that name a Support ticket, joined on the DuckDB file.
  {
    const conversations = await conversationsByChannel(db);
    const joined = await chatTicketJoin(db);
    process.stdout.write(
      [
        `DuckDB file: ${db} (look into it: npx source-zendesk-chat query --db ${db} "SHOW TABLES")`,
        `KPI report: ${report} (open it in a browser)`,
        "",
        "Chats joined to their Support tickets (chats.zendesk_ticket_id = tickets.id) in the DuckDB file:",
        ...CHAT_TICKET_JOIN_SQL.split("\n").map((line) => `  ${line}`),
        `  → ${joined.chatsWithTicket} of ${joined.chats} chats name a ticket; ${joined.ticketsFound} of those tickets are in tickets (${joined.tickets} rows)${
          joined.ticketsFound < joined.chatsWithTicket
            ? `, ${joined.chatsWithTicket - joined.ticketsFound} not found`
            : ""
        }`,
        "",
        "Every conversation, legacy chat or ticket chat and messaging session, in the conversations view:",
        ...CONVERSATIONS_SQL.split("\n").map((line) => `  ${line}`),
        ...conversations.map(
          (c) => `  → ${c.channel}: ${c.conversations} conversations, ${c.messages} messages`,
        ),
        "",
      ].join("\n"),
    );
    // Every emulated chat names a ticket the emulator serves, so an empty join means a broken load.
    if (joined.chatsWithTicket === 0 || joined.ticketsFound === 0)
      throw new Error(
        `the chats-to-tickets join found ${joined.ticketsFound} of ${joined.chatsWithTicket} tickets`,
      );
  }
}

/** Rows per table of the DuckDB file (the loader's own _airbyte_ tables left out). */
async function tableCounts(db: string): Promise<Record<string, number>> {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    const tables = (
      await connection.runAndReadAll(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_name NOT LIKE '\\_airbyte\\_%' ESCAPE '\\'",
      )
    ).getRowObjectsJS() as Array<{ table_name: string }>;
    const counts: Record<string, number> = {};
    for (const { table_name: name } of tables) {
      const row = (
        await connection.runAndReadAll(`SELECT count(*) AS n FROM "${name}"`)
      ).getRowObjectsJS()[0];
      counts[name] = Number(row?.n ?? 0);
    }
    return counts;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The conversations view's rows by channel. */
async function conversationsByChannel(
  db: string,
): Promise<Array<{ channel: string; conversations: number; messages: number }>> {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    const rows = (await connection.runAndReadAll(CONVERSATIONS_SQL)).getRowObjectsJS();
    return rows.map((r) => ({
      channel: String(r.channel),
      conversations: Number(r.conversations),
      messages: Number(r.messages),
    }));
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The join's counts on a DuckDB file (plus the table sizes for context). */
async function chatTicketJoin(db: string) {
  const instance = await DuckDBInstance.create(db);
  const connection = await instance.connect();
  try {
    const row = (
      await connection.runAndReadAll(
        `SELECT j.*, (SELECT count(*) FROM chats) AS chats, (SELECT count(*) FROM tickets) AS tickets
         FROM (${CHAT_TICKET_JOIN_SQL}) j`,
      )
    ).getRowObjectsJS()[0] as Record<string, bigint>;
    return {
      chatsWithTicket: Number(row.chats_with_ticket),
      ticketsFound: Number(row.tickets_found),
      chats: Number(row.chats),
      tickets: Number(row.tickets),
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

main().catch((error) => {
  process.stderr.write(`[demo] FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
