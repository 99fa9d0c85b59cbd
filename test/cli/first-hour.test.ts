// The first hour of a new user (issue #12): the name, the commands and the messages for the usual
// slips, each checked by running the built CLI as a process.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Emulator } from "../../emulator/index.js";
import {
  CLI,
  type Message,
  type RawRun,
  runCli,
  runRawProcess,
  tempDir,
  writeJsonFiles,
} from "../helpers/cli.js";
import { accessTokenConfig, INCREMENTAL_STREAMS, STREAM_NAMES, withEmulator } from "../helpers/emulator.js";

const root = new URL("../../", import.meta.url);
const pkg = JSON.parse(readFileSync(new URL("package.json", root), "utf8")) as { version: string };
const STREAMS = STREAM_NAMES.join(", ");

/** Runs the built CLI when its stdout is not Airbyte messages (help, version, the catalog helper). */
function runRaw(args: string[], env: Record<string, string> = {}, command = [CLI]): Promise<RawRun> {
  return runRawProcess(process.execPath, [...command, ...args], { env });
}

/** Runs a shell line (a README one-liner) in which `$CLI` is `node dist/main.js`. */
function runShell(line: string): Promise<RawRun> {
  return runRawProcess("bash", ["-o", "pipefail", "-c", line], {
    env: { CLI: `${process.execPath} ${CLI}` },
  });
}

const oneTraceError = (messages: Message[]) => {
  const errors = messages.filter((m) => m.type === "TRACE" && m.trace.type === "ERROR");
  expect(errors).toHaveLength(1);
  return errors[0].trace.error;
};

describe("our name", () => {
  it("spec's documentationUrl is our README, the one metadata.yaml names, not Airbyte's page", async () => {
    const result = await runCli(["spec"]);
    const metadata = parse(readFileSync(new URL("metadata.yaml", root), "utf8"));
    expect(result.messages[0].spec.documentationUrl).toBe(metadata.data.documentationUrl);
    expect(result.messages[0].spec.documentationUrl).not.toContain("docs.airbyte.com");
    expect(metadata.data.dockerRepository).not.toBe("airbyte/source-zendesk-chat");
  });
});

describe("the command line for people", () => {
  it("no arguments: the usage text on stderr, nothing on stdout, exit code 2", async () => {
    const result = await runRaw([]);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^Usage: source-zendesk-chat \[options\] \[command\]/);
    for (const command of ["spec", "check", "discover", "read", "catalog"])
      expect(result.stderr).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    expect(result.stderr).not.toContain("outputHelp");
  });

  it.each([["--version"], ["-V"]])("%s prints the package version on stdout", async (flag) => {
    const result = await runRaw([flag]);
    expect(result).toEqual({ exitCode: 0, signal: null, stdout: `${pkg.version}\n`, stderr: "" });
  });

  it("--help and help <command> print on stdout (asked for), exit 0", async () => {
    const help = await runRaw(["--help"]);
    expect(help.exitCode).toBe(0);
    expect(help.stderr).toBe("");
    expect(help.stdout).toMatch(/^Usage: source-zendesk-chat/);
    const checkHelp = await runRaw(["help", "check"]);
    expect(checkHelp.exitCode).toBe(0);
    expect(checkHelp.stdout).toContain("--exit-code");
  });

  it("a mistake on a protocol command is still one TRACE on stdout, with the usage error on stderr", async () => {
    const result = await runCli(["check"]);
    expect(result.exitCode).toBe(2);
    expect(oneTraceError(result.messages).message).toMatch(/--config/);
    expect(result.stderr).toMatch(/required option '--config <file>'/);
  });
});

describe("the usual slips", () => {
  const config = {
    subdomain: "acme",
    credentials: { credentials: "access_token", access_token: "secret-tok-9876" },
  };

  it.each([
    ["check", "config"],
    ["discover", "config"],
    ["read", "config"],
    ["read", "catalog"],
    ["read", "state"],
  ])("%s with a directory as the %s file: one line naming the path and the fix", async (command, what) => {
    const files = writeJsonFiles({ config, catalog: { streams: [] }, state: [] });
    const dir = join(tempDir(), `${what}.json`);
    mkdirSync(dir); // what `docker run -v host.json:/data/x.json` leaves when host.json is missing
    const paths: Record<string, string> = { ...files, [what]: dir };
    const args = [command, "--config", paths.config as string];
    if (command === "read") args.push("--catalog", paths.catalog as string, "--state", paths.state as string);
    const result = await runCli(args);
    // A config file that cannot be read: every command exits 1, `check` too (README: exit codes).
    expect(result.exitCode).toBe(1);
    const error = oneTraceError(result.messages);
    expect(error.failure_type).toBe("config_error");
    expect(error.message).toContain(`The ${what} file '${dir}' is a directory, not a file.`);
    expect(error.message).toMatch(/docker run -v/);
    expect(error.message).not.toMatch(/EISDIR|Unexpected error/);
    expect(error.message).not.toContain("\n");
    expect(error.stack_trace).toBeUndefined();
  });

  it("an unknown config key is a WARN naming it and the closest known key, in check, discover and read", async () => {
    const files = writeJsonFiles({
      config: { ...config, startDate: "2024-01-01T00:00:00Z" },
      catalog: { streams: [] },
    });
    const warning = "Unknown config key 'startDate' is ignored; did you mean 'start_date'?";
    for (const args of [
      ["check", "--config", files.config],
      ["discover", "--config", files.config],
      ["read", "--config", files.config, "--catalog", files.catalog],
    ]) {
      const result = await runCli(args, {
        env: {
          ZENDESK_CHAT_BASE_URL: "http://127.0.0.1:9/api/v2/chat",
          ZENDESK_CHAT_MAX_ATTEMPTS: "1",
          ZENDESK_CHAT_BACKOFF_BASE_MS: "1",
        },
      });
      expect(result.logs("WARN").map((l: Message) => l.message)).toContain(warning);
    }
  });

  it("a misspelt required key is warned about before the error it causes", async () => {
    const { subdomain, ...rest } = config;
    const files = writeJsonFiles({ config: { ...rest, subDomain: subdomain } });
    const result = await runCli(["check", "--config", files.config]);
    const types = result.messages.map((m: Message) => m.type);
    expect(types).toEqual(["LOG", "TRACE", "CONNECTION_STATUS"]);
    expect(result.messages[0].log.message).toBe(
      "Unknown config key 'subDomain' is ignored; did you mean 'subdomain'?",
    );
    expect(result.messages[1].trace.error.message).toMatch(/subdomain is required/);
  });
});

describe("against the emulator", () => {
  let emulator: Emulator;
  let env: Record<string, string>;
  let configPath: string;

  beforeAll(async () => {
    emulator = await withEmulator({ seed: 7, chats: 300, timelineEntries: 100 });
    env = { ZENDESK_CHAT_BASE_URL: emulator.baseUrl, ZENDESK_CHAT_BACKOFF_BASE_MS: "10" };
    configPath = writeJsonFiles({ config: accessTokenConfig(emulator) }).config;
  });
  afterAll(() => emulator?.close());

  describe("check --exit-code gates CI", () => {
    const wrong = () =>
      writeJsonFiles({
        config: {
          ...accessTokenConfig(emulator),
          credentials: { credentials: "access_token", access_token: "wrong-token-abcdef" },
        },
      }).config;

    it("a FAILED check exits 0 by default (Airbyte's convention) and 1 with --exit-code", async () => {
      const path = wrong();
      const plain = await runCli(["check", "--config", path], { env });
      expect(plain.exitCode).toBe(0);
      const gated = await runCli(["check", "--config", path, "--exit-code"], { env });
      expect(gated.exitCode).toBe(1);
      for (const result of [plain, gated]) {
        const statuses = result.messages.filter((m: Message) => m.type === "CONNECTION_STATUS");
        expect(statuses.map((m: Message) => m.connectionStatus.status)).toEqual(["FAILED"]);
      }
    });

    it("a SUCCEEDED check exits 0 with --exit-code", async () => {
      const result = await runCli(["check", "--config", configPath, "--exit-code"], { env });
      expect(result.exitCode).toBe(0);
      expect(result.messages.at(-1).connectionStatus.status).toBe("SUCCEEDED");
    });

    it("the README's jq one-liner fails on FAILED and passes on SUCCEEDED", async () => {
      const jq = `jq -e 'select(.type == "CONNECTION_STATUS") | .connectionStatus.status == "SUCCEEDED"'`;
      const run = (path: string) =>
        runShell(`ZENDESK_CHAT_BASE_URL=${emulator.baseUrl} $CLI check --config ${path} | ${jq}`);
      expect((await run(wrong())).exitCode).not.toBe(0);
      expect((await run(configPath)).exitCode).toBe(0);
    });
  });

  describe("catalog: a configured catalog from discover", () => {
    it("prints the whole catalog on stdout: incremental + append_dedup where supported, else full_refresh", async () => {
      const result = await runRaw(["catalog", "--config", configPath], env);
      expect(result.exitCode).toBe(0);
      const catalog = JSON.parse(result.stdout);
      const modes = Object.fromEntries(
        catalog.streams.map((s: Message) => [
          s.stream.name,
          [s.sync_mode, s.destination_sync_mode, s.cursor_field ?? null],
        ]),
      );
      expect(modes.chats).toEqual(["incremental", "append_dedup", ["update_timestamp"]]);
      expect(modes.agent_timeline).toEqual(["incremental", "append_dedup", ["start_time"]]);
      expect(modes.accounts).toEqual(["full_refresh", "overwrite", null]);
      expect(Object.keys(modes).join(", ")).toBe(STREAMS);
      expect(result.stderr).toContain(
        `${STREAM_NAMES.length} streams, ${INCREMENTAL_STREAMS.length} incremental`,
      );
    });

    it("--streams, --full-refresh and --out write a file that read accepts", async () => {
      const out = join(tempDir(), "configured_catalog.json");
      const written = await runRaw(
        ["catalog", "--config", configPath, "--streams", "chats,bans", "--full-refresh", "--out", out],
        env,
      );
      expect(written.exitCode).toBe(0);
      expect(written.stdout).toBe("");
      expect(written.stderr).toContain(`Wrote ${out}: 2 streams, 0 incremental`);
      const catalog = JSON.parse(readFileSync(out, "utf8"));
      expect(catalog.streams.map((s: Message) => [s.stream.name, s.sync_mode])).toEqual([
        ["chats", "full_refresh"],
        ["bans", "full_refresh"],
      ]);
      const read = await runCli(["read", "--config", configPath, "--catalog", out], { env });
      expect(read.exitCode).toBe(0);
      expect(read.records("chats").length).toBe(emulator.count("chats"));
      expect(read.records("bans").length).toBe(emulator.count("bans"));
      expect(read.records("agents")).toHaveLength(0);
    });

    it("an unknown stream: one line on stderr listing the streams, nothing on stdout, exit 1", async () => {
      const result = await runRaw(["catalog", "--config", configPath, "--streams", "chats,chat"], env);
      expect(result.exitCode).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(
        `source-zendesk-chat catalog: Unknown stream 'chat' in --streams; the streams are ${STREAMS}.\n`,
      );
    });

    it("a usage mistake writes no TRACE into the catalog output", async () => {
      const result = await runRaw(["catalog"], env);
      expect(result.exitCode).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/required option '--config <file>'/);
    });

    it("read with a raw discover output says what a configured catalog is and names the catalog command", async () => {
      const discovered = await runCli(["discover", "--config", configPath], { env });
      const catalogMessage = discovered.messages[0];
      for (const raw of [catalogMessage, catalogMessage.catalog]) {
        const files = writeJsonFiles({ catalog: raw });
        const result = await runCli(["read", "--config", configPath, "--catalog", files.catalog], { env });
        expect(result.exitCode).toBe(1);
        const error = oneTraceError(result.messages);
        expect(error.failure_type).toBe("config_error");
        expect(error.message).toMatch(/not a configured catalog/);
        expect(error.message).toMatch(/sync_mode/);
        expect(error.message).toContain(
          "source-zendesk-chat catalog --config config.json --out configured_catalog.json",
        );
      }
    });
  });

  describe("--state as people copy it from stdout", () => {
    let catalogPath: string;
    let first: Awaited<ReturnType<typeof runCli>>;

    beforeAll(async () => {
      catalogPath = join(tempDir(), "configured_catalog.json");
      const written = await runRaw(
        ["catalog", "--config", configPath, "--streams", "chats,agents", "--out", catalogPath],
        env,
      );
      expect(written.exitCode).toBe(0);
      first = await runCli(["read", "--config", configPath, "--catalog", catalogPath], { env });
      expect(first.exitCode).toBe(0);
      expect(first.records("chats").length).toBeGreaterThan(0);
    });

    const readWithState = async (stateText: string) => {
      const statePath = join(tempDir(), "state.json");
      writeFileSync(statePath, stateText);
      const result = await runCli(
        ["read", "--config", configPath, "--catalog", catalogPath, "--state", statePath],
        {
          env,
        },
      );
      expect(result.traces("ERROR")).toEqual([]);
      expect(result.exitCode).toBe(0);
      return result;
    };
    const lastStateLine = (stream: string) =>
      first.stdout
        .split("\n")
        .filter((line) => line.includes('"type":"STATE"') && line.includes(`"name":"${stream}"`))
        .at(-1) as string;

    it("the whole stdout of the previous read (JSON lines): the last state of each stream is used", async () => {
      const second = await readWithState(first.stdout);
      // From the final state nothing is new: at most the records sharing the last cursor value.
      expect(second.records("chats").length).toBeLessThan(first.records("chats").length / 10);
      expect(second.records("agents").length).toBeLessThanOrEqual(1);
    });

    it("only the STATE lines, or one STATE line alone", async () => {
      const stateLines = first.stdout.split("\n").filter((line) => line.includes('"type":"STATE"'));
      const fromLines = await readWithState(`${stateLines.join("\n")}\n`);
      expect(fromLines.records("chats").length).toBeLessThan(first.records("chats").length / 10);

      const one = await readWithState(lastStateLine("chats"));
      expect(one.records("chats").length).toBeLessThan(first.records("chats").length / 10);
      expect(one.records("agents").length).toBe(first.records("agents").length); // no state: from the start
    });

    it("one AirbyteStateMessage, the list, and the legacy object still work", async () => {
      const chats = JSON.parse(lastStateLine("chats")).state;
      const single = await readWithState(JSON.stringify({ type: "STREAM", stream: chats.stream }));
      expect(single.records("chats").length).toBeLessThan(first.records("chats").length / 10);
      const list = await readWithState(JSON.stringify([{ type: "STREAM", stream: chats.stream }]));
      expect(list.records("chats").length).toBe(single.records("chats").length);
      const legacy = await readWithState(JSON.stringify({ chats: chats.stream.stream_state }));
      expect(legacy.records("chats").length).toBe(single.records("chats").length);
    });
  });
});
