import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Emulator } from "../../emulator/index.js";
import { computeKpis } from "../../src/warehouse/report.js";
import { launchChromium } from "../helpers/browser.js";
import { tempDir } from "../helpers/cli.js";
import { expectedRecords, supportConfig, withEmulator } from "../helpers/emulator.js";
import { runWarehouseCli, syncSetup } from "./helpers.js";
import { type Cell, chatExpectations, type Expected, ticketExpectations, week } from "./report-expected.js";
import {
  conversationExpectations,
  conversationsOf,
  csatExpectations,
  slaExpectations,
} from "./report-expected-channels.js";

let emulator: Emulator;
/** Chats (and their history), tickets, their chat and messaging sessions, ratings, SLA events. */
let db: string;
/** Chats only: no Support tables. */
let chatDb: string;
/** Tickets without ticket_metrics. */
let ticketDb: string;
/** Tickets with ticket_metrics, without schedules: times in calendar hours only. */
let metricsDb: string;
let expected: Expected;

beforeAll(async () => {
  // 150 chats in one second: a spike week that would flatten the weekly chats chart.
  emulator = await withEmulator({
    seed: 21,
    chats: 600,
    sameSecondChats: 150,
    support: { tickets: 500, users: 60 },
  });
  const full = syncSetup(emulator, supportConfig(emulator));
  const run = await full.sync([
    "--streams",
    "chats,chat_history,agents,departments,tickets,ticket_metrics,schedules,ticket_chats,ticket_chat_events,satisfaction_ratings,ticket_metric_events,sla_policies",
  ]);
  expect(run.exitCode, run.stderr).toBe(0);
  db = full.db;
  const chatOnly = syncSetup(emulator);
  const chatRun = await chatOnly.sync(["--streams", "chats,agents,departments"]);
  expect(chatRun.exitCode, chatRun.stderr).toBe(0);
  chatDb = chatOnly.db;
  const ticketsOnly = syncSetup(emulator, supportConfig(emulator));
  const ticketRun = await ticketsOnly.sync(["--streams", "tickets"]);
  expect(ticketRun.exitCode, ticketRun.stderr).toBe(0);
  ticketDb = ticketsOnly.db;
  const noSchedules = syncSetup(emulator, supportConfig(emulator));
  const metricsRun = await noSchedules.sync(["--streams", "tickets,ticket_metrics"]);
  expect(metricsRun.exitCode, metricsRun.stderr).toBe(0);
  metricsDb = noSchedules.db;
  expected = ticketExpectations(emulator, chatExpectations(emulator));
  conversationExpectations(emulator, expected);
  csatExpectations(emulator, expected);
  slaExpectations(emulator, expected);
}, 120_000);
afterAll(async () => {
  await emulator?.close();
});

describe("KPI SQL (sql/<section>/*.sql) against values computed from the emulator's records", () => {
  it("every KPI of every section, per week and per department, agent, channel, policy or metric", async () => {
    const kpis = await computeKpis(db);
    expect(kpis.map((k) => k.file).sort()).toEqual([...expected.keys()].sort());
    for (const kpi of kpis) {
      expect(kpi.definition.length, kpi.file).toBeGreaterThan(20);
      const wanted = expected.get(kpi.file) ?? new Map();
      const got = new Set(kpi.rows.map((r) => `${r.dimension}|${r.series}`));
      expect([...got].sort(), kpi.file).toEqual([...wanted.keys()].sort());
      for (const [key, cells] of wanted) {
        const rows = kpi.rows.filter((r) => `${r.dimension}|${r.series}` === key);
        expect(rows.map((r) => r.label).sort(), `${kpi.file} ${key}`).toEqual([...cells.keys()].sort());
        for (const row of rows) {
          const cell = cells.get(row.label) as Cell;
          expect(row.n, `${kpi.file} ${key} ${row.label}`).toBe(cell.n);
          expect(row.value, `${kpi.file} ${key} ${row.label}`).toBeCloseTo(cell.value, 6);
        }
      }
    }
    // The data has what the sections are for: every channel, bots, breaches, both scores.
    const labels = (file: string, key: string) => [...(expected.get(file)?.get(key)?.keys() ?? [])].sort();
    expect(labels("conversations/messages.sql", "channel|value")).toEqual([
      "chat in Support",
      "legacy chat",
      "messaging",
    ]);
    expect(labels("conversations/conversations.sql", "channel|bot or AI agent").length).toBeGreaterThan(0);
    expect(labels("tickets/tickets_created.sql", "channel|agent")).toContain("native_messaging");
    expect(labels("csat/csat.sql", "channel|value").length).toBeGreaterThan(1);
    expect(labels("sla/breaches_by_metric.sql", "metric|breached")).toContain("reply_time");
    expect(labels("sla/breach_rate.sql", "policy|value").length).toBe(3);
  });
});

/** The number a cell or label shows: "1,271", "47.7 s", "12.5%" → 1271, 47.7, 12.5. */
const shown = (text: string) => Number(text.replace(/[^\d.-]/g, ""));

async function openReport(page: Page, file: string, problems: string[]) {
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  page.on("request", (request) => {
    if (!request.url().startsWith("file:")) problems.push(`network: ${request.url()}`);
  });
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.goto(`file://${file}`);
}

/** What a person sees overflow: text outside its chart, anything wider than the page. */
function layoutFaults(page: Page) {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const describe = (e: Element) => `${e.tagName.toLowerCase()} "${(e.textContent ?? "").slice(0, 40)}"`;
    const wide = [...document.body.querySelectorAll("*")]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5);
      })
      .map(describe);
    const outside: string[] = [];
    let axisLabels = 0;
    for (const svg of document.querySelectorAll("figure svg")) {
      const box = svg.getBoundingClientRect();
      axisLabels += svg.querySelectorAll(".role-axis-label text").length;
      for (const text of svg.querySelectorAll("text")) {
        const r = text.getBoundingClientRect();
        if (r.width === 0) continue;
        if (
          r.left < box.left - 0.5 ||
          r.right > box.right + 0.5 ||
          r.top < box.top - 0.5 ||
          r.bottom > box.bottom + 0.5
        )
          outside.push(describe(text));
      }
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, wide, outside, axisLabels };
  });
}

/** Opens every "Numbers" table and checks each cell, and that every expected cell is shown. */
async function expectNumbers(page: Page, expected: Expected) {
  for (const summary of await page.locator("details > summary").all()) await summary.click();
  const cells = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("td[data-kpi]")].map((td) => ({
      kpi: td.dataset.kpi,
      dimension: td.dataset.dimension,
      series: td.dataset.series,
      label: td.dataset.label,
      kind: td.dataset.kind,
      text: td.innerText,
    })),
  );
  const seen = new Set<string>();
  for (const cell of cells) {
    const key = `${cell.dimension}|${cell.series}`;
    const want = expected.get(String(cell.kpi))?.get(key)?.get(String(cell.label));
    const where = `${cell.kpi} ${key} ${cell.label} (${cell.kind})`;
    if (cell.kind === "n") {
      expect(shown(cell.text), where).toBe(want?.n);
      continue;
    }
    seen.add(`${cell.kpi} ${key} ${cell.label}`);
    // A count table shows 0 where a series has no row (e.g. ai_agent on email).
    expect(Math.abs(shown(cell.text) - (want?.value ?? 0)), `${where}: ${cell.text}`).toBeLessThanOrEqual(
      0.05 + 1e-9,
    );
  }
  for (const [kpi, dimensions] of expected)
    for (const [key, labels] of dimensions)
      for (const label of labels.keys())
        expect(seen.has(`${kpi} ${key} ${label}`), `${kpi} ${key} ${label}`).toBe(true);
}

describe("report --db --out, opened in Chromium at 1280 px", () => {
  it("draws conversations, chats, tickets, CSAT and SLAs: labels inside their charts, nothing wider than the page, the emulator's numbers, no script, no network", async () => {
    const dir = tempDir("zdc-report-");
    const shots = process.env.ZDC_REPORT_SCREENSHOTS ?? join(dir, "shots");
    mkdirSync(shots, { recursive: true });
    const out = join(dir, "report.html");
    const chats = [...emulator.records("chats")].length;
    const tickets = expectedRecords(emulator, "tickets").filter((t) => t.status !== "deleted").length;
    const conversations = conversationsOf(emulator).length;
    const ratings = expectedRecords(emulator, "satisfaction_ratings").length;
    const targets = [...(expected.get("sla/breach_rate.sql")?.get("week|value")?.values() ?? [])].reduce(
      (sum, c) => sum + c.n,
      0,
    );
    const run = await runWarehouseCli(emulator, ["report", "--db", db, "--out", out]);
    expect(run.exitCode, run.stderr).toBe(0);
    expect(run.stderr.trim()).toBe(
      `Wrote ${out}: 20 KPIs over ${conversations} conversations, ${chats} chats, ${tickets} tickets, ${ratings} ratings and ${targets} SLA targets.`,
    );
    const html = readFileSync(out, "utf8");
    // Self-contained: no script at all, nothing fetched when it is viewed.
    expect(html).not.toMatch(/<script|<link[^>]+href=|<img|https?:\/\/(?!www\.w3\.org\/)/);

    const chatOnlyOut = join(dir, "chats-only.html");
    const chatRun = await runWarehouseCli(emulator, ["report", "--db", chatDb, "--out", chatOnlyOut]);
    expect(chatRun.exitCode, chatRun.stderr).toBe(0);
    // Chats alone are conversations too (legacy chat only, without chat_history no first reply).
    expect(chatRun.stderr.trim()).toBe(
      `Wrote ${chatOnlyOut}: 9 KPIs over ${chats} conversations and ${chats} chats.`,
    );

    const context = await launchChromium(join(dir, "profile"));
    try {
      const page = await context.newPage();
      const problems: string[] = [];
      await openReport(page, out, problems);

      // Every section and every KPI is drawn; each chart has axes with labels.
      const drawn = await page.evaluate(() => ({
        kpis: document.querySelectorAll("article.kpi").length,
        figures: document.querySelectorAll("figure svg").length,
        missing: document.querySelectorAll(".missing-tables").length,
      }));
      expect(drawn).toEqual({ kpis: 20, figures: 40, missing: 0 });
      const closed = await layoutFaults(page);
      expect(closed.axisLabels).toBeGreaterThan(38 * 3);
      expect(closed.outside).toEqual([]);
      expect(closed.wide).toEqual([]);
      expect(closed.scrollWidth).toBeLessThanOrEqual(closed.width);

      for (const id of [
        "summary",
        "section-conversations",
        "section-chats",
        "section-tickets",
        "section-csat",
        "section-sla",
      ])
        await page.locator(`#${id}`).screenshot({ path: join(shots, `${id}.png`) });
      // One KPI at full size: the ticket first reply time in calendar and business hours.
      await page.locator("#tickets-2").screenshot({ path: join(shots, "tickets-first-reply-time.png") });
      await page.locator("#tickets-5").screenshot({ path: join(shots, "tickets-agent-work-time.png") });
      // Text is painted, not only laid out (a browser without fonts paints nothing): the title, dark
      // glyphs on white with anti-aliased edges, has many shades.
      const title = await page.locator("h1").screenshot({ type: "png" });
      const shades = await context.newPage().then((blank) =>
        blank.evaluate(
          async (dataUrl) => {
            const image = new Image();
            image.src = dataUrl;
            await image.decode();
            const canvas = document.createElement("canvas");
            canvas.width = image.width;
            canvas.height = image.height;
            const context2d = canvas.getContext("2d");
            context2d?.drawImage(image, 0, 0);
            const pixels = context2d?.getImageData(0, 0, image.width, image.height).data ?? [];
            const seen = new Set<number>();
            for (let i = 0; i < pixels.length; i += 4)
              seen.add(((pixels[i] ?? 0) << 16) | ((pixels[i + 1] ?? 0) << 8) | (pixels[i + 2] ?? 0));
            return seen.size;
          },
          `data:image/png;base64,${title.toString("base64")}`,
        ),
      );
      expect(shades).toBeGreaterThan(8);

      // The numbers, as a person reads them once the "Numbers" under each chart are open.
      await expectNumbers(page, expected);
      expect((await layoutFaults(page)).wide).toEqual([]);

      // The bars by channel (or policy) say each one's value and its n, as computed here.
      const barCharts: Array<[string, string]> = [
        ...[
          "first_reply_time",
          "full_resolution_time",
          "requester_wait_time",
          "agent_work_time",
          "one_touch_resolution",
          "reopened",
        ].map((name): [string, string] => [`tickets/${name}.sql`, "channel"]),
        ["conversations/first_reply_time.sql", "channel"],
        ["conversations/messages.sql", "channel"],
        ["csat/csat.sql", "channel"],
        ["sla/breach_rate.sql", "policy"],
      ];
      for (const [file, dimension] of barCharts) {
        const texts = await page
          .locator(`article:has(.source:text-is("(sql/${file})")) figure[data-chart="${dimension}"] svg text`)
          .allTextContents();
        const bars = texts
          .map((t) => /^([\d,.]+)(?: h| s|%)? \(n=([\d,]+)\)$/.exec(t))
          .flatMap((m) => (m ? [{ value: shown(m[1] ?? ""), n: shown(m[2] ?? "") }] : []))
          .sort((a, b) => a.n - b.n || a.value - b.value);
        // Every series' bars (calendar and business hours side by side for the ticket times).
        const want = [...(expected.get(file) ?? [])]
          .filter(([key]) => key.startsWith(`${dimension}|`))
          .flatMap(([, cells]) => [...cells.values()])
          .sort((a, b) => a.n - b.n || a.value - b.value);
        expect(want.length, file).toBeGreaterThan(0);
        expect(
          bars.map((b) => b.n),
          file,
        ).toEqual(want.map((w) => w.n));
        for (const [i, b] of bars.entries())
          expect(Math.abs(b.value - (want[i]?.value ?? 0)), file).toBeLessThanOrEqual(0.05 + 1e-9);
      }

      // With schedules, each ticket time is drawn in calendar and business hours, with a legend.
      for (const name of [
        "first_reply_time",
        "full_resolution_time",
        "requester_wait_time",
        "agent_work_time",
      ]) {
        const legend = page.locator(
          `article:has(.source:text-is("(sql/tickets/${name}.sql)")) figure[data-chart="week"] svg .role-legend-label text`,
        );
        expect(await legend.allTextContents(), name).toEqual(["business hours", "calendar hours"]);
      }
      expect(await page.locator("#section-tickets > .note", { hasText: "Business hours" }).count()).toBe(0);

      // The summary's totals; the week the data ends in is marked partial; the spike week is cut with a note.
      expect(shown(await page.locator('[data-total="chats/chats"]').innerText())).toBe(chats);
      expect(shown(await page.locator('[data-total="tickets/tickets"]').innerText())).toBe(tickets);
      expect(shown(await page.locator('[data-total="conversations/conversations"]').innerText())).toBe(
        conversations,
      );
      expect(shown(await page.locator('[data-total="csat/ratings"]').innerText())).toBe(ratings);
      expect(shown(await page.locator('[data-total="sla/SLA targets"]').innerText())).toBe(targets);
      const lastChat = [...emulator.records("chats")].reduce(
        (a, c) => (String(c.timestamp) > a ? String(c.timestamp) : a),
        "",
      );
      await expect
        .poll(() => page.locator("#chats-1 tr", { hasText: week(lastChat) }).innerText())
        .toContain("partial");
      expect(
        await page.locator("#chats-1 svg text", { hasText: `${week(lastChat)} (partial)` }).count(),
      ).toBe(1);
      const openResolved = page.locator('article:has(.source:text-is("(sql/chats/open_resolved.sql)"))');
      expect(await openResolved.locator(".note", { hasText: "The axis is cut at" }).count()).toBe(1);
      expect(await openResolved.locator("svg text", { hasText: "▲" }).count()).toBeGreaterThan(0);
      // The moves between the last two complete weeks: listed, or said to have too small a sample.
      expect(await page.locator("#summary .moves li, #summary .moves-none").count()).toBeGreaterThan(0);

      // Printed: no chart or KPI is split across pages.
      await page.emulateMedia({ media: "print" });
      const breaks = await page.evaluate(() =>
        [...document.querySelectorAll("article.kpi, figure")].map((e) => getComputedStyle(e).breakInside),
      );
      expect(new Set(breaks)).toEqual(new Set(["avoid"]));
      const pdf = await page.pdf({ format: "A4" });
      expect(pdf.subarray(0, 4).toString("latin1")).toBe("%PDF");
      await page.emulateMedia({ media: "screen" });

      // Without the Support tables, the tickets section says so.
      const chatPage = await context.newPage();
      await openReport(chatPage, chatOnlyOut, problems);
      expect(await chatPage.locator("#section-tickets .missing-tables").innerText()).toBe(
        "Not in this file: the table tickets is missing. To see this section, sync with a support block in the config (streams tickets and ticket_metrics; ticket_metric_events for agent work time, schedules for business hours).",
      );
      expect(await chatPage.locator("article.kpi").count()).toBe(9);
      expect(await chatPage.locator("#section-csat .missing-tables").innerText()).toBe(
        "Not in this file: the tables satisfaction_ratings, tickets are missing. To see this section, sync with a support block in the config (streams satisfaction_ratings and tickets).",
      );
      expect(await chatPage.locator("#section-sla .missing-tables").innerText()).toBe(
        "Not in this file: the table ticket_metric_events is missing. To see this section, sync with a support block in the config (streams ticket_metric_events and sla_policies).",
      );
      // Without chat_history the legacy chats have no first reply: the KPI says so.
      expect(await chatPage.locator("#conversations-2 .empty").innerText()).toBe("No data.");
      await chatPage.locator("#section-sla").screenshot({ path: join(shots, "section-sla-missing.png") });
      expect((await layoutFaults(chatPage)).outside).toEqual([]);
      await chatPage
        .locator("#section-tickets")
        .screenshot({ path: join(shots, "section-tickets-missing.png") });

      // Tickets without ticket_metrics: the volumes are drawn, the metric KPIs said missing.
      const ticketOut = join(dir, "tickets-only.html");
      const ticketRun = await runWarehouseCli(emulator, ["report", "--db", ticketDb, "--out", ticketOut]);
      expect(ticketRun.stderr.trim()).toBe(`Wrote ${ticketOut}: 1 KPI over ${tickets} tickets.`);
      const ticketPage = await context.newPage();
      await openReport(ticketPage, ticketOut, problems);
      expect(await ticketPage.locator("#section-chats .missing-tables").innerText()).toContain(
        "Not in this file: the table chats is missing.",
      );
      expect(await ticketPage.locator("#section-tickets .missing-tables").allInnerTexts()).toEqual([
        "Not shown, the table ticket_metrics is not in this file: First reply time (median), Full resolution time (median), Requester wait time (median), One-touch resolution, Reopened tickets.",
        "Not shown, the table ticket_metric_events is not in this file: Agent work time (median).",
      ]);
      expect(await ticketPage.locator("#section-tickets article.kpi").count()).toBe(1);
      // Neither legacy chats nor ticket chats: the conversations section says how to get them.
      expect(await ticketPage.locator("#section-conversations .missing-tables").innerText()).toBe(
        "Not in this file: the tables chats, ticket_chats are missing. To see this section, sync the chats and chat_history streams (legacy Zendesk Chat) or, with a support block in the config, ticket_chats and ticket_chat_events (chats and messaging in Support); either is enough, and sync builds the views conversations and conversation_messages.",
      );
      await ticketPage
        .locator("#section-conversations")
        .screenshot({ path: join(shots, "section-conversations-missing.png") });
      // Tickets with their metrics but no schedules: the times in calendar hours only, and the page
      // says why business hours are not shown.
      const metricsOut = join(dir, "no-schedules.html");
      const metricsRun = await runWarehouseCli(emulator, ["report", "--db", metricsDb, "--out", metricsOut]);
      expect(metricsRun.exitCode, metricsRun.stderr).toBe(0);
      const metricsPage = await context.newPage();
      await openReport(metricsPage, metricsOut, problems);
      expect(
        await metricsPage.locator("#section-tickets > .note", { hasText: "Business hours" }).allInnerTexts(),
      ).toEqual([
        "Business hours are not shown: the table schedules is not in this file (sync the schedules stream too; Zendesk counts business hours by the account's schedules).",
      ]);
      await expectNumbers(
        metricsPage,
        ticketExpectations(emulator, new Map(), { schedules: false, metricEvents: false }),
      );
      expect(
        await metricsPage.locator("#section-tickets svg text", { hasText: "business hours" }).count(),
      ).toBe(0);
      await metricsPage
        .locator("#section-tickets")
        .screenshot({ path: join(shots, "section-tickets-no-schedules.png") });
      await metricsPage
        .locator("#tickets-2")
        .screenshot({ path: join(shots, "tickets-first-reply-time-no-schedules.png") });
      expect(problems).toEqual([]);
    } finally {
      await context.close();
    }
  }, 180_000);
});
