import { readFileSync, writeFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import type { Source } from "./engine/source.js";
import { asConnectorError, ConfigError, type ConnectorError } from "./protocol/errors.js";
import {
  configureCatalog,
  parseCatalog,
  parseState,
  readJsonFile,
  readStateFile,
} from "./protocol/input-files.js";
import { redact, registerSecret } from "./protocol/redact.js";
import { MessageWriter } from "./protocol/writer.js";

/**
 * Commands for people beyond the protocol (e.g. the local warehouse's sync and report): their names
 * (their stdout is not Airbyte messages, their usage errors go to stderr only) and how to add them.
 */
export interface HelperCommands {
  names: readonly string[];
  register(program: Command, setExitCode: (code: number) => void): void;
}

/**
 * The Airbyte command line: spec | check | discover | read, plus the helper `catalog`. On stdout the
 * protocol commands write Airbyte messages only; a user error becomes a TRACE ERROR with a one-line
 * message and a non-zero exit code. What a person asked for (--help, --version) goes to stdout; usage
 * shown because of a mistake (no command, an unknown one) goes to stderr. Returns the exit code.
 * Everything about the API comes from `source`.
 */
export async function run<Config>(
  argv: string[],
  source: Source<Config>,
  writer = new MessageWriter(),
  helperCommands?: HelperCommands,
): Promise<number> {
  const NAME = source.name;
  let exitCode = 0;
  const debug = () => program.opts<{ debug?: boolean }>().debug === true || process.env.LOG_LEVEL === "debug";
  // Global options take no value, so the first word that is not an option is the command.
  const command = argv.slice(2).find((arg) => !arg.startsWith("-"));
  // Commands for people, not for Airbyte: their stdout is not Airbyte messages, their errors go to stderr.
  const forPeople = new Set(["catalog", ...(helperCommands?.names ?? [])]);
  const helper = command !== undefined && forPeople.has(command);

  const program = new Command()
    .name(NAME)
    .description(`Airbyte source for ${source.apiName}`)
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--debug", "emit DEBUG log messages (every request)")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      // Asked-for help and the version are the output of those requests; usage after a mistake is
      // a diagnostic. Neither can reach the stdout of a protocol command, which carries protocol only.
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      // An error is written once the catch below has picked the most useful one (see misspelt()).
      outputError: () => {},
    })
    .addHelpText(
      "after",
      `
Airbyte runs:  spec | check --config F | discover --config F | read --config F --catalog F [--state F]
A catalog:     ${NAME} catalog --config config.json --out configured_catalog.json
Command help:  ${NAME} help <command>`,
    );

  const warnConfigKeys = async (raw: unknown) => {
    for (const warning of source.configWarnings(raw)) await writer.log("WARN", warning);
  };

  program
    .command("spec")
    .description("print the connector specification")
    .action(async () => {
      await writer.write({ type: "SPEC", spec: source.spec() });
    });

  program
    .command("check")
    .description(`check that the config can reach ${source.apiName}`)
    .requiredOption("--config <file>", "config JSON file")
    .option(
      "--exit-code",
      "exit with code 1 when the check FAILED (default: exit 0 and report FAILED in CONNECTION_STATUS, as Airbyte expects)",
    )
    .action(async (options: { config: string; exitCode?: boolean }) => {
      let raw: unknown;
      try {
        raw = readJsonFile(options.config, "config");
      } catch (error) {
        // No config to check (missing, a directory, not JSON): the check could not run at all, as
        // with any other command and in Airbyte's CDK: a TRACE config_error and exit 1.
        await emitError(writer, asConnectorError(error));
        exitCode = 1;
        return;
      }
      let config: Config;
      try {
        config = await configFrom(source, raw, warnConfigKeys);
      } catch (error) {
        // The platform reads CONNECTION_STATUS; the TRACE tells it the failure is the user's config.
        const connectorError = asConnectorError(error);
        await emitError(writer, connectorError);
        await writer.connectionStatus("FAILED", connectorError.message);
        // A config that is wrong is a failed check like any other: Airbyte (and CAT) expect exit 0
        // and FAILED.
        if (options.exitCode) exitCode = 1;
        return;
      }
      const status = await source.check(config, writer, debug());
      await writer.connectionStatus(status.status, status.message);
      if (status.status === "FAILED" && options.exitCode) exitCode = 1;
    });

  program
    .command("discover")
    .description("list the streams and their schemas")
    .requiredOption("--config <file>", "config JSON file")
    .action(async (options: { config: string }) => {
      const config = await loadConfig(source, options.config, warnConfigKeys);
      await writer.write({ type: "CATALOG", catalog: source.discover(config) });
    });

  program
    .command("read")
    .description("read records")
    .requiredOption("--config <file>", "config JSON file")
    .requiredOption(
      "--catalog <file>",
      `configured catalog JSON file (write one with: ${NAME} catalog --config F --out configured_catalog.json)`,
    )
    .option(
      "--state <file>",
      "state file: a JSON list of STATE messages, one STATE message, the STATE lines of a read's stdout (JSON lines), or a legacy state object",
    )
    .action(async (options: { config: string; catalog: string; state?: string }) => {
      const config = await loadConfig(source, options.config, warnConfigKeys);
      const catalog = parseCatalog(readJsonFile(options.catalog, "catalog"), options.catalog);
      const states = options.state ? parseState(readStateFile(options.state), options.state) : new Map();
      const result = await source.read(config, catalog, states, writer, debug());
      if (result.failures.length > 0) {
        for (const { stream, error } of result.failures) await emitError(writer, error, stream);
        exitCode = 1;
      }
    });

  program
    .command("catalog")
    .description("write a configured catalog for read (a helper: stdout is that JSON, not Airbyte messages)")
    .requiredOption("--config <file>", "config JSON file")
    .option("--streams <names>", "comma-separated stream names (default: every stream)")
    .option(
      "--full-refresh",
      "full_refresh + overwrite for every stream (default: incremental where supported)",
    )
    .option("--out <file>", "write the catalog to this file instead of stdout")
    .action(async (options: { config: string; streams?: string; fullRefresh?: boolean; out?: string }) => {
      try {
        const config = await loadConfig(source, options.config, async (raw) => {
          for (const warning of source.configWarnings(raw)) process.stderr.write(`WARN ${warning}\n`);
        });
        const streams = options.streams?.split(",").map((name) => name.trim());
        const configured = configureCatalog(source.discover(config), {
          streams,
          fullRefresh: options.fullRefresh,
        });
        const text = `${JSON.stringify(configured, null, 2)}\n`;
        if (options.out) writeOutput(options.out, text);
        else process.stdout.write(text);
        const incremental = configured.streams.filter((s) => s.sync_mode === "incremental");
        process.stderr.write(
          `${options.out ? `Wrote ${options.out}` : "Configured catalog"}: ${configured.streams.length} streams, ${incremental.length} incremental${
            incremental.length ? ` (${incremental.map((s) => s.stream.name).join(", ")})` : ""
          }, ${configured.streams.length - incremental.length} full_refresh.\n`,
        );
      } catch (error) {
        process.stderr.write(`${NAME} catalog: ${redact(asConnectorError(error).message)}\n`);
        exitCode = 1;
      }
    });

  helperCommands?.register(program, (code) => {
    exitCode = code;
  });

  try {
    await program.parseAsync(argv);
  } catch (caught) {
    let error = caught;
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version, help
      // No command: commander has written the usage to stderr; a person ran this, not Airbyte.
      if (error.code === "commander.help") return 2;
      error = misspelt(program, command, argv, error);
      // One line, on stderr; a protocol command also reports it on stdout.
      const message = (error as CommanderError).message.replace(/\n+/g, " ").replace(/^error: /, "");
      process.stderr.write(`error: ${message}\n`);
      if (!helper) await emitError(writer, new ConfigError(`Invalid command line: ${message}`));
      exitCode = 2;
    } else {
      await emitError(writer, asConnectorError(error));
      exitCode = 1;
    }
  } finally {
    await writer.flush();
  }
  return exitCode;
}

/**
 * Commander reports a missing required option before an unknown one, so `--catalogue F` reads as
 * "required option '--catalog' not specified". When an unknown long option was given, that is the
 * better error: commander's own, with its "Did you mean --catalog?".
 */
function misspelt(
  program: Command,
  name: string | undefined,
  argv: string[],
  error: CommanderError,
): CommanderError {
  if (error.code !== "commander.missingMandatoryOptionValue") return error;
  const sub = program.commands.find((c) => c.name() === name);
  if (!sub) return error;
  const known = new Set(
    [...sub.options, ...program.options].flatMap((o) => [o.long, o.short]).filter(Boolean),
  );
  known.add("--help").add("-h");
  const unknown = argv
    .slice(2)
    .map((arg) => arg.split("=")[0] ?? arg)
    .find((arg) => arg.startsWith("--") && arg !== "--" && !known.has(arg));
  if (!unknown) return error;
  try {
    // Untyped but public in commander's JS: throws (exitOverride) the error with the suggestion.
    (sub as unknown as { unknownOption(flag: string): never }).unknownOption(unknown);
  } catch (better) {
    if (better instanceof CommanderError) return better;
  }
  return error;
}

/** package.json sits at the package root, next to dist/ (and in the Docker image). */
function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
      version?: unknown;
    };
    return typeof pkg.version === "string" ? pkg.version : "unknown";
  } catch {
    // Never let the version break the protocol commands, which read it at start-up too.
    return "unknown";
  }
}

async function loadConfig<Config>(
  source: Source<Config>,
  path: string,
  warn: (raw: unknown) => Promise<void>,
): Promise<Config> {
  return configFrom(source, readJsonFile(path, "config"), warn);
}

async function configFrom<Config>(
  source: Source<Config>,
  raw: unknown,
  warn: (raw: unknown) => Promise<void>,
): Promise<Config> {
  // Register secrets before validation so even a message quoting a bad value cannot leak one.
  for (const secret of source.secrets(raw)) registerSecret(secret);
  // Warned before validation: a misspelt key explains the "is required" that follows.
  await warn(raw);
  return source.parseConfig(raw);
}

function writeOutput(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === "EISDIR"
        ? "it is a directory"
        : code === "ENOENT"
          ? "its directory does not exist"
          : code === "EACCES"
            ? "permission denied"
            : error instanceof Error
              ? error.message
              : String(error);
    throw new ConfigError(`Cannot write '${path}': ${why}.`);
  }
}

async function emitError(writer: MessageWriter, error: ConnectorError, stream?: string): Promise<void> {
  // Stack traces help only for our own bugs; a user's mistake gets the message alone.
  const stackTrace =
    error.failureType === "system_error" && error.internalMessage?.includes("\n    at ")
      ? error.internalMessage
      : undefined;
  await writer.error({
    message: error.message,
    failureType: error.failureType,
    internalMessage: stackTrace ? undefined : error.internalMessage,
    stackTrace,
    stream: stream ? { name: stream } : undefined,
  });
}
