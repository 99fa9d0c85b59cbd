/**
 * The floor of the throughput benchmark: the least a chats sync can do. It fetches the same pages as
 * the connector (incremental/chats, fields=chats(*), limit=1000, following next_page) with undici,
 * parses each body and writes every record as one JSON line to stdout, honouring backpressure. Like
 * the connector it requests the next page before writing the current one, so the comparison measures
 * the connector's per-record overhead, not a different pipeline shape.
 *
 *   ZENDESK_CHAT_BASE_URL=http://127.0.0.1:PORT/api/v2/chat node build/bench/floor.js [start_time]
 */
import { Agent, request } from "undici";

const base = process.env.ZENDESK_CHAT_BASE_URL;
if (!base) {
  process.stderr.write("floor: set ZENDESK_CHAT_BASE_URL\n");
  process.exit(2);
}
const token = process.env.ZENDESK_CHAT_ACCESS_TOKEN ?? "emulator-access-token";
const startTime = process.argv[2] ?? String(Date.parse("2025-01-01T00:00:00Z") / 1000);
const dispatcher = new Agent({ keepAliveTimeout: 30_000 });

interface Page {
  chats: Record<string, unknown>[];
  next_page: string | null;
}

async function fetchPage(url: string): Promise<Page> {
  const response = await request(url, {
    dispatcher,
    headers: { authorization: `Bearer ${token}`, accept: "application/json" },
  });
  const text = await response.body.text();
  if (response.statusCode !== 200)
    throw new Error(`HTTP ${response.statusCode} on ${url}: ${text.slice(0, 200)}`);
  return JSON.parse(text) as Page;
}

function write(chunk: string): Promise<void> {
  if (process.stdout.write(chunk)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once("drain", resolve));
}

async function main(): Promise<void> {
  let pending: Promise<Page> | undefined = fetchPage(
    `${base}/incremental/chats?fields=${encodeURIComponent("chats(*)")}&limit=1000&start_time=${startTime}`,
  );
  let records = 0;
  while (pending) {
    const page: Page = await pending;
    // Like the real API (and the connector): a short page is not the end, only an empty one is.
    const more = page.chats.length > 0 && page.next_page;
    pending = more ? fetchPage(page.next_page as string) : undefined;
    let chunk = "";
    for (const record of page.chats) chunk += `${JSON.stringify(record)}\n`;
    records += page.chats.length;
    await write(chunk);
  }
  await dispatcher.close();
  process.stderr.write(`floor: ${records} records\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`floor failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
