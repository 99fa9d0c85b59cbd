import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { type Emulator, startEmulator } from "../../emulator/index.js";
import { Problems } from "../../scripts/acceptance/assert.js";
import { AcceptanceContext, buildChecks, parseAcceptanceConfig } from "../../scripts/acceptance/index.js";
import { nonIntegerLiteralPaths } from "../../scripts/acceptance/json-lexer.js";
import { projectRoot } from "../../scripts/acceptance/paths.js";
import { specBreakingChanges } from "../../scripts/acceptance/spec.js";
import { isCatDateTime, strictValidator } from "../../scripts/acceptance/validation.js";
import { ACCEPTANCE_EMULATOR_OPTIONS } from "../../scripts/generate-expected-records.js";

// The runner must catch a broken connector: a wrapper (fixtures/broken-connector.mjs) runs the real
// CLI and breaks one thing (BROKEN_MODE); the matching check must fail, with a message saying what.

const root = projectRoot();
const FIXTURE = join(root, "test", "acceptance", "fixtures", "broken-connector.mjs");

let emulator: Emulator;
let configFile: string;
let dir: string | undefined;

beforeAll(async () => {
  emulator = await startEmulator(ACCEPTANCE_EMULATOR_OPTIONS);
  // The project's acceptance config, with a connector config that skips the rate limiter's spacing
  // (these tests are about the runner, not the connector's pace).
  dir = mkdtempSync(join(tmpdir(), "acceptance-self-test-"));
  const sample = JSON.parse(readFileSync(join(root, "integration_tests/sample_config.json"), "utf8"));
  const fastConfig = join(dir, "config.json");
  writeFileSync(fastConfig, JSON.stringify({ ...sample, requests_per_minute: 10_000 }));
  const text = readFileSync(join(root, "acceptance-test-config.yml"), "utf8").replaceAll(
    '"integration_tests/sample_config.json"',
    JSON.stringify(fastConfig),
  );
  // The incremental checks on the Chat-only connection: the breakages below are the same whatever
  // the streams, and replaying every Support checkpoint too would double this file's time. (The
  // Support connection's incremental checks run in acceptance.test.ts.)
  const config = parse(text);
  for (const test of config.acceptance_tests.incremental.tests) {
    test.config_path = "integration_tests/chat_only_config.json";
    test.configured_catalog_path = "integration_tests/configured_catalog_chat_only.json";
  }
  configFile = join(dir, "acceptance-test-config.yml");
  writeFileSync(configFile, stringify({ ...config, base_path: root }));
});

afterAll(async () => {
  await emulator?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function brokenContext(mode: string): AcceptanceContext {
  return new AcceptanceContext({
    configFile,
    launcher: { kind: "local", command: [process.execPath, FIXTURE] },
    env: {
      ZENDESK_CHAT_BASE_URL: emulator.baseUrl,
      ZENDESK_SUPPORT_BASE_URL: emulator.supportBaseUrl,
      BROKEN_MODE: mode,
    },
  });
}

/** Runs the checks whose name starts with `prefix`; returns the first failure's message (or undefined). */
async function runCheck(ctx: AcceptanceContext, prefix: string): Promise<string | undefined> {
  const check = buildChecks(ctx.config).find((c) => c.name.startsWith(prefix));
  if (!check) throw new Error(`no check named ${prefix}…`);
  try {
    await check.run(ctx);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe("the acceptance runner catches a broken connector", () => {
  it("the wrapper itself is faithful: with no breakage the checks pass", async () => {
    const ctx = brokenContext("");
    expect(await runCheck(ctx, "spec: secret-named fields")).toBeUndefined();
    expect(await runCheck(ctx, "connection #2")).toBeUndefined();
    expect(await runCheck(ctx, "connection #3")).toBeUndefined();
    expect(await runCheck(ctx, "connection #5")).toBeUndefined();
    expect(
      await runCheck(ctx, "catalog: integration_tests/configured_catalog_chat_only.json"),
    ).toBeUndefined();
    expect(await runCheck(ctx, "basic_read: records match their stream schemas")).toBeUndefined();
    expect(await runCheck(ctx, "basic_read: STREAM_STATUS")).toBeUndefined();
    expect(await runCheck(ctx, "basic_read: STATE messages")).toBeUndefined();
    expect(await runCheck(ctx, "incremental: replaying each checkpoint")).toBeUndefined();
    expect(await runCheck(ctx, "protocol:")).toBeUndefined();
  }, 300_000); // the replay runs the CLI once per checkpoint of every stream

  it("spec: a secret field without airbyte_secret", async () => {
    const message = await runCheck(brokenContext("secret-unmarked"), "spec: secret-named fields");
    expect(message).toMatch(
      /credentials\.oneOf\[0\]\.properties\.access_token is named like a secret but lacks airbyte_secret/,
    );
  });

  it("connection: a bad token reported as SUCCEEDED", async () => {
    const message = await runCheck(brokenContext("check-always-succeeds"), "connection #2");
    expect(message).toMatch(/expected CONNECTION_STATUS FAILED, got SUCCEEDED/);
  });

  it("connection: a FAILED check that also exits 1", async () => {
    const message = await runCheck(brokenContext("check-failed-exits-1"), "connection #2");
    expect(message).toMatch(/check must exit 0 when it reports FAILED .*exited 1/);
  });

  it("connection: an invalid config answered with an error and SUCCEEDED", async () => {
    const message = await runCheck(brokenContext("check-always-succeeds"), "connection #3");
    expect(message).toMatch(/expected CONNECTION_STATUS FAILED, got SUCCEEDED/);
  });

  it("connection: a Support token Zendesk refuses, not checked", async () => {
    const message = await runCheck(brokenContext("check-ignores-support"), "connection #5");
    expect(message).toMatch(/expected CONNECTION_STATUS FAILED, got SUCCEEDED/);
  });

  it("discover: Support streams listed for a config without a support block", async () => {
    const message = await runCheck(
      brokenContext("discover-always-support"),
      "catalog: integration_tests/configured_catalog_chat_only.json",
    );
    expect(message).toMatch(
      /tickets is discovered but not in integration_tests\/configured_catalog_chat_only\.json/,
    );
    expect(message).toMatch(/tags is discovered but not in/);
    expect(message).not.toMatch(/chats/); // the Chat streams are as they should be
  });

  it("basic_read: a Support record missing", async () => {
    const message = await runCheck(brokenContext("drop-first-ticket"), "basic_read: records equal");
    expect(message).toMatch(/tickets: expected 1100 records, got 1099; 1 missing \(e\.g\. \{/);
    expect(message).toMatch(/records differ from integration_tests\/expected_records\.jsonl \(1\)/);
  });

  it("discover: a schema missing a field the records carry", async () => {
    const ctx = brokenContext("discover-drops-field");
    const message = await runCheck(ctx, "basic_read: records have no top-level fields missing");
    expect(message).toMatch(/chats record .*field 'visitor' is not declared in the chats schema/);
  });

  it("basic_read: 1.0 where the schema says integer", async () => {
    const message = await runCheck(
      brokenContext("float-integer"),
      "basic_read: records match their stream schemas",
    );
    expect(message).toMatch(/agents record .*\/id must be integer \(the raw JSON has a fraction/);
  });

  it("basic_read: an empty {} record", async () => {
    const message = await runCheck(
      brokenContext("empty-record"),
      "basic_read: records match their stream schemas",
    );
    expect(message).toMatch(/routing_settings record \(stdout line \d+\): its data is empty \(\{\}\)/);
  });

  it("basic_read: a STREAM_STATUS for a stream outside the catalog", async () => {
    const message = await runCheck(brokenContext("status-unknown-stream"), "basic_read: STREAM_STATUS");
    expect(message).toMatch(
      /ghost_stream: STREAM_STATUS STARTED for a stream that is not in the configured catalog/,
    );
    expect(message).not.toMatch(/accounts:/); // the configured streams' own statuses are fine
  });

  it("basic_read: no STREAM_STATUS", async () => {
    const message = await runCheck(brokenContext("no-stream-status"), "basic_read: STREAM_STATUS");
    expect(message).toMatch(/accounts: no STREAM_STATUS at all/);
  });

  it("basic_read: LEGACY state messages", async () => {
    const message = await runCheck(brokenContext("legacy-state"), "basic_read: STATE messages");
    expect(message).toMatch(/a LEGACY \(no type\) state/);
    expect(message).toMatch(/without sourceStats\.recordCount/);
  });

  it("basic_read: GLOBAL state messages from a per-stream source", async () => {
    const message = await runCheck(brokenContext("global-state"), "basic_read: STATE messages");
    expect(message).toMatch(/a GLOBAL state from a per-stream source \(expected STREAM\)/);
    expect(message).not.toMatch(/without sourceStats/); // sourceStats kept: the type alone fails it
  });

  it("basic_read: a STATE for a stream outside the catalog", async () => {
    const message = await runCheck(brokenContext("state-unknown-stream"), "basic_read: STATE messages");
    expect(message).toMatch(/a STATE for a stream that is not in the configured catalog: .*"ghost_stream"/);
    expect(message).toMatch(/STATE message problems \(1\)/); // the configured streams' states are fine
  });

  it("full_refresh: emitted_at that is not the emission time", async () => {
    const message = await runCheck(brokenContext("constant-emitted-at"), "full_refresh #1: every emitted_at");
    expect(message).toMatch(/emitted_at must be the real emission time in ms: read 1 ends at 1700000000000/);
  });

  it("incremental: a state that goes backwards", async () => {
    const message = await runCheck(
      brokenContext("state-backwards"),
      "incremental: states never go backwards",
    );
    expect(message).toMatch(/agents: state went backwards: id \d+ then \d+/);
    expect(message).toMatch(
      /chats: state went backwards: update_timestamp 2026-05-31T10:21:24Z then 2026-05-30T10:21:24.000Z/,
    );
  });

  it("incremental: a connector that ignores --state", async () => {
    const message = await runCheck(
      brokenContext("ignores-state"),
      "incremental: a read from the final state",
    );
    expect(message).toMatch(
      /chats: 299 of 300 records are older than the state \S+Z \(first: stdout line \d+: update_timestamp/,
    );
  });

  it("incremental: replaying checkpoints with --state ignored", async () => {
    const message = await runCheck(brokenContext("ignores-state"), "incremental: replaying each checkpoint");
    expect(message).toMatch(
      /chats from the checkpoint \{"update_timestamp":"[^"]+".*\} \(stdout line \d+\): returned exactly the 300 records of read 1: the state is not used/,
    );
    expect(message).toMatch(/agents from the checkpoint \{"id":\d+\} .*: the state is not used/);
  }, 300_000); // the replay runs the CLI once per checkpoint of every stream

  it("incremental: replaying checkpoints from a rewound state", async () => {
    const message = await runCheck(brokenContext("state-rewound"), "incremental: replaying each checkpoint");
    expect(message).toMatch(
      /chats: \d+ of \d+ records are older than the checkpoint \(stdout line \d+\) \S+Z \(first: stdout line \d+: update_timestamp/,
    );
    expect(message).not.toMatch(/the state is not used/); // it is used, just wrongly
    expect(message).not.toMatch(/expected at least/); // nothing is skipped: it re-reads, it does not lose
  }, 300_000); // the replay runs the CLI once per checkpoint of every stream

  it("incremental: resuming from a checkpoint loses records", async () => {
    const message = await runCheck(
      brokenContext("drop-first-record-on-resume"),
      "incremental: replaying each checkpoint",
    );
    expect(message).toMatch(
      /agents from the checkpoint \{"id":\d+\} .*: 49 records, expected at least 50; 1 records read after that checkpoint are missing/,
    );
  }, 300_000); // the replay runs the CLI once per checkpoint of every stream

  it("protocol: a line on stdout that is not an Airbyte message", async () => {
    const ctx = brokenContext("garbage-stdout");
    expect(await runCheck(ctx, "spec: emits exactly one SPEC")).toBeUndefined(); // CAT drops the line
    const message = await runCheck(ctx, "protocol:");
    expect(message).toMatch(/`spec` stdout line 1: not JSON: Starting source-zendesk-chat/);
  });
});

describe("runner units", () => {
  it("finds numbers written with a fraction or exponent in the raw JSON", () => {
    const paths = nonIntegerLiteralPaths('{"a":1,"b":1.0,"c":[2,3e2,{"d/e":-4.5}],"s":"1.0","n":null}');
    expect([...paths].sort()).toEqual(["/b", "/c/1", "/c/2/d~1e"]);
  });

  it("validates integers strictly and date-times like CAT", () => {
    const validate = strictValidator({
      type: "object",
      properties: {
        n: { type: ["null", "integer"] },
        x: { type: "number" },
        t: { type: "string", format: "date-time" },
      },
    });
    expect(validate({ n: 1, x: 1, t: "2025-01-01T00:00:00Z" }, new Set(["/x"]))).toBeUndefined();
    expect(validate({ n: 1 }, new Set(["/n"]))?.[0]?.instancePath).toBe("/n");
    expect(validate({ t: "2025-02-30T00:00:00Z" }, new Set())).toBeDefined();
    expect(isCatDateTime("2025-06-01T12:00:00.123456Z")).toBe(true);
    expect(isCatDateTime("2025-06-01 12:00:00")).toBe(true);
    expect(isCatDateTime("2025-06-01")).toBe(false);
    expect(isCatDateTime("yesterday")).toBe(false);
  });

  it("flags backward-incompatible spec changes", () => {
    const previous = {
      type: "object",
      required: ["a"],
      properties: { a: { type: "string" }, b: { type: "integer" }, c: { type: "string", enum: ["x", "y"] } },
    };
    const current = {
      type: "object",
      required: ["a", "d"],
      properties: {
        a: { type: "string" },
        b: { type: "string" },
        c: { type: "string", enum: ["x"] },
        d: { type: "string" },
      },
    };
    const problems = new Problems();
    specBreakingChanges(previous, current, problems);
    expect(() => problems.throwIfAny("breaking")).toThrow(
      /b: type changed[\s\S]*c: enum values removed[\s\S]*'d' is newly required/,
    );
    const renamed = new Problems();
    specBreakingChanges(
      previous,
      { ...previous, properties: { a: previous.properties.a, b2: {}, c: previous.properties.c } },
      renamed,
    );
    expect(() => renamed.throwIfAny("breaking")).toThrow(/b: property removed or renamed/);
  });

  it("rejects a config that is not in CAT's format", () => {
    expect(() =>
      parseAcceptanceConfig(
        "connector_image: x\nacceptance_tests:\n  basic_read:\n    tests:\n      - cursor_paths: {}\n",
      ),
    ).toThrow(/does not follow CAT's config format/);
    expect(() => parseAcceptanceConfig("connector_image: x\ntests:\n  spec: []\n")).toThrow(/legacy format/);
  });
});
