from __future__ import annotations

import pytest

from legation.errors import ConfigError
from legation.pipeline import STAGES, Stage, check_order


def test_declared_stage_order_is_valid() -> None:
    assert [s.name for s in check_order(STAGES)] == [
        "ingest",
        "nlp",
        "actors",
        "coding",
        "dates",
        "factuality",
    ]


def test_stage_needing_later_output_is_rejected() -> None:
    swapped = [STAGES[0], STAGES[3], STAGES[1]]
    with pytest.raises(ConfigError, match="'coding' needs"):
        check_order(swapped)


def test_custom_stage_checked() -> None:
    extra = Stage("dedup", frozenset({"events.date"}), frozenset({"events.sources"}))
    assert check_order([*STAGES, extra])[-1].name == "dedup"
