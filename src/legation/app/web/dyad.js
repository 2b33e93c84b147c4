// Dyad page: the timeline of two sides (stacked SVG bars per week/month/quarter/year, a y axis
// with ticks, the mean score as a line broken where a period has no events), what it cannot
// chart, an actor's top counterparts as small multiples, and the event table.

import { api, errorBox, field, h, link, meta, s, sideName, sideNote, update } from "./app.js";
import { keyList } from "./events.js";
import { counterparts } from "./multiples.js";
import { eventsTable } from "./table.js";

export const TYPE_COLOURS = {
  AGREE: "#1b9e77", CONSULT: "#66c2a5", SUPPORT: "#2c7fb8", CONCEDE: "#41b6c4", COOPERATE: "#7fcdbb",
  AID: "#006d2c", RETREAT: "#a1d99b", REQUEST: "#fdae61", ACCUSE: "#f46d43", REJECT: "#fdd49e",
  THREATEN: "#d73027", PROTEST: "#fc8d59", SANCTION: "#a50026", MOBILIZE: "#9e9ac8", COERCE: "#762a83",
  ASSAULT: "#40004b",
};
export const QUAD_COLOURS = { 1: "#66c2a5", 2: "#1b9e77", 3: "#fdae61", 4: "#d73027", "?": "#999999" };
export const FREQS = [["week", "week"], ["month", "month"], ["quarter", "quarter"], ["year", "year"]];

function colour(by, category) {
  return (by === "quad" ? QUAD_COLOURS : TYPE_COLOURS)[category] || "#999";
}

export async function dyadPage(p) {
  const info = await meta();
  if (!p.get("a")) {
    if (!info.default_dyad) return h("p", { class: "muted" }, "No events between two countries in this store yet.");
    update({ a: info.default_dyad[0], b: info.default_dyad[1] }, "dyad");
    return h("p", { class: "muted" }, "…");
  }
  const by = p.get("by") || "type";
  const freq = p.get("freq") || "month";
  const series = await api("dyad", {
    a: p.get("a"), b: p.get("b"), directed: p.get("directed") ? "true" : null, freq, by,
    since: p.get("since"), until: p.get("until"),
  }).catch((e) => e);
  const choose = (key, query) => update({ [query === p.get("b") ? "b" : "a"]: key, page: null, period: null, period_end: null });
  return h("section", { class: "page dyad" },
    controls(p, info, freq),
    series instanceof Error ? errorBox(series, choose) : timeline(series, p, by, freq),
    series instanceof Error || p.get("b") ? null : await counterparts(p.get("a"), series.sides.a, p),
    series instanceof Error ? null : await eventsTable(p, info, choose, { sides: false }));
}

// --------------------------------------------------------------------------- controls

function controls(p, info, freq) {
  const clear = { page: null, period: null, period_end: null };
  const input = (name, label) => field(label, h("input", {
    name, list: "keys", value: p.get(name) || "", size: 16, placeholder: "pak, Munir, PAKMIL, …",
    onchange: (e) => update({ [name]: e.target.value.trim() || null, ...clear }),
  }));
  const select = (name, label, options, value) => field(label, h("select", {
    name, onchange: (e) => update({ [name]: e.target.value, period: null, period_end: null }),
  }, options.map(([v, t]) => h("option", { value: v, selected: v === value }, t))));
  return h("form", { class: "controls", onsubmit: (e) => e.preventDefault() },
    keyList(info),
    input("a", "Side A"),
    h("button", { type: "button", class: "swap", title: "Swap sides",
      onclick: () => update({ a: p.get("b"), b: p.get("a"), ...clear }) }, "⇄"),
    input("b", "Side B (empty: anyone)"),
    field("Directed (A → B only)", h("input", { type: "checkbox", name: "directed", checked: !!p.get("directed"),
      onchange: (e) => update({ directed: e.target.checked || null, page: null }) })),
    select("freq", "Per", FREQS, freq),
    select("by", "Stack by", [["type", "PLOVER type"], ["quad", "quad class"]], p.get("by") || "type"));
}

// --------------------------------------------------------------------------- timeline

function timeline(series, p, by, freq) {
  const a = sideName(series.sides.a, series.a);
  const b = series.b ? sideName(series.sides.b, series.b) : "anyone";
  const title = `${a} ${series.directed ? "→" : "↔"} ${b}: ${series.total} current events per ${freq}`;
  const sides = h("p", { class: "sides" }, sideNote("Side A", series.sides.a), " ", sideNote("Side B", series.sides.b));
  if (!series.buckets.length) {
    return h("figure", { class: "timeline" }, h("figcaption", {}, title), sides, notCharted(series, p),
      h("p", { class: "muted" }, "No dated current events for this dyad."));
  }
  return h("figure", { class: "timeline" },
    h("figcaption", {}, title, h("small", { class: "muted" }, " — click a bar to filter the table to that period")),
    sides,
    chart(series, p, by),
    legend(series, by),
    notCharted(series, p),
    series.b ? h("p", { class: "muted" }, h("a", { class: "to-counterparts", href: link("dyad", { a: p.get("a"), freq: p.get("freq") }) },
      `${a}'s top counterparts over time`)) : null);
}

/** The events the timeline cannot show, counted, each count a link to them in the table. */
function notCharted(series, p) {
  const here = Object.fromEntries(p);
  const parts = [];
  if (series.noncurrent) {
    parts.push(h("a", { class: "noncurrent", href: link("dyad", { ...here, all: 1, page: null }) },
      `${series.noncurrent} not current (hypothetical, historical, negated or uncertain)`), " (never charted)");
  }
  if (series.undated) {
    if (parts.length) parts.push("; ");
    parts.push(h("a", { class: "undated", href: link("dyad", { ...here, undated: 1, page: null }) },
      `${series.undated} undated events not charted`), " (no event or publication date)");
  }
  return h("p", { class: "not-charted muted" }, parts.length ? ["Not in the chart: ", parts, "."]
    : "Every current event of this dyad is in the chart.");
}

/** Round tick values for 0…max: at most about five. */
export function ticks(max) {
  const rough = max / 5;
  const power = 10 ** Math.floor(Math.log10(Math.max(rough, 1)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= rough) || power;
  const top = Math.max(step, Math.ceil(max / step) * step);
  const out = [];
  for (let v = 0; v <= top; v += step) out.push(v);
  return out;
}

function chart(series, p, by) {
  const W = 960, H = 290, left = 40, right = 44, top = 22, bottom = 36;
  const n = series.buckets.length;
  const step = (W - left - right) / n;
  const marks = ticks(Math.max(1, ...series.buckets.map((b) => b.total)));
  const max = marks[marks.length - 1];
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const scoreY = (v) => top + (H - top - bottom) * (1 - (v + 10) / 20);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": "Dyad timeline" });
  for (const v of marks) {
    svg.append(s("line", { x1: left, x2: W - right, y1: y(v), y2: y(v), class: v ? "grid" : "axis" }));
    svg.append(s("text", { x: left - 6, y: y(v) + 4, class: "tick y-tick" }, String(v)));
  }
  svg.append(s("text", { x: left - 6, y: top - 12, class: "tick axis-title y-tick" }, "events"));
  for (const v of [-10, -5, 0, 5, 10]) {
    svg.append(s("text", { x: W - right + 6, y: scoreY(v) + 4, class: "tick score-tick" }, v > 0 ? `+${v}` : v < 0 ? `−${-v}` : "0"));
  }
  svg.append(s("line", { x1: left, x2: W - right, y1: scoreY(0), y2: scoreY(0), class: "zero" }));
  svg.append(s("text", { x: W - right + 6, y: top - 12, class: "tick axis-title" }, "score"));
  const labelEvery = Math.ceil(n / 12);
  const selected = p.get("period");
  series.buckets.forEach((bucket, i) => svg.append(bar(bucket, i, { left, step, y, by, series, selected, labelEvery, H, bottom })));
  for (const run of scoreRuns(series.buckets)) {
    const points = run.map((i) => [left + step * (i + 0.5), scoreY(series.buckets[i].mean_score)]);
    if (points.length > 1) svg.append(s("polyline", { points: points.map((pt) => pt.join(",")).join(" "), class: "score" }));
    points.forEach(([cx, cy]) => svg.append(s("circle", { cx, cy, r: 2.5, class: "score-dot" })));
  }
  return svg;
}

/** Runs of consecutive periods that have a mean score: a line joins a run, never a gap. */
export function scoreRuns(buckets) {
  const runs = [];
  let current = [];
  buckets.forEach((b, i) => {
    if (b.mean_score === null) { if (current.length) runs.push(current); current = []; } else current.push(i);
  });
  if (current.length) runs.push(current);
  return runs;
}

function bar(bucket, i, { left, step, y, by, series, selected, labelEvery, H, bottom }) {
  const x = left + step * i;
  const g = s("g", {
    class: `bar${selected === bucket.start ? " selected" : ""}`, "data-period": bucket.label, tabindex: bucket.total ? 0 : null,
    onclick: () => choosePeriod(bucket),
    onkeydown: (e) => e.key === "Enter" && choosePeriod(bucket),
  });
  let base = 0;
  for (const category of series.categories) {
    const count = bucket.counts[category] || 0;
    if (!count) continue;
    g.append(s("rect", { x: x + 1, width: Math.max(1, step - 2), y: y(base + count), height: y(base) - y(base + count),
      fill: colour(by, category) }, s("title", {}, `${bucket.label} ${category}: ${count}`)));
    base += count;
  }
  g.append(s("rect", { x, width: step, y: 0, height: H - bottom, class: "hit" },
    s("title", {}, `${bucket.label}: ${bucket.total} events, mean score ${bucket.mean_score === null ? "— (no events)" : bucket.mean_score.toFixed(1)}`)));
  if (i % labelEvery === 0) g.append(s("text", { x: x + step / 2, y: H - bottom + 16, class: "tick label" }, bucket.label));
  return g;
}

function choosePeriod(bucket) {
  update({ period: bucket.start, period_end: bucket.end, page: null });
}

function legend(series, by) {
  return h("ul", { class: "legend-list" },
    series.categories.map((c) => h("li", {}, h("span", { class: "swatch", style: `background:${colour(by, c)}` }), by === "quad" ? quadName(c) : c)),
    h("li", {}, h("span", { class: "swatch line" }), "mean score (−10 conflict … +10 cooperation); no line where a period has no events"));
}

function quadName(c) {
  return { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" }[c] || "unknown";
}
