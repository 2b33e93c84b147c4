// Network page: who engaged whom in a period, nodes on a circle, edges weighted by events and
// coloured by the mean cooperation–conflict score (green cooperation, red conflict).

import { api, errorBox, field, h, link, s, update } from "./app.js";

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
        [["code", "actor codes (PAKMIL)"], ["country", "countries"], ["entity", "people and institutions"]]
          .map(([v, t]) => h("option", { value: v, selected: v === level }, t)))),
      field("At least", h("input", { type: "number", name: "min", min: 1, max: 10000, value: p.get("min") || 1, size: 4, onchange: set("min") }))),
    net instanceof Error ? errorBox(net) : graph(net, level),
    h("p", { class: "legend" }, h("span", { class: "swatch", style: "background:#1a9850" }), " cooperation ",
      h("span", { class: "swatch", style: "background:#d73027" }), " conflict ",
      h("span", { class: "muted" }, "— line width = events (first actor → first recipient); click an edge for its dyad")));
}

function edgeColour(score) {
  if (score === null || score === undefined) return "#999";
  const t = Math.max(-1, Math.min(1, score / 6));
  if (t >= 0) return `rgb(${Math.round(200 - 174 * t)},${Math.round(200 - 48 * t)},${Math.round(200 - 120 * t)})`;
  return `rgb(${Math.round(200 + 15 * -t)},${Math.round(200 - 152 * -t)},${Math.round(200 - 161 * -t)})`;
}

function graph(net, level) {
  if (!net.nodes.length) return h("p", { class: "muted" }, "No engagements in this period.");
  const W = 900, H = 620, cx = W / 2, cy = H / 2, R = Math.min(W, H) / 2 - 90;
  const nodes = net.nodes.slice(0, 60);
  const at = new Map(nodes.map((n, i) => {
    const angle = (2 * Math.PI * i) / nodes.length - Math.PI / 2;
    return [n.id, { x: cx + R * Math.cos(angle), y: cy + R * Math.sin(angle), angle, n }];
  }));
  const maxEdge = Math.max(1, ...net.edges.map((e) => e.events));
  const maxNode = Math.max(1, ...nodes.map((n) => n.events));
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "graph", role: "img", "aria-label": "Engagement network" },
    s("defs", {}, s("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" },
      s("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#888" }))));
  const radius = (n) => 5 + (14 * Math.sqrt(n.events)) / Math.sqrt(maxNode);
  for (const e of net.edges) {
    const a = at.get(e.source), t = at.get(e.target);
    if (!a || !t) continue;
    // bend to the left of a → t, so that t → a bends the other way and both stay visible
    const mx = (a.x + t.x) / 2 - (t.y - a.y) * 0.12, my = (a.y + t.y) / 2 + (t.x - a.x) * 0.12;
    const gap = radius(t.n) + 3, len = Math.hypot(t.x - mx, t.y - my) || 1;
    const b = { x: t.x - ((t.x - mx) * gap) / len, y: t.y - ((t.y - my) * gap) / len };  // stop at the node's rim
    const dyad = { a: e.source, b: e.target, directed: "1" };
    svg.append(s("a", { href: link("dyad", dyad), class: "edge-link" },
      s("path", { d: `M ${a.x} ${a.y} Q ${mx} ${my} ${b.x} ${b.y}`, class: "edge", "data-edge": `${e.source}>${e.target}`,
        stroke: edgeColour(e.mean_score), "stroke-width": 1 + (7 * e.events) / maxEdge, "marker-end": "url(#arrow)" },
        s("title", {}, `${e.source} → ${e.target}: ${e.events} events (${e.cooperation} cooperation, ${e.conflict} conflict), mean score ${e.mean_score === null ? "—" : e.mean_score.toFixed(1)}`))));
  }
  for (const { x, y, angle, n } of at.values()) {
    const r = radius(n);
    const right = Math.cos(angle) >= 0;
    const target = level === "entity" ? link("actors", { key: n.id }) : link("dyad", { a: n.id });
    svg.append(s("a", { href: target, class: "node", "data-node": n.id },
      s("circle", { cx: x, cy: y, r }, s("title", {}, `${n.label}: ${n.events} events`)),
      s("text", { x: x + (right ? r + 4 : -r - 4), y: y + 4, "text-anchor": right ? "start" : "end" }, n.label)));
  }
  return svg;
}
