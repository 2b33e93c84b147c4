"""Shared fixtures: defined once here, used by every test module."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from legation import lang
from legation.config import Config

if TYPE_CHECKING:
    from spacy.language import Language

SHARED = Path(__file__).resolve().parents[2] / "shared"

# The compiled cache (legation.cache) of a test run is its own, in a temporary folder, never
# the user's; the CLI's child processes inherit it.
if "LEGATION_CACHE_DIR" not in os.environ:
    os.environ["LEGATION_CACHE_DIR"] = tempfile.mkdtemp(prefix="legation-test-cache-")
    atexit.register(shutil.rmtree, os.environ["LEGATION_CACHE_DIR"], ignore_errors=True)


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The pinned spaCy pipeline, loaded once per test session."""
    from legation.nlp import load_pipeline

    return load_pipeline(Config.default().model)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not checked out beside the project")
    return SHARED


@pytest.fixture
def add_language(monkeypatch: pytest.MonkeyPatch) -> Callable[..., lang.Language]:
    """Register a toy language for one test: ``add_language("xx", "Toy", months=...)`` is
    English with the fields given replaced, under the code given."""
    from legation.lang.en import ENGLISH

    def add(code: str, name: str, **fields: Any) -> lang.Language:
        found = replace(ENGLISH, code=code, name=name, **fields)
        monkeypatch.setitem(lang.LANGUAGES._factories, code, lambda: found)
        return found

    return add
