import type {
  AirbyteStream,
  ConfiguredAirbyteCatalog,
  ConnectorSpecification,
  JsonObject,
} from "../protocol/messages.js";
import type { MessageWriter } from "../protocol/writer.js";
import type { ReadResult } from "./read-catalog.js";

/**
 * What the command line needs from a source connector: its spec, how to validate a config (and which
 * of its values are secrets), check, discover and read. `src/cli.ts` drives only this; a second
 * source (another API) implements it and gets the same protocol behaviour.
 */
export interface Source<Config = unknown> {
  /** The executable's name, e.g. `source-zendesk-chat` (usage lines, helper messages). */
  readonly name: string;
  /** The API's name in help texts, e.g. `Zendesk Chat`. */
  readonly apiName: string;
  spec(): ConnectorSpecification;
  /** Values of a raw config to redact from every output; called before validation. */
  secrets(raw: unknown): unknown[];
  /** Warnings about a raw config that do not fail it (e.g. an unknown key), before validation. */
  configWarnings(raw: unknown): string[];
  /** Validates a parsed config file; throws a ConfigError naming the field and the fix. */
  parseConfig(raw: unknown): Config;
  check(config: Config, writer: MessageWriter, debug: boolean): Promise<CheckResult>;
  /** The streams (a config is at hand on the command line; a source may ignore it). */
  discover(config?: Config): { streams: AirbyteStream[] };
  read(
    config: Config,
    catalog: ConfiguredAirbyteCatalog,
    states: Map<string, JsonObject>,
    writer: MessageWriter,
    debug: boolean,
  ): Promise<ReadResult>;
}

export interface CheckResult {
  status: "SUCCEEDED" | "FAILED";
  message?: string;
}
