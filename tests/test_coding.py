"""Unit tests of the coding stage: tables, lexicon, amounts, contexts, factuality and the
rules.v1 patterns. Pattern tests use an actor view that resolves nothing (the coder then
keeps proper names as unresolved actors), so they test the coder alone; the full path with
the real resolver is tests/test_examples.py."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import yaml

from legation.coding import CODERS, RulesCoder, factuality, tables
from legation.coding import amounts as amt
from legation.coding.contexts import event_contexts
from legation.coding.lexicon import default_lexicon, load_yaml, parse_lexicon
from legation.config import Config
from legation.errors import CodingError, ConfigError
from legation.model import Actor, Context, Document, Event, Mention, PloverType, Sector

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Span as SpacySpan

EXAMPLES = Path(__file__).parent / "examples" / "sentences.yaml"


@dataclass
class Unresolved:
    """A DocumentActors that knows no actor (the coder's own fallbacks are under test)."""

    mentions: list[Mention] = field(default_factory=list)
    home_country: str | None = None
    sole_country: bool = False

    def actor_for(self, span: SpacySpan) -> Actor | None:
        return None

    def actors_for(self, span: SpacySpan) -> list[Actor]:
        return []

    def redate(self, events: list[Event]) -> list[Event]:
        return events


# ---- tables ----------------------------------------------------------------------------------
def test_cameo_info_carries_plover_goldstein_and_quad() -> None:
    visit = tables.cameo_info("042")
    assert (visit.plover_type, visit.mode, visit.goldstein, visit.quad_class) == (
        PloverType.CONSULT,
        "visit",
        1.9,
        1,
    )
    assert tables.cameo_info("0231").plover_type is PloverType.REQUEST
    assert Context.ECONOMIC in tables.cameo_info("0231").contexts


def test_unknown_cameo_code_names_close_codes() -> None:
    with pytest.raises(CodingError, match="042"):
        tables.cameo_info("049")


def test_plover_scores_with_mode_fallback_and_accuse_sign() -> None:
    assert tables.plover_score(PloverType.CONSULT, "visit") == 4.0
    assert tables.plover_score(PloverType.CONSULT, "nonexistent") == 2.5
    assert tables.plover_score(PloverType.ACCUSE) == -3.0  # the manual prints "3"
    assert tables.plover_score(PloverType.AID) == 10.0


def test_quad_class_follows_plover_types() -> None:
    assert tables.quad_class(PloverType.CONSULT) == 1
    assert tables.quad_class(PloverType.AID) == 2
    assert tables.quad_class(PloverType.REQUEST) == 3
    assert tables.quad_class(PloverType.SANCTION) == 4


def test_default_cameo() -> None:
    assert tables.default_cameo(PloverType.CONSULT, "phone") == "041"
    assert tables.default_cameo(PloverType.SANCTION) == "160"
    assert tables.default_cameo(PloverType.ASSAULT, "no-such-mode") == "180"


# ---- lexicon ---------------------------------------------------------------------------------
def test_lexicon_covers_every_plover_type() -> None:
    lexicon = default_lexicon()
    senses = [s for group in (lexicon.verbs, lexicon.nouns) for v in group.values() for s in v]
    assert {s.event_type for s in senses} == set(PloverType)


def test_every_lexicon_cameo_code_is_in_the_table() -> None:
    lexicon = default_lexicon()
    codes = {s.cameo for group in (lexicon.verbs, lexicon.nouns) for v in group.values() for s in v}
    codes |= {c for t in lexicon.complements.values() for _, c in t.values()}
    assert codes <= set(tables.cameo_table())


def test_bad_lexicon_entry_is_reported() -> None:
    with pytest.raises(CodingError, match="meet"):
        parse_lexicon({"verbs": {"meet": [{"t": "MEET", "c": "040", "r": "x"}]}})


def test_a_lemma_given_twice_in_the_lexicon_is_refused() -> None:
    text = (
        "verbs:\n  stop: [{t: SANCTION, c: '162', r: a}]\n  stop: [{t: PROTEST, c: '143', r: b}]\n"
    )
    with pytest.raises(CodingError, match=r"twice.*line 2.*stop"):
        load_yaml(text, "mine.yaml")
    assert load_yaml("verbs: {stop: []}", "mine.yaml") == {"verbs": {"stop": []}}


def test_yaml_on_is_read_as_a_word() -> None:
    lexicon = parse_lexicon(
        {"verbs": {"call": [{"t": "REQUEST", "c": "020", "r": "x", "prt": True, "rcp": [True]}]}}
    )
    assert lexicon.verbs["call"][0].particle == "on"


# ---- amounts ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("asked for $1.2 billion in support", 1.2e9, "USD"),
        ("raised Rs 50 billion", 50e9, "PKR"),
        ("USD 300 million", 300e6, "USD"),
        ("a grant of €5m", 5e6, "EUR"),
        ("1.1 billion dollars", 1.1e9, "USD"),
        ("US$ 2bn", 2e9, "USD"),
        ("£250,000", 250_000, "GBP"),
        ("gave Ethiopia 2 billion yen", 2e9, "JPY"),
        ("pledged 500 million naira", 500e6, "NGN"),
    ],
)
def test_find_amounts(text: str, value: float, currency: str) -> None:
    (found,) = amt.find_amounts(text)
    assert found.amount.value == pytest.approx(value)
    assert found.amount.currency == currency


def test_amount_offsets_are_document_offsets() -> None:
    (found,) = amt.find_amounts("donated $5 million", offset=100)
    assert (found.start, found.end) == (108, 118)


def test_no_amount_in_plain_numbers() -> None:
    assert amt.find_amounts("Mrs 5 visited 3 cities in 2019") == []


# ---- contexts --------------------------------------------------------------------------------
def test_event_contexts_merge_table_cues_sectors_and_amount() -> None:
    mil = Actor(text="army chief", sector=Sector.MIL)
    found = event_contexts([Context.TERRORISM], [Context.DIPLOMATIC], [mil], None)
    assert found == (Context.DIPLOMATIC, Context.TERRORISM, Context.MILITARY)


# ---- registry --------------------------------------------------------------------------------
def test_rules_v1_is_registered() -> None:
    assert {"rules.v1", "hybrid.v1"} <= set(CODERS.names())
    assert isinstance(CODERS.get("rules.v1")(Config.default()), RulesCoder)
    assert Config.default().coder == "hybrid.v1"  # rules.v1 arguments, learned typing
    with pytest.raises(ConfigError, match=r"rules\.v1"):
        CODERS.get("rules.v0")


# ---- examples file ---------------------------------------------------------------------------
def test_examples_cover_every_convention(shared_dir: Path) -> None:
    lines = (shared_dir / "data" / "conventions.jsonl").read_text("utf-8").splitlines()
    texts = {s["text"] for s in yaml.safe_load(EXAMPLES.read_text("utf-8"))["sentences"]}
    assert all(json.loads(line)["text"] in texts for line in lines if line.strip())


def test_example_ids_are_unique() -> None:
    ids = [s["id"] for s in yaml.safe_load(EXAMPLES.read_text("utf-8"))["sentences"]]
    assert len(ids) == len(set(ids))


# ---- patterns (spaCy) --------------------------------------------------------------------
def code(nlp: Language, text: str, published: date | None = None) -> list[Event]:
    document = Document.create(text, "t", published=published)
    return RulesCoder().code(document, nlp(document.text), Unresolved())


def summary(events: list[Event]) -> list[tuple[str, str | None, str]]:
    return [(e.event_type.value, e.mode, e.rule) for e in events]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sharif met Biden in New York.", [("CONSULT", None, "consult.meet_with")]),
        ("Dar telephoned Yellen.", [("CONSULT", "phone", "consult.phone")]),
        ("Kurilla called on Munir at GHQ.", [("CONSULT", "visit", "consult.call_on")]),
        ("Washington called on Islamabad to act.", [("REQUEST", "change", "request.call_on")]),
        ("Pakistan condemned Israel.", [("ACCUSE", "disapprove", "accuse.condemn")]),
        (
            "India lodged a protest with Washington.",
            [("ACCUSE", "disapprove", "accuse.lodge_protest")],
        ),
        ("Biden praised Sharif.", [("SUPPORT", None, "support.praise")]),
        (
            "Washington imposed sanctions on Tehran.",
            [("SANCTION", None, "sanction.impose_sanctions")],
        ),
        ("Washington cut aid to Islamabad.", [("SANCTION", "discontinue", "sanction.cut_aid")]),
        ("Pakistan released Davis.", [("RETREAT", "release", "retreat.release")]),
        ("Police arrested Khan.", [("COERCE", "arrest", "coerce.arrest")]),
        ("Moscow threatened Kyiv.", [("THREATEN", None, "threaten.threaten")]),
        (
            "Pakistan deployed troops along the border.",
            [("MOBILIZE", "troops", "mobilize.deploy>posture")],
        ),
        ("Russia attacked Ukraine.", [("ASSAULT", None, "assault.attack")]),
        ("Iran rejected Washington's offer.", [("REJECT", None, "reject.reject")]),
        ("Ankara agreed to meet Athens.", [("AGREE", None, "agree.agree")]),
        ("Kabul conceded to Islamabad.", [("CONCEDE", None, "concede.concede")]),
        ("Beijing cooperated with Islamabad.", [("COOPERATE", None, "cooperate.cooperate")]),
        ("Tokyo donated $5 million to Dhaka.", [("AID", "development", "aid.donate")]),
    ],
)
def test_trigger_patterns(
    nlp: Language, text: str, expected: list[tuple[str, str | None, str]]
) -> None:
    assert summary(code(nlp, text)) == expected


@pytest.mark.slow
def test_one_event_per_coordinated_recipient(nlp: Language) -> None:
    events = code(nlp, "Munir met Blinken, Austin, Brown, Sullivan and Guterres.")
    assert [e.recipients[0].text for e in events] == [
        "Blinken",
        "Austin",
        "Brown",
        "Sullivan",
        "Guterres",
    ]
    assert {e.actors[0].text for e in events} == {"Munir"}


@pytest.mark.slow
def test_reciprocal_meeting_is_one_event(nlp: Language) -> None:
    (event,) = code(nlp, "Munir and Kurilla met in Tampa on Friday.")
    assert ([a.text for a in event.actors], [a.text for a in event.recipients]) == (
        ["Munir"],
        ["Kurilla"],
    )
    assert event.location == "Tampa"


@pytest.mark.slow
def test_coordinated_actors_share_one_event(nlp: Language) -> None:
    (event,) = code(nlp, "The United States and France accused Russia.")
    assert [a.text for a in event.actors] == ["The United States", "France"]


@pytest.mark.slow
def test_coordinated_verbs_share_the_subject(nlp: Language) -> None:
    events = code(nlp, "Islamabad condemned Washington and expelled Davis.")
    assert [(e.event_type.value, e.actors[0].text) for e in events] == [
        ("ACCUSE", "Islamabad"),
        ("COERCE", "Islamabad"),
    ]


@pytest.mark.slow
def test_host_view_is_coded_from_the_visitor(nlp: Language) -> None:
    (event,) = code(nlp, "Xi received Sharif at the Great Hall of the People.")
    assert (event.actors[0].text, event.recipients[0].text, event.cameo) == ("Sharif", "Xi", "042")
    assert event.location == "Great Hall of the People"


@pytest.mark.slow
def test_passive_agent_is_the_actor(nlp: Language) -> None:
    (event,) = code(nlp, "Khan was arrested by Pakistani police in Lahore.")
    assert event.actors[0].text == "Pakistani police"
    assert event.recipients[0].text == "Khan"


@pytest.mark.slow
def test_framing_visit_sets_the_mode(nlp: Language) -> None:
    (event,) = code(nlp, "During his visit to Washington, Munir met Blinken.")
    assert (event.mode, event.cameo, event.rule) == ("visit", "042", "consult.meet_with")


@pytest.mark.slow
def test_nominal_talks_after_arrival(nlp: Language) -> None:
    (event,) = code(nlp, "Dar arrived in Beijing for talks with Wang Yi.")
    assert (event.rule, event.mode, event.recipients[0].text) == (
        "consult.talks_with",
        "visit",
        "Wang Yi",
    )


@pytest.mark.slow
def test_governed_complement_is_not_an_event(nlp: Language) -> None:
    (event,) = code(nlp, "Islamabad urged Washington to release the aid.")
    assert (event.event_type, event.mode, event.cameo) == (PloverType.REQUEST, "assist", "023")


@pytest.mark.slow
def test_amount_attaches_to_its_own_clause(nlp: Language) -> None:
    events = code(nlp, "Dar telephoned Yellen and asked Washington for $1.2 billion.")
    assert [e.amount.value if e.amount else None for e in events] == [None, 1.2e9]


@pytest.mark.slow
def test_event_fields_are_filled(nlp: Language) -> None:
    text = "Sharif met Biden."
    (event,) = code(nlp, text)
    assert event.trigger.text == text[event.trigger.start : event.trigger.end] == "met"
    assert (event.coder, event.quad_class, event.goldstein, event.plover_score) == (
        "rules.v1",
        1,
        1.0,
        2.5,
    )
    assert 0 < event.confidence <= 1


# ---- factuality (spaCy) ------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "flags"),
    [
        ("Sharif did not meet Biden.", (True, False, False)),
        ("Sharif never met Biden.", (True, False, False)),
        ("Sharif will meet Biden.", (False, True, False)),
        ("Sharif is set to meet Biden.", (False, True, False)),
        ("Sharif is expected to meet Biden.", (False, True, False)),
        ("Sharif plans to meet Biden.", (False, True, False)),
        ("Sharif may meet Biden.", (False, True, False)),
        ("If elected, Sharif would meet Biden.", (False, True, False)),
        ("Will Sharif meet Biden?", (False, True, False)),
        ("In 1959 Ayub met Eisenhower.", (False, False, True)),
        ("Since the 1980s Pakistan has hosted Karzai.", (False, False, True)),
        ("During the Cold War Pakistan supported Washington.", (False, False, True)),
        ("In 2024 Sharif met Biden.", (False, False, False)),
    ],
)
def test_factuality_flags(nlp: Language, text: str, flags: tuple[bool, bool, bool]) -> None:
    (event,) = code(nlp, text, published=date(2024, 6, 1))
    assert (event.negated, event.hypothetical, event.historical) == flags


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Islamabad should relax its visa regime.",
        "Washington must lift its sanctions on Pakistan.",
        "Pakistan ought to cooperate with Kabul.",
        "It is desirable that Pakistan and India sign a trade agreement.",
        "Washington has always blamed Islamabad for its failures.",
        "I think Pakistan will condemn the strike.",
    ],
)
def test_recommendation_and_generic_claims_are_no_events(nlp: Language, text: str) -> None:
    assert code(nlp, text) == []


@pytest.mark.slow
def test_announced_decision_is_not_hypothetical(nlp: Language) -> None:
    (event,) = code(nlp, "The State Department announced it would cut aid to Pakistan.")
    assert event.event_type is PloverType.SANCTION and not event.hypothetical


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "flags"),
    [
        # speech acts performed by saying one wants to: made, not hypothetical
        ('"I want to thank Biden for his support," Sharif said.', (False, False, False)),
        ("We would like to thank Biden for his support.", (False, False, False)),
        ("Let me congratulate Biden on his victory.", (False, False, False)),
        # what an invitation or appeal asks for, a plan named by a noun: not yet
        ("Sharif's upcoming visit to Washington is the first in four years.", (False, True, False)),
        # someone else's plan announced is still a plan; a decision announced is the act
        ("The Foreign Office announced that Sharif will meet Biden.", (False, True, False)),
        ("Washington announced it would cut aid to Pakistan.", (False, False, False)),
        # repeated past acts are background
        ("US officials have repeatedly asked Islamabad to do more.", (False, False, True)),
        ("For decades, Washington has supported Pakistan's generals.", (False, False, True)),
    ],
)
def test_factuality_of_statements_plans_and_repeats(
    nlp: Language, text: str, flags: tuple[bool, bool, bool]
) -> None:
    found = code(nlp, text, published=date(2024, 6, 1))
    assert found, text
    event = found[0]
    assert (event.negated, event.hypothetical, event.historical) == flags


def test_a_sentence_about_images_is_no_caption() -> None:
    line = "Satellite images by Maxar showed damage at the airbase."
    assert not factuality.CAPTION.search(line)
    assert factuality.CAPTION.search("Dar meets Rubio in Washington. Photo: PID")
    assert factuality.CAPTION.search("Dar meets Rubio. (Photo courtesy State Department)")


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Washington has long pressured Islamabad to act against militants.",
        "Read more: Sharif meets Biden in New York",
        "ALSO READ: US imposes sanctions on Pakistani firms",
        "Sharif meets Biden in New York. — Photo: APP",
        "Asked whether Pakistan would host US bases, the spokesperson declined to comment.",
        "A reporter asked the spokesperson if Sharif had met Biden.",
        "When asked about reports that Washington had offered to mediate, he smiled.",
    ],
)
def test_generic_claims_teasers_captions_and_questions_are_no_events(
    nlp: Language, text: str
) -> None:
    assert [
        e for e in code(nlp, text) if e.is_current and e.trigger.text.lower() != "declined"
    ] == []


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "China is willing to provide aid to Pakistan.",
        "Pakistan stands ready to provide security to Chinese nationals.",
    ],
)
def test_an_offer_is_an_intent_made(text: str) -> None:
    """Coded as an expression of intent to do the offered act (CAMEO 033 for aid), not as
    the act, and not hypothetical: the offer is made."""
    from legation import get_pipeline

    (offer,) = get_pipeline(Config.default()).code_text(text, date(2024, 6, 1))
    assert (offer.event_type, offer.cameo, offer.rule) == (
        PloverType.AGREE,
        "033",
        "aid.provide>offer",
    )
    assert offer.is_current


@pytest.mark.slow
def test_an_offer_refused_or_conditional_is_not_made() -> None:
    from legation import get_pipeline

    pipe = get_pipeline(Config.default())
    refused = pipe.code_text("Pakistan is not ready to provide aid to Afghanistan.")
    maybe = pipe.code_text("If China is willing to provide aid to Pakistan, India will object.")
    assert not [e for e in [*refused, *maybe] if e.rule.endswith(">offer")]
    assert all(not e.is_current for e in maybe)


def test_opinion_pieces_are_known_by_label_or_by_their_writer_line() -> None:
    labelled = Document.create("OPINION | The long shadow of 1954\n\nText.", "a")
    signed = Document.create("Text of the argument.\n\nThe writer is a former ambassador.", "b")
    report = Document.create("The writer met the ambassador in Lahore on Monday.", "c")
    assert factuality.is_opinion(labelled) and factuality.is_opinion(signed)
    assert not factuality.is_opinion(report)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "published", "trigger", "flags"),
    [
        # dated before the news week: background
        ("Sharif met Biden on Monday. In June, Dar had met Blinken.", "2024-09-12", "had met",
         (False, True)),
        ("Sharif met Biden on Monday. Dar met Blinken on Nov. 4.", "2024-11-14", "Dar met",
         (False, True)),
        # inside the news week the date decides, past perfect or not
        ("Sharif met Biden on Thursday. On Monday, Dar had met Blinken.", "2024-11-14",
         "had met", (False, False)),
        # no date: the background tense and adverbs decide, except in the lede
        ("Sharif met Biden on Monday. Dar had previously met Blinken in Davos.", "2024-11-14",
         "had previously met", (False, True)),
        ("Earlier this week, Sharif met Biden in New York.", "2024-11-14", "met", (False, False)),
        # a tally of victims "since" a time is background, not the day's deed
        ("Sharif met Biden on Monday. Hundreds of civilians have been killed since the war began.",
         "2024-11-14", "killed", (False, True)),
        # a report's own "Earlier, ..." orders the day's news; "previously" above does not
        ("Sharif arrived in New York on Monday. Earlier, he met Biden.", "2024-11-14", "he met",
         (False, False)),
        # an act dated after publication is a plan
        ("Sharif met Biden on Monday. Dar meets Blinken next week.", "2024-11-14", "meets",
         (True, False)),
        # ... unless told in the past: then the publication date is the one in error
        ("Blinken arrived in Islamabad on 12 March. He met Sharif the following day.",
         "2024-03-12", "He met", (False, False)),
        # a month and year dating the setting of the act ("in a July 2023 coup") are its own
        ("Niger expelled the envoy on Monday. The expulsion is the latest rupture between the"
         " junta, which seized power in a July 2023 coup, and its Western partners.",
         "2025-02-05", "seized", (False, True)),
    ],
)  # fmt: skip
def test_factuality_in_the_document(
    text: str, published: str, trigger: str, flags: tuple[bool, bool]
) -> None:
    from legation import get_pipeline

    events = get_pipeline(Config.default()).code_text(text, date.fromisoformat(published))
    at = text.index(trigger)
    (event, *_) = [e for e in events if at <= e.trigger.start < at + len(trigger)]
    assert (event.hypothetical, event.historical) == flags
    if event.historical:
        assert event.date_precision.value != "unknown" or event.date is None


@pytest.mark.slow
def test_an_op_ed_keeps_its_dated_acts_and_flags_its_argument() -> None:
    from legation import get_pipeline

    text = (
        "OPINION | After the summons\n\n"
        "On Monday, the Foreign Office summoned the US charge d'affaires over the remarks. "
        "In 1954, Pakistan and the United States signed a defence agreement. "
        "Washington met Islamabad's demands only when it needed Pakistan."
    )
    events = get_pipeline(Config.default()).code_text(text, date(2024, 10, 9))
    current = [e.trigger.text for e in events if e.is_current]
    assert "summoned" in current and "signed" not in current and "met" not in current


@pytest.mark.slow
def test_historical_needs_a_publication_date(nlp: Language) -> None:
    doc = nlp("In 1959 Ayub met Eisenhower.")
    trigger = next(t for t in doc if t.lemma_ == "meet")
    assert factuality.assess(trigger, None).historical is False
    assert factuality.assess(trigger, date(2024, 1, 1)).historical is True


@pytest.mark.slow
def test_reported_obligations_are_coded_alike_with_selective_parsing() -> None:
    """The selective parser keeps a sentence whose reporting verb lays an obligation ("said
    Pakistan must do more") and codes it as a full parse does; a reported statement with no
    obligation word is a sentence it may leave unparsed."""
    from legation import get_pipeline
    from legation.selective import TriggerFilter, parse_selectively
    from tests.builders import make_document

    pipe = get_pipeline(Config.default())
    text = (
        "Secretary of State Mike Pompeo said Pakistan must do more against militant havens. "
        "The ministry said the weather was warm."
    )
    document = make_document(text, published=date(2018, 9, 5))
    selective = next(iter(pipe.code_documents([document], selective=True)))
    full = next(iter(pipe.code_documents([document])))
    assert [e.to_record() for e in selective.events] == [e.to_record() for e in full.events]
    assert [(e.event_type.value, e.rule) for e in full.events] == [("REQUEST", "request.said_must")]
    ((_, doc),) = parse_selectively([document], pipe.nlp, TriggerFilter.for_rules_coder(pipe.nlp))
    assert [bool(s[0].tag_) for s in doc.sents] == [True, False]  # the second is unparsed


@pytest.mark.slow
@pytest.mark.parametrize("coder", ["rules.v1", "hybrid.v1"])
@pytest.mark.parametrize(
    "text",
    [
        # a host with no guest hosts a thing ("The talks were hosted by Qatar"): no event;
        # with a guest, the passive's agent is still only the host
        "The Afghan delegation was hosted by Qatar on Sunday.",
        "The Myanmar government rejected the UN's findings and refused permission for a UN "
        "team to enter the country.",
    ],
)
def test_one_mention_is_never_both_actor_and_recipient(coder: str, text: str) -> None:
    from legation import get_pipeline

    pipe = get_pipeline(Config.default().model_copy(update={"coder": coder}))
    events = pipe.code_text(text)
    assert events
    for event in events:
        actors = {(a.start, a.end) for a in event.actors}
        assert not actors & {(r.start, r.end) for r in event.recipients}, event.rule


@pytest.mark.slow
@pytest.mark.parametrize("coder", ["rules.v1", "hybrid.v1"])
@pytest.mark.parametrize(
    ("text", "recipient"),
    [
        (
            "General Asim Munir met members of the Pakistani diaspora in Washington and urged "
            "them to invest in the country.",
            "PAKCVL",
        ),
        (
            "The Pakistani army chief met Ukrainian refugees and urged them to return home.",
            "UKRREF",
        ),
    ],
)
def test_them_is_the_group_just_named_never_the_one_urging(
    coder: str, text: str, recipient: str
) -> None:
    from legation import get_pipeline

    pipe = get_pipeline(Config.default().model_copy(update={"coder": coder}))
    (request,) = [e for e in pipe.code_text(text) if e.event_type.value == "REQUEST"]
    assert [a.code for a in request.actors] == ["PAKMIL"]
    assert [r.code for r in request.recipients] == [recipient]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("The US military gives medical equipment to Nicaragua.", "NIC"),
        ("Ecuador has granted political asylum to Pakistan's former envoy.", "PAK"),
    ],
)
def test_a_recipient_after_to_is_found_where_spacy_calls_to_a_dative(
    text: str, country: str
) -> None:
    """spaCy labels the "to" of "gave X to Y" ``dative``: the recipient is its object."""
    from legation import get_pipeline

    pipe = get_pipeline(Config.default().model_copy(update={"coder": "rules.v1"}))
    (event,) = pipe.code_text(text)
    assert event.event_type.value == "AID"
    assert [r.country for r in event.recipients] == [country]


@pytest.mark.slow
def test_we_is_never_a_body_its_own_sentence_speaks_of() -> None:
    """A communique's "we" with no issuer named: unknown, rather than the body it condemns
    (the first body named before it, Russia, was taken as the speaker)."""
    from legation import get_pipeline

    text = (
        "Russia's aggressive actions constitute a threat to Euro-Atlantic security. "
        "We condemn Russia's illegal annexation of Crimea."
    )
    events = get_pipeline(Config.default()).code_text(text, date(2021, 6, 14))
    condemned = [e for e in events if e.trigger.text == "condemn"]
    assert condemned and all(a.country != "RUS" for e in condemned for a in e.actors)


@pytest.mark.parametrize(
    ("text", "demand"),
    [
        ("Minsk insists the drills were purely defensive.", False),  # a claim
        ("The minister insisted that the troops leave the island.", True),  # a bare verb
        ("The minister insisted that Kabul must act against the militants.", True),
        ("The minister insisted that Kabul had to act against the militants.", True),
    ],
)
def test_insisting_on_a_fact_is_no_demand(nlp: Language, text: str, demand: bool) -> None:
    assert any(e.event_type is PloverType.REQUEST for e in code(nlp, text)) is demand


@pytest.mark.parametrize(
    ("mark", "timed"), [("after", True), ("before", True), ("because", False), ("as", False)]
)
def test_only_a_conjunction_of_time_times_a_clause(nlp: Language, mark: str, timed: bool) -> None:
    """A clause that opens with "after" or "before" says when, and is not what was said;
    "because" or "as" may give the reason a speaker gave, which is what was said."""
    from legation.coding.triggers import _timed

    doc = nlp(f"India said it would respond {mark} Pakistan violated the truce.")
    violated = next(t for t in doc if t.lower_ == "violated")
    assert _timed(violated) is timed
