"""Keeping actor knowledge current: people and their roles from a CSV file or from a Wikidata
SPARQL result, as ``people`` entries for a store's actor file (:mod:`.edits`).

**CSV** (a header row; one row per role, rows of one person merge)::

    name,country,aliases,office,start,end,sector,id,wikidata
    Asim Munir,PAK,General Asim;COAS Munir,PAK.coas,2022-11-29,,,,
    Maia Sandu,MDA,,,2020-12-24,,GOV,,Q18225098

``office`` is an office id of the knowledge base (``legation actors list --section
offices``); without one, ``country`` and ``sector`` give a dated affiliation. Dates are
``YYYY-MM-DD``; ``end`` is the first day out of office (empty: still in office).

**Wikidata**: the JSON of a SPARQL query (docs/actors.md) with the columns ``person``,
``personLabel``, ``start``, optionally ``end``, ``position`` and ``iso3``. Rows map to a
knowledge-base office through ``offices`` (position Q-id → office id) or the one ``office``
given for a result about a single position; without an office, ``iso3`` and ``sector``
give an affiliation.

A person the knowledge base has already (same Wikidata id, else the same name) gets the new
roles added to a copy of their entry — a world-tier person thereby becomes curated, keeping
their converted names and affiliations.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from pydantic import ValidationError

from ..errors import KnowledgeBaseError
from ..model import Sector
from .kb import Entries, KnowledgeBase, Person

COLUMNS = ("name", "country", "aliases", "office", "start", "end", "sector", "id", "wikidata")
_QID = re.compile(r"(Q\d+)$")


def people_from_csv(text: str, kb: KnowledgeBase) -> list[Person]:
    """The people of a CSV file of people and roles (see the module docstring)."""
    reader = csv.DictReader(io.StringIO(text))
    unknown = sorted(set(reader.fieldnames or ()) - set(COLUMNS))
    if not reader.fieldnames or "name" not in reader.fieldnames or unknown:
        raise KnowledgeBaseError(
            f"the CSV needs a header with `name` and any of {', '.join(COLUMNS)}"
            + (f"; unknown column(s) {unknown}" if unknown else "")
        )
    merged = _Merger(kb)
    for number, row in enumerate(reader, 2):
        merged.add_row({k: (v or "").strip() for k, v in row.items() if k}, f"line {number}")
    return merged.people()


def people_from_wikidata(
    data: str | Mapping[str, Any],
    kb: KnowledgeBase,
    offices: Mapping[str, str] | None = None,
    office: str | None = None,
    sector: Sector | None = None,
) -> list[Person]:
    """The position holders of a Wikidata SPARQL JSON result (see the module docstring)."""
    result = json.loads(data) if isinstance(data, str) else data
    try:
        bindings = result["results"]["bindings"]
    except (KeyError, TypeError):
        raise KnowledgeBaseError(
            "not a SPARQL JSON result: expected {'results': {'bindings': [...]}} "
            "(download the query's result as JSON)"
        ) from None
    merged = _Merger(kb)
    for number, binding in enumerate(bindings, 1):
        row = _wikidata_row(binding, offices or {}, office, sector)
        merged.add_row(row, f"result row {number}")
    return merged.people()


def _wikidata_row(
    binding: Mapping[str, Any],
    offices: Mapping[str, str],
    office: str | None,
    sector: Sector | None,
) -> dict[str, str]:
    def value(key: str) -> str:
        found = binding.get(key)
        return str(found.get("value", "")).strip() if isinstance(found, Mapping) else ""

    position = _qid(value("position"))
    return {
        "name": value("personLabel"),
        "wikidata": _qid(value("person")),
        "country": value("iso3").upper(),
        "office": offices.get(position, "") or office or "",
        "start": value("start")[:10],
        "end": value("end")[:10],
        "sector": sector.value if sector else "",
    }


def _qid(uri: str) -> str:
    found = _QID.search(uri)
    return found.group(1) if found else ""


class _Merger:
    """People by id as rows add to them, starting from what the knowledge base has."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.found: dict[str, dict[str, Any]] = {}
        self.by_name = _names_to_ids(kb)

    def add_row(self, row: Mapping[str, str], where: str) -> None:
        if not row.get("name"):
            raise KnowledgeBaseError(f"{where}: a person needs a `name`")
        entry = self._entry(row)
        for alias in filter(None, (a.strip() for a in row.get("aliases", "").split(";"))):
            if alias not in (entry["name"], *entry["aliases"]):
                entry["aliases"].append(alias)
        self._add_role(entry, row, where)

    def _entry(self, row: Mapping[str, str]) -> dict[str, Any]:
        ident = row.get("id") or self._known(row) or _slug(row["name"])
        if ident in self.found:
            return self.found[ident]
        base = self.kb.people[ident].model_dump(mode="json") if ident in self.kb.people else {}
        entry = {
            "id": ident,
            "name": base.get("name") or row["name"],
            "country": base.get("country") or row.get("country") or None,
            "aliases": list(base.get("aliases", ())),
            "positions": list(base.get("positions", ())),
            "affiliations": list(base.get("affiliations", ())),
        }
        for key in ("surname", "sector", "wikidata"):
            if base.get(key) is not None:
                entry[key] = base[key]
        if row.get("wikidata"):
            entry["wikidata"] = row["wikidata"]
        self.found[ident] = entry
        return entry

    def _known(self, row: Mapping[str, str]) -> str | None:
        qid = row.get("wikidata")
        if qid:
            same = next((p.id for p in _people(self.kb) if p.wikidata == qid), None)
            if same:
                return same
        return self.by_name.get(row["name"].casefold())

    def _add_role(self, entry: dict[str, Any], row: Mapping[str, str], where: str) -> None:
        start, end = _day(row.get("start"), where), _day(row.get("end"), where)
        office = row.get("office")
        if office:
            if office not in self.kb.offices:
                raise KnowledgeBaseError(
                    f"{where}: office {office!r} is not in the knowledge base; see "
                    "`legation actors list --section offices`"
                )
            role = {"office": office, "start": start, "end": end}
            if role not in entry["positions"]:
                entry["positions"].append(role)
        elif row.get("sector"):
            aff = {"country": row.get("country") or entry["country"], "sector": row["sector"],
                   "start": start, "end": end}  # fmt: skip
            if aff not in entry["affiliations"]:
                entry["affiliations"].append(aff)

    def people(self) -> list[Person]:
        out = []
        for ident, entry in self.found.items():
            clean = {k: v for k, v in entry.items() if v not in ([], None) or k == "country"}
            try:
                out.append(Person.model_validate(clean))
            except ValidationError as exc:
                raise KnowledgeBaseError(f"person {ident!r}: {exc}") from None
        return out


def _names_to_ids(kb: KnowledgeBase) -> dict[str, str]:
    """Full names → person ids, curated people winning over world ones."""
    found: dict[str, str] = {}
    table = kb.people
    if isinstance(table, Entries):
        found.update((raw["name"].casefold(), key) for key, raw in table.raw_items())
    found.update((p.name.casefold(), p.id) for p in _people(kb))
    return found


def _people(kb: KnowledgeBase) -> Iterable[Person]:
    """Curated people (validated at load); world people are matched by name only."""
    table = kb.people
    return table.checked() if isinstance(table, Entries) else table.values()


def _day(text: str | None, where: str) -> str | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise KnowledgeBaseError(f"{where}: {text!r} is not a YYYY-MM-DD date") from None


def _slug(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", plain.lower()).strip("_") or "person"
