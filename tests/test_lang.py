"""The language seam: the registry of languages, a toy language selected from the config, the
coder's languages, and no language data spelled outside ``lang/``."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

import legation
from legation.coding.base import DEFAULT_CODER_LANGUAGES, coder_languages
from legation.config import Config
from legation.dates import parse_date as parse_expression
from legation.errors import ConfigError
from legation.ingest import find_dateline
from legation.lang import LANGUAGES, Language, language
from legation.model import DatePrecision
from legation.pipeline import assemble

PACKAGE = Path(legation.__file__).parent
#: Esperanto's month names: a toy second language, English in every other field.
MONTHS = (
    *("januaro", "februaro", "marto", "aprilo", "majo", "junio", "julio", "aŭgusto"),
    *("septembro", "oktobro", "novembro", "decembro"),
)


@pytest.fixture
def toy(add_language: Callable[..., Language]) -> Language:
    return add_language("eo", "Esperanto", months=MONTHS, month_pattern="|".join(MONTHS))


# --------------------------------------------------------------------------- the registry


def test_english_is_registered_and_the_default() -> None:
    english = language("en")
    assert english is language() and english.name == "English"
    assert Config.default().language is english
    assert english.month_number("Sept.") == 9 and english.month_number("Dec") == 12
    assert english.month_number("Foo") is None


def test_an_unknown_code_names_it_and_the_registered_ones() -> None:
    with pytest.raises(ConfigError, match=r"unknown language 'zz'; choose one of: en"):
        language("zz")


def test_the_config_lists_registered_languages_only() -> None:
    with pytest.raises(ConfigError, match=r"languages: .*unknown language 'zz'.*legation\.langu"):
        Config.load(languages=["en", "zz"])
    with pytest.raises(ConfigError, match="languages"):
        Config.load(languages=[])


def test_a_language_has_twelve_months_and_seven_weekdays() -> None:
    with pytest.raises(ConfigError, match="12 and 7"):
        Language(**{**vars(language()), "months": ("January",)})


def test_a_language_comes_from_an_entry_point(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dist = tmp_path / "legation_eo-1.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: legation-eo\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text("[legation.languages]\neo = legation_eo:esperanto\n")
    (tmp_path / "legation_eo.py").write_text(
        "from dataclasses import replace\nfrom legation.lang import language\n\n"
        "def esperanto():\n    return replace(language('en'), code='eo', name='Esperanto')\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(LANGUAGES, "_plugins", {})
    assert "eo" in LANGUAGES.names()
    assert language("eo").name == "Esperanto"
    assert Config.load(languages=["eo"]).language.code == "eo"


# --------------------------------------------------------------------------- a toy language


def test_a_toy_language_is_selected_and_its_months_read(toy: Language) -> None:
    config = Config.load(languages=["eo"])
    assert config.language is toy
    text = "VARSOVIO, 15 decembro 2023 — The ministers met.\n"
    assert find_dateline(text, config.language) == date(2023, 12, 15)
    assert find_dateline(text) is None  # in English, "decembro" is no month
    assert parse_expression("on 3 aŭgusto 2024", None, lang=toy) == (
        "2024-08-03",
        DatePrecision.DAY,
    )
    assert parse_expression("on 3 August 2024", None, lang=toy) == ("2024", DatePrecision.YEAR)


# --------------------------------------------------------------------------- the coder


class _Coder:
    name = "toy.v1"


class _Multilingual(_Coder):
    languages = ("en", "eo")


def test_a_coder_that_does_not_say_codes_english() -> None:
    assert coder_languages(_Coder()) == DEFAULT_CODER_LANGUAGES == ("en",)
    assert coder_languages(_Multilingual()) == ("en", "eo")


def test_a_config_listing_a_language_the_coder_does_not_code_is_refused(toy: Language) -> None:
    config = Config.load(languages=["en", "eo"])
    with pytest.raises(ConfigError, match=r"coder 'hybrid.v1' codes en only.*list 'eo'"):
        assemble(config, {"coding": _Coder()})
    assert [s.name for s in assemble(config, {"coding": _Multilingual()})][-1] == "factuality"
    assert assemble(config)  # no coder given: nothing to check


# --------------------------------------------------------------------------- one place

_MONTH = re.compile(
    r"\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\b",
    re.IGNORECASE,
)
_WEEKDAY = re.compile(r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b", re.I)
_EN_LITERAL = re.compile(r"""languages\s*=\s*[\[(]\s*["']en["']""")


def _strings(tree: ast.AST) -> Iterator[tuple[int, str]]:
    """(line, text) of every string literal and every collection of them, docstrings and
    other bare strings left out."""
    bare = {id(n.value) for n in ast.walk(tree) if isinstance(n, ast.Expr)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in bare:
            yield node.lineno, node.value
        elif isinstance(node, ast.Set | ast.List | ast.Tuple | ast.Dict):
            items = node.keys if isinstance(node, ast.Dict) else node.elts
            words = [i.value for i in items if isinstance(i, ast.Constant)]
            yield node.lineno, " ".join(w for w in words if isinstance(w, str))


def _spelled(source: str) -> list[str]:
    """Where ``source`` spells a list of month or weekday names, or English for dateparser."""
    found = [f"line {n}: {text[:60]!r}" for n, text in _strings(ast.parse(source))
             if len({m.lower()[:3] for m in _MONTH.findall(text)}) >= 3
             or len({w.lower()[:3] for w in _WEEKDAY.findall(text)}) >= 3]  # fmt: skip
    return found + [f"languages=[en] at {m.start()}" for m in _EN_LITERAL.finditer(source)]


def test_no_month_or_weekday_list_is_spelled_outside_lang() -> None:
    found = [
        f"{path.relative_to(PACKAGE)} {where}"
        for path in sorted(PACKAGE.rglob("*.py"))
        if "lang" not in path.relative_to(PACKAGE).parts[:1]
        for where in _spelled(path.read_text(encoding="utf-8"))
    ]
    assert not found, "language data outside legation/lang (move it to lang/en.py):\n" + "\n".join(
        found
    )


@pytest.mark.parametrize(
    "source",
    [
        '_MONTHS = ("jan", "feb", "mar", "apr")',
        'DAYS = {"monday", "tuesday", "friday"}',
        'X = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?)"',
        'P = r"(?:Mon|Tues|Wednes)day"',
        'dateparser.parse(value, languages=["en"])',
    ],
)
def test_the_check_sees_language_data(source: str) -> None:
    assert _spelled(source)


def test_the_check_leaves_prose_alone() -> None:
    assert not _spelled('"""Met on Monday, Tuesday and Friday in May, June and July."""\nx = 1')
    assert not _spelled('WARM_UP = "met in Washington on Tuesday."')
