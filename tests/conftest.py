"""Shared fixtures: defined once here, used by every test module."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from legation.config import Config

if TYPE_CHECKING:
    from spacy.language import Language

SHARED = Path(__file__).resolve().parents[2] / "shared"


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
