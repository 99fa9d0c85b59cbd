import { Command, CommanderError } from "commander";
import { asConnectorError, ConfigError, type ConnectorError } from "./protocol/errors.js";
import { parseCatalog, parseState, readJsonFile } from "./protocol/input-files.js";
import { registerSecret } from "./protocol/redact.js";
import { MessageWriter } from "./protocol/writer.js";
import { parseConfig, type ZendeskChatConfig } from "./zendesk-chat/config.js";
import { check, discover, loadSpec, read } from "./zendesk-chat/source.js";

/**
 * The Airbyte command line: spec | check | discover | read. Everything on stdout is an Airbyte
 * message; a user error becomes a TRACE ERROR with a one-line message and a non-zero exit code.
 * Returns the exit code.
 */
export async function run(argv: string[], writer = new MessageWriter()): Promise<number> {
  let exitCode = 0;
  const debug = () => program.opts<{ debug?: boolean }>().debug === true || process.env.LOG_LEVEL === "debug";

  const program = new Command()
    .name("source-zendesk-chat")
    .description("Airbyte source for Zendesk Chat")
    .option("--debug", "emit DEBUG log messages (every request)")
    .exitOverride()
    .configureOutput({
      // Help and usage errors are for people: keep them off stdout, which carries protocol only.
      writeOut: (text) => process.stderr.write(text),
      writeErr: (text) => process.stderr.write(text),
    });

  program
    .command("spec")
    .description("print the connector specification")
    .action(async () => {
      await writer.write({ type: "SPEC", spec: loadSpec() });
    });

  program
    .command("check")
    .description("check that the config can reach Zendesk Chat")
    .requiredOption("--config <file>", "config JSON file")
    .action(async (options: { config: string }) => {
      let config: ZendeskChatConfig;
      try {
        config = loadConfig(options.config);
      } catch (error) {
        // The platform reads CONNECTION_STATUS; the TRACE tells it the failure is the user's config.
        const connectorError = asConnectorError(error);
        await emitError(writer, connectorError);
        await writer.connectionStatus("FAILED", connectorError.message);
        exitCode = 1;
        return;
      }
      const status = await check(config, writer, debug());
      await writer.connectionStatus(status.status, status.message);
    });

  program
    .command("discover")
    .description("list the streams and their schemas")
    .requiredOption("--config <file>", "config JSON file")
    .action(async (options: { config: string }) => {
      loadConfig(options.config);
      await writer.write({ type: "CATALOG", catalog: discover() });
    });

  program
    .command("read")
    .description("read records")
    .requiredOption("--config <file>", "config JSON file")
    .requiredOption("--catalog <file>", "configured catalog JSON file")
    .option("--state <file>", "state JSON file")
    .action(async (options: { config: string; catalog: string; state?: string }) => {
      const config = loadConfig(options.config);
      const catalog = parseCatalog(readJsonFile(options.catalog, "catalog"), options.catalog);
      const states = options.state
        ? parseState(readJsonFile(options.state, "state"), options.state)
        : new Map();
      const result = await read(config, catalog, states, writer, debug());
      if (result.failures.length > 0) {
        for (const { stream, error } of result.failures) await emitError(writer, error, stream);
        exitCode = 1;
      }
    });

  try {
    await program.parseAsync(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      await emitError(
        writer,
        new ConfigError(`Invalid command line: ${error.message.replace(/^error: /, "")}`),
      );
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

function loadConfig(path: string): ZendeskChatConfig {
  const raw = readJsonFile(path, "config");
  // Register secrets before validation so even a message quoting a bad value cannot leak one.
  collectSecrets(raw);
  return parseConfig(raw);
}

function collectSecrets(raw: unknown): void {
  if (typeof raw !== "object" || raw === null) return;
  const credentials = (raw as { credentials?: unknown }).credentials;
  if (typeof credentials !== "object" || credentials === null) return;
  for (const key of ["access_token", "refresh_token", "client_secret", "client_id"]) {
    registerSecret((credentials as Record<string, unknown>)[key]);
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
