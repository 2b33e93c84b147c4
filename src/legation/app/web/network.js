// Network page: who engaged whom in a period. Nodes sit on a circle grouped by country (a
// country's actor codes and people side by side, in its colour, under an arc named after it),
// labels run outwards along the radius so that they do not overlap, edges are weighted by
// events and coloured by the mean cooperation–conflict score, and a legend says all this.

import { api, errorBox, field, h, link, s, update } from "./app.js";

const PALETTE = ["#1f5fa8", "#b2182b", "#1b7837", "#762a83", "#e08214", "#01665e", "#8c510a", "#c51b7d", "#4d4d4d", "#35978f"];
const MAX_NODES = 60;
const LABEL_CHARS = 22;

export async function networkPage(p) {
  const level = p.get("level") || "code";
  const net = await api("network", { since: p.get("since"), until: p.get("until"), level, min_events: p.get("min") }).catch((e) => e);
  const set = (name) => (e) => update({ [name]: e.target.value || null });
  return h("section", { class: "page network" },
    h("h1", {}, "Network"),
    h("form", { class: "controls", onsubmit: (e) => e.preventDefault() },
      field("From", h("input", { type: "date", name: "since", value: p.get("since") || "", onchange: set("since") })),
      field("To", h("input", { type: "date", name: "until", value: p.get("until") || "", onchange: set("until") })),
      field("Nodes", h("select", { name: "level", onchange: set("level") },
        [["country", "countries"], ["code", "actor codes (PAKGOV, PAKMIL)"], ["entity", "people and institutions"]]
          .map(([v, t]) => h("option", { value: v, selected: v === level }, t)))),
      field("At least", h("input", { type: "number", name: "min", min: 1, max: 10000, value: p.get("min") || 1, size: 4, onchange: set("min") }))),
    net instanceof Error ? errorBox(net) : h("div", { class: "network-layout" }, graph(net, level), legend(net, level)));
}

/** Edge colour from the mean score: red (conflict) through grey (neutral) to green. */
export function edgeColour(score) {
  if (score === null || score === undefined) return "#b0b0b0";
  const t = Math.max(-1, Math.min(1, score / 6));
  if (t >= 0) return `rgb(${Math.round(200 - 174 * t)},${Math.round(200 - 48 * t)},${Math.round(200 - 120 * t)})`;
  return `rgb(${Math.round(200 + 15 * -t)},${Math.round(200 - 152 * -t)},${Math.round(200 - 161 * -t)})`;
}

/** Nodes ordered by country (the busiest country first), the busiest node first within one. */
function grouped(nodes) {
  const group = (n) => n.country || "?";
  const weight = new Map();
  for (const n of nodes) weight.set(group(n), (weight.get(group(n)) || 0) + n.events);
  return [...nodes].sort((x, y) => (weight.get(group(y)) - weight.get(group(x))) || group(x).localeCompare(group(y))
    || (x.parent ? 1 : 0) - (y.parent ? 1 : 0) || y.events - x.events || x.id.localeCompare(y.id));
}

function countryColours(nodes) {
  const colours = new Map();
  for (const n of nodes) if (!colours.has(n.country || "?")) colours.set(n.country || "?", PALETTE[colours.size % PALETTE.length]);
  return colours;
}

function graph(net, level) {
  if (!net.nodes.length) return h("p", { class: "muted" }, "No engagements in this period.");
  const nodes = grouped(net.nodes.slice(0, MAX_NODES));
  const longest = Math.max(...nodes.map((n) => Math.min(n.label.length, LABEL_CHARS)));
  const W = 1000, H = 840, cx = W / 2, cy = H / 2, R = Math.max(200, H / 2 - 30 - 6.5 * longest);
  const colours = countryColours(nodes);
  const at = new Map(nodes.map((n, i) => {
    const angle = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    return [n.id, { x: cx + R * Math.cos(angle), y: cy + R * Math.sin(angle), angle, n }];
  }));
  const maxEdge = Math.max(1, ...net.edges.map((e) => e.events));
  const maxNode = Math.max(1, ...nodes.map((n) => n.events));
  const radius = (n) => 5 + (12 * Math.sqrt(n.events)) / Math.sqrt(maxNode);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "graph", role: "img", "aria-label": "Engagement network" },
    s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" },
      s("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#888" }))));
  if (level !== "country") arcs(svg, nodes, at, colours, { cx, cy, R });
  for (const e of net.edges) svg.append(edge(e, at, radius, maxEdge));
  for (const { x, y, angle, n } of at.values()) svg.append(node(n, { x, y, angle, r: radius(n), colour: colours.get(n.country || "?"), level }));
  const hidden = net.nodes.length - nodes.length;
  return h("figure", { class: "network-figure" }, svg,
    hidden ? h("figcaption", { class: "muted" }, `${hidden} less active nodes not drawn; raise “At least” or narrow the dates.`) : null);
}

/** An arc outside the circle for each country group, named after it. */
function arcs(svg, nodes, at, colours, { cx, cy, R }) {
  const step = (2 * Math.PI) / nodes.length;
  let i = 0;
  while (i < nodes.length) {
    const country = nodes[i].country || "?";
    let j = i;
    while (j + 1 < nodes.length && (nodes[j + 1].country || "?") === country) j += 1;
    const from = at.get(nodes[i].id).angle - step * 0.4, to = at.get(nodes[j].id).angle + step * 0.4;
    const r = R - 22;
    const point = (a) => [cx + r * Math.cos(a), cy + r * Math.sin(a)];
    const [x1, y1] = point(from), [x2, y2] = point(to);
    const large = to - from > Math.PI ? 1 : 0;
    svg.append(s("path", { d: `M ${x1} ${y1} A ${r} ${r} 0 ${large} 1 ${x2} ${y2}`, class: "group-arc", stroke: colours.get(country), "data-group": country },
      s("title", {}, `${country}: ${j - i + 1} nodes`)));
    const [lx, ly] = (() => { const mid = (from + to) / 2; return [cx + (r - 14) * Math.cos(mid), cy + (r - 14) * Math.sin(mid)]; })();
    svg.append(s("text", { x: lx, y: ly + 4, class: "group-label", fill: colours.get(country) }, country));
    i = j + 1;
  }
}

function edge(e, at, radius, maxEdge) {
  const a = at.get(e.source), t = at.get(e.target);
  if (!a || !t) return s("g", {});
  // bend to the left of a → t, so that t → a bends the other way and both stay visible
  const mx = (a.x + t.x) / 2 - (t.y - a.y) * 0.12, my = (a.y + t.y) / 2 + (t.x - a.x) * 0.12;
  const gap = radius(t.n) + 3, len = Math.hypot(t.x - mx, t.y - my) || 1;
  const b = { x: t.x - ((t.x - mx) * gap) / len, y: t.y - ((t.y - my) * gap) / len };  // stop at the node's rim
  const score = e.mean_score === null ? "no score" : e.mean_score.toFixed(1);
  return s("a", { href: link("dyad", { a: e.source, b: e.target, directed: "1" }), class: "edge-link" },
    s("path", { d: `M ${a.x} ${a.y} Q ${mx} ${my} ${b.x} ${b.y}`, class: "edge", "data-edge": `${e.source}>${e.target}`,
      stroke: edgeColour(e.mean_score), "stroke-width": 1 + (7 * e.events) / maxEdge, "marker-end": "url(#arrow)" },
      s("title", {}, `${a.n.label} → ${t.n.label}: ${e.events} events (${e.cooperation} cooperation, ${e.conflict} conflict), mean score ${score}`)));
}

function node(n, { x, y, angle, r, colour, level }) {
  const degrees = (angle * 180) / Math.PI;
  const left = Math.cos(angle) < 0;  // on the left half, turn the text so that it reads left to right
  const label = n.label.length > LABEL_CHARS ? `${n.label.slice(0, LABEL_CHARS - 1)}…` : n.label;
  const target = level === "entity" && n.kind !== "country" ? link("actors", { key: n.id }) : link("dyad", { a: n.id });
  return s("a", { href: target, class: `node kind-${n.kind || "unknown"}`, "data-node": n.id, "data-parent": n.parent || "" },
    s("circle", { cx: x, cy: y, r, fill: colour }, s("title", {}, nodeTitle(n))),
    s("text", { x: x + (left ? -r - 4 : r + 4), y: y + 4, "text-anchor": left ? "end" : "start",
      transform: `rotate(${left ? degrees + 180 : degrees} ${x} ${y})`, class: "node-label" }, label));
}

function nodeTitle(n) {
  const within = n.parent ? `, part of ${n.parent}` : "";
  return `${n.label} (${n.id}${within}): ${n.events} events`;
}

function legend(net, level) {
  const scale = [-6, -3, 0, 3, 6];
  const levels = {
    country: "Each node is a country: every actor of it, whatever its sector, person or office.",
    code: "Each node is an actor code: a country and a sector (PAKGOV government, PAKMIL military). " +
      "A country's codes sit together under its name; a node named by the country alone (PAK) stands for " +
      "actors of that country whose sector is not known.",
    entity: "Each node is a person or an institution (or a country named as such); it sits with the other " +
      "actors of its country, and hovering shows the actor code it belongs to.",
  };
  return h("aside", { class: "legend network-legend" },
    h("h2", {}, "How to read it"),
    h("p", {}, levels[level]),
    h("p", {}, "An arrow runs from the first actor of an event to its first recipient; click it for that directed dyad. ",
      "Its width is the number of events."),
    h("p", {}, "Its colour is their mean cooperation–conflict score:"),
    h("ul", { class: "score-scale" }, scale.map((v) => h("li", {},
      h("span", { class: "swatch", style: `background:${edgeColour(v)}` }),
      v === 0 ? "0 neutral" : v > 0 ? `+${v} cooperation` : `${v} conflict`)),
    h("li", {}, h("span", { class: "swatch", style: `background:${edgeColour(null)}` }), "no score")),
    h("p", {}, "A node's size is its events; its colour, its country."),
    h("p", { class: "muted" }, `${net.nodes.length} nodes, ${net.edges.length} edges; only current events count.`));
}
