"""Whose a noun phrase is, read from the parse: the owner words it holds (a country, a
demonym, an IGO: "the *Indian* Foreign Minister", "*Moldova's* president", "the president *of
Armenia*"), the several owners of a coordinated modifier ("*Bolivian and Peruvian*
officials"), and where a group is ("rebels *in Zimbabwe*").

The functions take ``owner_at``, the owner each token names (from the knowledge-base pieces of
the document), so that they stay free of the resolver's state.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from .lexicon import COUNTERPART_PREPS

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Dependencies that attach a word to the noun it modifies, inside one noun phrase.
MODIFIER_DEPS = frozenset({"amod", "compound", "poss", "nmod", "npadvmod", "nummod", "quantmod"})
#: Inside a modifier, coordinated modifiers count too ("Bolivian *and Peruvian*").
INNER_DEPS = MODIFIER_DEPS | {"conj", "cc", "case", "det", "advmod", "punct"}
#: Prepositions whose object names the owner of the head ("the president *of* Armenia",
#: "an envoy *from* the African Union").
OWNER_PREPS = frozenset({"of", "from"})
#: Prepositions whose object says where a group is ("protesters *in* Lagos").
PLACE_PREPS = frozenset({"in", "inside", "across", "throughout"})
#: Common nouns that name a place by its kind ("near the Afghan city of Kandahar").
PLACE_NOUNS = frozenset(
    {"city", "town", "village", "capital", "province", "region", "district", "port",
     "state", "county", "area", "border", "outskirts", "suburb", "sector", "quarter",
     "neighbourhood", "neighborhood", "part", "territory", "zone", "enclave", "valley",
     "strip", "island", "water", "waters", "coast", "sea", "airspace"}
)  # fmt: skip


#: Participles that make the country before them a group's patron, not its owner ("the
#: *Iran*-backed Hezbollah", "*Rwanda*-backed M23 rebels", "Moscow-aligned militias"); "led"
#: is not one of them ("the Saudi-led coalition" is the coalition Riyadh leads).
PATRON_PARTICIPLES = frozenset(
    {"back", "backed", "support", "supported", "sponsor", "sponsored", "fund", "funded",
     "finance", "financed", "arm", "armed", "ally", "allied", "align", "aligned", "inspire",
     "inspired", "train", "trained", "link", "linked", "affiliate", "affiliated", "friendly"}
)  # fmt: skip


def modifier_tokens(root: Token, of: bool = True) -> Iterator[Token]:
    """The words that modify ``root`` inside its noun phrase (and theirs), and (``of``) the
    object of an owner preposition after it, in no particular order; not a patron named in
    a participle ("the Iran-backed group")."""
    patrons = root.lemma_.lower() not in PROPOSALS
    for child in root.children:
        if child.dep_ in MODIFIER_DEPS:
            if patrons and _patron(child):
                continue
            yield from _inner(child)
        elif of and child.dep_ == "prep" and child.lower_ in OWNER_PREPS:
            for obj in child.children:
                if obj.dep_ == "pobj":
                    yield from _inner(obj)


#: Texts and plans whose backer is their author ("rejected a *US-backed* resolution": the
#: United States'), unlike a group's patron.
PROPOSALS = frozenset(
    {"proposal", "resolution", "plan", "draft", "deal", "initiative", "text", "bill",
     "framework", "roadmap", "motion", "offer", "bid", "candidate", "candidacy"}
)  # fmt: skip


def patron_tokens(root: Token) -> set[int]:
    """The words of the patron participles that modify ``root`` ("the *Iran-backed* group")."""
    if root.lemma_.lower() in PROPOSALS:
        return set()
    return {t.i for c in root.children if _patron(c) for t in c.subtree}


def _patron(token: Token) -> bool:
    """A hyphenated participle of backing ("Iran-backed", "Russia-aligned")."""
    if token.lower_ not in PATRON_PARTICIPLES and token.lemma_.lower() not in PATRON_PARTICIPLES:
        return False
    return token.tag_ in ("VBN", "JJ") and any(
        c.dep_ in ("npadvmod", "compound", "nmod") and c.i < token.i for c in token.children
    )


def _inner(token: Token) -> Iterator[Token]:
    yield token
    for child in token.children:
        if child.dep_ in INNER_DEPS:
            yield from _inner(child)


def np_owners(root: Token, owner_at: Mapping[int, str], of: bool = True) -> list[str]:
    """Every owner the noun phrase of ``root`` names, in text order, once each (``of``:
    counting the object of "of")."""
    tokens = sorted({t.i for t in modifier_tokens(root, of) if not portfolio_word(t)})
    return list(dict.fromkeys(owner_at[i] for i in tokens if i in owner_at))


def portfolio_word(token: Token) -> bool:
    """A place word that names a minister's portfolio, not the minister's state: "Minister
    of Foreign and *European* Affairs", "*European* Affairs"."""
    for _ in range(3):
        if token.dep_ not in ("conj", "nmod", "compound", "amod"):
            return False
        token = token.head
        if token.lower_ == "affairs":
            return True
    return False


def np_owner(root: Token, owner_at: Mapping[int, str], of: bool = True) -> str | None:
    """The first owner the noun phrase of ``root`` names, or None."""
    found = np_owners(root, owner_at, of)
    return found[0] if found else None


def located_in(root: Token, owner_at: Mapping[int, str]) -> str | None:
    """The country a group noun phrase places itself in ("opposition groups in Zimbabwe",
    "a newspaper based in Karachi")."""
    preps = list(root.children)
    for child in root.children:
        if child.dep_ == "acl" and child.lower_ in ("based", "headquartered", "stationed"):
            preps.extend(child.children)
    for child in preps:
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            found = located_in_phrase(child, owner_at)
            if found is not None:
                return found
    return None


def place_of_named(root: Token, owner_at: Mapping[int, str]) -> str | None:
    """The country a place name unknown to the knowledge base is said to be in: "the town of
    Silopi *in southeastern Turkey*", "the *Turkish* town of X", "Silopi, in Turkey"."""
    holder = root
    if root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_ in PLACE_NOUNS:
        holder = root.head.head  # "the town of X"
    elif root.ent_type_ not in ("GPE", "LOC", "FAC"):
        return None
    found = located_in(root, owner_at) or located_in(holder, owner_at)
    if found is None and holder is not root:
        found = next((owner_at[t.i] for t in holder.children if t.i in owner_at), None)
    if found is None:  # "Silopi, Turkey"
        found = next(
            (owner_at[t.i] for t in root.children if t.dep_ == "appos" and t.i in owner_at), None
        )
    if found is None and holder.dep_ == "pobj":
        # "imposed a curfew in the village of X in northern Kenya": the next place phrase
        # of the same verb
        verb = holder.head.head
        later = [c for c in verb.children if c.dep_ == "prep" and c.i > holder.i]
        found = next(
            (p for c in later if c.lower_ in PLACE_PREPS and (p := located_in_phrase(c, owner_at))),
            None,
        )
    return found


def located_in_phrase(prep: Token, owner_at: Mapping[int, str]) -> str | None:
    """The country a place phrase ("in southeastern Turkey", "in the Syrian capital", "in a
    camp in Chad") names; a phrase about no place names none ("killed in the worst attack of
    the *Palestinian* uprising")."""
    for obj in prep.children:
        if obj.dep_ != "pobj":
            continue
        if obj.i in owner_at or obj.lemma_.lower() in PLACE_NOUNS or obj.ent_type_ in PLACE_ENTS:
            found = [owner_at[t.i] for t in obj.subtree if t.i in owner_at]
            if found:
                return found[0]
        for inner in obj.children:  # "in a camp *in Chad*"
            if inner.dep_ == "prep" and inner.lower_ in PLACE_PREPS:
                nested = located_in_phrase(inner, owner_at)
                if nested is not None:
                    return nested
    return None


#: Entity types of place names.
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


def coordinated_owners(root: Token, owner_at: Mapping[int, str]) -> list[str]:
    """The owners of a noun phrase whose owner words are coordinated with each other
    ("Bolivian and Peruvian officials", "the Thai and Cambodian sides"): one per conjunct,
    or [] when the owner words are not coordinated ("the Pakistani-American community")."""
    for token in modifier_tokens(root):
        if token.i in owner_at and any(c.dep_ == "conj" for c in token.children):
            members = [token, *_conjuncts(token)]
            owners = [owner_at[t.i] for t in members if t.i in owner_at]
            if len(set(owners)) > 1:
                return list(dict.fromkeys(owners))
    return []


def _conjuncts(token: Token) -> Iterator[Token]:
    for child in token.children:
        if child.dep_ == "conj":
            yield child
            yield from _conjuncts(child)


def counterpart_countries(root: Token, countries: Mapping[int, str]) -> set[str]:
    """The countries a bare title's counterpart in its clause names for sure: the objects
    when the title is the subject, the subject when it is an object. Nobody thanks, meets
    or visits their own government, so the title's office is sought elsewhere ("The army
    chief thanked the United States": not the US army chief)."""
    heads: list[Token] = []
    if root.dep_ in ("nsubj", "nsubjpass"):
        heads = objects_of(root.head)
    elif root.dep_ in ("dobj", "dative") or (
        root.dep_ == "pobj" and root.head.lower_ in COUNTERPART_PREPS
    ):
        verb = root.head if root.dep_ != "pobj" else root.head.head
        while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
            verb = verb.head  # "met today in Port-au-Prince *with* X": hung on the place
        heads = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return {countries[t.i] for h in heads for t in h.subtree if t.i in countries}


def objects_of(verb: Token) -> list[Token]:
    """Objects of a verb and, when it has no object of its own to control, of its
    complement ("is set to meet the President"; not "invited X to visit Washington")."""
    found: list[Token] = []
    for c in verb.children:
        if c.dep_ in ("dobj", "dative"):
            found.append(c)
        elif c.dep_ == "prep" and c.lower_ in COUNTERPART_PREPS:
            found.extend(o for o in c.children if o.dep_ == "pobj")
    if not any(c.dep_ in ("dobj", "dative") for c in verb.children):
        for comp in (c for c in verb.children if c.dep_ == "xcomp"):
            found.extend(objects_of(comp))
    return found


#: What follows a dateline's place: "ISLAMABAD –", "WASHINGTON:".
DATELINE_MARKS = frozenset({"–", "—", "-", ":", "--"})
DASHES = frozenset({"–", "—", "-", "--"})


def _dated_dateline(place: Token) -> bool:
    """ "Beijing, 20 May 2025: Dar held talks ...", "ISLAMABAD, Oct 3 (Reuters) -": a place, a
    comma and a date, then a colon or a dash, within the first words of the line."""
    doc = place.doc
    if doc[place.i + 1].text != ",":
        return False
    for token in doc[place.i + 2 : min(place.i + 9, len(doc))]:
        if token.text in DATELINE_MARKS or token.text == ")":
            between = doc[place.i + 2 : token.i]
            # "MOGADISHU, Somalia (AP) —": an agency's credit stands for the date
            credited = token.text == ")" and len(between) >= 2 and between[-2].text == "("
            return credited or any(t.ent_type_ == "DATE" for t in between)
        if token.pos_ in ("VERB", "AUX"):
            return False
    return False


def _credited(place: Token) -> bool:
    """ "Chisinau (AFP) - Moldova on Tuesday ...": a place, an agency's credit, a dash."""
    doc = place.doc
    end = place.i + 4
    return (
        end < len(doc)
        and doc[place.i + 1].text == "("
        and doc[place.i + 2].pos_ in ("PROPN", "NOUN")
        and doc[place.i + 3].text == ")"
        and doc[end].text in DATELINE_MARKS
    )


def dateline(token: Token) -> bool:
    """Whether ``token`` is the place of a dateline opening a paragraph ("Islamabad – An
    interagency delegation ...", "WASHINGTON: Pakistan's foreign minister ...")."""
    doc = token.doc
    if token.i + 1 >= len(doc):
        return False
    # "DOHA —", which the tagger may call a noun (a dash, not a speaker's colon: "SPOKESPERSON:")
    capitals = token.is_upper and token.is_alpha and doc[token.i + 1].text in DASHES
    if token.pos_ != "PROPN" and not capitals:
        return False
    mark = doc[token.i + 1].text
    if mark in DASHES and not token.whitespace_:
        return False  # "Saudi-led air strikes": a hyphenated word, no dateline
    if mark not in DATELINE_MARKS and not _dated_dateline(token) and not _credited(token):
        return False
    first = token.i
    while (
        first > 0
        and doc[first - 1].head.i == token.i
        and (doc[first - 1].pos_ == "PROPN" or doc[first - 1].ent_type_ in ("GPE", "LOC"))
    ):
        first -= 1  # "New York, 24 September 2025 (WAM) -", "NEW DELHI:" (read "new" Delhi)
    before = doc[first - 1] if first else None
    # at the head of the text or of a paragraph only: "He met Modi. Sharif – who arrived on
    # Monday – said ..." opens a sentence, not a paragraph, with a name and a dash
    return before is None or before.is_space or "\n" in before.text_with_ws
