// Dyad page: timeline (stacked SVG bars per week/month, mean score line) and the event table.

import { api, apiQuery, errorBox, eventTable, field, h, meta, s, update } from "./app.js";

export const TYPE_COLOURS = {
  AGREE: "#1b9e77", CONSULT: "#66c2a5", SUPPORT: "#2c7fb8", CONCEDE: "#41b6c4", COOPERATE: "#7fcdbb",
  AID: "#006d2c", RETREAT: "#a1d99b", REQUEST: "#fdae61", ACCUSE: "#f46d43", REJECT: "#fdd49e",
  THREATEN: "#d73027", PROTEST: "#fc8d59", SANCTION: "#a50026", MOBILIZE: "#9e9ac8", COERCE: "#762a83",
  ASSAULT: "#40004b",
};
export const QUAD_COLOURS = { 1: "#66c2a5", 2: "#1b9e77", 3: "#fdae61", 4: "#d73027", "?": "#999999" };
const PAGE_SIZE = 25;

function colour(by, category) {
  return (by === "quad" ? QUAD_COLOURS : TYPE_COLOURS)[category] || "#999";
}

/** The filters of the table, from the URL (period narrows the dates). */
function tableParams(p) {
  const since = p.get("period") || p.get("since");
  const until = p.get("period_end") || p.get("until");
  return {
    a: p.get("a"), b: p.get("b"), directed: p.get("directed") ? "true" : null,
    type: p.getAll("type").filter(Boolean), actor: p.get("actor"), q: p.get("q"),
    since, until, all: p.get("all") ? "true" : null,
  };
}

export async function dyadPage(p) {
  if (!p.get("a")) { update({ a: "PAK", b: "USA" }, "dyad"); return h("p", {}, "…"); }
  const info = await meta();
  const by = p.get("by") || "type";
  const freq = p.get("freq") || "month";
  const series = await api("dyad", {
    a: p.get("a"), b: p.get("b"), directed: p.get("directed") ? "true" : null, freq, by,
    since: p.get("since"), until: p.get("until"),
  }).catch((e) => e);
  const filters = tableParams(p);
  const offset = Number(p.get("page") || 0) * PAGE_SIZE;
  const page = await api("events", { ...filters, offset, limit: PAGE_SIZE }).catch((e) => e);
  return h("section", { class: "page dyad" },
    controls(p, info),
    series instanceof Error ? errorBox(series) : timeline(series, p, by, freq),
    tableFilters(p, info),
    page instanceof Error ? errorBox(page) : tableSection(page, p, filters));
}

// --------------------------------------------------------------------------- controls

function keyList(info) {
  const options = [...info.countries, ...info.codes.filter((c) => c.key.length > 3)];
  return h("datalist", { id: "keys" }, options.map((c) => h("option", { value: c.key }, `${c.key} (${c.events})`)));
}

function controls(p, info) {
  const input = (name, label) => field(label, h("input", {
    name, list: "keys", value: p.get(name) || "", size: 14, placeholder: "PAK, USAGOV, asim_munir",
    onchange: (e) => update({ [name]: e.target.value.trim() || null, page: null, period: null, period_end: null }),
  }));
  const select = (name, label, options, value) => field(label, h("select", {
    name, onchange: (e) => update({ [name]: e.target.value, period: null, period_end: null }),
  }, options.map(([v, t]) => h("option", { value: v, selected: v === value }, t))));
  return h("form", { class: "controls", onsubmit: (e) => e.preventDefault() },
    keyList(info),
    input("a", "Side A"),
    h("button", { type: "button", class: "swap", title: "Swap sides",
      onclick: () => update({ a: p.get("b"), b: p.get("a"), period: null, period_end: null }) }, "⇄"),
    input("b", "Side B"),
    field("Directed (A → B only)", h("input", { type: "checkbox", name: "directed", checked: !!p.get("directed"),
      onchange: (e) => update({ directed: e.target.checked || null, page: null }) })),
    select("freq", "Per", [["month", "month"], ["week", "week"]], p.get("freq") || "month"),
    select("by", "Stack by", [["type", "PLOVER type"], ["quad", "quad class"]], p.get("by") || "type"));
}

// --------------------------------------------------------------------------- timeline

function timeline(series, p, by, freq) {
  const title = `${series.a}${series.b ? (series.directed ? " → " : " ↔ ") + series.b : ""}: ${series.total} current events per ${freq}`;
  const undated = series.undated ? h("p", { class: "muted undated" }, `${series.undated} undated events not charted (no date in the text, no publication date).`) : null;
  if (!series.buckets.length) return h("figure", { class: "timeline" }, h("figcaption", {}, title), h("p", { class: "muted" }, "No dated events for this dyad."), undated);
  return h("figure", { class: "timeline" },
    h("figcaption", {}, title, h("small", { class: "muted" }, " — click a bar to filter the table to that period")),
    undated,
    chart(series, p, by),
    legend(series, by));
}

function chart(series, p, by) {
  const W = 960, H = 260, left = 36, right = 40, top = 10, bottom = 34;
  const n = series.buckets.length;
  const step = (W - left - right) / n;
  const max = Math.max(1, ...series.buckets.map((b) => b.total));
  const y = (v) => top + (H - top - bottom) * (1 - v / max);
  const scoreY = (v) => top + (H - top - bottom) * (1 - (v + 10) / 20);
  const selected = p.get("period");
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart", role: "img", "aria-label": "Dyad timeline" });
  svg.append(s("line", { x1: left, x2: W - right, y1: y(0), y2: y(0), class: "axis" }));
  svg.append(s("line", { x1: left, x2: W - right, y1: scoreY(0), y2: scoreY(0), class: "zero" }));
  svg.append(s("text", { x: 4, y: y(max) + 4, class: "tick" }, String(max)));
  svg.append(s("text", { x: W - right + 4, y: scoreY(10) + 4, class: "tick" }, "+10"));
  svg.append(s("text", { x: W - right + 4, y: scoreY(-10), class: "tick" }, "−10"));
  const labelEvery = Math.ceil(n / 12);
  series.buckets.forEach((bucket, i) => svg.append(bar(bucket, i, { left, step, y, by, series, selected, labelEvery, H })));
  const points = series.buckets.map((b, i) => b.mean_score === null ? null : [left + step * (i + 0.5), scoreY(b.mean_score)]).filter(Boolean);
  if (points.length > 1) svg.append(s("polyline", { points: points.map((pt) => pt.join(",")).join(" "), class: "score" }));
  points.forEach(([cx, cy]) => svg.append(s("circle", { cx, cy, r: 2.5, class: "score-dot" })));
  return svg;
}

function bar(bucket, i, { left, step, y, by, series, selected, labelEvery, H }) {
  const x = left + step * i;
  const g = s("g", {
    class: `bar${selected === bucket.start ? " selected" : ""}`, "data-period": bucket.label, tabindex: bucket.total ? 0 : null,
    onclick: () => choosePeriod(bucket, series.freq),
    onkeydown: (e) => e.key === "Enter" && choosePeriod(bucket, series.freq),
  });
  let base = 0;
  for (const category of series.categories) {
    const count = bucket.counts[category] || 0;
    if (!count) continue;
    g.append(s("rect", { x: x + 1, width: Math.max(1, step - 2), y: y(base + count), height: y(base) - y(base + count),
      fill: colour(by, category) }, s("title", {}, `${bucket.label} ${category}: ${count}`)));
    base += count;
  }
  g.append(s("rect", { x, width: step, y: 0, height: H - 34, class: "hit" },
    s("title", {}, `${bucket.label}: ${bucket.total} events, mean score ${bucket.mean_score === null ? "—" : bucket.mean_score.toFixed(1)}`)));
  if (i % labelEvery === 0) g.append(s("text", { x: x + step / 2, y: H - 18, class: "tick label" }, bucket.label));
  return g;
}

function choosePeriod(bucket, freq) {
  const start = new Date(`${bucket.start}T00:00:00Z`);
  const end = new Date(start);
  if (freq === "week") end.setUTCDate(end.getUTCDate() + 6);
  else { end.setUTCMonth(end.getUTCMonth() + 1); end.setUTCDate(0); }
  update({ period: bucket.start, period_end: end.toISOString().slice(0, 10), page: null });
}

function legend(series, by) {
  return h("ul", { class: "legend-list" },
    series.categories.map((c) => h("li", {}, h("span", { class: "swatch", style: `background:${colour(by, c)}` }), by === "quad" ? quadName(c) : c)),
    h("li", {}, h("span", { class: "swatch line" }), "mean score (−10 conflict … +10 cooperation)"));
}

function quadName(c) {
  return { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict", 4: "material conflict" }[c] || "unknown";
}

// --------------------------------------------------------------------------- table

function tableFilters(p, info) {
  const set = (name) => (e) => update({ [name]: e.target.value.trim() || null, page: null });
  return h("form", { class: "controls filters", onsubmit: (e) => e.preventDefault() },
    field("Type", h("select", { name: "type", onchange: set("type") },
      h("option", { value: "" }, "any"),
      info.event_types.map((t) => h("option", { value: t, selected: p.get("type") === t }, t)))),
    field("Actor", h("input", { name: "actor", value: p.get("actor") || "", size: 12, onchange: set("actor") })),
    field("Text", h("input", { name: "q", type: "search", value: p.get("q") || "", size: 16, onchange: set("q") })),
    field("From", h("input", { name: "since", type: "date", value: p.get("since") || "", onchange: set("since") })),
    field("To", h("input", { name: "until", type: "date", value: p.get("until") || "", onchange: set("until") })),
    field("Also hypothetical, historical, negated", h("input", { type: "checkbox", name: "all", checked: !!p.get("all"),
      onchange: (e) => update({ all: e.target.checked || null, page: null }) })));
}

function tableSection(page, p, filters) {
  const from = page.total ? page.offset + 1 : 0;
  const to = page.offset + page.events.length;
  const n = Number(p.get("page") || 0);
  const query = apiQuery(filters);
  return h("section", { class: "table" },
    h("div", { class: "table-head" },
      h("strong", { class: "count" }, `${page.total} events`),
      p.get("period") ? h("span", { class: "chip" }, `period ${p.get("period")} – ${p.get("period_end")} `,
        h("button", { type: "button", "aria-label": "Clear period", onclick: () => update({ period: null, period_end: null, page: null }) }, "×")) : null,
      h("span", { class: "muted" }, ` showing ${from}–${to}, newest first `),
      h("button", { type: "button", disabled: n === 0, onclick: () => update({ page: n - 1 || null }) }, "‹ newer"),
      h("button", { type: "button", disabled: to >= page.total, onclick: () => update({ page: n + 1 }) }, "older ›"),
      h("span", { class: "exports" }, "Export: ",
        ["csv", "parquet", "json"].map((f) => h("a", { href: `/api/export?format=${f}&${query}`, download: `legation-events.${f}` }, f.toUpperCase())))),
    eventTable(page.events.map(summary)));
}

/** An event record as the table shows it. */
function summary(record) {
  return { ...record, sentence: record.sentence.text };
}
