// The event table shared by the Dyad and Events pages: its filters (all in the URL), the
// "Showing 1–25 of 93 events" head with what the filters left out, paging and exports.

import { api, apiQuery, errorBox, eventTable, field, h, sideNote, update } from "./app.js";

export const PAGE_SIZE = 25;
const CONFIDENCE = [["", "any"], ["0.5", "≥ 0.5"], ["0.7", "≥ 0.7"], ["0.9", "≥ 0.9"]];

/** The table's API filters, from the URL (``period`` narrows the dates). */
export function tableParams(p) {
  return {
    a: p.get("a"), b: p.get("b"), directed: p.get("directed") ? "true" : null,
    type: p.getAll("type").filter(Boolean), actor: p.get("actor"), q: p.get("q"),
    since: p.get("period") || p.get("since"), until: p.get("period_end") || p.get("until"),
    all: p.get("all") ? "true" : null, min_confidence: p.get("conf"),
    outlet: p.has("outlet") ? p.get("outlet") : null, undated: p.get("undated") ? "true" : null,
    flag: p.get("flag"), merged: p.get("merged") ? "true" : null,
  };
}

/** The table for the URL's filters: fetched, with its head; errors shown in place. */
export async function eventsTable(p, info, choose, { sides = true } = {}) {
  const filters = tableParams(p);
  const offset = Number(p.get("page") || 0) * PAGE_SIZE;
  const page = await api("events", { ...filters, offset, limit: PAGE_SIZE }).catch((e) => e);
  return h("div", { class: "event-table" },
    tableFilters(p, info),
    page instanceof Error ? errorBox(page, choose) : tableSection(page, p, filters, sides));
}

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
    field("Confidence", h("select", { name: "conf", onchange: set("conf") },
      CONFIDENCE.map(([v, t]) => h("option", { value: v, selected: (p.get("conf") || "") === v }, t)))),
    field("Also hypothetical, historical, negated", h("input", { type: "checkbox", name: "all", checked: !!p.get("all"),
      onchange: (e) => update({ all: e.target.checked || null, page: null }) })));
}

/** Chips for the filters the form does not show (set by links from the overview). */
function chips(p) {
  const chip = (label, changes) => h("span", { class: "chip" }, label,
    h("button", { type: "button", "aria-label": `Clear ${label}`, onclick: () => update({ ...changes, page: null }) }, "×"));
  return [
    p.get("period") ? chip(`period ${p.get("period")} – ${p.get("period_end")}`, { period: null, period_end: null }) : null,
    p.has("outlet") ? chip(`outlet: ${p.get("outlet") || "none"}`, { outlet: null }) : null,
    p.get("undated") ? chip("undated only", { undated: null }) : null,
    p.get("flag") ? chip(`${p.get("flag")} only`, { flag: null }) : null,
    p.get("merged") ? chip("reported by several documents", { merged: null }) : null,
  ];
}

function tableSection(page, p, filters, sides) {
  const from = page.total ? page.offset + 1 : 0;
  const to = page.offset + page.events.length;
  const n = Number(p.get("page") || 0);
  const query = apiQuery(filters);
  return h("section", { class: "table" },
    sides ? h("div", { class: "sides" }, sideNote("Side A", page.sides.a), sideNote("Side B", page.sides.b)) : null,
    h("div", { class: "table-head" },
      h("strong", { class: "count" }, `Showing ${from}–${to} of ${page.total} events`),
      chips(p),
      h("span", { class: "muted" }, ` newest first `),
      h("button", { type: "button", disabled: n === 0, onclick: () => update({ page: n - 1 || null }) }, "‹ newer"),
      h("button", { type: "button", disabled: to >= page.total, onclick: () => update({ page: n + 1 }) }, "older ›"),
      h("span", { class: "exports" }, "Export: ",
        ["csv", "parquet", "json"].map((f) => h("a", { href: `/api/export?format=${f}&${query}`, download: `legation-events.${f}` }, f.toUpperCase())))),
    leftOut(page, p),
    eventTable(page.events.map((r) => ({ ...r, sentence: r.sentence.text }))));
}

/** What the filters' defaults left out, each with the click that shows it. */
function leftOut(page, p) {
  const parts = [];
  if (page.noncurrent) {
    parts.push(h("a", { href: "#", class: "show-noncurrent", onclick: (e) => { e.preventDefault(); update({ all: true, page: null }); } },
      `${page.noncurrent} hypothetical, historical, negated or uncertain`), " (not current: tick “also” to include them)");
  }
  if (page.low_confidence) {
    if (parts.length) parts.push("; ");
    parts.push(h("a", { href: "#", class: "show-low", onclick: (e) => { e.preventDefault(); update({ conf: null, page: null }); } },
      `${page.low_confidence} below confidence ${p.get("conf")}`));
  }
  return parts.length ? h("p", { class: "left-out muted" }, "Not shown: ", parts, ".") : null;
}
