// Cursor values arrive in several shapes: ISO strings with or without microseconds (the API and our
// state), epoch seconds as a string (Airbyte's official connector state), epoch numbers. Comparing
// them in different forms is how cursors silently stop advancing, so everything is compared as
// integer epoch microseconds.

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

export function toEpochMicros(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return numberToMicros(value);
  if (typeof value !== "string") return undefined;
  // The API's own form, on every record: read without a regex match (an array and eight strings).
  if (value.length === 20) {
    const micros = wholeSecondUtcMicros(value);
    if (micros !== undefined) return micros;
  }
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return numberToMicros(Number(text));
  const match = ISO.exec(text);
  if (!match) return undefined;
  const [, y, mo, d, h, mi, s, fraction = "", zone = "Z"] = match;
  const millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (Number.isNaN(millis)) return undefined;
  const micros = Number(fraction.padEnd(6, "0").slice(0, 6));
  return millis * 1000 + micros - zoneOffsetMinutes(zone) * 60_000_000;
}

/** Two ASCII digits at `at` as a number, or -1. */
function twoDigits(text: string, at: number): number {
  const tens = text.charCodeAt(at) - 48;
  const ones = text.charCodeAt(at + 1) - 48;
  return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/**
 * "YYYY-MM-DDTHH:mm:ssZ" exactly, as epoch µs — the same value the ISO regex path gives (the same
 * Date.UTC call) — or undefined for anything else, which then takes that path.
 */
function wholeSecondUtcMicros(text: string): number | undefined {
  if (
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(19) !== 90 // Z
  )
    return undefined;
  const century = twoDigits(text, 0);
  const year = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if ((century | year | month | day | hour | minute | second) < 0) return undefined;
  const millis = Date.UTC(century * 100 + year, month - 1, day, hour, minute, second);
  return Number.isNaN(millis) ? undefined : millis * 1000;
}

/** Epoch numbers by magnitude: seconds until year 5138, then milliseconds, then microseconds. */
function numberToMicros(value: number): number {
  if (value < 1e11) return Math.round(value * 1e6);
  if (value < 1e14) return Math.round(value * 1e3);
  return Math.round(value);
}

function zoneOffsetMinutes(zone: string): number {
  if (zone === "Z") return 0;
  const sign = zone.startsWith("-") ? -1 : 1;
  const digits = zone.slice(1).replace(":", "");
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

/** "YYYY-MM-DDTHH:mm:ssZ", plus ".ffffff" when the value has sub-second precision. */
export function microsToIso(micros: number): string {
  const seconds = Math.floor(micros / 1e6);
  const fraction = micros - seconds * 1e6;
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return fraction === 0 ? `${base}Z` : `${base}.${String(fraction).padStart(6, "0")}Z`;
}
