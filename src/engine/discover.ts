import type { AirbyteStream } from "../protocol/messages.js";
import type { StreamDefinition } from "./stream.js";

/** A stream declaration as discover lists it (sync modes, cursor, primary key). */
export function toAirbyteStream(definition: StreamDefinition): AirbyteStream {
  const incremental = definition.cursorField !== undefined;
  return {
    name: definition.name,
    json_schema: definition.schema,
    supported_sync_modes: incremental ? ["full_refresh", "incremental"] : ["full_refresh"],
    source_defined_cursor: incremental,
    ...(incremental ? { default_cursor_field: [definition.cursorField as string] } : {}),
    ...(definition.primaryKey
      ? { source_defined_primary_key: definition.primaryKey.map((field) => [field]) }
      : {}),
    is_resumable: incremental,
  };
}
