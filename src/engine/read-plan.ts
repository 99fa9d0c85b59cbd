import { ConfigError } from "../protocol/errors.js";
import type { ConfiguredAirbyteCatalog, ConfiguredAirbyteStream, JsonObject } from "../protocol/messages.js";
import type { StreamDefinition } from "./stream.js";

/** Checks a configured catalog against the streams we have, before any request is made. */
export function planRead(
  catalog: ConfiguredAirbyteCatalog,
  definitions: ReadonlyMap<string, StreamDefinition>,
  states: ReadonlyMap<string, JsonObject>,
): ReadPlan {
  const known = [...definitions.keys()].join(", ");
  const warnings: string[] = [];
  const seen = new Set<string>();
  const streams = catalog.streams.map((configured) => {
    const name = configured.stream.name;
    const definition = definitions.get(name);
    if (!definition)
      throw new ConfigError(`The catalog names an unknown stream '${name}'; streams: ${known}.`);
    if (seen.has(name)) throw new ConfigError(`The catalog lists stream '${name}' twice.`);
    seen.add(name);
    if (configured.sync_mode === "incremental") {
      if (!definition.cursorField) {
        throw new ConfigError(
          `Stream '${name}' supports full_refresh only; change its sync_mode in the catalog.`,
        );
      }
      const asked = configured.cursor_field;
      if (asked && asked.length > 0 && (asked.length !== 1 || asked[0] !== definition.cursorField)) {
        throw new ConfigError(
          `Stream '${name}' has the source-defined cursor '${definition.cursorField}'; the catalog asks for '${asked.join(".")}'.`,
        );
      }
    }
    const source = definition.parent
      ? definitions.get(definition.parent)
      : (definition.perParent?.parent ?? definition);
    if (!source)
      throw new ConfigError(`Stream '${name}' reads '${definition.parent}', which is not defined.`);
    return { definition, configured, source };
  });
  // State left over from a stream that was removed from the catalog (or from this source) is not an
  // error: Airbyte keeps it around. It is simply not used.
  for (const name of states.keys()) {
    if (!definitions.has(name)) {
      warnings.push(`The state names a stream '${name}' that this source does not have; ignoring it.`);
    } else if (!seen.has(name)) {
      warnings.push(`The state has an entry for '${name}', which is not in the catalog; ignoring it.`);
    }
  }
  return { streams, warnings };
}

export interface PlannedStream {
  definition: StreamDefinition;
  configured: ConfiguredAirbyteStream;
  /** The stream whose requests feed this one: its parent, or itself. */
  source: StreamDefinition;
}

export interface ReadPlan {
  streams: PlannedStream[];
  /** Things about the input worth a WARN that do not stop the read. */
  warnings: string[];
}

/** Planned streams grouped by the request sequence that feeds them, in catalog order. */
export function groupByRequests(
  plan: ReadPlan,
): Array<{ source: StreamDefinition; members: PlannedStream[] }> {
  const groups = new Map<string, { source: StreamDefinition; members: PlannedStream[] }>();
  for (const planned of plan.streams) {
    // A per-parent stream reads its parent's pages in a request sequence of its own (its requests
    // per parent item would hold up the parent's stream).
    const id = planned.definition.perParent
      ? `${planned.definition.name}\u0000per-parent`
      : planned.source.name;
    const group = groups.get(id);
    if (group) group.members.push(planned);
    else groups.set(id, { source: planned.source, members: [planned] });
  }
  return [...groups.values()];
}
