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

/** SQL extracting a column from the JSON record `data` (a JSON null becomes SQL NULL). */
export function extractExpression(column: Column, data = "data"): string {
  const path = literal(`$.${ident(column.name)}`);
  if (column.sqlType === "JSON") {
    return `CASE WHEN json_type(${data}, ${path}) IS NULL OR json_type(${data}, ${path}) = 'NULL' THEN NULL ELSE json_extract(${data}, ${path}) END`;
  }
  if (column.sqlType === "VARCHAR") return `json_extract_string(${data}, ${path})`;
  return `CAST(json_extract_string(${data}, ${path}) AS ${column.sqlType})`;
}
