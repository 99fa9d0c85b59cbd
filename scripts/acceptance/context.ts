import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fail } from "./assert.js";
import type { AcceptanceTestConfig } from "./config.js";
import { loadAcceptanceConfig } from "./config.js";
import {
  type Command,
  type Inputs,
  type Launcher,
  type Message,
  type RunResult,
  runConnector,
  runSummary,
} from "./connector.js";
import { projectRoot } from "./paths.js";
import { type ProtocolValidator, protocolValidator } from "./validation.js";

export interface ContextOptions {
  /** acceptance-test-config.yml; relative paths in it are resolved from its directory (+ base_path). */
  configFile?: string;
  /** How to start the connector; default `node dist/main.js` of the project. */
  launcher?: Launcher;
  /** Environment for the connector (e.g. ZENDESK_CHAT_BASE_URL of the emulator). */
  env?: Record<string, string>;
  /** Default: <project>/test/protocol-schema/airbyte_protocol.yaml. */
  protocolSchemaPath?: string;
}

/** Default timeouts of CAT's test classes, in seconds. */
export const TIMEOUTS = { spec: 60, check: 60, discover: 300, read: 600 } as const;

/**
 * What every check gets: the parsed config, a way to run the connector (every run is kept for the
 * protocol check) and memoised results shared between checks (one discover, one basic read, …).
 */
export class AcceptanceContext {
  readonly root: string;
  readonly configFile: string;
  readonly base: string;
  readonly config: AcceptanceTestConfig;
  readonly launcher: Launcher;
  readonly env: Record<string, string>;
  readonly validator: ProtocolValidator;
  readonly runs: RunResult[] = [];
  private readonly cache = new Map<string, Promise<unknown>>();

  constructor(options: ContextOptions = {}) {
    this.root = projectRoot();
    this.configFile = resolve(options.configFile ?? join(this.root, "acceptance-test-config.yml"));
    this.config = loadAcceptanceConfig(this.configFile);
    const configDir = dirname(this.configFile);
    this.base = this.config.base_path ? resolve(configDir, this.config.base_path) : configDir;
    this.launcher = options.launcher ?? {
      kind: "local",
      command: [process.execPath, join(this.root, "dist", "main.js")],
    };
    this.env = { ...(this.config.custom_environment_variables ?? {}), ...(options.env ?? {}) };
    this.validator = protocolValidator(this.root, options.protocolSchemaPath);
  }

  path(relative: string): string {
    return isAbsolute(relative) ? relative : join(this.base, relative);
  }

  exists(relative: string): boolean {
    return existsSync(this.path(relative));
  }

  readText(relative: string): string {
    const path = this.path(relative);
    if (!existsSync(path)) fail(`${relative} does not exist (looked at ${path})`);
    return readFileSync(path, "utf8");
  }

  readJson(relative: string): Message {
    const text = this.readText(relative);
    try {
      return JSON.parse(text);
    } catch (error) {
      fail(`${relative} is not valid JSON: ${(error as Error).message}`);
    }
  }

  /** A connector config file; CAT drops keys starting with `_` (comments). */
  readConnectorConfig(relative = "secrets/config.json"): Record<string, unknown> {
    const config = this.readJson(relative);
    if (typeof config !== "object" || config === null || Array.isArray(config))
      fail(`${relative} must hold a JSON object`);
    return Object.fromEntries(Object.entries(config).filter(([key]) => !key.startsWith("_")));
  }

  async run(
    command: Command,
    inputs: Inputs = {},
    options: { timeoutSeconds?: number; extraArgs?: string[] } = {},
  ): Promise<RunResult> {
    const result = await runConnector(
      command,
      inputs,
      {
        launcher: this.launcher,
        env: this.env,
        validator: this.validator,
        timeoutMs: (options.timeoutSeconds ?? TIMEOUTS[command]) * 1000,
      },
      options.extraArgs,
    );
    this.runs.push(result);
    return result;
  }

  /** Runs `fn` once per key; later callers share the result (or the failure). */
  memo<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let promise = this.cache.get(key) as Promise<T> | undefined;
    if (!promise) {
      promise = fn();
      this.cache.set(key, promise);
    }
    return promise;
  }

  /** `spec`, once: the run and its SPEC messages. */
  spec(): Promise<{ run: RunResult; specs: Message[] }> {
    return this.memo("spec", async () => {
      const run = await this.run("spec");
      return { run, specs: run.messages.filter((m) => m.type === "SPEC").map((m) => m.spec) };
    });
  }

  /** The one SPEC, failing the check when there is not exactly one. */
  async theSpec(): Promise<Message> {
    const { run, specs } = await this.spec();
    if (specs.length !== 1)
      fail(`expected exactly one SPEC message, got ${specs.length}: ${runSummary(run)}`);
    return specs[0];
  }

  /** `discover --config`, once per config: the run and the catalog (fails unless exactly one CATALOG). */
  discover(configPath: string): Promise<{ run: RunResult; catalogs: Message[] }> {
    return this.memo(`discover:${configPath}`, async () => {
      const run = await this.run("discover", { config: this.readConnectorConfig(configPath) });
      return { run, catalogs: run.messages.filter((m) => m.type === "CATALOG").map((m) => m.catalog) };
    });
  }

  async discoveredStreams(configPath: string): Promise<Message[]> {
    const { run, catalogs } = await this.discover(configPath);
    if (catalogs.length !== 1)
      fail(`expected exactly one CATALOG message from discover, got ${catalogs.length}: ${runSummary(run)}`);
    const streams = catalogs[0].streams;
    if (!Array.isArray(streams)) fail("the CATALOG has no streams list");
    return streams;
  }
}
