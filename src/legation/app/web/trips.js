// Trips page: the list of reconstructed visits, one trip's detail, and two trips side by side.

import { api, errorBox, eventTable, field, h, link, route, update, who } from "./app.js";

export async function tripsPage(p) {
  if (p.get("first") && p.get("second")) return comparePage(p);
  if (p.get("trip")) return tripPage(p);
  return listPage(p);
}

// --------------------------------------------------------------------------- list

async function listPage(p) {
  const result = await api("trips", { actor: p.get("actor"), since: p.get("since"), until: p.get("until") }).catch((e) => e);
  const picked = (p.get("pick") || "").split(",").filter(Boolean);
  return h("section", { class: "page trips" },
    h("h1", {}, "Trips"),
    h("p", { class: "muted" }, "Visits abroad reconstructed from meetings (CONSULT / visit events) of one traveller, most recent first. ",
      "Tick two trips to compare them."),
    h("form", { class: "controls", onsubmit: (e) => e.preventDefault() },
      field("Traveller", h("input", { name: "actor", value: p.get("actor") || "", placeholder: "Munir, army chief, …",
        onchange: (e) => update({ actor: e.target.value.trim() || null }) })),
      field("From", h("input", { type: "date", name: "since", value: p.get("since") || "", onchange: (e) => update({ since: e.target.value || null }) })),
      field("To", h("input", { type: "date", name: "until", value: p.get("until") || "", onchange: (e) => update({ until: e.target.value || null }) })),
      picked.length === 2 ? h("a", { class: "button", id: "compare", href: link("trips", { first: picked[0], second: picked[1] }) }, "Compare the two ticked trips") : null),
    result instanceof Error ? errorBox(result, (key) => update({ actor: key })) : tripList(result.trips, picked));
}

function tripList(trips, picked) {
  if (!trips.length) return h("p", { class: "muted" }, "No trips found.");
  const toggle = (id) => (e) => {
    const now = (route().params.get("pick") || "").split(",").filter(Boolean);  // not the closure's: the page may be stale
    const next = e.target.checked ? [...now.filter((x) => x !== id), id].slice(-2) : now.filter((x) => x !== id);
    update({ pick: next.join(",") || null });
  };
  return h("table", { class: "trips-list" },
    h("thead", {}, h("tr", {}, ["", "Traveller", "Dates", "Where", "Met", "Asks", "Agreed", "Reports"].map((c) => h("th", {}, c)))),
    h("tbody", {}, trips.map((t) => h("tr", { class: "trip-row", "data-trip": t.id },
      h("td", {}, h("input", { type: "checkbox", "aria-label": "compare", checked: picked.includes(t.id), onchange: toggle(t.id) })),
      h("td", {}, h("a", { class: "trip-link", href: link("trips", { trip: t.id }) }, traveller(t.traveller))),
      h("td", { class: "nowrap" }, dates(t)),
      h("td", {}, [...t.places, ...t.countries].filter(unique).join(", ")),
      h("td", {}, t.counterparts.map((c) => c.actor.name || c.actor.text).join(", ")),
      h("td", {}, String(t.asks.length)),
      h("td", {}, String(t.agreed.length)),
      h("td", {}, String(t.documents))))));
}

function unique(value, index, all) {
  return all.indexOf(value) === index;
}

function traveller(a) {
  return `${a.name || a.text}${a.role ? ", " + a.role : ""} (${a.code || a.country || "?"})`;
}

function dates(t) {
  return t.start === t.end ? t.start : `${t.start} – ${t.end}`;
}

// --------------------------------------------------------------------------- one trip

async function tripPage(p) {
  const t = await api(`trips/${encodeURIComponent(p.get("trip"))}`).catch((e) => e);
  if (t instanceof Error) return errorBox(t);
  return h("section", { class: "page trip" },
    h("p", {}, h("a", { href: link("trips") }, "‹ all trips")),
    tripDetail(t, { full: true }));
}

function tripDetail(t, { full }) {
  return h("article", { class: "trip-detail", "data-trip": t.id },
    h("h1", {}, traveller(t.traveller)),
    h("p", { class: "trip-when" }, `${dates(t)} · ${t.countries.join(", ")}`, t.places.length ? ` · ${t.places.join(", ")}` : "",
      ` · ${t.documents} reports`),
    h("h2", {}, "Met"),
    t.counterparts.length ? h("ul", { class: "met" }, t.counterparts.map((c) => h("li", {},
      h("a", { href: link("trips", { trip: t.id, ev: c.event_ids[0] }) }, c.actor.name || c.actor.text),
      h("small", { class: "muted" }, ` ${[c.actor.role, c.actor.code].filter(Boolean).join(", ")} · ${c.first_date || "?"} · ${c.reports} report${c.reports === 1 ? "" : "s"}`))))
      : h("p", { class: "muted" }, "No meetings recorded."),
    h("h2", {}, "Asked for"),
    itemList(t.asks, t.id, "asks"),
    h("h2", {}, "Agreed and supported"),
    itemList(t.agreed, t.id, "agreed"),
    h("h2", {}, "Delegation"),
    t.delegation.length ? h("ul", { class: "delegation" }, t.delegation.map((a) => h("li", {},
      h("a", { href: link("actors", { key: a.entity_id || a.name }) }, a.name || a.text),
      a.role ? h("small", { class: "muted" }, ` ${a.role}`) : null)))
      : h("p", { class: "muted" }, "No other members named."),
    full ? [h("h2", {}, `All events of the trip (${t.events.length})`), eventTable(t.events)] : null);
}

function itemList(items, tripId, cls) {
  if (!items.length) return h("p", { class: `muted ${cls}` }, "Nothing recorded.");
  return h("ul", { class: cls }, items.map((e) => h("li", {},
    h("a", { href: link("trips", { trip: tripId, ev: e.id }) }, `${e.event_type}${e.mode ? "/" + e.mode : ""}`),
    ` ${who(e.actors)} → ${who(e.recipients)}: `, h("q", {}, e.sentence),
    e.amount ? h("strong", { class: "amount" }, ` ${e.amount.text}`) : null,
    h("small", { class: "muted" }, ` ${e.outlet || ""} ${e.date || ""}`))));
}

// --------------------------------------------------------------------------- compare

async function comparePage(p) {
  const c = await api("trips/compare", { first: p.get("first"), second: p.get("second") }).catch((e) => e);
  if (c instanceof Error) return errorBox(c);
  const list = (title, names) => h("div", {}, h("h3", {}, title), names.length ? h("ul", {}, names.map((n) => h("li", {}, n))) : h("p", { class: "muted" }, "none"));
  return h("section", { class: "page compare" },
    h("p", {}, h("a", { href: link("trips") }, "‹ all trips")),
    h("h1", {}, "Two trips compared"),
    h("div", { class: "overlap" },
      list("Met on both", c.shared_counterparts), list("Only on the first", c.only_first),
      list("Only on the second", c.only_second), list("Places on both", c.shared_places)),
    h("div", { class: "side-by-side" }, tripDetail(c.first, { full: false }), tripDetail(c.second, { full: false })));
}
