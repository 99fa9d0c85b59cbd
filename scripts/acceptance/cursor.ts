// Cursor values come as numbers (ids), digit strings (epoch seconds) or ISO date-times with up to
// nine fractional digits. Comparisons are made in one unit: epoch microseconds for dates.

const ISO =
  /^(\d{4})-(\d{1,2})-(\d{1,2})[T ](\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,9}))?\s*(Z|z|[+-]\d{2}:?\d{2}|[+-]\d{2})?$/;

function numberToMicros(value: number): number {
  if (value < 1e11) return value * 1e6;
  if (value < 1e14) return value * 1e3;
  return value;
}

/** Epoch microseconds of an ISO date-time (zone defaults to UTC), or undefined. */
export function isoToMicros(text: string): number | undefined {
  const match = ISO.exec(text.trim());
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", zone = "Z"] = match;
  const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(millis)) return undefined;
  let offsetMinutes = 0;
  if (zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    const digits = zone.slice(1).replace(":", "").padEnd(4, "0");
    offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
  }
  return millis * 1000 + Number(fraction.padEnd(6, "0").slice(0, 6)) - offsetMinutes * 60_000_000;
}

type Comparable =
  | { kind: "number"; value: number }
  | { kind: "date"; micros: number }
  | { kind: "string"; value: string };

function classify(value: unknown): Comparable | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return { kind: "number", value };
  if (typeof value !== "string") return undefined;
  if (/^-?\d+(\.\d+)?$/.test(value.trim())) return { kind: "number", value: Number(value) };
  const micros = isoToMicros(value);
  if (micros !== undefined) return { kind: "date", micros };
  return { kind: "string", value };
}

/**
 * <0, 0, >0 like a comparator; undefined when the two values cannot be compared (different kinds
 * that are not a date and an epoch number, or non-scalar values).
 */
export function compareCursors(a: unknown, b: unknown): number | undefined {
  const x = classify(a);
  const y = classify(b);
  if (!x || !y) return undefined;
  if (x.kind === "number" && y.kind === "number") return Math.sign(x.value - y.value);
  if (x.kind === "string" && y.kind === "string") return x.value < y.value ? -1 : x.value > y.value ? 1 : 0;
  const toMicros = (c: Comparable) =>
    c.kind === "date" ? c.micros : c.kind === "number" ? numberToMicros(c.value) : undefined;
  const mx = toMicros(x);
  const my = toMicros(y);
  if (mx === undefined || my === undefined) return undefined;
  return Math.sign(mx - my);
}

export function getPath(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/** The cursor value in a per-stream state: `{ "<field>": value }`, or nested along the cursor path. */
export function stateCursor(streamState: unknown, cursorField: readonly string[]): unknown {
  if (typeof streamState !== "object" || streamState === null) return undefined;
  const flat = (streamState as Record<string, unknown>)[cursorField.join(".")];
  return flat !== undefined ? flat : getPath(streamState, cursorField);
}
