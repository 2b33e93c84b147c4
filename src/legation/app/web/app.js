// Legation web app: hash router, URL state, API client and the evidence card.
// Every view's state lives in the URL hash (#/page?key=value...), so any view is a permalink.
// Text from the store is only ever inserted with textContent (see h()), never as HTML.

import { dyadPage } from "./dyad.js";
import { eventsPage } from "./events.js";
import { networkPage } from "./network.js";
import { overviewPage } from "./overview.js";
import { actorsPage, officesPage } from "./people.js";
import { tripsPage } from "./trips.js";

const PAGES = {
  overview: overviewPage, dyad: dyadPage, events: eventsPage, trips: tripsPage,
  actors: actorsPage, offices: officesPage, network: networkPage,
};

/** Create an element: h("a", {href: "#", class: "x", onclick: fn}, "text", child, ...). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElementNS(
    tag === "svg" || attrs.svg ? "http://www.w3.org/2000/svg" : "http://www.w3.org/1999/xhtml", tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false || key === "svg") continue;
    if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** An SVG element (h with the SVG namespace). */
export function s(tag, attrs = {}, ...children) {
  return h(tag, { ...attrs, svg: true }, ...children);
}

// --------------------------------------------------------------------------- URL state

/** The current route: {page, params (URLSearchParams)}. */
export function route() {
  const hash = location.hash.replace(/^#\/?/, "");
  const [page, query] = hash.split("?");
  return { page: PAGES[page] ? page : "overview", params: new URLSearchParams(query || "") };
}

/** A hash link for page with params (null, undefined and false dropped; "" kept: it can
 * mean something, as outlet="" for documents without an outlet). */
export function link(page, params = {}) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== null && v !== undefined && v !== false) q.set(k, v === true ? "1" : v);
  }
  const query = q.toString();
  return `#/${page}${query ? "?" + query : ""}`;
}

/** Change some of the current page's parameters (null removes one) and re-render. */
export function update(changes, page) {
  const current = route();
  const params = Object.fromEntries(current.params);
  Object.assign(params, changes);
  location.hash = link(page || current.page, params);
}

// --------------------------------------------------------------------------- API

/** An error answer of the API; ``body`` is its JSON (``candidates`` for an ambiguous side). */
export class ApiError extends Error {
  constructor(message, body = {}) { super(message); this.body = body; }
}

/** GET /api/<path> with params (null and undefined left out); resolves to JSON or throws
 * ApiError with the server's message. */
export async function api(path, params = {}) {
  const q = new URLSearchParams(apiQuery(params));
  const headers = {};
  const token = sessionStorage.getItem("legation-token");
  if (token) headers.Authorization = `Bearer ${token}`;
  const response = await fetch(`/api/${path}${q.toString() ? "?" + q : ""}`, { headers });
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (response.status === 401 && !token) {
    const given = prompt("This Legation server needs a token:");
    if (given) { sessionStorage.setItem("legation-token", given); return api(path, params); }
  }
  if (!response.ok) throw new ApiError(body.error || `HTTP ${response.status}`, body);
  return body;
}

/** The query string of an API call (also for export links). */
export function apiQuery(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (Array.isArray(v)) v.forEach((x) => q.append(k, x));
    else if (v !== null && v !== undefined) q.set(k, v);
  }
  return q.toString();
}

let metaPromise = null;
/** /api/meta, fetched once. */
export function meta() {
  metaPromise = metaPromise || api("meta");
  return metaPromise;
}

// --------------------------------------------------------------------------- shared widgets

export function who(parties) {
  if (!parties || !parties.length) return "—";
  return parties.map((p) => short(p.name || p.text)).join(", ");
}

/** Text cut to n characters with an ellipsis. */
export function short(text, n = 60) {
  return text && text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

export function code(parties) {
  return (parties || []).map((p) => p.code || p.country || "?").join(", ");
}

export function flags(record) {
  return ["negated", "hypothetical", "historical", "uncertain"].filter((f) => record[f]);
}

/** An error, with a button per candidate when a side named several things (``choose(key)``). */
export function errorBox(error, choose = null) {
  const candidates = (error.body && error.body.candidates) || [];
  return h("div", { class: "error", role: "alert" }, `Error: ${error.message || error}`,
    candidates.length && choose ? h("ul", { class: "candidates" }, candidates.map((c) => h("li", {},
      h("button", { type: "button", "data-key": c.key, onclick: () => choose(c.key, c.query) }, c.name),
      h("small", {}, ` ${c.key} — ${c.description}`)))) : null);
}

/** What a side was taken to be: "pak = Pakistan (country PAK: every actor of Pakistan)". */
export function sideNote(label, side) {
  if (!side) return null;
  const same = side.query && side.query.toLowerCase() === side.name.toLowerCase();
  return h("span", { class: "side-note", "data-side": side.key, title: side.description },
    h("strong", {}, `${label}: `), same ? "" : `${side.query} = `, side.name,
    h("small", { class: "muted" }, ` (${side.description})`));
}

/** A side's name as a chart title shows it: "Pakistan (PAK)", "Syed Asim Munir". */
export function sideName(side, key) {
  if (!side) return key;
  return side.kind === "country" ? `${side.name} (${side.key})` : side.name;
}

/** The link to open an actor's profile, or null when the party is not a named entity. */
export function actorLink(party) {
  const key = party.entity_id && !party.entity_id.startsWith("country:") && !party.entity_id.startsWith("office:")
    ? party.entity_id : null;
  return key ? link("actors", { key }) : null;
}

/** A labelled form field. */
export function field(label, control) {
  return h("label", { class: "field" }, h("span", {}, label), control);
}

/** Parties with their codes: "Syed Asim Munir [PAKMIL]". */
export function whoWithCode(parties) {
  if (!parties || !parties.length) return "—";
  return parties.map((p) => h("span", { class: "party" }, short(p.name || p.role || p.text),
    " ", h("code", { class: "code" }, p.code || p.country || "?")));
}

/** A table of events (summaries or records) whose rows open the evidence card. */
export function eventTable(events, { caption } = {}) {
  if (!events.length) return h("p", { class: "muted" }, "No events.");
  const rows = events.map((e) => {
    const sentence = typeof e.sentence === "string" ? e.sentence : e.sentence.text;
    return h("tr", { class: "event-row", tabindex: 0, "data-event": e.id,
      onclick: () => update({ ev: e.id }), onkeydown: (k) => k.key === "Enter" && update({ ev: e.id }) },
      h("td", { class: "event-id" }, h("code", { title: e.id }, e.id.slice(0, 12))),
      h("td", { class: "nowrap" }, e.date || e.published || "?"),
      h("td", {}, h("span", { class: `type t-${e.event_type}` }, e.event_type), e.mode ? h("small", {}, ` ${e.mode}`) : null),
      h("td", { class: "parties" }, whoWithCode(e.actors)),
      h("td", { class: "parties" }, whoWithCode(e.recipients)),
      h("td", { class: "confidence" }, e.confidence === undefined ? "" : e.confidence.toFixed(2)),
      h("td", { class: "sentence" }, sentence, ...flags(e).map((f) => h("span", { class: "flag" }, f))),
      h("td", { class: "muted" }, e.outlet || e.title || e.doc_name || ""));
  });
  return h("table", { class: "events" },
    caption ? h("caption", {}, caption) : null,
    h("thead", {}, h("tr", {}, ["ID", "Date", "Type", "Actor", "Recipient", "Conf.", "Sentence", "Source"].map((c) => h("th", {}, c)))),
    h("tbody", {}, rows));
}

// --------------------------------------------------------------------------- evidence card

function marked(sentence, highlights) {
  const parts = [];
  let at = 0;
  for (const mark of highlights) {
    if (mark.start < at) continue;
    parts.push(sentence.slice(at, mark.start));
    parts.push(h("mark", { class: `hl-${mark.kind}`, title: mark.kind }, sentence.slice(mark.start, mark.end)));
    at = mark.end;
  }
  parts.push(sentence.slice(at));
  return h("blockquote", { class: "evidence-sentence" }, parts);
}

function party(p) {
  const bits = [p.role, p.code || p.country].filter(Boolean).join(", ");
  const href = actorLink(p);
  const name = href ? h("a", { class: "actor-link", href }, p.name || p.text) : (p.name || p.text);
  return h("span", {}, name, bits ? h("small", { class: "muted" }, ` (${bits})`) : null,
    p.name && p.text && p.text !== p.name ? h("small", { class: "muted" }, ` “${p.text}”`) : null);
}

function evidenceCard(card) {
  const r = card.event ? card : card;
  const sentenceText = r.sentence.text;
  const url = r.url && /^https?:\/\//.test(r.url) ? r.url : null;
  return h("article", { class: "card" },
    h("header", {},
      h("h2", {}, h("span", { class: `type t-${r.event_type}` }, r.event_type), r.mode ? ` / ${r.mode}` : "", " ", r.date || "?",
        h("small", { class: "muted" }, ` (${r.date_precision})`)),
      h("button", { class: "close", "aria-label": "Close", onclick: () => update({ ev: null }) }, "×")),
    marked(sentenceText, card.highlights),
    h("p", { class: "legend" }, h("mark", { class: "hl-actor" }, "actor"), " ", h("mark", { class: "hl-trigger" }, "trigger"),
      " ", h("mark", { class: "hl-recipient" }, "recipient"), ...flags(r).map((f) => h("span", { class: "flag" }, f))),
    h("dl", {},
      h("dt", {}, "Actor"), h("dd", {}, r.actors.length ? r.actors.map(party) : "—"),
      h("dt", {}, "Recipient"), h("dd", {}, r.recipients.length ? r.recipients.map(party) : "—"),
      r.amount ? [h("dt", {}, "Amount"), h("dd", {}, r.amount.text)] : null,
      r.location ? [h("dt", {}, "Place"), h("dd", {}, r.location)] : null,
      h("dt", {}, "Document"), h("dd", { class: "doc-title" }, r.title || r.doc_name || r.doc_id),
      h("dt", {}, "Outlet"), h("dd", {}, r.outlet || "—", r.published ? `, published ${r.published}` : ""),
      h("dt", {}, "URL"), h("dd", {}, url ? h("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url) : (r.url || "—")),
      h("dt", {}, "Coded by"), h("dd", { class: "rule" }, `${r.rule} (${r.coder}), confidence ${r.confidence}`),
      h("dt", {}, "Event id"), h("dd", {}, h("code", { class: "event-id" }, r.id)),
      h("dt", {}, "Codes"), h("dd", {}, `CAMEO ${r.cameo || "—"}, score ${r.plover_score ?? "—"}, quad ${r.quad_class ?? "—"}, `,
        `contexts ${(r.contexts || []).join(", ") || "—"}, sources ${r.sources}`)),
    h("h3", {}, `Other reports of this event (${card.other_reports.length})`),
    card.other_reports.length
      ? h("ul", { class: "reports" }, card.other_reports.map((o) =>
        h("li", {}, h("a", { href: link(route().page, { ...Object.fromEntries(route().params), ev: o.id }) },
          `${o.outlet || o.title || "another report"}, ${o.date || "?"}`), ": ", o.sentence)))
      : h("p", { class: "muted" }, "No other report found."));
}

async function showEvidence(eventId) {
  const dialog = document.getElementById("evidence");
  if (!eventId) { if (dialog.open) dialog.close(); return; }
  dialog.replaceChildren(h("p", { class: "muted" }, "Loading…"));
  if (!dialog.open) dialog.showModal();
  try {
    const card = await api(`events/${encodeURIComponent(eventId)}`);
    dialog.replaceChildren(evidenceCard({ ...card.event, highlights: card.highlights, other_reports: card.other_reports }));
  } catch (error) {
    dialog.replaceChildren(errorBox(error), h("button", { onclick: () => update({ ev: null }) }, "Close"));
  }
}

// --------------------------------------------------------------------------- router

let lastView = "";
let renders = 0;

/** Draw the view of the URL. Navigations can overlap (a page awaits the API): only the
 * latest one draws, so a slow earlier view never replaces a later one. When done, the body
 * says which URL it shows (data-hash; data-ready: the view) — tests wait for it. */
async function render() {
  const mine = ++renders;
  const { page, params } = route();
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.dataset.page === page);
  const viewParams = new URLSearchParams(params);
  viewParams.delete("ev");
  const view = `${page}?${viewParams}`;
  if (view !== lastView) {
    lastView = view;
    let content;
    try {
      content = await PAGES[page](params);
    } catch (error) {
      content = errorBox(error);
    }
    if (mine !== renders) return;
    document.getElementById("main").replaceChildren(content);
    document.title = `Legation — ${page}`;
  }
  await showEvidence(params.get("ev"));
  if (mine !== renders) return;
  document.body.dataset.ready = view;
  document.body.dataset.hash = location.hash;
}

async function start() {
  document.getElementById("evidence").addEventListener("close", () => {
    if (route().params.get("ev")) update({ ev: null });
  });
  window.addEventListener("hashchange", render);
  try {
    const info = await meta();
    document.getElementById("store-info").replaceChildren(h("a", { href: link("overview") },
      `${info.counts.current_events} current events, ${info.counts.documents} documents`));
  } catch (error) {
    document.getElementById("store-info").textContent = "";
  }
  await render();
}

start();
