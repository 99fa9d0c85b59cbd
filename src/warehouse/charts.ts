/**
 * The report's charts: Vega-Lite specifications rendered to SVG here, in Node, when the report is
 * written (vega's View with renderer "none" and toSVG(): no canvas, no browser). The page embeds the
 * SVG text, so it needs no script and no network to be read.
 */

/** One point of a KPI: a value for a label (a week, an agent, a channel) and series, with its sample size. */
export interface Point {
  label: string;
  series: string;
  value: number;
  n: number;
}

export interface Scale {
  /** The unit of the values: "s", "h", "%", or what is counted ("chats", "tickets"). */
  unit: string;
  /** d3-format of the numbers: ",d" when every value is a whole number, ",.1f" otherwise. */
  format: string;
}

/** A note drawn under a chart (outliers cut, a partial period). */
export interface ChartResult {
  svg: string;
  notes: string[];
}

const FONT = "DejaVu Sans, Verdana, sans-serif";
const COLORS = ["#2f6fb3", "#e07b39", "#4a9d5b", "#b84a62", "#7a5fb0", "#8c6d31", "#17becf"];
/** Series whose name says good or bad keep one colour wherever they are drawn (green good, red bad, grey not answered). */
const MEANINGS: Record<string, string> = {
  good: "#4a9d5b",
  bad: "#c0392b",
  breached: "#c0392b",
  "not breached": "#4a9d5b",
  offered: "#9aa5b1",
  unoffered: "#d5dae0",
};

/** The colour encoding of the series: one colour for one series, the meanings' colours when all have one. */
function seriesColor(series: string[]) {
  // One unnamed series needs no legend; a named one (calendar hours) says what is drawn.
  if (series.length === 0 || (series.length === 1 && series[0] === "value")) return { value: COLORS[0] };
  const meant = series.every((s) => MEANINGS[s] !== undefined);
  return {
    field: "series",
    type: "nominal",
    sort: series,
    legend: { title: null },
    ...(meant ? { scale: { domain: series, range: series.map((s) => MEANINGS[s]) } } : {}),
  };
}
const CONFIG = {
  font: FONT,
  background: "white",
  padding: 8,
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    labelColor: "#333",
    titleColor: "#333",
    gridColor: "#e4e4e4",
  },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: "top" },
  range: { category: COLORS },
  view: { stroke: null },
};

/** "seconds", "hours", "percent" or the thing counted: the title of a value axis. */
export function unitTitle(unit: string): string {
  return { s: "seconds", h: "hours", "%": "percent" }[unit] ?? (unit === "" ? "value" : unit);
}

/** The number as the page prints it: the scale's format, the unit after it. */
export function formatValue(value: number, scale: Scale): string {
  const text =
    scale.format === ",d"
      ? Math.round(value).toLocaleString("en-US")
      : value.toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  if (scale.unit === "%") return `${text}%`;
  if (scale.unit === "s" || scale.unit === "h") return `${text} ${scale.unit}`;
  return text;
}

/** Whole numbers are counts: printed without decimals. */
export function scaleFor(unit: string, values: number[]): Scale {
  return { unit, format: values.every((v) => Number.isInteger(v)) ? ",d" : ",.1f" };
}

/** Axis numbers: whole numbers for counts, at most one decimal (none when it is 0) otherwise. */
function axisFormat(scale: Scale): string {
  return scale.format === ",d" ? ",d" : ",.1~f";
}

/** The vega expression printing `field` like formatValue. */
function formatExpr(field: string, scale: Scale): string {
  const suffix = scale.unit === "%" ? "%" : scale.unit === "s" || scale.unit === "h" ? ` ${scale.unit}` : "";
  return `format(datum.${field}, '${scale.format}') + '${suffix}'`;
}

/**
 * A value above three times the 90th percentile of the others flattens every other bar: the axis is
 * cut at 1.5 times that percentile, and the bars above it are labelled with their own number (not
 * below 20: a handful is drawn whole).
 */
export function outlierCap(totals: number[]): number | undefined {
  const sorted = totals.filter((v) => v > 0).sort((a, b) => a - b);
  if (sorted.length < 5) return undefined;
  const p90 = sorted[Math.floor(0.9 * (sorted.length - 1))] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  // A handful (below 20) never flattens a chart: small counts are drawn whole.
  if (p90 <= 0 || max <= 3 * p90 || max < 20) return undefined;
  return niceCeil(1.5 * p90);
}

/** The smallest round number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) at or above x. */
function niceCeil(x: number): number {
  const power = 10 ** Math.floor(Math.log10(x));
  const step = [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].find((m) => m * power >= x - 1e-9) ?? 10;
  return step * power;
}

async function render(spec: Record<string, unknown>): Promise<string> {
  const [vega, vegaLite] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vegaLite.compile({ config: CONFIG, ...spec } as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

export interface PeriodChart {
  points: Point[];
  scale: Scale;
  /** Counts stack their series as bars; other values are a line per series, with n drawn under it. */
  counts: boolean;
  /** Every period of the section, in order: a week without a value still has its place on the axis. */
  periods?: string[];
  /** The periods the data covers in part: where it starts and ends inside a week (drawn lighter, labelled "partial"). */
  partial: string[];
  width?: number;
}

/** Periods (weeks) on the x axis: one in four labelled, the first, the last and the partial one always. */
function periodAxis(periods: string[], partial: string[]) {
  const step = Math.max(1, Math.ceil(periods.length / 14));
  // The first, the last and the partial weeks always; every step-th week not too close to those.
  const forced = periods.flatMap((p, i) =>
    i === 0 || i === periods.length - 1 || partial.includes(p) ? [i] : [],
  );
  const values = periods.filter(
    (_, i) => forced.includes(i) || (i % step === 0 && forced.every((f) => Math.abs(f - i) >= step)),
  );
  return {
    title: null,
    values,
    labelAngle: -45,
    labelExpr:
      partial.length > 0
        ? `indexof(${JSON.stringify(partial).replaceAll('"', "'")}, datum.value) >= 0 ? datum.value + ' (partial)' : datum.value`
        : undefined,
  };
}

export async function periodChart(chart: PeriodChart): Promise<ChartResult> {
  const periods = [...new Set([...(chart.periods ?? []), ...chart.points.map((p) => p.label)])].sort();
  const series = [...new Set(chart.points.map((p) => p.series))].sort();
  const notes: string[] = [];
  const width = chart.width ?? 520;
  const values = chart.points.map((p) => ({ ...p, partial: chart.partial.includes(p.label) }));
  const totals = periods.map((label) =>
    chart.points.filter((p) => p.label === label).reduce((sum, p) => sum + (chart.counts ? p.value : 0), 0),
  );
  const cap =
    chart.scale.unit === "%"
      ? undefined
      : outlierCap(chart.counts ? totals : chart.points.map((p) => p.value));
  const x = { field: "label", type: "ordinal", sort: periods, scale: { domain: periods } };
  const opacity = { condition: { test: "datum.partial", value: 0.4 }, value: 1 };
  const color = seriesColor(series);
  const yScale = cap
    ? { domain: [0, cap], clamp: true, nice: false }
    : chart.scale.unit === "%"
      ? { domain: [0, 100] }
      : {};
  const y = {
    field: "value",
    type: "quantitative",
    stack: chart.counts ? "zero" : null,
    scale: yScale,
    axis: { title: unitTitle(chart.scale.unit), format: axisFormat(chart.scale), grid: true, tickCount: 6 },
  };
  const over = chart.counts
    ? periods
        .map((label, i) => ({ label, total: totals[i] ?? 0 }))
        .filter((t) => cap !== undefined && t.total > cap)
    : values
        .filter((p) => cap !== undefined && p.value > cap)
        .map((p) => ({ label: p.label, total: p.value }));
  if (cap !== undefined && over.length > 0) {
    notes.push(
      `The axis is cut at ${formatValue(cap, chart.scale)}: ${over
        .map((o) => `${o.label} had ${formatValue(o.total, chart.scale)}`)
        .join(", ")} (marked ▲, drawn to the cut).`,
    );
  }
  const capLayer =
    over.length > 0
      ? [
          {
            data: { values: over.map((o) => ({ ...o, at: cap })) },
            mark: { type: "text", dy: -6, fontSize: 10, color: "#b00" },
            encoding: {
              x,
              y: { field: "at", type: "quantitative" },
              text: { field: "text", type: "nominal" },
            },
            transform: [{ calculate: `'▲ ' + ${formatExpr("total", chart.scale)}`, as: "text" }],
          },
        ]
      : [];
  const main = {
    width,
    height: 200,
    layer: [
      chart.counts
        ? { mark: { type: "bar" }, encoding: { x, y, color, opacity } }
        : {
            layer: [
              { mark: { type: "line", strokeWidth: 1.5 }, encoding: { x, y, color } },
              { mark: { type: "point", filled: true, size: 30 }, encoding: { x, y, color, opacity } },
            ],
          },
      ...capLayer,
    ],
    encoding: {
      x: {
        ...x,
        axis: chart.counts
          ? periodAxis(periods, chart.partial)
          : { title: null, labels: false, ticks: true, values: periodAxis(periods, chart.partial).values },
      },
    },
  };
  const partial = chart.partial.filter((p) => periods.includes(p));
  if (partial.length > 0)
    notes.push(
      `Partial week${partial.length > 1 ? "s" : ""} (the data starts or ends inside ${partial.length > 1 ? "them" : "it"}, drawn lighter): ${partial.join(", ")}.`,
    );
  if (chart.counts) return { svg: await render({ data: { values }, ...main }), notes };
  // A value (an average, a rate) comes with its sample size, drawn under it on the same weeks.
  // The sample sizes get the same cut as the values when one week dwarfs the others.
  const nCap = outlierCap(chart.points.map((p) => p.n));
  // One entry a week: several series of a week (calendar and business hours) share their n.
  const bigN = [
    ...new Map(
      chart.points.filter((p) => nCap !== undefined && p.n > nCap).map((p) => [`${p.label} ${p.n}`, p]),
    ).values(),
  ];
  if (nCap !== undefined && bigN.length > 0)
    notes.push(
      `The n axis is cut at ${nCap.toLocaleString("en-US")}: ${bigN.map((p) => `${p.label} had n=${p.n.toLocaleString("en-US")}`).join(", ")}.`,
    );
  const sample = {
    width,
    height: 60,
    mark: { type: "bar", color: "#9aa5b1" },
    encoding: {
      x: { ...x, axis: periodAxis(periods, chart.partial) },
      y: {
        field: "n",
        type: "quantitative",
        stack: null,
        scale: nCap ? { domain: [0, nCap], clamp: true, nice: false } : {},
        axis: { title: "n", format: ",d", tickCount: 3, grid: true },
      },
      opacity,
      // Several series (calendar and business hours) have each their n, side by side in their colour.
      ...(series.length > 1 ? { xOffset: { field: "series", sort: series }, color } : {}),
    },
  };
  return { svg: await render({ data: { values }, vconcat: [main, sample], spacing: 6 }), notes };
}

export interface GroupChart {
  points: Point[];
  scale: Scale;
  counts: boolean;
  /** What the bars are (department, agent, channel): the axis title. */
  dimension: string;
  limit?: number;
}

/**
 * Horizontal bars, one per label, each with its number and sample size: counts stacked by series,
 * values of several series (calendar and business hours) side by side, one bar and number each.
 */
export async function groupChart(chart: GroupChart): Promise<ChartResult> {
  const limit = chart.limit ?? 20;
  const series = [...new Set(chart.points.map((p) => p.series))].sort();
  // Values of several series are not added up: each is its own bar, the longest ranks the label.
  const grouped = !chart.counts && series.length > 1;
  const totals = new Map<string, { total: number; n: number }>();
  for (const p of chart.points) {
    const t = totals.get(p.label) ?? { total: 0, n: 0 };
    totals.set(
      p.label,
      grouped ? { total: Math.max(t.total, p.value), n: t.n } : { total: t.total + p.value, n: t.n + p.n },
    );
  }
  const ranked = [...totals].sort((a, b) => b[1].total - a[1].total || a[0].localeCompare(b[0]));
  const shown = ranked.slice(0, limit).map(([label]) => label);
  const notes = ranked.length > limit ? [`The ${limit} largest of ${ranked.length} are shown.`] : [];
  // A count is its own sample size: its bar says the count alone (the split by series is in the
  // legend and the numbers table).
  const counted = chart.counts || chart.points.every((p) => p.value === p.n);
  const text = (value: number, n: number) =>
    counted
      ? formatValue(value, chart.scale)
      : `${formatValue(value, chart.scale)} (n=${n.toLocaleString("en-US")})`;
  const labels = grouped
    ? chart.points
        .filter((p) => shown.includes(p.label))
        .map((p) => ({ label: p.label, series: p.series, total: p.value, text: text(p.value, p.n) }))
    : ranked.slice(0, limit).map(([label, t]) => ({ label, total: t.total, text: text(t.total, t.n) }));
  const max = Math.max(...labels.map((l) => l.total), 0);
  const y = {
    field: "label",
    type: "nominal",
    sort: shown,
    axis: { title: chart.dimension, labelLimit: 180 },
  };
  const offset = grouped ? { yOffset: { field: "series", sort: series } } : {};
  const x = {
    field: "value",
    type: "quantitative",
    stack: grouped ? null : "zero",
    scale: { domain: [0, chart.scale.unit === "%" ? 100 : max || 1], nice: true },
    axis: { title: unitTitle(chart.scale.unit), format: axisFormat(chart.scale), grid: true, tickCount: 5 },
  };
  const spec = {
    width: 240,
    height: { step: grouped ? 14 * series.length : 20 },
    layer: [
      {
        data: { values: chart.points.filter((p) => shown.includes(p.label)) },
        mark: { type: "bar" },
        encoding: { y, x, color: seriesColor(series), ...offset },
      },
      {
        data: { values: labels },
        mark: { type: "text", align: "left", dx: 4, fontSize: grouped ? 10 : 11, color: "#222" },
        encoding: {
          y,
          x: { field: "total", type: "quantitative" },
          text: { field: "text", type: "nominal" },
          ...offset,
        },
      },
    ],
  };
  return { svg: await render(spec), notes };
}
