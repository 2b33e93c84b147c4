// Overview: what is in the store, where a new user lands. Every number links into the event
// table filtered to exactly the events it counts.

import { api, errorBox, h, link } from "./app.js";

export async function overviewPage() {
  const o = await api("overview").catch((e) => e);
  if (o instanceof Error) return errorBox(o);
  const t = o.totals;
  return h("section", { class: "page overview" },
    h("h1", {}, "What is in this store"),
    h("p", { class: "lede" }, `${o.documents} documents from ${outletCount(o.outlets)}, published `,
      range(o.first_published, o.last_published), `; events dated `, range(o.first_date, o.last_date), "."),
    h("div", { class: "figures" },
      figure("documents", o.documents, "documents coded", link("events", { all: 1 }), "their events, all of them"),
      figure("current", t.current, "current events", link("events"), "what timelines, networks and trips count"),
      figure("noncurrent", t.noncurrent, "not current", link("events", { all: 1 }),
        h("span", {}, flagLink("hypothetical", t.hypothetical), ", ", flagLink("historical", t.historical), ", ",
          flagLink("negated", t.negated), ...(t.uncertain ? [", ", flagLink("uncertain", t.uncertain)] : []))),
      figure("undated", t.undated, "undated", link("events", { undated: 1 }), "current, with no date at all: in no timeline"),
      figure("merged", t.merged, "reports merged", link("events", { merged: 1 }), "into events with several sources"),
      figure("failures", o.failures, "failures", "#failures", "files or records that could not be coded")),
    h("p", { class: "totals muted" }, `${t.reports} reports were coded; ${t.merged} of them were merged into another `,
      `report of the same event, leaving ${t.events} events: ${t.current} current and ${t.noncurrent} hypothetical, `,
      "historical, negated or uncertain (an event may be several). ", `legation status prints the same figures.`),
    h("div", { class: "columns" },
      h("div", {}, h("h2", {}, "Current events by type"), byType(o.by_type)),
      h("div", {}, h("h2", {}, "Top dyads"), topDyads(o.top_dyads, o.default_dyad)),
      h("div", {}, h("h2", {}, "Outlets"), outlets(o.outlets))),
    h("h2", { id: "failures" }, `Failures (${o.failures})`),
    failures(o.failure_list, o.failures));
}

function range(first, last) {
  return first ? `${first} to ${last}` : "(no dates)";
}

function outletCount(list) {
  const named = list.filter((x) => x.outlet).length;
  const none = list.find((x) => !x.outlet);
  return `${named} outlet${named === 1 ? "" : "s"}${none ? ` (${none.documents} without one)` : ""}`;
}

function figure(name, value, label, href, note) {
  return h("div", { class: "figure", "data-figure": name },
    h("a", { class: "value", href }, String(value)), h("span", { class: "label" }, label),
    h("small", { class: "note" }, note));
}

function flagLink(flag, n) {
  return h("a", { href: link("events", { flag }), "data-flag": flag }, `${n} ${flag}`);
}

function byType(counts) {
  const entries = Object.entries(counts);
  if (!entries.length) return h("p", { class: "muted" }, "No current events.");
  const max = Math.max(...entries.map(([, n]) => n));
  return h("ul", { class: "bars by-type" }, entries.map(([type, n]) => h("li", {},
    h("a", { href: link("events", { type }), "data-type": type }, h("span", { class: `type t-${type}` }, type)),
    h("span", { class: "barfill", style: `width:${(100 * n) / max}%` }),
    h("a", { href: link("events", { type }) }, String(n)))));
}

function topDyads(dyads, pair) {
  if (!dyads.length) return h("p", { class: "muted" }, "No events between two countries.");
  return h("div", {},
    pair ? h("p", { class: "muted" }, "The dyad view opens on the most active pair, ",
      h("a", { href: link("dyad", { a: pair[0], b: pair[1] }) }, `${pair[0]} ↔ ${pair[1]}`), ".") : null,
    h("table", { class: "top-dyads" },
      h("thead", {}, h("tr", {}, ["Actor → recipient", "Events", ""].map((c) => h("th", {}, c)))),
      h("tbody", {}, dyads.map((d) => h("tr", { "data-dyad": `${d.actor}>${d.recipient}` },
        h("td", {}, h("a", { href: link("dyad", { a: d.actor, b: d.recipient, directed: 1 }) }, `${d.actor} → ${d.recipient}`)),
        h("td", {}, h("a", { href: link("events", { a: d.actor, b: d.recipient, directed: 1 }) }, String(d.events))),
        h("td", {}, h("a", { class: "muted", href: link("dyad", { a: d.actor }) }, `${d.actor}'s counterparts`)))))));
}

function outlets(list) {
  if (!list.length) return h("p", { class: "muted" }, "No documents.");
  return h("table", { class: "outlets" },
    h("thead", {}, h("tr", {}, ["Outlet", "Documents", "Current events"].map((c) => h("th", {}, c)))),
    h("tbody", {}, list.map((o) => h("tr", {},
      h("td", {}, o.outlet || h("em", { class: "muted" }, "no outlet given")),
      h("td", {}, String(o.documents)),
      h("td", {}, h("a", { href: link("events", { outlet: o.outlet || "" }), "data-outlet": o.outlet || "" }, String(o.events)))))));
}

function failures(list, total) {
  if (!total) return h("p", { class: "muted" }, "None: every file and record was read and coded.");
  return h("div", {},
    h("table", { class: "failures" },
      h("thead", {}, h("tr", {}, ["Source", "Stage", "Reason", "Seen"].map((c) => h("th", {}, c)))),
      h("tbody", {}, list.map((f) => h("tr", {},
        h("td", {}, f.source), h("td", {}, f.stage), h("td", {}, f.reason), h("td", { class: "nowrap" }, `${f.count}×`))))),
    list.length < total ? h("p", { class: "muted" }, `The ${list.length} most recent of ${total}; legation status lists them all.`) : null);
}
