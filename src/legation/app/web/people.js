// Actors and offices: search, a person's profile (roles over time, events, counterparts) and an
// office's holders over time.

import { api, errorBox, eventTable, field, h, link, meta, s, update } from "./app.js";

// --------------------------------------------------------------------------- actors

export async function actorsPage(p) {
  const key = p.get("key");
  const q = p.get("q") || "";
  const search = h("form", { class: "controls", onsubmit: (e) => { e.preventDefault(); update({ q: e.target.q.value.trim() || null, key: null }); } },
    field("Find a person or institution", h("input", { name: "q", type: "search", value: q, placeholder: "Munir, Blinken, …" })),
    h("button", { type: "submit" }, "Search"));
  const body = key ? await profile(key) : await results(q);
  return h("section", { class: "page actors" }, h("h1", {}, "Actors"), search, body);
}

async function results(q) {
  const found = await api("actors", { q, limit: q ? 25 : 30 }).catch((e) => e);
  if (found instanceof Error) return errorBox(found);
  if (!found.actors.length) return h("p", { class: "muted" }, q ? "Nobody found." : "No named actor in the current events yet.");
  return h("div", {},
    q ? null : h("p", { class: "muted" }, "The most active people, institutions and countries; search for anyone else."),
    h("ul", { class: "actor-results" }, found.actors.map((a) => h("li", {},
      h("a", { href: link("actors", { key: a.key }) }, a.name),
      h("small", { class: "muted" }, ` ${[a.code || a.country, `${a.events} current events`].filter(Boolean).join(" · ")}`)))));
}

async function profile(key) {
  const a = await api(`actors/${encodeURIComponent(key)}`).catch((e) => e);
  if (a instanceof Error) return errorBox(a);
  return h("article", { class: "profile", "data-actor": a.key },
    h("h2", {}, a.name, a.country ? h("small", { class: "muted" }, ` ${a.country}`) : null),
    h("p", {}, h("a", { class: "to-timeline", href: link("dyad", { a: a.key }) }, `${a.name} over time, with the top counterparts`)),
    h("h3", {}, "Roles over time"),
    a.roles.length ? rolesTable(a.roles) : h("p", { class: "muted" }, "No office in the knowledge base."),
    h("div", { class: "columns" },
      counts("As actor", a.as_actor), counts("As recipient", a.as_recipient),
      h("div", {}, h("h3", {}, "Counterparts"), a.counterparts.length
        ? h("ol", { class: "counterparts" }, a.counterparts.map((c) => h("li", {},
          h("a", { href: link("actors", { key: c.key }) }, c.name), h("small", { class: "muted" }, ` ${c.code || c.country || ""} · ${c.events}`))))
        : h("p", { class: "muted" }, "none"))),
    h("h3", {}, `Latest events (${a.events.length})`),
    eventTable(a.events));
}

function rolesTable(roles) {
  return h("table", { class: "roles" },
    h("thead", {}, h("tr", {}, ["Role", "Of", "From", "Until"].map((c) => h("th", {}, c)))),
    h("tbody", {}, roles.map((r) => h("tr", {},
      h("td", {}, h("a", { href: link("offices", { office: r.office_id }) }, r.role)),
      h("td", {}, r.country), h("td", {}, r.start || "?"), h("td", {}, r.end || "in office")))));
}

function counts(title, byType) {
  const entries = Object.entries(byType);
  const max = Math.max(1, ...entries.map(([, n]) => n));
  return h("div", {}, h("h3", {}, title), entries.length
    ? h("ul", { class: "bars" }, entries.map(([type, n]) => h("li", {},
      h("span", { class: `type t-${type}` }, type), h("span", { class: "barfill", style: `width:${(100 * n) / max}%` }), ` ${n}`)))
    : h("p", { class: "muted" }, "none"));
}

// --------------------------------------------------------------------------- offices

export async function officesPage(p) {
  const country = p.get("country") || await busiestCountry();
  const office = p.get("office");
  const list = await api("offices", { country }).catch((e) => e);
  return h("section", { class: "page offices" },
    h("h1", {}, "Offices"),
    h("form", { class: "controls", onsubmit: (e) => { e.preventDefault(); update({ country: e.target.country.value.trim().toUpperCase() || null, office: null }); } },
      field("Country or IGO", h("input", { name: "country", value: country || "", size: 6, placeholder: country ? null : "all" })),
      h("button", { type: "submit" }, "Show")),
    h("div", { class: "columns offices-layout" },
      list instanceof Error ? errorBox(list) : officeList(list.offices, office, country),
      office ? await holders(office) : h("p", { class: "muted" }, "Pick an office to see its holders over time.")));
}

function officeList(offices, current, country) {
  if (!offices.length) return h("p", { class: "muted" }, "No offices for this owner.");
  return h("ul", { class: "office-list" }, offices.map((o) => h("li", { class: o.id === current ? "active" : null },
    h("a", { href: link("offices", { country, office: o.id }) }, o.role),
    h("small", { class: "muted" }, ` ${o.holders.length} holders`))));
}

async function holders(officeId) {
  const o = await api(`offices/${encodeURIComponent(officeId)}`).catch((e) => e);
  if (o instanceof Error) return errorBox(o);
  return h("article", { class: "office", "data-office": o.id },
    h("h2", {}, `${o.role} (${o.country})`),
    holderChart(o.holders),
    h("table", { class: "holders" },
      h("thead", {}, h("tr", {}, ["Holder", "From", "Until"].map((c) => h("th", {}, c)))),
      h("tbody", {}, o.holders.map((x) => h("tr", {},
        h("td", {}, h("a", { href: link("actors", { key: x.person_id }) }, x.name)),
        h("td", {}, x.start || "?"), h("td", {}, x.end || "in office"))))));
}

function holderChart(list) {
  const dated = list.filter((x) => x.start);
  if (!dated.length) return null;
  const today = new Date().toISOString().slice(0, 10);
  const t = (d) => new Date(`${d}T00:00:00Z`).getTime();
  const first = t(dated[0].start), last = t(today);
  const W = 640, row = 22, left = 170;
  const x = (d) => left + ((W - left - 10) * (t(d) - first)) / Math.max(1, last - first);
  const svg = s("svg", { viewBox: `0 0 ${W} ${row * dated.length + 20}`, class: "holder-chart", role: "img", "aria-label": "Holders over time" });
  dated.forEach((h_, i) => {
    const end = h_.end || today;
    svg.append(s("text", { x: 4, y: row * i + 15, class: "tick" }, h_.name));
    svg.append(s("rect", { x: x(h_.start), y: row * i + 4, width: Math.max(2, x(end) - x(h_.start)), height: row - 8, class: "tenure" },
      s("title", {}, `${h_.name}: ${h_.start} – ${h_.end || "in office"}`)));
  });
  svg.append(s("text", { x: left, y: row * dated.length + 16, class: "tick" }, dated[0].start.slice(0, 4)));
  svg.append(s("text", { x: W - 40, y: row * dated.length + 16, class: "tick" }, today.slice(0, 4)));
  return svg;
}

/** The country with most current events (offices belong to countries, not to "IGO"); null
 * when the store has none, and the page lists every office of the knowledge base. */
async function busiestCountry() {
  const info = await meta().catch(() => ({ countries: [] }));
  const found = info.countries.find((c) => c.key !== "IGO");
  return found ? found.key : null;
}
