"""The ontology tables: CAMEO codes with their PLOVER equivalents, Goldstein scores, PLOVER
scores and quad classes. Beside the data model, below every stage: the coders score events
with them (through :mod:`legation.coding.tables`) and the store merges events by them.

Data files (derived by ``scripts/derive_ontology.py`` from the PLOVER sources and shipped in
``legation/data/ontology/``):

- ``cameo_plover.csv``: cameo, description, plover_type, mode, context (``;``-separated),
  goldstein, quad_class (CAMEO's: 01-05 verbal cooperation, 06-08 material cooperation,
  09-13 verbal conflict, 14-20 material conflict).
- ``plover_scores.csv``: plover_type, mode, score (the PLOVER manual's table; a blank mode is
  the type's base score; the ACCUSE base is -3, the manual's "3" being a sign slip).

The quad class of a PLOVER event follows the manual's "Quad category" for its type.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from .errors import CodingError
from .model import Context, PloverType

VERBAL_COOPERATION, MATERIAL_COOPERATION, VERBAL_CONFLICT, MATERIAL_CONFLICT = 1, 2, 3, 4

PLOVER_QUAD: dict[PloverType, int] = {
    PloverType.AGREE: VERBAL_COOPERATION,
    PloverType.CONSULT: VERBAL_COOPERATION,
    PloverType.SUPPORT: VERBAL_COOPERATION,
    PloverType.CONCEDE: VERBAL_COOPERATION,
    PloverType.COOPERATE: MATERIAL_COOPERATION,
    PloverType.AID: MATERIAL_COOPERATION,
    PloverType.RETREAT: MATERIAL_COOPERATION,
    PloverType.REQUEST: VERBAL_CONFLICT,
    PloverType.ACCUSE: VERBAL_CONFLICT,
    PloverType.REJECT: VERBAL_CONFLICT,
    PloverType.THREATEN: VERBAL_CONFLICT,
    PloverType.PROTEST: MATERIAL_CONFLICT,
    PloverType.SANCTION: MATERIAL_CONFLICT,
    PloverType.MOBILIZE: MATERIAL_CONFLICT,
    PloverType.COERCE: MATERIAL_CONFLICT,
    PloverType.ASSAULT: MATERIAL_CONFLICT,
}


@dataclass(frozen=True, slots=True)
class CameoInfo:
    """One CAMEO code and what it maps to."""

    code: str
    description: str
    plover_type: PloverType
    mode: str | None
    contexts: tuple[Context, ...]
    goldstein: float
    quad_class: int


def _read_csv(name: str) -> list[dict[str, str]]:
    path = resources.files("legation").joinpath(f"data/ontology/{name}")
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8"))))


def _contexts(field: str) -> tuple[Context, ...]:
    known = {c.value for c in Context}
    return tuple(Context(c) for c in field.split(";") if c in known)


@lru_cache(maxsize=1)
def cameo_table() -> dict[str, CameoInfo]:
    """All CAMEO codes of the shipped table, by code (``"042"``)."""
    table: dict[str, CameoInfo] = {}
    for row in _read_csv("cameo_plover.csv"):
        table[row["cameo"]] = CameoInfo(
            code=row["cameo"],
            description=row["description"],
            plover_type=PloverType(row["plover_type"]),
            mode=row["mode"] or None,
            contexts=_contexts(row["context"]),
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad_class"]),
        )
    return table


@lru_cache(maxsize=1)
def score_table() -> dict[tuple[PloverType, str], float]:
    """PLOVER scores by (type, mode); mode ``""`` is the type's base score."""
    return {
        (PloverType(r["plover_type"]), r["mode"]): float(r["score"])
        for r in _read_csv("plover_scores.csv")
    }


def cameo_info(code: str) -> CameoInfo:
    """The table row for a CAMEO code; raises :class:`CodingError` naming close codes."""
    table = cameo_table()
    try:
        return table[code]
    except KeyError:
        near = ", ".join(c for c in table if c.startswith(code[:2])) or "none"
        raise CodingError(
            f"unknown CAMEO code {code!r}; codes with the same root: {near}"
        ) from None


def plover_score(event_type: PloverType, mode: str | None = None) -> float:
    """The PLOVER conflict-cooperation score of a type and mode (the type's base score
    when the mode has no score of its own)."""
    table = score_table()
    return table.get((event_type, mode or ""), table[(event_type, "")])


def quad_class(event_type: PloverType) -> int:
    """1 verbal cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict."""
    return PLOVER_QUAD[event_type]


@lru_cache(maxsize=1)
def _defaults() -> dict[tuple[PloverType, str], str]:
    found: dict[tuple[PloverType, str], str] = {}
    for info in sorted(
        cameo_table().values(), key=lambda i: (len(i.code), not i.code.endswith("0"), i.code)
    ):
        for key in ((info.plover_type, info.mode or ""), (info.plover_type, "")):
            found.setdefault(key, info.code)
    return found


def default_cameo(event_type: PloverType, mode: str | None = None) -> str | None:
    """The most general CAMEO code for a PLOVER type and mode, else for the type: the
    shortest code, a root ending in 0 first, then the lowest; None when CAMEO has none."""
    table = _defaults()
    return table.get((event_type, mode or "")) or table.get((event_type, ""))
