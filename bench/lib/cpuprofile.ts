/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function (name + file:line), and
 * self time per file, sorted descending. Samples are attributed with timeDeltas, so idle time shows
 * up as "(idle)" and can be left out of the percentages.
 */
import { readFileSync } from "node:fs";

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileEntry {
  name: string;
  where: string;
  selfMs: number;
  /** Share of non-idle sampled time. */
  pct: number;
}

export interface ProfileSummary {
  totalMs: number;
  busyMs: number;
  idleMs: number;
  gcMs: number;
  functions: ProfileEntry[];
  files: ProfileEntry[];
}

function shortUrl(url: string): string {
  if (url === "") return "(native)";
  const stripped = url.replace(/^file:\/\//, "");
  const nm = stripped.lastIndexOf("node_modules/");
  if (nm >= 0) return stripped.slice(nm + "node_modules/".length);
  const m = /\/(dist|build)\/(.*)$/.exec(stripped);
  return m ? `${m[1]}/${m[2]}` : stripped;
}

export function summarizeProfile(path: string, top = 25): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, "utf8")) as CpuProfile;
  const byId = new Map<number, CpuProfileNode>();
  for (const node of profile.nodes) byId.set(node.id, node);
  const selfUs = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] as number;
    // timeDeltas[i] is the time *before* sample i; attribute the following delta to it.
    const delta = (profile.timeDeltas[i + 1] ?? 0) as number;
    selfUs.set(id, (selfUs.get(id) ?? 0) + Math.max(0, delta));
  }
  const fn = new Map<string, { name: string; where: string; us: number }>();
  const file = new Map<string, number>();
  let idle = 0;
  let gc = 0;
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    if (functionName === "(idle)") {
      idle += us;
      continue;
    }
    if (functionName === "(garbage collector)") gc += us;
    const name = functionName || "(anonymous)";
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : "(native)";
    const key = `${name}@${where}`;
    const entry = fn.get(key) ?? { name, where, us: 0 };
    entry.us += us;
    fn.set(key, entry);
    const f = shortUrl(url);
    file.set(f, (file.get(f) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us: number) => (busy > 0 ? (100 * us) / busy : 0);
  return {
    totalMs: total / 1000,
    busyMs: busy / 1000,
    idleMs: idle / 1000,
    gcMs: gc / 1000,
    functions: [...fn.values()]
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((e) => ({ name: e.name, where: e.where, selfMs: e.us / 1000, pct: pct(e.us) })),
    files: [...file.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([where, us]) => ({ name: where, where, selfMs: us / 1000, pct: pct(us) })),
  };
}

export function formatProfile(summary: ProfileSummary, title: string): string {
  const lines = [
    `### ${title}`,
    "",
    `busy ${summary.busyMs.toFixed(0)} ms (GC ${summary.gcMs.toFixed(0)} ms), idle ${summary.idleMs.toFixed(0)} ms`,
    "",
    "| self ms | % busy | function | where |",
    "|---:|---:|---|---|",
    ...summary.functions.map(
      (e) => `| ${e.selfMs.toFixed(0)} | ${e.pct.toFixed(1)} | ${e.name} | ${e.where} |`,
    ),
    "",
    "| self ms | % busy | file |",
    "|---:|---:|---|",
    ...summary.files.map((e) => `| ${e.selfMs.toFixed(0)} | ${e.pct.toFixed(1)} | ${e.name} |`),
    "",
  ];
  return lines.join("\n");
}

/** A few lines for the bench's output: busy time, GC share, the top functions and files. */
export function formatProfileShort(summary: ProfileSummary, title: string, top = 8): string {
  const pct = (ms: number) => (summary.busyMs > 0 ? (100 * ms) / summary.busyMs : 0).toFixed(1);
  const fns = summary.functions
    .slice(0, top)
    .map((e) => `${e.pct.toFixed(1)}% ${e.name} (${e.where})`)
    .join("; ");
  const files = summary.files
    .slice(0, Math.min(top, 6))
    .map((e) => `${e.pct.toFixed(1)}% ${e.name}`)
    .join("; ");
  return [
    `${title}: busy ${summary.busyMs.toFixed(0)} ms, GC ${summary.gcMs.toFixed(0)} ms (${pct(summary.gcMs)}%), idle ${summary.idleMs.toFixed(0)} ms`,
    `  top functions (self time, % of busy): ${fns}`,
    `  top files: ${files}`,
    "",
  ].join("\n");
}

// Run directly: node build/bench/lib/cpuprofile.js FILE.cpuprofile [top]
if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write("usage: cpuprofile.js FILE.cpuprofile [top]\n");
    process.exit(2);
  }
  process.stdout.write(formatProfile(summarizeProfile(file, top ? Number(top) : 25), file));
}
