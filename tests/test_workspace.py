from __future__ import annotations

from pathlib import Path

import pytest

from legation.actors.edits import ActorFile, store_actor_file
from legation.config import Config
from legation.workspace import Workspace, knowledge_base_of

PERSON = "people:\n  - {id: zara_khanum, name: Zara Khanum, country: PAK, sector: GOV}\n"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "pk.duckdb"
    Workspace.open(path, writable=True).close()  # creates the store
    return path


def test_the_stores_actor_file_is_applied_to_the_config_once(db: Path) -> None:
    store_actor_file(db).write_text(PERSON, "utf-8")
    with Workspace.open(db) as workspace:
        assert workspace.config.actor_paths == (store_actor_file(db),)
        assert "zara_khanum" in workspace.knowledge_base().people
        again = Workspace.open(db, workspace.config)  # a config that has it already
        assert again.config.actor_paths == (store_actor_file(db),)
        again.close()


def test_without_an_actor_file_the_config_is_the_one_given(db: Path) -> None:
    config = Config.default()
    with Workspace.open(db, config) as workspace:
        assert workspace.config == config
        assert workspace.knowledge_base() is workspace.knowledge_base()  # loaded once
        assert not workspace.writable


def test_the_knowledge_base_of_a_store_that_does_not_exist_yet(tmp_path: Path) -> None:
    db = tmp_path / "new.duckdb"
    store_actor_file(db).write_text(PERSON, "utf-8")
    assert "zara_khanum" in knowledge_base_of(db, Config.default()).people
    assert "zara_khanum" not in knowledge_base_of(None, Config.default()).people
    assert not db.exists()


def test_an_edit_is_served_and_names_the_new_actor_file(db: Path) -> None:
    with Workspace.open(db, writable=True) as workspace:
        assert workspace.config.actor_paths == ()
        before = workspace.knowledge_base()
        file = ActorFile(store_actor_file(db), base=workspace.config.actor_paths)
        workspace.use_knowledge_base(file.add_alias("people", "antony_blinken", "Tony B")[0])
        assert workspace.knowledge_base() is not before
        assert "Tony B" in workspace.knowledge_base().people["antony_blinken"].aliases
        assert workspace.config.actor_paths == (store_actor_file(db),)


@pytest.mark.slow
def test_the_pipeline_is_built_on_first_use_and_keeps_its_model_after_an_edit(
    db: Path,
) -> None:
    with Workspace.open(db, writable=True) as workspace:
        assert workspace._pipeline is None
        pipeline = workspace.pipeline()
        assert workspace.pipeline() is pipeline
        file = ActorFile(store_actor_file(db))
        kb = file.add_alias("people", "antony_blinken", "Tony B")[0]
        workspace.use_knowledge_base(kb)
        edited = workspace.pipeline()
        assert edited is not pipeline and edited.nlp is pipeline.nlp
        assert edited.resolver is not pipeline.resolver  # the shared one is left as it was
        events = edited.code_text("Tony B met General Asim Munir in Islamabad.")
        assert any(a.name == "Antony Blinken" for e in events for a in (*e.actors, *e.recipients))
