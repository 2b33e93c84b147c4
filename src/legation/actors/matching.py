"""Matching for the ``dictionary.v1`` resolver: a walk over the surface index of every
knowledge-base form (no spaCy ``PhraseMatcher`` to build: the index is a dict), fuzzy person
search, spaCy entities merged in, and the grouping of adjacent pieces into mentions (owner -
title - honorific - name).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from .lexicon import (
    CLOSED_KINDS,
    NAME_KINDS,
    OWNER_KINDS,
    PLACE_KINDS,
    POSSESSIVE,
    WEAK_KINDS,
    Kind,
    Lexicon,
    Piece,
    fuzzy_form,
    span_ok,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

log = logging.getLogger(__name__)


MAX_TOKENS = 16  # the longest surface form the index is searched for, in tokens


def find_matches(lexicon: Lexicon, doc: Doc) -> Iterator[tuple[str, int, int]]:
    """Every (key, start, end) where tokens ``start..end`` read as a key of the surface
    index (:func:`~.lexicon.surface_key`): a token-trie walk over the sorted keys."""
    lowers = [t.lower_ for t in doc]
    spaces = [" " if t.whitespace_ else "" for t in doc]
    for start in range(len(lowers)):
        text = ""
        for end in range(start, min(len(lowers), start + MAX_TOKENS)):
            text += lowers[end]
            if text in lexicon:
                yield text, start, end + 1
            if len(text) >= lexicon.longest or not lexicon.has_prefix(text):
                break
            text += spaces[end]


def find_pieces(lexicon: Lexicon, doc: Doc) -> list[Piece]:
    """Knowledge-base matches (longest first, no overlaps) merged with NER entities."""
    found = []
    for key, start, end in find_matches(lexicon, doc):
        piece = piece_for(lexicon, doc[start:end], key)
        if piece is not None:
            found.append(piece)
    kept = [_hyphened_name(lexicon, doc, p) for p in longest(found)]
    pieces = [p for p in kept if p is not None]
    covered = {i for p in pieces for i in range(p.start, p.end)}
    pieces = [
        p
        for p in pieces
        if not _end_of_longer_place(doc, p, covered) and not _given_name(doc, p, covered)
    ]
    merged = merge_entities(doc, join_names(pieces), lexicon)
    return _untagged_names(doc, _patronymic_tails(doc, merged))


#: Words that carry a name on to a forebear's ("Mohammed *bin* Abdulrahman *bin* Jassim").
PATRONYMICS = frozenset({"bin", "bint", "ibn", "ben"})


def _patronymic_tails(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """A person the knowledge base names shortly ("Mohammed bin Abdulrahman Al Thani") written
    with a longer chain of forebears ("Sheikh Mohammed bin Abdulrahman *bin Jassim
    Al-Thani*"): the tail the tagger found as another person's name, right after and opening
    with "bin", is the same person's."""
    out: list[Piece] = []
    for piece in pieces:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.kind in NAME_KINDS | {Kind.NER}
            and (prev.kind is not Kind.NER or prev.label == "PERSON")
            and piece.kind is Kind.NER
            and piece.label == "PERSON"
            and piece.start == prev.end
            and doc[piece.start].lower_ in PATRONYMICS
        ):
            out[-1] = replace(prev, end=piece.end)
            continue
        out.append(piece)
    return out


def _untagged_names(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """A person's name the tagger missed right after a title ("received by President *Umaro
    Sissoco Embalo*") or set off from it by a comma ("Poland's Minister of National
    Defence, *Tomasz Wrona*"): two or more capitalised name words no piece covers, the last
    their head (and, after a comma, in apposition to the title). Without it the title alone
    would name the office's holder."""
    pieces = _with_complements(doc, pieces)
    by_token = {i: p for p in pieces for i in range(p.start, p.end)}
    added, replaced = [], []
    for piece in pieces:
        if piece.kind not in TITLE_KINDS:
            continue
        end, last = _name_start(doc, piece), None
        if end is None:
            continue
        start = end
        while end < len(doc) and _name_word(doc[end]):
            if end in by_token:  # a surname of others that the unknown name ends with
                last = by_token[end]
                if last.kind != Kind.SURNAME or last.start != end:
                    last = None
                    break
                end = last.end
                break
            end += 1
        words = doc[start:end]
        if len(words) < 2 or any(t.head.i != words[-1].i for t in words[:-1]):
            continue
        if end < len(doc) and doc[end].pos_ == "PROPN":
            continue  # a longer name that runs into another piece
        if start > piece.end and not (
            words[-1].dep_ == "appos" and piece.start <= words[-1].head.i < piece.end
        ):
            continue  # "the minister, Kabul said": not the title's apposition
        added.append(Piece(start, end, Kind.NER, (), words.text, label="PERSON"))
        replaced += [last] if last is not None else []
    kept = [p for p in pieces if not any(p is r for r in replaced)]
    return sorted([*kept, *added], key=lambda p: p.start)


def _name_start(doc: Doc, piece: Piece) -> int | None:
    """Where a name after the title ``piece`` would begin: right after it, or after a comma
    that sets an apposition off."""
    if piece.end < len(doc) and doc[piece.end].text == ",":
        return piece.end + 1 if piece.end + 1 < len(doc) else None
    return piece.end


#: Pieces a name may follow as its title ("President X", "Minister of State X").
TITLE_KINDS = frozenset({Kind.TITLE, Kind.HONORIFIC})


def _with_complements(doc: Doc, pieces: list[Piece]) -> list[Piece]:
    """The pieces with each title's capitalised complement joined to it
    (:func:`_with_complement`) and the pieces it took in dropped."""
    out: list[Piece] = []
    for piece in pieces:
        if out and piece.start < out[-1].end:
            continue  # inside the complement of the title before
        out.append(_with_complement(doc, piece, pieces))
    return out


def _with_complement(doc: Doc, piece: Piece, pieces: list[Piece]) -> Piece:
    """A title with the capitalised complement the lexicon does not hold ("*Minister* of
    National Defence", "*Minister* of State for Regional Integration", "*Minister of
    Defence* and National Service"), so that a name after it is read as the title's: the
    title's words extended over "of"/"for" phrases of capitalised words (and "and" between
    such words once a phrase has begun) up to a name, a place or a body the knowledge base
    knows. What the tagger or a stray surname made of the complement's words ("State for
    Regional Integration" as an organisation, "National" as a surname) gives way. The key
    (the office the title names) is unchanged."""
    if piece.kind not in TITLE_KINDS:
        return piece
    covered = {i for p in pieces if p is not piece and _firm(p) for i in range(p.start, p.end)}
    title = doc[piece.start : piece.end]
    joined = any(t.lower_ in ("of", "for") for t in title)
    end = piece.end
    while end + 1 < len(doc) and (
        doc[end].lower_ in ("of", "for") or (joined and doc[end].lower_ == "and")
    ):
        stop = end + 1
        while (
            stop < len(doc)
            and stop not in covered
            and doc[stop].text[:1].isupper()
            and doc[stop].lower_ in PORTFOLIO_WORDS
        ):
            stop += 1
        if stop == end + 1 or (stop < len(doc) and doc[stop].text in ("'s", "’s")):
            break
        rest = stop
        while rest < len(doc) and rest not in covered and doc[rest].text[:1].isupper():
            rest += 1
        if rest - stop == 1:
            break  # one more capitalised word is the portfolio's, not a name: unsure
        end, joined = stop, True
    if any(p.start < end < p.end for p in pieces if p is not piece):
        return piece  # the complement would end inside another piece
    if any(p.start == end and p.kind == Kind.PERSON for p in pieces):
        return piece  # a person the knowledge base knows: their office comes from it
    return piece if end == piece.end else replace(piece, end=end)


#: Words of a portfolio in an office's title ("Minister of State for *Foreign Affairs*"): a
#: title's complement holds only these, so that a name the tagger missed after it
#: ("... for Maritime Affairs and Investment *Luhut Pandjaitan*") stays a name.
PORTFOLIO_WORDS = frozenset(
    {
        "state", "affairs", "foreign", "external", "home", "interior", "internal", "defence",
        "defense", "national", "security", "finance", "financial", "treasury", "revenue",
        "economy", "economic", "economics", "trade", "commerce", "industry", "industries",
        "investment", "investments", "planning", "development", "cooperation", "integration",
        "regional", "international", "relations", "overseas", "diaspora", "expatriates",
        "commonwealth", "health", "education", "higher", "energy", "power", "petroleum", "oil",
        "gas", "mines", "mining", "minerals", "water", "resources", "natural", "environment",
        "climate", "change", "forestry", "forests", "agriculture", "food", "livestock",
        "fisheries", "maritime", "ocean", "oceans", "ports", "shipping", "transport", "aviation",
        "railways", "roads", "highways", "communications", "information", "broadcasting",
        "technology", "science", "research", "digital", "telecommunications", "culture", "tourism",
        "youth", "sport", "sports", "women", "children", "family", "families", "social", "welfare",
        "labour", "labor", "employment", "justice", "law", "legal", "constitutional",
        "parliamentary", "religious", "human", "rights", "public", "works", "housing", "urban",
        "rural", "local", "government", "administration", "disaster", "emergency", "management",
        "infrastructure", "minority", "minorities", "veterans", "intelligence", "policy",
        "acquisition", "procurement", "political", "military", "arms", "control",
        "nonproliferation", "non-proliferation", "africa", "african", "asia", "asian", "europe",
        "european", "americas", "pacific", "gulf", "middle", "east", "west", "south", "north",
        "central", "caribbean", "arctic", "multilateral", "bilateral", "cabinet", "council",
        "presidency", "coordination", "coordinating", "reform", "reforms", "privatisation",
        "privatization", "production", "narcotics", "immigration", "migration", "refugees",
        "borders", "border", "customs", "taxation", "budget", "statistics", "land", "lands",
        "survey", "heritage", "arts", "media", "press", "service", "services", "police",
        "policing", "prisons", "correctional", "corrections", "penal",
    }
)  # fmt: skip


def _firm(piece: Piece) -> bool:
    """A piece a title's complement does not take in: anything but an organisation or
    other non-person the tagger found, or a surname no person entity covers."""
    if piece.kind == Kind.NER:
        return piece.label == "PERSON"
    if piece.kind == Kind.SURNAME:
        return piece.person_ent
    return True


def _name_word(token: Token) -> bool:
    return (
        token.pos_ == "PROPN"
        and token.text[:1].isupper()
        and token.ent_type_ in ("", "PERSON")
        and token.text.isalpha()
    )


def _given_name(doc: Doc, piece: Piece, covered: set[int]) -> bool:
    """A bare surname the knowledge base knows that is followed by another capitalised name
    word of the same name ("Air Chief Marshal *Hadi* Tjahjanto"): the first of an unknown
    person's names, not the person so surnamed."""
    if piece.kind != Kind.SURNAME or piece.end >= len(doc) or piece.end in covered:
        return False
    word, nxt = doc[piece.end - 1], doc[piece.end]
    return (
        nxt.pos_ == "PROPN"
        and nxt.text[:1].isupper()
        and word.dep_ == "compound"
        and word.head.i == nxt.i
        and nxt.ent_type_ in ("", "PERSON")
    )


#: Words that qualify a place name rather than start another one ("*Northern* Kabul").
PLACE_QUALIFIERS = frozenset(
    {"north", "south", "east", "west", "northern", "southern", "eastern", "western",
     "central", "greater", "upper", "lower", "new", "old", "downtown", "occupied"}
)  # fmt: skip
#: Small words inside place names ("Mocimboa *da* Praia", "San Antonio *del* Tachira").
NAME_PARTICLES = frozenset({"da", "de", "do", "dos", "das", "del", "di", "la", "le", "el"})


def _end_of_longer_place(doc: Doc, piece: Piece, covered: set[int]) -> bool:
    """A city or country word that ends a longer proper name the knowledge base does not
    know ("Mocimboa da *Praia*", a Mozambican town, not Cape Verde's capital): the words
    right before it are capitalised compounds of it (or small name words between them) that
    no other piece covers."""
    if piece.kind not in (Kind.CITY, Kind.COUNTRY) or piece.end - piece.start != 1:
        return False
    head = doc[piece.start]
    run: list[Token] = []
    i = piece.start - 1
    while i >= 0 and i not in covered:
        word = doc[i]
        named = word.pos_ == "PROPN" and word.text[:1].isupper() and word.head.i == head.i
        if not (named or word.lower_ in NAME_PARTICLES):
            break
        run.append(word)
        i -= 1
    names = [w for w in run if w.lower_ not in NAME_PARTICLES]
    return bool(names) and not any(w.lower_ in PLACE_QUALIFIERS for w in names)


def _hyphened_name(lexicon: Lexicon, doc: Doc, piece: Piece) -> Piece | None:
    """A name that goes on past a hyphen ("Kim Dae-jung", split by the tokenizer) is the
    person of the whole name, or nobody the knowledge base knows: not the one whose name
    stops at the hyphen ("Kim Dae", a North Korean official)."""
    end = piece.end
    if piece.kind != Kind.PERSON or end + 1 >= len(doc) or doc[end].text != "-":
        return piece
    if doc[end].whitespace_ or doc[end - 1].whitespace_ or not doc[end + 1].is_alpha:
        return piece  # a dash between words, not a hyphen inside a name
    longer = piece_for(lexicon, doc[piece.start : end + 2], f"{piece.key} {doc[end + 1].lower_}")
    return longer if longer is not None and longer.kind == Kind.PERSON else None


def piece_for(lexicon: Lexicon, span: Span, key: str) -> Piece | None:
    targets = [t for t in lexicon.targets(key) if span_ok(t, span)]
    if not targets:
        return None
    kind = min(t.kind for t in targets)
    chosen = [t for t in targets if t.kind == kind]
    refs = tuple(dict.fromkeys(t.ref for t in chosen))
    return Piece(span.start, span.end, kind, refs, key, world=all(t.world for t in chosen))


def fuzzy_person_id(lexicon: Lexicon, text: str) -> str | None:
    """The id of the person a misspelt full name refers to, if the match is close and the
    surnames agree ("Llyod J Austin" -> Lloyd Austin; "John Austin" -> None)."""
    from rapidfuzz import fuzz, process

    query = fuzzy_form(text)
    if " " not in query:
        return None
    names, ids = lexicon.fuzzy_choices(query.split()[-1])
    best = process.extractOne(query, names, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
    if best is None:
        return None
    choice, _score, index = best
    if fuzz.ratio(query.split()[-1], choice.split()[-1]) < SURNAME_CUTOFF:
        return None
    if len(_name_words(query)) != len(_name_words(choice)):
        return None  # "Karim Saleh" is not "Karim Mahdi Salih": a name is not left out
    return ids[index]


def _name_words(name: str) -> list[str]:
    return [w for w in name.split() if len(w) > 1]  # initials may come and go


NER_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
#: Tags of finite verbs, which end a name the parser ran into a headline's verb.
FINITE_VERB_TAGS = frozenset({"VBZ", "VBD", "VBP"})


FUZZY_CUTOFF = 88.0


SURNAME_CUTOFF = 75.0


def longest(pieces: list[Piece]) -> list[Piece]:
    """Non-overlapping pieces, longest first (then leftmost), in text order."""
    taken: set[int] = set()
    kept = []
    for piece in sorted(pieces, key=lambda p: (p.start - p.end, p.kind != Kind.TITLE, p.start)):
        tokens = range(piece.start, piece.end)
        if not taken.intersection(tokens):
            kept.append(piece)
            taken.update(tokens)
    return sorted(kept, key=lambda p: p.start)


def join_names(pieces: list[Piece]) -> list[Piece]:
    """Adjacent name pieces sharing a person become one ("General Asim" + "Munir")."""
    out: list[Piece] = []
    for piece in pieces:
        prev = out[-1] if out else None
        shared = prev is not None and set(prev.refs) & set(piece.refs)
        if (
            prev is not None
            and shared
            and prev.end == piece.start
            and {prev.kind, piece.kind} <= NAME_KINDS
        ):
            out[-1] = Piece(prev.start, piece.end, Kind.PERSON, tuple(shared), prev.key)
        else:
            out.append(piece)
    return out


def merge_entities(doc: Doc, pieces: list[Piece], lexicon: Lexicon | None = None) -> list[Piece]:
    """Add spaCy entities where the knowledge base found nothing; let a PERSON entity
    replace the surname/place words it contains, and NORP/ORG/FAC entities the place words."""
    by_token = {t: p for p in pieces for t in range(p.start, p.end)}
    drop: set[int] = set()
    added: list[Piece] = []
    for whole in doc.ents:
        if whole.label_ not in NER_LABELS:
            continue
        ent = _without_verbs(whole)
        if ent is None:
            continue
        hits = list(
            {id(p): p for t in range(ent.start, ent.end) if (p := by_token.get(t))}.values()
        )
        new = _entity_piece(ent, hits)
        if new is not None and not hits and lexicon is not None and _place_like(ent):
            new = _misspelt_place(lexicon, ent) or new
        if new is not None:
            drop.update(
                id(p)
                for p in hits
                if (p.kind in WEAK_KINDS or _mononym_within(p, ent)) and _overlap(p, new)
            )
            added.append(new)
    kept = [p for p in pieces if id(p) not in drop]
    return sorted(kept + added, key=lambda p: p.start)


def _without_verbs(ent: Span) -> Span | None:
    """The entity without the finite verbs the small model runs into it in title-case
    headlines ("Special Representative *Khalilzad Travels* to Afghanistan", "*Mattis Meets*
    With Chinese Counterpart"): the name before the verb (None: no name is left)."""
    end = ent.end
    while end > ent.start and ent.doc[end - 1].tag_ in FINITE_VERB_TAGS:
        end -= 1
    if end == ent.end:
        return ent
    if end == ent.start:
        return None
    from spacy.tokens import Span as Entity  # the package is loaded with the model already

    return Entity(ent.doc, ent.start, end, label=ent.label_)


def _entity_piece(ent: Span, hits: list[Piece]) -> Piece | None:
    """The NER piece an entity contributes given the knowledge-base pieces it overlaps
    (None: the knowledge base already covers it)."""
    label = ent.label_
    if not hits:
        return Piece(ent.start, ent.end, Kind.NER, (), ent.text, label=label)
    kinds = {p.kind for p in hits}
    if label == "PERSON":
        return _person_entity(ent, hits, kinds)
    if _the_name(ent, hits):
        hits[0].start = ent.start  # "The International Crisis Group": the name as written
        return None
    same = len(hits) == 1 and (hits[0].start, hits[0].end) == (ent.start, ent.end)
    if kinds == {Kind.SURNAME} and same:
        hits[0].person_ent = True  # the small model often labels a bare surname ORG or GPE
        return None
    if kinds == {Kind.HONORIFIC, Kind.SURNAME}:  # "Field Marshal Munir" tagged ORG
        for piece in hits:
            piece.person_ent = piece.kind == Kind.SURNAME
        return None
    if Kind.SURNAME in kinds and kinds <= WEAK_KINDS:
        # a surname in a place or organisation name ("Austin, Texas", "Gates Foundation"),
        # which keeps the country it names ("*Turkish* Land Forces")
        places = () if label == "PERSON" else _places_of(hits)
        return Piece(ent.start, ent.end, Kind.NER, places, ent.text, label=label)
    inside = all(ent.start <= p.start and p.end <= ent.end for p in hits)
    covered = {i for p in hits for i in range(p.start, p.end)}
    extra = [t for t in ent if t.i not in covered]
    # words of a name beyond the places it holds; commas and "and" between places are a
    # list the small model tagged as one entity ("Mali, Burkina Faso and Niger")
    # ("Pakistani-Americans", hyphenated, is one name)
    larger = any(
        t.text not in POSSESSIVE and t.text not in (",", ";") and t.pos_ != "CCONJ" for t in extra
    )
    if label in ("NORP", "ORG", "FAC") and kinds <= WEAK_KINDS and inside and larger:
        return Piece(ent.start, ent.end, Kind.NER, _places_of(hits), ent.text, label=label)
    return None


def _places_of(hits: list[Piece]) -> tuple[str, ...]:
    return tuple(r for p in hits if p.kind in PLACE_KINDS for r in p.refs[:1])


def _place_like(ent: Span) -> bool:
    """A place entity, or one word the small model calls an organisation where a place
    preposition governs it ("flew to *Ouagadougo*") or a verb takes it as its object ("a
    strike that shut down *Khatmandu*")."""
    if ent.label_ in ("GPE", "LOC"):
        return True
    root = ent.root
    governed = root.dep_ == "pobj" and root.head.lower_ in TO_PLACE_PREPOSITIONS
    return ent.label_ == "ORG" and len(ent) == 1 and (governed or root.dep_ == "dobj")


#: Prepositions whose object is often a place.
TO_PLACE_PREPOSITIONS = frozenset({"in", "to", "from", "near", "outside", "into", "at"})


def _misspelt_place(lexicon: Lexicon, ent: Span) -> Piece | None:
    """A place entity the knowledge base does not know, as the well-known place it is a
    misspelling of ("shut down Khatmandu")."""
    if len(ent) != 1 or not ent.text[:1].isupper():
        return None
    found = lexicon.fuzzy_place(ent.text)
    if found is None:
        return None
    kind, ref = found
    return Piece(ent.start, ent.end, kind, (ref,), ent.text.lower(), world=True)


def _the_name(ent: Span, hits: list[Piece]) -> bool:
    """Whether an entity is a world-tier organisation's name with the article in front of it
    (the entity's extent, as before the world tier named the organisation)."""
    if len(hits) != 1 or hits[0].kind not in (Kind.INSTITUTION, Kind.IGO) or not hits[0].world:
        return False
    piece = hits[0]
    return piece.end == ent.end and piece.start == ent.start + 1 and ent[0].lower_ == "the"


def _overlap(a: Piece, b: Piece) -> bool:
    return a.start < b.end and b.start < a.end


def _mononym_within(piece: Piece, ent: Span) -> bool:
    """A one-word name of the knowledge base inside a longer person's name ("Ali *Hassan*",
    where "Hassan" is a king known by one name; "*Amal* Haddad", where Amal is a movement):
    a part of that name, not the king or the movement."""
    return (
        (piece.kind == Kind.PERSON or (piece.kind == Kind.INSTITUTION and piece.start == ent.start))
        and ent.label_ == "PERSON"
        and piece.end - piece.start == 1
        and len(ent) > 1
        and ent.start <= piece.start
        and piece.end <= ent.end
    )


def _person_entity(ent: Span, hits: list[Piece], kinds: set[Kind]) -> Piece | None:
    if kinds & {Kind.IGO, Kind.TITLE}:
        return None
    named = [p for p in hits if p.kind in (Kind.PERSON, Kind.INSTITUTION)]
    if not all(_mononym_within(p, ent) for p in named):
        return None
    within = {i for p in hits for i in range(p.start, p.end)}
    covered = all(t.i in within or t.text in POSSESSIVE for t in ent)
    if covered and kinds <= {Kind.DEMONYM, Kind.COUNTRY, Kind.CITY}:
        # "Kosovar Albanians", "visited Quetta", "*Sri Lanka's* government" tagged PERSON:
        # no person
        return None
    start = max([ent.start, *(p.end for p in hits if p.kind == Kind.HONORIFIC)])
    surnames = [p for p in hits if p.kind == Kind.SURNAME]
    if len(surnames) == 1 and (surnames[0].start, surnames[0].end) == (start, ent.end):
        surnames[0].person_ent = True
        return None
    if start >= ent.end:
        return None
    return Piece(start, ent.end, Kind.NER, (), ent.text, label="PERSON")


def chunks(doc: Doc, pieces: list[Piece]) -> Iterator[list[Piece]]:
    """Group adjacent pieces in the order owner - title - honorific - name."""
    chunk: list[Piece] = []
    for i, piece in enumerate(pieces):
        if chunk and _nationality(doc, chunk[-1], piece):
            piece.end += 1  # the closing parenthesis belongs to the mention
            chunk.append(piece)
            continue
        if chunk and _joins(doc, chunk[-1], piece):
            chunk.append(piece)
            continue
        if chunk and _title_of_named(doc, chunk[-1], piece, pieces[i + 1 : i + 2]):
            chunk.append(piece)
            continue
        if len(chunk) > 1 and _named_after_owner(doc, chunk, piece):
            chunk.append(piece)
            continue
        if chunk:
            yield from _flush(chunk)
        chunk = [piece]
    if chunk:
        yield from _flush(chunk)


def _title_of_named(doc: Doc, title: Piece, owner: Piece, after: list[Piece]) -> bool:
    """ "the Ambassador *of Japan*, Kenji Hattori": a title, "of" its state, and the name
    set off after them are one mention (only with the name: "the Ambassador of Japan"
    alone is left to the noun phrase)."""
    gap = [t.lower_ for t in doc[title.end : owner.start]]
    return (
        _a_title(doc, title)
        and gap in (["of"], ["of", "the"])
        and owner.kind in OWNER_KINDS
        and bool(after)
        and _apposed_name(doc, owner, after[0])
    )


def _named_after_owner(doc: Doc, chunk: list[Piece], nxt: Piece) -> bool:
    """The name after "Title of State," (see :func:`_title_of_named`)."""
    return (
        chunk[-1].kind in OWNER_KINDS
        and _a_title(doc, chunk[-2])
        and _apposed_name(doc, chunk[-1], nxt)
    )


def _apposed_name(doc: Doc, prev: Piece, nxt: Piece) -> bool:
    """A name (or an honorific before one) set off by a comma after ``prev``; also a name
    the tagger read as an organisation ("Ethiopia's Foreign Minister, *Mesfin Hailu Gebre*")."""
    gap = [t.text for t in doc[prev.end : nxt.start]]
    named = nxt.kind in NAME_KINDS | {Kind.HONORIFIC} or nxt.label == "PERSON"
    named = named or (nxt.label == "ORG" and _name_like(doc, nxt))
    return gap == [","] and named


def _nationality(doc: Doc, prev: Piece, nxt: Piece) -> bool:
    """A country in parentheses after a name is that person's nationality ("Ahmed Karimov
    (Uzbekistan)"), part of the mention and not an actor of its own."""
    named = prev.kind in NAME_KINDS or prev.label == "PERSON"
    gap = [t.text for t in doc[prev.end : nxt.start]]
    closed = nxt.end < len(doc) and doc[nxt.end].text == ")"
    return named and gap == ["("] and closed and nxt.kind in (Kind.COUNTRY, Kind.DEMONYM)


def _joins(doc: Doc, prev: Piece, nxt: Piece) -> bool:
    gap = [t.text for t in doc[prev.end : nxt.start]]
    possessive = prev.kind in OWNER_KINDS and len(gap) == 1 and gap[0] in POSSESSIVE
    apposed = _a_title(doc, prev) and _apposed_name(doc, prev, nxt)  # "the army chief, Gen X"
    if gap and not (possessive or apposed):
        return False
    if prev.kind in OWNER_KINDS and nxt.kind == Kind.INSTITUTION:
        return True
    if prev.kind in CLOSED_KINDS or nxt.kind in CLOSED_KINDS:
        return False
    if nxt.kind == Kind.NER and nxt.label != "PERSON" and not _titled_name(doc, prev, nxt):
        return False
    return prev.rank < _rank(nxt)


def _a_title(doc: Doc, piece: Piece) -> bool:
    """A title, or an honorific with a portfolio ("Minister for Home Affairs"): not a bare
    "Minister", which a list may set before someone else's name."""
    if piece.kind == Kind.TITLE:
        return True
    return piece.kind == Kind.HONORIFIC and any(
        t.lower_ in ("of", "for") for t in doc[piece.start : piece.end]
    )


def _titled_name(doc: Doc, prev: Piece, nxt: Piece) -> bool:
    """A name the tagger read as an organisation right after a title ("Kazakh President
    *Kassym-Jomart Tokayev*"): two to four capitalised proper nouns, no body's word."""
    if prev.kind != Kind.TITLE or nxt.label != "ORG":
        return False
    return _name_like(doc, nxt)


def _name_like(doc: Doc, piece: Piece) -> bool:
    """Two to four capitalised proper nouns, no body's word: a person's name."""
    words = [t for t in doc[piece.start : piece.end] if t.text not in "-–"]
    return 2 <= len(words) <= 4 and all(
        t.pos_ == "PROPN" and t.text[:1].isupper() and t.lower_ not in BODY_WORDS for t in words
    )


#: Words of an organisation's name, never of a person's.
BODY_WORDS = frozenset(
    {"ministry", "party", "bank", "council", "committee", "commission", "agency", "office",
     "department", "authority", "front", "movement", "army", "force", "forces", "group",
     "association", "union", "league", "organisation", "organization", "institute",
     "foundation", "company", "corporation", "fund", "board", "court", "assembly"}
)  # fmt: skip


def _rank(piece: Piece) -> int:
    return 3 if piece.kind == Kind.NER else piece.rank


def _flush(chunk: list[Piece]) -> Iterator[list[Piece]]:
    """A chunk of only honorifics is no mention; split off a trailing honorific."""
    if all(p.kind == Kind.HONORIFIC for p in chunk):
        return
    yield [p for p in chunk if not (p is chunk[-1] and p.kind == Kind.HONORIFIC)]
