// Cursor values arrive in several shapes: ISO strings with or without microseconds (the API and our
// state), epoch seconds as a string (Airbyte's official connector state), epoch numbers. Comparing
// them in different forms is how cursors silently stop advancing, so everything is compared as
// integer epoch microseconds.

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})?$/;

export function toEpochMicros(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return numberToMicros(value);
  if (typeof value !== "string") return undefined;
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
