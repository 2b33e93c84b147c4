// Events page: the event table on its own, for any filters (the overview's numbers link here).

import { field, h, meta, update } from "./app.js";
import { eventsTable } from "./table.js";

export async function eventsPage(p) {
  const info = await meta();
  const side = (name, label) => field(label, h("input", {
    name, list: "keys", value: p.get(name) || "", size: 16, placeholder: "pak, Munir, PAKMIL, …",
    onchange: (e) => update({ [name]: e.target.value.trim() || null, page: null }),
  }));
  const choose = (key, query) => update({ [query === p.get("b") ? "b" : "a"]: key, page: null });
  return h("section", { class: "page events" },
    h("h1", {}, "Events"),
    h("form", { class: "controls", onsubmit: (e) => e.preventDefault() },
      keyList(info), side("a", "Side A (optional)"), side("b", "Side B (optional)"),
      field("Directed (A → B only)", h("input", { type: "checkbox", name: "directed", checked: !!p.get("directed"),
        onchange: (e) => update({ directed: e.target.checked || null, page: null }) }))),
    await eventsTable(p, info, choose));
}

/** The sides the store holds, offered while typing (any other name works too). */
export function keyList(info) {
  const options = [...info.countries, ...info.codes.filter((c) => c.key.length > 3)];
  return h("datalist", { id: "keys" }, options.map((c) => h("option", { value: c.key }, `${c.key} (${c.events})`)));
}
