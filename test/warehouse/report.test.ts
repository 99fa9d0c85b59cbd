import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { computeKpis, type KpiRow } from "../../src/warehouse/report.js";
import { launchChromium } from "../helpers/browser.js";
import { tempDir } from "../helpers/cli.js";
import { withEmulator } from "../helpers/emulator.js";
import { runWarehouseCli, syncSetup } from "./helpers.js";

// biome-ignore lint/suspicious/noExplicitAny: emulator records are plain JSON.
type Chat = any;

/** Monday of the record's week, UTC, as YYYY-MM-DD: computed here without SQL. */
function week(timestamp: string): string {
  const date = new Date(timestamp);
  const day = (date.getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate() - day));
  return monday.toISOString().slice(0, 10);
}

function groupAverage(
  items: Array<{ key: string; value: number }>,
): Map<string, { value: number; n: number }> {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const { key, value } of items) {
    const entry = sums.get(key) ?? { sum: 0, n: 0 };
    entry.sum += value;
    entry.n += 1;
    sums.set(key, entry);
  }
  return new Map([...sums].map(([key, { sum, n }]) => [key, { value: sum / n, n }]));
}

function sqlRows(
  rows: KpiRow[],
  dimension: string,
  series = "value",
): Map<string, { value: number; n: number }> {
  return new Map(
    rows
      .filter((r) => r.dimension === dimension && r.series === series)
      .map((r) => [r.label, { value: r.value, n: r.n }]),
  );
}

function expectSame(
  actual: Map<string, { value: number; n: number }>,
  expected: Map<string, { value: number; n: number }>,
) {
  expect([...actual.keys()].sort()).toEqual([...expected.keys()].sort());
  for (const [key, { value, n }] of expected) {
    expect(actual.get(key)?.n, key).toBe(n);
    expect(actual.get(key)?.value, key).toBeCloseTo(value, 6);
  }
}

let emulator: Emulator;
let db: string;
let chats: Chat[];
let agentNames: Map<string, string>;

beforeAll(async () => {
  emulator = await withEmulator({ seed: 21, chats: 600 });
  const setup = syncSetup(emulator);
  const run = await setup.sync(["--streams", "chats,agents,departments"]);
  expect(run.exitCode, run.stderr).toBe(0);
  db = setup.db;
  chats = [...emulator.records("chats")];
  agentNames = new Map(
    [...emulator.records("agents")].map((a: Chat) => [
      String(a.id),
      a.display_name ?? `${a.first_name} ${a.last_name}`,
    ]),
  );
});
afterAll(async () => {
  await emulator?.close();
});

describe("KPI SQL (sql/kpi_*.sql) against values computed from the emulator's records", () => {
  it("first response time, wait time, duration, satisfaction, open vs resolved, chats per agent", async () => {
    const { kpis } = await computeKpis(db);
    const rows = (file: string) => kpis.find((k) => k.file === file)?.rows ?? [];
    expect(kpis.map((k) => k.file)).toHaveLength(6);
    for (const kpi of kpis) expect(kpi.definition.length, kpi.file).toBeGreaterThan(20);

    const live = chats.filter((c) => c.type === "chat");
    const department = (c: Chat) => c.department_name ?? "(no department)";

    const firstResponse = live.filter((c) => c.response_time?.first != null);
    const frt = (key: (c: Chat) => string) =>
      groupAverage(firstResponse.map((c) => ({ key: key(c), value: c.response_time.first })));
    expectSame(
      sqlRows(rows("kpi_first_response_time.sql"), "week"),
      frt((c) => week(c.timestamp)),
    );
    expectSame(sqlRows(rows("kpi_first_response_time.sql"), "department"), frt(department));

    const waits = chats.flatMap((c) => {
      const answers = (c.history ?? []).filter(
        (h: Chat) => h.type === "chat.msg" && String(h.nick ?? "").startsWith("agent:"),
      );
      if (answers.length === 0) return [];
      const first = Math.min(...answers.map((h: Chat) => Date.parse(h.timestamp)));
      return [{ c, wait: (first - Date.parse(c.timestamp)) / 1000 }];
    });
    expect(waits.length).toBeGreaterThan(0);
    expectSame(
      sqlRows(rows("kpi_wait_time.sql"), "week"),
      groupAverage(waits.map(({ c, wait }) => ({ key: week(c.timestamp), value: wait }))),
    );
    expectSame(
      sqlRows(rows("kpi_wait_time.sql"), "department"),
      groupAverage(waits.map(({ c, wait }) => ({ key: department(c), value: wait }))),
    );

    const withDuration = live.filter((c) => c.duration != null);
    expectSame(
      sqlRows(rows("kpi_chat_duration.sql"), "department"),
      groupAverage(withDuration.map((c) => ({ key: department(c), value: c.duration }))),
    );

    const rated = chats.filter((c) => c.rating === "good" || c.rating === "bad");
    expectSame(
      sqlRows(rows("kpi_satisfaction.sql"), "week"),
      groupAverage(rated.map((c) => ({ key: week(c.timestamp), value: c.rating === "good" ? 100 : 0 }))),
    );
    expectSame(
      sqlRows(rows("kpi_satisfaction.sql"), "agent"),
      groupAverage(
        rated.flatMap((c) =>
          (c.agent_ids ?? []).map((id: string) => ({
            key: agentNames.get(String(id)) ?? `agent ${id}`,
            value: c.rating === "good" ? 100 : 0,
          })),
        ),
      ),
    );

    const resolved = (c: Chat) => c.type === "chat" && c.missed !== true && (c.agent_ids ?? []).length > 0;
    for (const status of ["open", "resolved"]) {
      const counts = new Map<string, { value: number; n: number }>();
      for (const c of chats.filter((c) => (resolved(c) ? "resolved" : "open") === status)) {
        const key = week(c.timestamp);
        const entry = counts.get(key) ?? { value: 0, n: 0 };
        counts.set(key, { value: entry.value + 1, n: entry.n + 1 });
      }
      expectSame(sqlRows(rows("kpi_open_resolved.sql"), "week", status), counts);
    }

    const perAgent = new Map<string, { value: number; n: number }>();
    for (const c of chats) {
      for (const id of c.agent_ids ?? []) {
        const key = agentNames.get(String(id)) ?? `agent ${id}`;
        const entry = perAgent.get(key) ?? { value: 0, n: 0 };
        perAgent.set(key, { value: entry.value + 1, n: entry.n + 1 });
      }
    }
    expectSame(sqlRows(rows("kpi_chats_per_agent.sql"), "agent"), perAgent);
  });
});

describe("report --db --out", () => {
  it("writes one self-contained HTML file that renders its charts in headless Chromium without errors", async () => {
    const dir = tempDir("zdc-report-");
    const out = join(dir, "report.html");
    const run = await runWarehouseCli(emulator, ["report", "--db", db, "--out", out]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr).toContain("6 KPIs");
    const html = readFileSync(out, "utf8");
    // Self-contained: nothing is fetched when it is viewed.
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    for (const title of [
      "First response time",
      "Average wait time",
      "Satisfaction",
      "Chat duration",
      "Open vs resolved",
      "Chats handled per agent",
    ]) {
      expect(html).toContain(title);
    }

    const context = await launchChromium(join(dir, "profile"));
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on("console", (message) => {
        if (message.type() === "error") problems.push(`console: ${message.text()}`);
      });
      page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
      page.on("request", (request) => {
        if (!request.url().startsWith("file:")) problems.push(`network: ${request.url()}`);
      });
      await page.goto(`file://${out}`);
      const charts = await page.evaluate(() => ({
        svgs: document.querySelectorAll("svg").length,
        marks: document.querySelectorAll("svg rect, svg path").length,
        sized: [...document.querySelectorAll("svg")].filter(
          (s) => s.getBoundingClientRect().width > 0 && s.getBoundingClientRect().height > 0,
        ).length,
        sections: document.querySelectorAll("section.kpi").length,
      }));
      expect(charts.sections).toBe(6);
      expect(charts.svgs).toBeGreaterThanOrEqual(12);
      expect(charts.sized).toBe(charts.svgs);
      expect(charts.marks).toBeGreaterThan(50);

      const png = await page.screenshot({ fullPage: true, type: "png" });
      expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
      // Decode a screenshot in the browser itself and count its colours: charts are not a blank page.
      const check = await context.newPage();
      const countColours = (image: Buffer) =>
        check.evaluate(
          async (dataUrl) => {
            const decoded = new Image();
            decoded.src = dataUrl;
            await decoded.decode();
            const canvas = document.createElement("canvas");
            canvas.width = decoded.width;
            canvas.height = decoded.height;
            const context2d = canvas.getContext("2d");
            if (!context2d) return 0;
            context2d.drawImage(decoded, 0, 0);
            const pixels = context2d.getImageData(0, 0, decoded.width, decoded.height).data;
            const seen = new Set<number>();
            for (let i = 0; i < pixels.length; i += 4)
              seen.add(((pixels[i] ?? 0) << 16) | ((pixels[i + 1] ?? 0) << 8) | (pixels[i + 2] ?? 0));
            return seen.size;
          },
          `data:image/png;base64,${image.toString("base64")}`,
        );
      expect(await countColours(png)).toBeGreaterThan(10);
      // Text is drawn too (a browser without fonts lays it out but paints nothing): the page title,
      // in dark glyphs on white with anti-aliased edges, has many shades.
      const title = await page.locator("h1").screenshot({ type: "png" });
      expect(await countColours(title)).toBeGreaterThan(8);
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
