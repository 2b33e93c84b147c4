"""Derive Legation's ontology tables from the PLOVER sources in ../shared/ontology.

Writes (committed to the package):

- ``src/legation/data/ontology/cameo_plover.csv``: one row per CAMEO code of
  ``CAMEO2PLOVER-2021.txt`` with its description, PLOVER type, mode and context(s), the
  CAMEO Goldstein score and the CAMEO quad class.
- ``src/legation/data/ontology/plover_scores.csv``: the PLOVER conflict-cooperation scores
  (type, mode, score) parsed from the table in ``PLOVER_MANUAL.tex``.

Usage::

    python scripts/derive_ontology.py [--shared ../shared]

Notes on the sources:

- Goldstein scores are not in the PLOVER files; they come from the CAMEO codebook's
  Goldstein scale (Goldstein 1992 as extended for CAMEO), below. Four-digit codes take their
  three-digit parent's value.
- The manual prints the ACCUSE base score as "3", a sign slip (every ACCUSE mode is
  negative and ACCUSE is verbal conflict); it is written as -3 here.
- CAMEO2PLOVER uses the context "democracy", which PLOVER 2.0 calls "pro_democracy".
- CAMEO 02 (APPEAL) codes, absent from CAMEO2PLOVER, are added as REQUEST (see APPEALS).
- CAMEO 175 appears twice in the source; the first row is kept.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "legation" / "data" / "ontology"

GOLDSTEIN: dict[str, float] = {
    "020": 3.0, "021": 3.4, "022": 3.2, "023": 3.4, "024": -0.3, "025": -0.3, "026": 4.0,
    "027": 4.0, "028": 4.0,
    "030": 4.0, "031": 5.2, "032": 4.5, "033": 5.2, "034": 7.0, "035": 7.0, "036": 4.0,
    "037": 5.0, "038": 7.0, "039": 5.0,
    "040": 1.0, "041": 1.0, "042": 1.9, "043": 2.8, "044": 2.5, "045": 5.0, "046": 7.0,
    "050": 3.5, "051": 3.4, "052": 3.5, "053": 3.8, "054": 6.0, "055": 7.0, "056": 7.0,
    "057": 8.0,
    "060": 6.0, "061": 6.4, "062": 7.4, "063": 7.4, "064": 7.0,
    "070": 7.0, "071": 7.4, "072": 8.3, "073": 7.4, "074": 8.5, "075": 7.0,
    "080": 5.0, "081": 5.0, "082": 5.0, "083": 5.0, "084": 7.0, "085": 7.0, "086": 9.0,
    "087": 9.0,
    "090": -2.0, "091": -2.0, "092": -2.0, "093": -2.0, "094": -2.0,
    "100": -5.0, "101": -5.0, "102": -5.0, "103": -5.0, "104": -5.0, "105": -5.0,
    "106": -5.0, "107": -5.0, "108": -5.0,
    "110": -2.0, "111": -2.0, "112": -2.0, "113": -2.0, "114": -2.0, "115": -2.0,
    "116": -2.0,
    "120": -4.0, "121": -4.0, "122": -4.0, "123": -4.0, "124": -5.0, "125": -5.0,
    "126": -5.0, "127": -5.0, "128": -5.0, "129": -5.0,
    "130": -4.4, "131": -5.8, "132": -5.8, "133": -5.8, "134": -5.8, "135": -5.8,
    "136": -7.0, "137": -7.0, "138": -7.0, "139": -7.0,
    "140": -6.5, "141": -6.5, "142": -6.5, "143": -6.5, "144": -7.5, "145": -7.5,
    "150": -7.2, "151": -7.2, "152": -7.2, "153": -7.2, "154": -7.2,
    "160": -4.0, "161": -4.0, "162": -5.6, "163": -8.0, "164": -7.0, "165": -7.0,
    "166": -7.0,
    "170": -7.0, "171": -9.2, "172": -5.0, "173": -5.0, "174": -5.0, "175": -9.0,
    "180": -9.0, "181": -9.0, "182": -9.5, "183": -10.0, "184": -8.0, "185": -8.0,
    "186": -10.0,
    "190": -10.0, "191": -9.5, "192": -9.5, "193": -10.0, "194": -10.0, "195": -10.0,
    "196": -9.5,
    "200": -10.0, "201": -9.5, "202": -10.0, "203": -10.0, "204": -10.0,
}  # fmt: skip

# CAMEO 02 (APPEAL) is not in CAMEO2PLOVER; PLOVER folds appeals into REQUEST, and the
# project's conventions use these codes (e.g. 0231, appeal for economic aid).
APPEALS = """
020: REQUEST, , # Make an appeal or request
021: REQUEST, assist, # Appeal for material cooperation
0211: REQUEST, assist, economic # Appeal for economic cooperation
0212: REQUEST, assist, military # Appeal for military cooperation
0213: REQUEST, assist, legal # Appeal for judicial cooperation
0214: REQUEST, assist, intelligence # Appeal for intelligence
022: REQUEST, assist, diplomatic # Appeal for diplomatic cooperation (such as policy support)
023: REQUEST, assist, # Appeal for aid
0231: REQUEST, assist, economic # Appeal for economic aid
0232: REQUEST, assist, military # Appeal for military aid
0233: REQUEST, assist, humanitarian # Appeal for humanitarian aid
0234: REQUEST, assist, peacekeeping # Appeal for military protection or peacekeeping
024: REQUEST, change, political_institutions # Appeal for political reform
0241: REQUEST, change, executive # Appeal for change in leadership
0242: REQUEST, change, executive # Appeal for policy change
0243: REQUEST, change, rights_freedoms # Appeal for rights
0244: REQUEST, change, political_institutions # Appeal for change in institutions, regime
025: REQUEST, yield, # Appeal to yield
0251: REQUEST, yield, legal # Appeal for easing of administrative sanctions
0252: REQUEST, yield, legal # Appeal for easing of popular dissent
0253: REQUEST, yield, legal # Appeal for release of persons or property
0254: REQUEST, yield, economic # Appeal for easing of economic sanctions, boycott, or embargo
0255: REQUEST, yield, diplomatic # Appeal for target to allow international involvement
0256: REQUEST, yield, military # Appeal for de-escalation of military engagement
026: REQUEST, meet, diplomatic # Appeal to others to meet or negotiate
027: REQUEST, meet, diplomatic # Appeal to others to settle dispute
028: REQUEST, meet, diplomatic # Appeal to others to engage in or accept mediation
"""

ROW = re.compile(r"^(\d{3,4}):\s*([A-Z]+)\s*,([^,#]*),?([^#]*)#\s*(.*)$")
SCORE_CELL = re.compile(r"(?:\\cellcolor\{[^}]*\})?\s*([A-Z]+)(?::\s*([A-Za-z-]+))?\s*$")
CONTEXT_ALIASES = {"democracy": "pro_democracy"}


def goldstein(code: str) -> float:
    return GOLDSTEIN.get(code, GOLDSTEIN.get(code[:3], 0.0))


def cameo_quad(code: str) -> int:
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 8:
        return 2
    return 3 if root <= 13 else 4


def contexts(field: str) -> str:
    names = [c.strip() for c in field.split(";") if c.strip()]
    return ";".join(CONTEXT_ALIASES.get(n, n) for n in names)


def parse_cameo(text: str) -> list[dict[str, str]]:
    rows: dict[str, dict[str, str]] = {}
    for line in text.splitlines():
        match = ROW.match(line.strip())
        if not match or match.group(1) in rows:
            continue
        code, ptype, mode, ctx, desc = (g.strip() for g in match.groups())
        rows[code] = {
            "cameo": code,
            "description": desc,
            "plover_type": ptype,
            "mode": mode.replace(" ", ""),
            "context": contexts(ctx),
            "goldstein": f"{goldstein(code):.1f}",
            "quad_class": str(cameo_quad(code)),
        }
    return [rows[c] for c in sorted(rows)]


def parse_scores(tex: str) -> list[dict[str, str]]:
    body = tex.split(r"\caption{PLOVER conflict--cooperation scores}")[-1]
    body = body.split(r"\end{tabular}")[0]
    scores: list[dict[str, str]] = []
    for line in body.splitlines():
        cells = [c.strip() for c in line.replace(r"\\", "").split("&")]
        for name, value in zip(cells[::2], cells[1::2], strict=False):
            scores.extend(_score(name, value))
    return scores


def _score(name: str, value: str) -> list[dict[str, str]]:
    match = SCORE_CELL.search(name)
    number = re.sub(r"\\cellcolor\{[^}]*\}", "", value).strip()
    if not match or not re.fullmatch(r"-?\d+(\.\d+)?", number):
        return []
    ptype, mode = match.group(1), (match.group(2) or "").lower()
    score = float(number)
    if ptype == "ACCUSE" and not mode and score > 0:
        score = -score  # the manual's sign slip: ACCUSE base printed as "3"
    return [{"plover_type": ptype, "mode": mode, "score": f"{score:g}"}]


def write(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    args = parser.parse_args()
    onto = args.shared / "ontology"
    OUT.mkdir(parents=True, exist_ok=True)
    write(
        OUT / "cameo_plover.csv",
        parse_cameo(APPEALS + (onto / "CAMEO2PLOVER-2021.txt").read_text()),
    )
    write(OUT / "plover_scores.csv", parse_scores((onto / "PLOVER_MANUAL.tex").read_text()))


if __name__ == "__main__":
    main()
