import { isDeepStrictEqual } from "node:util";
import { Problems, short } from "./assert.js";
import type { ConfiguredCatalog } from "./catalog.js";
import type { Check } from "./check.js";
import type { AcceptanceTestConfig } from "./config.js";

const DESTINATION_SYNC_MODES = ["append", "overwrite", "append_dedup", "update", "soft_delete"];

/** Each configured_catalog_path must be a usable catalog of today's discovered streams. */
export function configuredCatalogChecks(config: AcceptanceTestConfig): Check[] {
  const tests = config.acceptance_tests;
  const uses = new Map<string, string>();
  for (const test of [
    ...(tests.full_refresh?.tests ?? []),
    ...(tests.incremental?.tests ?? []),
    ...(tests.basic_read?.tests ?? []),
  ]) {
    if (test.configured_catalog_path && !uses.has(test.configured_catalog_path))
      uses.set(test.configured_catalog_path, test.config_path ?? "secrets/config.json");
  }
  return [...uses].map(([path, configPath]) => ({
    name: `catalog: ${path} lists every discovered stream in a mode it supports`,
    async run(ctx) {
      const catalog = ctx.readJson(path) as ConfiguredCatalog;
      const discovered = await ctx.discoveredStreams(configPath);
      const problems = new Problems();
      if (!Array.isArray(catalog?.streams)) problems.throwIfAny(`${path} has no streams list`);
      const configured = new Map(catalog.streams.map((entry) => [entry?.stream?.name, entry]));
      for (const stream of discovered) {
        const entry = configured.get(stream.name);
        if (!entry) {
          problems.add(`${stream.name} is discovered but not in ${path}`);
          continue;
        }
        if (!stream.supported_sync_modes?.includes(entry.sync_mode))
          problems.add(
            `${stream.name}: sync_mode ${short(entry.sync_mode)} is not one of ${short(stream.supported_sync_modes)}`,
          );
        if (!DESTINATION_SYNC_MODES.includes(entry.destination_sync_mode))
          problems.add(
            `${stream.name}: destination_sync_mode ${short(entry.destination_sync_mode)} is not valid`,
          );
        if (
          entry.sync_mode === "incremental" &&
          stream.source_defined_cursor &&
          entry.cursor_field?.length &&
          !isDeepStrictEqual(entry.cursor_field, stream.default_cursor_field)
        )
          problems.add(
            `${stream.name}: cursor_field ${short(entry.cursor_field)} differs from the source-defined ${short(stream.default_cursor_field)}`,
          );
        if (stream.supported_sync_modes?.includes("incremental") && entry.sync_mode !== "incremental")
          problems.add(`${stream.name} supports incremental but is configured ${entry.sync_mode}`);
        if (!isDeepStrictEqual(entry.stream.json_schema, stream.json_schema))
          problems.add(
            `${stream.name}: the json_schema differs from the discovered one (regenerate ${path})`,
          );
        for (const field of [
          "supported_sync_modes",
          "source_defined_cursor",
          "default_cursor_field",
          "source_defined_primary_key",
        ]) {
          if (!isDeepStrictEqual(entry.stream[field], stream[field]))
            problems.add(
              `${stream.name}: stream.${field} ${short(entry.stream[field])} differs from discover's ${short(stream[field])}`,
            );
        }
      }
      for (const name of configured.keys()) {
        if (!discovered.some((s) => s.name === name))
          problems.add(`${name} is in ${path} but not discovered`);
      }
      problems.throwIfAny(`${path} does not match discover`);
    },
  }));
}
