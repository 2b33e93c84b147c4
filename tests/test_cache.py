"""The compiled cache: built once, read back while nothing changed, rebuilt when anything did,
and never a reason for a run to fail."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from legation import cache
from legation.cache import KEEP, cache_dir, compiled


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def counting(value: object) -> tuple[list[int], Callable[[], object]]:
    calls: list[int] = []

    def build() -> object:
        calls.append(1)
        return value

    return calls, build


def test_a_value_is_built_once_and_read_back_while_its_files_are_unchanged(
    folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "actors.yaml"
    source.write_text("people: []\n", encoding="utf-8")
    calls, build = counting({"built": 1})
    assert compiled("thing", [source], build) == {"built": 1}
    assert compiled("thing", [source], build) == {"built": 1}
    assert len(calls) == 1
    assert len(list(folder.glob("thing-*.pickle"))) == 1
    assert not list(folder.glob(".*.tmp"))  # written whole, renamed into place


def test_an_edited_file_or_another_setting_is_built_anew(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "actors.yaml"
    source.write_text("people: []\n", encoding="utf-8")
    calls, build = counting("x")
    compiled("thing", [source, "world=True"], build)
    compiled("thing", [source, "world=False"], build)
    assert len(calls) == 2
    source.write_text("people: [] # edited\n", encoding="utf-8")
    compiled("thing", [source, "world=True"], build)
    assert len(calls) == 3
    source.unlink()
    compiled("thing", [source, "world=True"], build)  # a missing file is a state too
    assert len(calls) == 4


def test_a_damaged_cached_file_is_rebuilt_and_replaced(folder: Path) -> None:
    calls, build = counting([1, 2, 3])
    compiled("thing", ["a"], build)
    (written,) = folder.glob("thing-*.pickle")
    written.write_bytes(written.read_bytes()[:5])  # a half-copied file
    assert compiled("thing", ["a"], build) == [1, 2, 3]
    assert pickle.loads(written.read_bytes()) == [1, 2, 3]
    assert len(calls) == 2


def test_the_cache_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV, "off")
    assert cache_dir() is None
    calls, build = counting("x")
    compiled("thing", ["a"], build)
    compiled("thing", ["a"], build)
    assert len(calls) == 2


def test_a_cache_folder_that_cannot_be_written_costs_a_rebuild_not_a_failure(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(cache.ENV, str(blocked / "cache"))
    calls, build = counting("x")
    assert compiled("thing", ["a"], build) == "x"
    assert compiled("thing", ["a"], build) == "x"
    assert len(calls) == 2


def test_a_value_that_cannot_be_pickled_is_returned_and_not_kept(folder: Path) -> None:
    calls, build = counting(lambda: None)  # a lambda does not pickle
    assert callable(compiled("thing", ["a"], build))
    assert callable(compiled("thing", ["a"], build))
    assert len(calls) == 2 and not list(folder.glob("*"))


def test_only_the_newest_files_of_a_kind_are_kept(folder: Path) -> None:
    for n in range(KEEP + 3):
        compiled("thing", [str(n)], lambda n=n: n)  # type: ignore[misc]
        newest = max(folder.glob("thing-*.pickle"), key=lambda p: p.stat().st_mtime_ns)
        os.utime(newest, ns=(n * 10**9, n * 10**9))  # distinct times, oldest first
    compiled("other", ["a"], lambda: "o")
    assert len(list(folder.glob("thing-*.pickle"))) == KEEP
    assert len(list(folder.glob("other-*.pickle"))) == 1
    assert sorted(pickle.loads(p.read_bytes()) for p in folder.glob("thing-*.pickle")) == list(
        range(3, KEEP + 3)
    )


def test_the_default_folder_is_the_users_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(cache.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "/somewhere/cache")
    monkeypatch.setattr(cache.sys, "platform", "linux")
    assert cache_dir() == Path("/somewhere/cache/legation")


def test_an_actor_file_edited_between_runs_is_read_not_its_cached_index(
    folder: Path, tmp_path: Path
) -> None:
    """The knowledge base and its surface index come from the cache while the actor files
    are unchanged; an entry added to a user's actor file is found at once."""
    from legation.actors.lexicon import Lexicon, indexed_knowledge_base
    from legation.actors.lexicon import surface_key as key

    mine = tmp_path / "mine.yaml"
    mine.write_text(
        "people:\n  - id: zz_a\n    name: Aurelio Quispe Mamani\n    country: PER\n",
        encoding="utf-8",
    )
    first = indexed_knowledge_base([mine], world=False)
    assert isinstance(first.index, Lexicon) and first.index.kb is first
    assert "zz_a" in first.people and key("Aurelio Quispe Mamani") in first.index
    again = indexed_knowledge_base([mine], world=False)
    assert again is not first and set(again.people) == set(first.people)
    assert len(list(folder.glob("actor-index-*.pickle"))) == 1
    mine.write_text(
        mine.read_text("utf-8")
        + "  - id: zz_b\n    name: Teodora Villca Choque\n    country: BOL\n",
        encoding="utf-8",
    )
    edited = indexed_knowledge_base([mine], world=False)
    assert "zz_b" in edited.people and key("Teodora Villca Choque") in edited.index
    assert len(list(folder.glob("actor-index-*.pickle"))) == 2


def test_the_cached_index_resolves_as_a_freshly_built_one(folder: Path, nlp) -> None:  # type: ignore[no-untyped-def]
    from legation.actors.dictionary import DictionaryResolver
    from legation.actors.kb import load_knowledge_base
    from legation.actors.lexicon import indexed_knowledge_base
    from legation.model import Document

    text = (
        "Moldova's president Maia Sandu called Romanian Foreign Minister Emil Hurezeanu, "
        "and the UNHCR spokeswoman in Geneva said Kenyan police had detained Somali refugees."
    )
    doc = nlp(text)
    document = Document.create(text, name="one", published=date(2025, 3, 4))
    indexed_knowledge_base()  # fills the cache
    cached = DictionaryResolver(indexed_knowledge_base()).analyse(document, doc)
    fresh = DictionaryResolver(load_knowledge_base()).analyse(document, doc)
    assert [(m.start_token, m.end_token, m.actor) for m in cached.mentions] == [
        (m.start_token, m.end_token, m.actor) for m in fresh.mentions
    ]
    assert len(cached.mentions) >= 3
