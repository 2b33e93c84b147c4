// Small multiples: one actor's top counterparts over time, one small chart each, on the same
// time axis and the same scale, so that heights compare across charts.

import { api, errorBox, h, link, s, sideName } from "./app.js";

const W = 300, H = 96, LEFT = 26, BOTTOM = 16, TOP = 6;

export async function counterparts(a, side, p) {
  const freq = p.get("freq") === "week" || p.get("freq") === "month" ? "quarter" : (p.get("freq") || "year");
  const panel = await api("counterparts", { a, freq, top: 6, since: p.get("since"), until: p.get("until") }).catch((e) => e);
  if (panel instanceof Error) return errorBox(panel);
  const name = sideName(side, a);
  if (!panel.lines.length) return h("p", { class: "muted" }, `${name} has no counterpart in current events.`);
  const max = Math.max(1, ...panel.lines.flatMap((line) => line.counts));
  return h("section", { class: "multiples", "aria-label": "Top counterparts" },
    h("h2", {}, `${name}: top ${panel.lines.length} counterparts per ${panel.freq}`),
    h("p", { class: "muted" }, `Same time axis and scale in every chart (at most ${max} events a ${panel.freq}); `,
      "click one for its dyad. ", others(panel)),
    h("div", { class: "multiples-grid" }, panel.lines.map((line) => small(line, panel, a, max))));
}

function others(panel) {
  const bits = [];
  if (panel.others) bits.push(`${panel.others} more events with other counterparts`);
  if (panel.undated) bits.push(`${panel.undated} undated events not charted`);
  return bits.length ? `Not shown: ${bits.join("; ")}.` : "";
}

function small(line, panel, a, max) {
  const n = line.counts.length;
  const step = (W - LEFT - 4) / Math.max(1, n);
  const y = (v) => TOP + (H - TOP - BOTTOM) * (1 - v / max);
  const svg = s("svg", { viewBox: `0 0 ${W} ${H}`, class: "small-chart", role: "img", "aria-label": `${line.name} per ${panel.freq}` });
  svg.append(s("line", { x1: LEFT, x2: W - 4, y1: y(0), y2: y(0), class: "axis" }));
  svg.append(s("text", { x: LEFT - 4, y: y(max) + 8, class: "tick y-tick" }, String(max)));
  svg.append(s("text", { x: LEFT - 4, y: y(0), class: "tick y-tick" }, "0"));
  line.counts.forEach((count, i) => {
    if (!count) return;
    svg.append(s("rect", { x: LEFT + step * i + 0.5, width: Math.max(1, step - 1), y: y(count), height: y(0) - y(count), class: "small-bar" },
      s("title", {}, `${panel.labels[i]}: ${count} events`)));
  });
  svg.append(s("text", { x: LEFT, y: H - 2, class: "tick" }, panel.labels[0] || ""));
  svg.append(s("text", { x: W - 4, y: H - 2, class: "tick end" }, panel.labels[n - 1] || ""));
  return h("a", { class: "multiple", href: link("dyad", { a, b: line.key }), "data-counterpart": line.key },
    h("span", { class: "multiple-head" }, h("strong", { title: line.name }, line.name),
      h("small", { class: "muted" }, `${line.total} events`)), svg);
}
