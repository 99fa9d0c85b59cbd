import { truncateSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { tempDir } from "../helpers/cli.js";
import { accessTokenConfig, catalogFor, withEmulator } from "../helpers/emulator.js";
import { expectNoStackTrace, runCli } from "./helpers.js";

// Every way a config, catalog or state can be wrong gives exactly one clear TRACE ERROR (config_error)
// naming the file or the field, a non-zero exit, and no stack trace.

const EMPTY = Symbol("empty file");
const HUGE = Symbol("file over 50 MB");
const MISSING = Symbol("no such file");
type FileSpec = unknown | typeof EMPTY | typeof HUGE | typeof MISSING | { raw: string };

interface Case {
  name: string;
  config?: (base: Record<string, unknown>) => FileSpec;
  catalog?: FileSpec;
  state?: FileSpec;
  command?: "read" | "check" | "discover";
  /** What the message must say; FILE is replaced by the path of the faulty file. */
  message: RegExp | ((file: string) => RegExp);
  faulty: "config" | "catalog" | "state";
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const namesFile = (what: string) => (file: string) => new RegExp(`${what}.*${esc(file)}|${esc(file)}.*`, "s");
const chats = catalogFor(["chats"], "incremental");
const chatsEntry = chats.streams[0] as Record<string, unknown>;

const CASES: Case[] = [
  // config
  {
    name: "config: not JSON",
    faulty: "config",
    config: () => ({ raw: "{subdomain: acme" }),
    message: namesFile("not valid JSON"),
  },
  { name: "config: empty file", faulty: "config", config: () => EMPTY, message: namesFile("is empty") },
  {
    name: "config: missing file",
    faulty: "config",
    config: () => MISSING,
    message: namesFile("Cannot read the config file"),
  },
  { name: "config: over 50 MB", faulty: "config", config: () => HUGE, message: namesFile("the limit is") },
  {
    name: "config: a list, not an object",
    faulty: "config",
    config: () => [1, 2],
    message: /config must be a JSON object/,
  },
  {
    name: "config: subdomain is a number",
    faulty: "config",
    config: (c) => ({ ...c, subdomain: 42 }),
    message: /subdomain/,
  },
  {
    name: "config: subdomain is a URL",
    faulty: "config",
    config: (c) => ({ ...c, subdomain: "https://acme.zendesk.com" }),
    message: /subdomain.*not a URL/,
  },
  {
    name: "config: no credentials",
    faulty: "config",
    config: (c) => ({ ...c, credentials: undefined }),
    message: /credentials/,
  },
  {
    name: "config: unknown credentials type",
    faulty: "config",
    config: (c) => ({ ...c, credentials: { credentials: "api_key", access_token: "x-1234" } }),
    message: /credentials\.credentials must be 'access_token' or 'oauth2\.0'/,
  },
  {
    name: "config: empty access_token",
    faulty: "config",
    config: (c) => ({ ...c, credentials: { credentials: "access_token", access_token: "" } }),
    message: /credentials\.access_token/,
  },
  {
    name: "config: oauth without client_secret",
    faulty: "config",
    config: (c) => ({
      ...c,
      credentials: { credentials: "oauth2.0", client_id: "cid-1234", access_token: "tok-12345" },
    }),
    message: /client_secret/,
  },
  {
    name: "config: requests_per_minute is a string",
    faulty: "config",
    config: (c) => ({ ...c, requests_per_minute: "fast" }),
    message: /requests_per_minute/,
  },
  {
    name: "config: requests_per_minute is 0",
    faulty: "config",
    config: (c) => ({ ...c, requests_per_minute: 0 }),
    message: /requests_per_minute must be at least 1/,
  },
  {
    name: "config: start_date not a date-time",
    faulty: "config",
    config: (c) => ({ ...c, start_date: "01/02/2024" }),
    message: /start_date/,
  },
  {
    name: "config: start_date in the future",
    faulty: "config",
    config: (c) => ({ ...c, start_date: "2999-01-01T00:00:00Z" }),
    message: /start_date .* in the future/,
  },
  {
    name: "config: bad (check)",
    faulty: "config",
    command: "check",
    config: (c) => ({ ...c, subdomain: "acme.zendesk.com" }),
    message: /subdomain/,
  },
  {
    name: "config: bad (discover)",
    faulty: "config",
    command: "discover",
    config: () => ({ raw: "[" }),
    message: namesFile("not valid JSON"),
  },
  // catalog
  {
    name: "catalog: not JSON",
    faulty: "catalog",
    catalog: { raw: '{"streams": [' },
    message: namesFile("not valid JSON"),
  },
  { name: "catalog: empty file", faulty: "catalog", catalog: EMPTY, message: namesFile("is empty") },
  { name: "catalog: over 50 MB", faulty: "catalog", catalog: HUGE, message: namesFile("the limit is") },
  {
    name: "catalog: no streams list",
    faulty: "catalog",
    catalog: { stream: [] },
    message: namesFile("'streams' array"),
  },
  {
    name: "catalog: unknown stream",
    faulty: "catalog",
    catalog: catalogFor(["nope" as "chats"]),
    message: /unknown stream 'nope'/,
  },
  {
    name: "catalog: duplicate stream",
    faulty: "catalog",
    catalog: { streams: [chatsEntry, chatsEntry] },
    message: /'chats' twice/,
  },
  {
    name: "catalog: incremental on a full-refresh-only stream",
    faulty: "catalog",
    catalog: { streams: [{ ...catalogFor(["departments"]).streams[0], sync_mode: "incremental" }] },
    message: /'departments' supports full_refresh only/,
  },
  {
    name: "catalog: cursor field not in the schema",
    faulty: "catalog",
    catalog: { streams: [{ ...chatsEntry, cursor_field: ["no_such_field"] }] },
    message: /'chats'.*cursor 'update_timestamp'.*no_such_field/,
  },
  {
    name: "catalog: unknown sync_mode",
    faulty: "catalog",
    catalog: { streams: [{ ...chatsEntry, sync_mode: "sometimes" }] },
    message: /sync_mode "sometimes"/,
  },
  {
    name: "catalog: cursor_field not a list",
    faulty: "catalog",
    catalog: { streams: [{ ...chatsEntry, cursor_field: "update_timestamp" }] },
    message: /cursor_field must be an array/,
  },
  {
    name: "catalog: stream without a name",
    faulty: "catalog",
    catalog: { streams: [{ stream: {}, sync_mode: "full_refresh" }] },
    message: /streams\[0\].*'name'/,
  },
  // state
  { name: "state: not JSON", faulty: "state", state: { raw: "[{" }, message: namesFile("not valid JSON") },
  { name: "state: empty file", faulty: "state", state: EMPTY, message: namesFile("is empty") },
  { name: "state: over 50 MB", faulty: "state", state: HUGE, message: namesFile("the limit is") },
  { name: "state: a number", faulty: "state", state: 42, message: namesFile("expected a JSON list") },
  {
    name: "state: entry without stream_descriptor",
    faulty: "state",
    state: [{ type: "STREAM", stream: { stream_state: {} } }],
    message: /no stream_descriptor/,
  },
  {
    name: "state: cursor is not a date",
    faulty: "state",
    state: [
      {
        type: "STREAM",
        stream: { stream_descriptor: { name: "chats" }, stream_state: { update_timestamp: "yesterday" } },
      },
    ],
    message: /cursor 'update_timestamp'.*"yesterday"/,
  },
  {
    name: "state: id cursor negative",
    faulty: "state",
    catalog: catalogFor(["agents"], "incremental"),
    state: [{ type: "STREAM", stream: { stream_descriptor: { name: "agents" }, stream_state: { id: -5 } } }],
    message: /cursor 'id' must be a non-negative integer/,
  },
  {
    name: "state: stream_state not an object",
    faulty: "state",
    state: [{ type: "STREAM", stream: { stream_descriptor: { name: "chats" }, stream_state: "2024" } }],
    message: /stream_state of 'chats' must be an object/,
  },
];

describe("bad config, catalog and state: one clear config_error each", () => {
  let emulator: Emulator;
  let dir: string;
  beforeAll(async () => {
    // Nothing should reach it; it is there so that no request could ever leave the machine.
    emulator = await withEmulator({ seed: 61, chats: 10 });
    dir = tempDir("zdc-bad-input-");
  });
  afterAll(() => {
    console.log(`[reliability] bad input: ${CASES.length} cases`);
    return emulator?.close();
  });

  it("has at least 20 cases", () => expect(CASES.length).toBeGreaterThanOrEqual(20));

  it.each(CASES.map((c, i) => [c.name, c, i] as const))("%s", async (_name, testCase, index) => {
    const write = (what: string, spec: FileSpec): string => {
      const path = join(dir, `${index}-${what}.json`);
      if (spec === MISSING) return path;
      if (spec === EMPTY) writeFileSync(path, "");
      else if (spec === HUGE) {
        writeFileSync(path, "");
        truncateSync(path, 50 * 1024 * 1024 + 1); // sparse: costs no disk or time
      } else if (typeof spec === "object" && spec !== null && "raw" in spec)
        writeFileSync(path, String(spec.raw));
      else writeFileSync(path, JSON.stringify(spec));
      return path;
    };
    const base = accessTokenConfig(emulator, {
      credentials: { credentials: "access_token", access_token: "bad-input-secret-5150" },
    });
    const files = {
      config: write("config", testCase.config ? testCase.config(base) : base),
      catalog: write("catalog", testCase.catalog ?? chats),
      ...(testCase.state !== undefined ? { state: write("state", testCase.state) } : {}),
    };
    const command = testCase.command ?? "read";
    const args = [command, "--config", files.config];
    if (command === "read") args.push("--catalog", files.catalog);
    if (files.state) args.push("--state", files.state);
    const result = await runCli(args, { env: { ZENDESK_CHAT_BASE_URL: emulator.baseUrl } });

    // A bad config makes `check` report FAILED and exit 0 (Airbyte's convention; --exit-code gates CI);
    // every other command exits non-zero.
    if (command === "check") expect(result.exitCode, result.stderr).toBe(0);
    else expect(result.exitCode, result.stderr).not.toBe(0);
    const errors = result.traces("ERROR");
    expect(errors, JSON.stringify(result.messages)).toHaveLength(1);
    const error = errors[0].error;
    expect(error.failure_type).toBe("config_error");
    const file = files[testCase.faulty] as string;
    const pattern = typeof testCase.message === "function" ? testCase.message(file) : testCase.message;
    expect(error.message).toMatch(pattern);
    if (typeof testCase.message === "function") expect(error.message).toContain(file);
    // One line, for people; no stack trace anywhere.
    expect(error.message).not.toContain("\n");
    expectNoStackTrace(result);
    expect(result.stderr).not.toMatch(/ {4}at /);
    expect(result.stdout + result.stderr).not.toContain("bad-input-secret-5150");
    expect(emulator.stats().requests).toBe(0);
    if (command === "check")
      expect(result.messages.find((m) => m.type === "CONNECTION_STATUS")?.connectionStatus.status).toBe(
        "FAILED",
      );
  });
});
