"""The span tagger (legation.coding.spans) and how hybrid.v1 uses it."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

import legation
from legation.coding import spans
from legation.coding.hybrid import POLICY, HybridCoder, _side
from legation.config import Config
from legation.errors import CodingError
from legation.evaluate import span_training
from legation.model import Actor

from .devdata import dev_dir

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span

    from legation.pipeline import Pipeline

pytestmark = pytest.mark.slow


def test_bio_labels_and_decode_round_trip(nlp: Language) -> None:
    doc = nlp("Pakistan's army chief met the US defence secretary in Washington.")
    text = doc.text
    marked = {
        "S": [(0, text.index(" met"))],
        "T": [(text.index("the US"), text.index(" in Washington"))],
    }
    labels = spans.bio_labels(doc, marked)
    assert labels[0] == "B-S" and labels[labels.index("B-T") - 1] == "O"
    found = spans.decode(doc, labels)
    assert [s.text for s in found["S"]] == ["Pakistan's army chief"]
    assert [s.text for s in found["T"]] == ["the US defence secretary"]
    assert found["R"] == []


def test_decode_opens_a_new_span_on_a_kind_change(nlp: Language) -> None:
    doc = nlp("India and China met.")
    found = spans.decode(doc, ["B-R", "O", "I-R", "O", "O"])
    assert [s.text for s in found["R"]] == ["India", "China"]


def test_features_are_hashed_and_name_the_event_verb_roles(nlp: Language) -> None:
    doc = nlp("The Indian army shelled villages in Kashmir.")
    named = spans.token_features(doc)
    assert len(named) == len(doc)
    assert "role=nsubj" in named[2] and "side=ev" in named[3] and "role=dobj" in named[4]
    # the verb's own frame: a noun after "shelled" (a target), not after "met" (a side)
    assert "ev_side=shell|a|NOUN" in named[4] and "ev_side=shell|b|NOUN" in named[2]
    hashed = spans.hashed_features(doc)
    assert all(re.fullmatch(r"[0-9a-f]{1,8}", f) for row in hashed for f in row)
    assert spans.hashed_features(doc) == hashed  # stable


def test_shipped_tagger_finds_sources_and_targets(nlp: Language) -> None:
    tagger = spans.load_default()
    found = tagger.tag(nlp("Islamabad rejected a request from the IMF to raise prices."))
    assert [s.text for s in found.sources] == ["Islamabad"]
    assert any("IMF" in s.text for s in found.targets)
    # works on one sentence of a longer document, with offsets into the document
    doc = nlp("Talks ended on Monday. India condemned the Chinese army for the border clash.")
    second = list(doc.sents)[1]
    found = tagger.tag(second)
    assert all(s.start >= second.start for s in (*found.actors, *found.targets))
    assert any("India" in s.text for s in found.actors)


def test_missing_or_broken_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CodingError, match="span tagger model"):
        spans.SpanTagger(tmp_path / "none.crfsuite")
    bad = tmp_path / "bad.crfsuite"
    bad.write_bytes(b"not a model")
    with pytest.raises(CodingError, match="span tagger model"):
        spans.SpanTagger(bad)


def test_train_writes_a_model_that_tags(nlp: Language, tmp_path: Path) -> None:
    out = tmp_path / "models" / spans.DEFAULT_MODEL_FILE
    report = span_training.train(dev_dir("spans"), out, nlp=nlp, folds=2)
    assert report.actor_spans_sentences == 10 and report.plover_roots_sentences == 6
    assert report.cv_actor_f1 is not None and 0.0 <= report.cv_actor_f1 <= 1.0
    assert out.is_file() and not out.with_name(out.name + ".partial").exists()
    assert "training sentences" in report.summary()
    found = spans.SpanTagger(out).tag(nlp("Brazil criticised the Argentine government."))
    assert found.actors or found.targets  # learned something from ten sentences


# --------------------------------------------------------------------------- in hybrid.v1


@pytest.fixture(scope="module")
def hybrid() -> Pipeline:
    return legation.get_pipeline(Config.default().model_copy(update={"coder": "hybrid.v1"}))


def test_hybrid_takes_a_missing_recipient_from_the_tagger(hybrid: Pipeline) -> None:
    assert POLICY.tagged_spans
    text = "The Foreign Office on Monday rejected a request from the IMF to raise taxes."
    events = hybrid.code_text(text)
    assert events
    main = max(events, key=lambda e: e.confidence)
    assert any("IMF" in r.text for r in main.recipients)
    imf = next(r for r in main.recipients if "IMF" in r.text)
    assert imf.start is not None and text[imf.start : imf.end] == imf.text


def test_hybrid_gives_no_friendly_act_to_the_actors_own_state(hybrid: Pipeline) -> None:
    # the tagger marks both states of "the friendship between Ghana and Togo"; support is
    # given to the other one, while praise of one's own troops keeps them
    text = "The Ghanaian embassy reaffirmed the close friendship between Ghana and Togo."
    (event,) = hybrid.code_text(text)
    assert [a.country for a in event.actors] == ["GHA"]
    assert [r.country for r in event.recipients] == ["TGO"]
    (praise,) = hybrid.code_text("Indonesia's foreign minister praised Indonesia's peacekeepers.")
    assert [r.country for r in praise.recipients] == ["IDN"]


def test_hybrid_keeps_coordinated_recipients_apart(hybrid: Pipeline) -> None:
    text = (
        "General Asim Munir met Secretary of State Antony Blinken and Defense Secretary "
        "Lloyd Austin in Washington on Thursday."
    )
    events = [e for e in hybrid.code_text(text) if e.event_type.value == "CONSULT"]
    names = sorted(r.name or r.text for e in events for r in e.recipients)
    assert names == ["Antony Blinken", "Lloyd Austin"]
    assert all(" and " not in r.text for e in events for r in e.recipients)


def test_models_folder_from_config(tmp_path: Path) -> None:
    config = Config.default().model_copy(update={"coder": "hybrid.v1", "models": tmp_path})
    with pytest.raises(CodingError, match="classifier model"):
        HybridCoder(config)
    assert Config.load(None, models="").models is None


class _NoActors:
    """A document's actors that resolve nothing (only ``actor_for`` is used by ``_side``)."""

    def actor_for(self, span: Span) -> Actor | None:
        return None


def test_unresolved_rule_argument_elsewhere_yields_to_the_tagger(nlp: Language) -> None:
    text = "At least 26 people were killed when a car bomb struck a bus in Kabul."
    doc = nlp(text)
    bus = doc.char_span(text.index("a bus"), text.index("."))
    assert bus is not None
    victims = Actor(text="At least 26 people", start=0, end=18)
    actors = _NoActors()
    taken = _side((victims,), (bus,), actors, (), override=True)  # type: ignore[arg-type]
    assert [(a.text, a.start, a.end) for a in taken] == [
        ("a bus in Kabul", bus.start_char, bus.end_char)
    ]
    # without the override, or when the rule argument resolved to a country, the rules win
    assert _side((victims,), (bus,), actors, (), override=False) == (victims,)  # type: ignore[arg-type]
    resolved = Actor(text="At least 26 people", country="AFG", start=0, end=18)
    assert _side((resolved,), (bus,), actors, (), override=True) == (resolved,)  # type: ignore[arg-type]
    # a rule argument inside a tagged span is widened to it, never replaced
    inside = Actor(text="bus", start=text.index("bus"), end=text.index("bus") + 3)
    widened = _side((inside,), (bus,), actors, (), override=True)  # type: ignore[arg-type]
    assert [a.text for a in widened] == ["a bus in Kabul"]
