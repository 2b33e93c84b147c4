from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from legation.config import Config
from legation.errors import ConfigError
from legation.lang import Language
from legation.registry import Registry


def test_default_config_matches_model_defaults() -> None:
    assert Config.default() == Config()


def test_load_overrides(tmp_path: Path, add_language: Callable[..., Language]) -> None:
    add_language("fr", "French")
    path = tmp_path / "c.toml"
    path.write_text('batch_size = 8\nlanguages = ["en", "fr"]\n')
    config = Config.load(path, db=tmp_path / "x.duckdb")
    assert config.batch_size == 8 and config.languages == ("en", "fr")
    assert config.db == tmp_path / "x.duckdb"


def test_unknown_key_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("batchsize = 8\n")
    with pytest.raises(ConfigError, match="batchsize"):
        Config.load(path)


def test_bad_toml_is_a_config_error(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text("batch_size = = 8\n")
    with pytest.raises(ConfigError, match="not valid TOML"):
        Config.load(path)


def test_registry_lists_options_on_unknown_name() -> None:
    registry: Registry[int] = Registry("coder")
    registry.register("rules.v1")(lambda: 1)
    with pytest.raises(ConfigError, match=r"unknown coder 'x'.*rules\.v1"):
        registry.get("x")
    with pytest.raises(ConfigError, match="twice"):
        registry.register("rules.v1")(lambda: 2)
