import { SystemError } from "../protocol/errors.js";
import type { JsonObject } from "../protocol/messages.js";
import { type Cursor, cursorValueOf, DateTimeCursor, IdCursor } from "./cursor.js";
import type { CursorKind, StreamDefinition } from "./stream.js";

/* A record's cursor value and primary key, as a stream declares them. */

function cursorKindOf(definition: StreamDefinition): CursorKind {
  if (!definition.cursorKind)
    throw new SystemError(`Stream '${definition.name}' has a cursor field but declares no cursor kind.`);
  return definition.cursorKind;
}

export function valueFunction(definition: StreamDefinition): (record: JsonObject) => number | undefined {
  const field = definition.cursorField;
  if (!field) return () => undefined;
  const kind = cursorKindOf(definition);
  return (record) => cursorValueOf(kind, record[field]);
}

export function createCursor(definition: StreamDefinition, startDateMicros: number): Cursor {
  const field = definition.cursorField as string;
  return cursorKindOf(definition) === "id" ? new IdCursor(field) : new DateTimeCursor(field, startDateMicros);
}

export function primaryKeyFunction(
  primaryKey: string[] | undefined,
): ((record: JsonObject) => string) | undefined {
  if (!primaryKey || primaryKey.length === 0) return undefined;
  if (primaryKey.length === 1) {
    const field = primaryKey[0] as string;
    return (record) => String(record[field]);
  }
  return (record) => JSON.stringify(primaryKey.map((field) => record[field]));
}
