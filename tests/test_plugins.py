"""Plugins: an input format and a coder added from outside the package, through entry points
(``tests/plugins/legation_toy.py``), with no edit inside ``legation``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from legation.app.cli import main
from legation.coding import CODERS, RulesCoder, SelectiveCoder
from legation.errors import ConfigError
from legation.ingest import Formats, IngestStats, iter_documents
from legation.model import Document
from legation.registry import Registry
from legation.store import Store
from legation.survey import survey

PLUGIN = Path(__file__).with_name("plugins") / "legation_toy.py"
ENTRY_POINTS = """\
[legation.readers]
toy = legation_toy:ToyReader

[legation.coders]
toy.v1 = legation_toy:ToyCoder
late.v1 = legation_toy:LateCoder
"""
TOY = """\
title: Army chief in Washington
published: 2023-12-15

General Asim Munir met Secretary of State Antony Blinken in Washington on Thursday.
The weather was cold.
"""


def install(site: Path, entry_points: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Install the toy plugin into ``site`` as pip would (module + dist-info), and put
    ``site`` on the path."""
    dist = site / "legation_toy-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: legation-toy\nVersion: 1.0\n")
    (dist / "entry_points.txt").write_text(entry_points)
    shutil.copy(PLUGIN, site / "legation_toy.py")
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(__import__("sys").modules, "legation_toy", raising=False)


@pytest.fixture
def plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path / "site", ENTRY_POINTS, monkeypatch)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "visit.toy").write_text(TOY, "utf-8")
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4")
    return folder


def test_an_installed_reader_reads_its_format(plugin: None, corpus: Path) -> None:
    from legation.config import Config

    assert ".toy" in Formats.installed().by_suffix
    assert Formats.installed().hint().endswith(".csv or .toy")
    found = survey([corpus])
    assert (found.files, found.documents, found.unsupported) == (1, 1, (corpus / "notes.pdf",))
    stats = IngestStats()
    (document,) = iter_documents([corpus], Config.default(), stats)
    assert isinstance(document, Document) and document.name == "visit.toy"
    assert document.title == "Army chief in Washington"
    assert str(document.published) == "2023-12-15"
    assert stats.skipped == 1  # the .pdf, noted with what to use instead
    assert "or .toy" in stats.take_notes()[0].detail


def test_without_the_plugin_the_format_is_unknown(corpus: Path) -> None:
    assert ".toy" not in Formats.installed().by_suffix
    assert survey([corpus]).unsupported == (corpus / "notes.pdf", corpus / "visit.toy")


def test_an_installed_coder_is_chosen_by_name(plugin: None) -> None:
    assert "toy.v1" in CODERS.names()
    coder = CODERS.get("toy.v1")(None)
    assert coder.name == "toy.v1"
    assert not isinstance(coder, SelectiveCoder)  # it never asked for selective parsing


def test_the_rules_coder_declares_selective_parsing() -> None:
    assert isinstance(RulesCoder(), SelectiveCoder)


def test_an_unknown_name_lists_the_installed_plugins(plugin: None) -> None:
    with pytest.raises(ConfigError, match=r"unknown coder 'toy\.v2'; choose one of: .*toy\.v1"):
        CODERS.get("toy.v2")


def test_a_plugin_cannot_take_a_name_of_the_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    install(tmp_path / "site", "[legation.coders]\nrules.v1 = legation_toy:ToyCoder\n", monkeypatch)
    assert CODERS.get("rules.v1") is RulesCoder


def test_a_broken_plugin_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    install(tmp_path / "site", "[legation.test]\nbad.v1 = legation_toy:Missing\n", monkeypatch)
    registry: Registry[object] = Registry("thing", "legation.test")
    with pytest.raises(ConfigError, match=r"thing 'bad\.v1' .*legation_toy:Missing.* reinstall"):
        registry.get("bad.v1")


@pytest.mark.slow
def test_a_toy_format_coded_by_a_toy_coder_end_to_end(
    plugin: None, corpus: Path, tmp_path: Path
) -> None:
    """`legation code` reads a .toy file and codes it with toy.v1: events stored."""
    config = tmp_path / "toy.toml"
    config.write_text('coder = "toy.v1"\n', "utf-8")
    db = tmp_path / "toy.duckdb"
    result = CliRunner().invoke(
        main, ["--config", str(config), "code", str(corpus), "--db", str(db), "-q"]
    )
    assert result.exit_code == 0, result.output
    assert "Coded 1 documents" in result.output
    with Store(db, read_only=True) as store:
        (stored,) = store.events(include_noncurrent=True)
    event = stored.event
    assert stored.document.name == "visit.toy"
    assert (event.coder, event.rule, event.event_type.value) == ("toy.v1", "toy.met", "CONSULT")
    assert event.actors[0].name == "Syed Asim Munir"
    assert event.recipients[0].name == "Antony Blinken"


@pytest.mark.slow
def test_a_coder_whose_needs_are_not_met_is_refused_when_the_pipeline_is_built(
    plugin: None,
) -> None:
    from legation.config import Config
    from legation.pipeline import Pipeline

    config = Config.load(coder="late.v1")
    with pytest.raises(
        ConfigError, match=r"'coding' \(coder 'late\.v1'\) needs \['events\.date'\]"
    ):
        Pipeline(config)


def test_legation_pipeline_refuses_a_coder_whose_needs_are_not_met(
    plugin: None, tmp_path: Path
) -> None:
    """The coder's own ``requires`` is read from its registered class, without building it."""
    config = tmp_path / "late.toml"
    config.write_text('coder = "late.v1"\n', "utf-8")
    result = CliRunner().invoke(main, ["--config", str(config), "pipeline"])
    assert result.exit_code == 1
    assert "pipeline stage 'coding' (coder 'late.v1') needs ['events.date']" in result.output
    assert "choose a coder in the config" in result.output
