/**
 * The virtual clock. It is frozen unless a test advances it, so every timestamp the emulator
 * produces (data, `Date` headers, the five-minute rule) is reproducible.
 */
export class VirtualClock {
  private ms: number;

  constructor(startIso: string) {
    const ms = Date.parse(startIso);
    if (Number.isNaN(ms)) throw new Error(`invalid clock start: ${startIso}`);
    this.ms = ms;
  }

  nowMs(): number {
    return this.ms;
  }

  nowSec(): number {
    return Math.floor(this.ms / 1000);
  }

  now(): Date {
    return new Date(this.ms);
  }

  advance(seconds: number): { oldMs: number; newMs: number } {
    if (!(seconds > 0)) throw new RangeError("advance: seconds must be > 0");
    const oldMs = this.ms;
    this.ms += Math.round(seconds * 1000);
    return { oldMs, newMs: this.ms };
  }
}

// Formatting happens for every timestamp of every generated record, so it avoids
// Date#toISOString: the "YYYY-MM-DDT" prefix is cached per day and the rest is arithmetic.
const dayPrefixCache = new Map<number, string>();

function dayPrefix(day: number): string {
  let prefix = dayPrefixCache.get(day);
  if (prefix === undefined) {
    prefix = new Date(day * 86_400_000).toISOString().slice(0, 11);
    if (dayPrefixCache.size > 50_000) dayPrefixCache.clear();
    dayPrefixCache.set(day, prefix);
  }
  return prefix;
}

function two(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function isoCore(sec: number): string {
  const day = Math.floor(sec / 86_400);
  const s = sec - day * 86_400;
  return `${dayPrefix(day)}${two(Math.floor(s / 3600))}:${two(Math.floor((s % 3600) / 60))}:${two(s % 60)}`;
}

/** Epoch seconds → "YYYY-MM-DDTHH:mm:ssZ" (the chat API's timestamp format). */
export function isoSeconds(sec: number): string {
  return `${isoCore(Math.floor(sec))}Z`;
}

/** Epoch microseconds → "YYYY-MM-DDTHH:mm:ss.ffffffZ" (agent_timeline's format). */
export function isoMicros(us: number): string {
  const sec = Math.floor(us / 1_000_000);
  const frac = us - sec * 1_000_000;
  return `${isoCore(sec)}.${String(frac).padStart(6, "0")}Z`;
}

/** "YYMM" of an epoch second, the prefix of chat ids. */
export function yymm(sec: number): string {
  return dayPrefix(Math.floor(sec / 86_400))
    .slice(2, 7)
    .replace("-", "");
}
