/** How a stream's JSON schema becomes DuckDB columns, and the SQL that extracts them from a record. */

export interface Column {
  name: string;
  sqlType: "BIGINT" | "DOUBLE" | "BOOLEAN" | "TIMESTAMPTZ" | "VARCHAR" | "JSON";
}

interface PropertySchema {
  type?: string | readonly string[];
  format?: string;
}

/**
 * integer → BIGINT, number → DOUBLE, boolean → BOOLEAN, string date-time → TIMESTAMPTZ, string →
 * VARCHAR, objects and arrays → JSON. A property that may hold values of several types (e.g.
 * `enabled`: boolean or integer) is kept as JSON so no value is changed by a cast.
 */
export function columnType(schema: PropertySchema): Column["sqlType"] {
  const types = (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []).filter(
    (t) => t !== "null",
  );
  if (types.length !== 1) return "JSON";
  switch (types[0]) {
    case "integer":
      return "BIGINT";
    case "number":
      return "DOUBLE";
    case "boolean":
      return "BOOLEAN";
    case "string":
      return schema.format === "date-time" ? "TIMESTAMPTZ" : "VARCHAR";
    default:
      return "JSON";
  }
}

export function columnsOf(jsonSchema: unknown): Column[] {
  const properties = (jsonSchema as { properties?: Record<string, PropertySchema> })?.properties ?? {};
  return Object.entries(properties)
    .map(([name, schema]) => ({ name, sqlType: columnType(schema) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
