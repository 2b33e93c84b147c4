"""Argument finding on the dependency parse: subjects, objects, prepositional recipients,
coordinated noun phrases and the character spans the actor resolver is asked about.

Used by the ``rules.v1`` coder; pure functions over spaCy tokens.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from .amounts import CURRENCY_WORDS

if TYPE_CHECKING:
    from spacy.tokens import Span as SpacySpan
    from spacy.tokens import Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
INHERIT_DEPS = frozenset({"conj", "xcomp", "advcl", "relcl", "acl", "ccomp", "acomp"})
#: Nouns of a run of acts, whose "of" object is the acts ("a *wave* of strikes").
SERIES = frozenset({"wave", "spate", "string", "flurry", "barrage", "series", "surge"})
PARTITIVES = SERIES | frozenset(
    {"round", "set", "session", "number", "host", "package", "million", "billion",
     "thousand", "hundred", "dozen", "lot", "batch", "shipment", "tranche", "part",
     "mission", "team", "contingent",  # "a mission of observers", "a team of inspectors"
     "message", "letter", "note", "word", "expression",  # "a message of condolence"
     "most", "some", "all", "half", "much", "bulk", "rest", "portion",  # "most of its sanctions"
     "increase", "boost", "rise",  # "a sixfold increase in funding"
     "day", "week", "hour",  # "held two days of talks"
     "tonne", "ton", "kilogram", "kg", "load", "text", "draft",  # "40 tonnes of food",
     # "initialled the text of a peace treaty"
     "line",  # "a new line of credit"
     "consignment", "cable"}  # "a consignment of materials", "a cable of condolences"
)  # fmt: skip
TIME_ENTS = frozenset({"DATE", "TIME"})
NP_STOP_DEPS = frozenset({"conj", "cc", "relcl", "acl", "punct", "appos"})


def verbal_noun(token: Token) -> bool:
    """A release's present tense the tagger read as a plural noun: "The Ministry *thanks*
    the League of Arab States", "The Federal Government *declares* the memorandum null":
    the sentence's root, with a subject before it and an object after it."""
    return (
        token.dep_ == "ROOT"
        and token.tag_ in ("NNS", "NNPS")
        and token.lower_.endswith("s")
        and any(c.dep_ == "nsubj" and c.i < token.i for c in token.children)
        and any(c.dep_ in ("dobj", "ccomp", "oprd") and c.i > token.i for c in token.children)
    )


def is_passive(verb: Token) -> bool:
    return (
        any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        or _elided_passive(verb)
        or reduced_passive(verb)
    )


#: Verbs whose past participle on a plural noun says what was done to those people (not
#: "the missiles *fired* by the Israeli military": the weapons, no victims).
DONE_TO_PEOPLE = frozenset(
    {"kill", "wound", "injure", "besiege", "displace", "detain", "arrest", "abduct", "kidnap",
     "hold", "torture", "expel", "deport", "target", "attack", "shoot", "execute", "jail",
     "imprison", "trap", "massacre", "beat", "evict", "persecute", "hunt", "capture", "seize"}
)  # fmt: skip


def reduced_passive(verb: Token) -> bool:
    """A past participle on the people it was done to: "the civilians *killed* by Israeli
    strikes", "civilians *besieged* by Islamic State fighters" (its agent is the "by"
    phrase, never the clause's subject)."""
    return (
        verb.dep_ == "acl"
        and verb.tag_ == "VBN"
        and verb.lemma_.lower() in DONE_TO_PEOPLE
        and verb.head.tag_ in ("NNS", "NNPS", "NNP")  # people: "the civilians killed by"
        and verb.sent.root.pos_ in ("VERB", "AUX")  # not a headline's only verb
        and not any(
            c.dep_ in ("aux", "auxpass", "nsubj", "nsubjpass", "dobj") for c in verb.children
        )
        and prep_object([verb], "by") is not None
    )


def _elided_passive(verb: Token) -> bool:
    """A participle conjoined to a passive that shares its auxiliary: "Two civilians were
    martyred and *five others injured*" (the parser makes "five others" its active
    subject)."""
    return (
        verb.dep_ == "conj"
        and verb.tag_ == "VBN"
        and any(c.dep_ == "auxpass" for c in verb.head.children)
        and not any(c.dep_ in ("aux", "auxpass", "dobj") for c in verb.children)
    )


#: Subordinators of a clause that times an act ("were killed *when* gunmen stormed ...").
WHEN_WORDS = frozenset({"when", "as", "after"})


def timing_clauses(verb: Token) -> list[Token]:
    """The verbs of the clauses that time ``verb`` ("were killed *when militants attacked*
    ..."), on the verb or, shared, on one of its conjuncts ("were martyred and five others
    injured *when troops opened fire*")."""
    return [
        c
        for v in (verb, *verb.conjuncts)
        for c in v.children
        if c.dep_ == "advcl"
        and c.pos_ == "VERB"
        and any(m.dep_ in ("advmod", "mark") and m.lower_ in WHEN_WORDS for m in c.children)
    ]


def child(token: Token, *deps: str) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def subject(verb: Token) -> Token | None:
    """The grammatical subject (active ``nsubj``; for passives the ``by`` agent), inherited
    through coordination, control and relative clauses when the verb has none.

    Two misparses of the small model are repaired: a main verb left without a subject
    after an apposition ("During his call with X, Foreign Secretary Y discussed ...": Y
    hangs under X as ``appos``) takes that apposition, and a headline-like sentence whose
    root is a noun with a participle ("Pakistani commandos trained with US forces")
    takes the noun."""
    current: Token | None = verb
    for _ in range(6):
        if current is None:
            return None
        found = _own_subject(current) or _orphan_subject(current)
        if found is not None and found.tag_ in ("WDT", "WP") and current.dep_ == "relcl":
            return _antecedent(found, current.head)  # "Guterres, *who* met ...", "groups
            # *that* attack ..."
        if found is not None and found.tag_ == "VBG" and (named := child(found, "nsubj")):
            return named  # "The aid agency *working in Yemen* said": a reduced relative
        if found is not None:
            return found
        if _participle_of_group(current, verb):
            return verb.head  # "protesters *demanding* the resignation": they demand
        if current is verb and is_passive(verb):
            # "matters were discussed, the statement said", "arrived and was welcomed":
            # no agent given, and the clause above names the patient, not the agent
            return None
        if current is not verb and is_passive(current):  # "is set to meet": raised subject
            return child(current, "nsubjpass")
        if current.dep_ == "relcl" and current.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return current.head
        if _root_participle(current):
            return current.head
        stranded = _stranded_main_verb(current)
        if stranded is not None:
            return stranded
        if current.dep_ == "acl" and current.tag_ == "VBG" and current.head.pos_ == "NOUN":
            source = prep_object([current.head], "from") or child(current.head, "poss")
            if source is not None:  # "a message from President Trump accusing Pakistan"
                return source
        owner = child(current.head, "poss") if current.dep_ == "acl" else None
        if owner is not None and owner.ent_type_ in TIME_ENTS:
            owner = None  # "*last week's* decision": a time, nobody's
        if owner is None and current.dep_ == "acl" and infinitive(current):
            owner = prep_object([current.head], "by")  # "the decision *by Washington* to ..."
        if owner is not None and owner.ent_type_ not in TIME_ENTS:
            return owner  # "Washington's decision to approve ...": Washington approves
        issuing = issuing_verb(current)
        if issuing is not None:
            # "issued a statement *condemning* the attack", "sent a note to India
            # *requesting* ...": the text says what its sender says
            current = issuing
            continue
        if current.dep_ == "pcomp" and current.tag_ == "VBG" and current.head.dep_ == "prep":
            current = current.head.head  # "said X after *meeting* Y": X met Y
            continue
        if current.dep_ == "xcomp" and current.head.lemma_.lower() in CAUSING:
            made = child(current.head, "dobj")
            if made is not None:  # "prompting *Ecuador* to declare the ambassador ...": the
                return made  # one made to act acts
        if current.dep_ not in INHERIT_DEPS or current.head.i == current.i:
            return None
        current = stray_conjunct_head(current) or current.head
    return None


#: Verbs that make someone act, whose object is the one acting in their complement.
CAUSING = frozenset(
    {"prompt", "force", "compel", "lead", "push", "spur", "drive", "cause", "oblige", "provoke"}
)


def stray_conjunct_head(verb: Token) -> Token | None:
    """The verb a bare-form conjunct really joins when the parser hung it on a finite verb of
    another form: in "the United States stands with Pakistan against groups that attack
    children, *target* civilians and undermine ...", "target" agrees with "attack" (the
    groups'), not with "stands" (None: no such verb between them)."""
    head = verb.head
    if verb.dep_ != "conj" or verb.tag_ != "VB" or head.tag_ not in ("VBZ", "VBD"):
        return None
    if child(verb, "aux", "nsubj", "nsubjpass") is not None:
        return None
    between = [t for t in verb.doc[head.i + 1 : verb.i] if t.tag_ == "VBP" and t.pos_ == "VERB"]
    return between[-1] if between else None


def _orphan_subject(verb: Token) -> Token | None:
    """The apposition right before a subjectless main verb (see :func:`subject`), or the
    subject the parser hung under a timing clause's conjunction ("after *gunmen* crossing
    from Chiapas attacked a police post": "gunmen crossing" read as the clause)."""
    marked = _subject_under_mark(verb)
    if marked is not None:
        return marked
    if verb.dep_ != "ROOT" or verb.i == verb.sent.start:
        return None
    prev = verb.doc[verb.i - 1]
    while prev.dep_ in ("compound", "amod", "nmod", "flat") and prev.head.i < verb.i:
        prev = prev.head
    if prev.dep_ == "appos" and prev.pos_ in ("PROPN", "NOUN") and prev.head.i < prev.i:
        return prev
    if prev.dep_ == "compound" and prev.head.i == verb.i and prev.pos_ == "PROPN":
        return prev  # a headline's "Deputy Secretary Sullivan Travels to ...": the name
    return _swallowed_subject(verb)


def _subject_under_mark(verb: Token) -> Token | None:
    """A clause verb with no subject whose conjunction ("after", "when") governs a
    participle with a subject of its own: that subject is the verb's."""
    if verb.dep_ not in ("advcl", "conj") or any(c.dep_ in SUBJECT_DEPS for c in verb.children):
        return None
    for mark in (c for c in verb.children if c.dep_ == "mark" and c.i < verb.i):
        for comp in (c for c in mark.children if c.dep_ == "pcomp" and c.tag_ == "VBG"):
            found = child(comp, "nsubj")
            if found is not None and found.pos_ in ("NOUN", "PROPN"):
                return found
    return None


def _swallowed_subject(verb: Token) -> Token | None:
    """ "With the signing of the accord, *the government and the rebels* have agreed": the
    small model joins the subject, after the comma, to the fronted phrase's last noun as a
    conjunct; the first conjunct after the comma is the subject."""
    start = min([verb.i, *(c.i for c in verb.lefts if c.dep_ in ("aux", "auxpass", "neg"))])
    token = verb.doc[start - 1]
    while token.dep_ in ("compound", "amod", "nmod", "flat") and token.head.i < start:
        token = token.head
    fronted = {c.i for c in verb.lefts if c.dep_ == "prep" and c.i == verb.sent.start}
    while token.dep_ == "conj" and token.i < start:
        comma = token.left_edge.i > 0 and token.doc[token.left_edge.i - 1].text == ","
        if comma and any(a.i in fronted for a in token.ancestors):
            return token
        token = token.head
    return None


def _stranded_main_verb(verb: Token) -> Token | None:
    """The subject of a finite verb the parser hung inside a phrase set off by commas when
    the sentence has no main verb: "The delegation, led by X of Ukraine, *called on* ...":
    the root noun ("The delegation") acts."""
    root = verb.sent.root
    if verb.dep_ != "acl" or verb.tag_ != "VBD" or root.pos_ not in ("NOUN", "PROPN"):
        return None
    if verb.head.i == root.i or verb.i == 0 or verb.doc[verb.i - 1].text != ",":
        return None
    return root if root.i < verb.i and root in verb.ancestors else None


def _root_participle(verb: Token) -> bool:
    """A participle hung on a noun that is the sentence root: the noun is its subject. So is
    the noun a root count is of ("Hundreds of Venezuelan migrants *protested* outside ...",
    read as "hundreds of migrants who protested")."""
    head = verb.head
    counted = (
        head.dep_ == "pobj"
        and head.head.lower_ == "of"
        and head.head.head.dep_ == "ROOT"
        and (head.head.head.pos_ == "NUM" or head.head.head.lemma_.lower() in COUNT_NOUNS)
    )
    # "Israeli air strikes *killed* 14 people ..., officials said": a participle with an
    # object of its own is no reduced passive ("the people killed"), but the noun's act
    active = child(verb, "dobj") is not None
    return (
        verb.dep_ == "acl"
        and verb.tag_ in ("VBN", "VBD")
        and (head.dep_ == "ROOT" or counted or active)
        and head.pos_ in ("NOUN", "PROPN")
        and child(verb, "agent") is None
    )


#: Nouns that count a crowd ("*hundreds* of migrants").
COUNT_NOUNS = frozenset({"hundred", "thousand", "dozen", "score", "million", "ten", "tens"})


def _own_subject(verb: Token) -> Token | None:
    if is_passive(verb):
        agent = child(verb, "agent")
        return child(agent, "pobj") if agent is not None else None
    # "visiting Japanese Defence Minister X held ...": the parser may read the participle
    # as a clausal subject beside the real one; "Beijing, 20 May: Dar held talks ...": the
    # dateline's place is no subject beside the real one
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if len(subjects) > 1:
        from ..actors.owners import dateline

        subjects = [c for c in subjects if not dateline(c)] or subjects
        # "Citing Kigali's backing for the rebels, Canada suspended aid": a fronted phrase
        # the parser read as a subject, closed by a comma before the real one
        subjects = [s for s in subjects if not _fronted_before(s, subjects)] or subjects
    found = subjects[0] if subjects else None
    if found is not None and len(subjects) == 1:
        from ..actors.owners import dateline

        if dateline(found):
            # "Tashkent, 9 May 2025: The Foreign Minister of X, A, received ...": the parser
            # hangs the subject on the dateline's place as an apposition
            found = next(
                (c for c in found.children if c.dep_ == "appos" and c.ent_type_ not in DATED),
                found,
            )
    return found or child(verb, "csubj")


#: Entity types of a dateline's date ("9 May 2025"), no subject.
DATED = frozenset({"DATE", "CARDINAL", "TIME"})


def _fronted_before(subject: Token, subjects: list[Token]) -> bool:
    """Whether a comma closes ``subject``'s phrase before another of the verb's subjects
    that runs into the verb ("Members of X, *a body linked to Y*, investigated": there the
    second is a description set off by commas, and the first the subject)."""
    doc = subject.doc
    end = subject.right_edge.i

    def comma(start: int, stop: int) -> bool:
        return any(t.text == "," for t in doc[start:stop])

    return any(
        other.i > end
        and comma(end + 1, other.left_edge.i + 1)
        and not comma(other.right_edge.i, other.head.i)
        for other in subjects
    )


def direct_object(verb: Token) -> Token | None:
    """The object: ``dobj`` (the passive subject for passives), or the noun after a
    partitive ("the next round of talks" -> talks is its lemma, but the token stays)."""
    if is_passive(verb):
        if reduced_passive(verb):
            return verb.head  # "the civilians killed by ...": the civilians
        return child(verb, "nsubjpass") or (child(verb, "nsubj") if _elided_passive(verb) else None)
    found = child(verb, "dobj")
    if found is not None and found.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        # "the defence pact *that* Poland and France signed": the noun the clause is on
        return verb.head
    if found is None and _object_relative(verb):
        # "the pact Poland and France signed on Friday": the object left out is that noun
        return verb.head
    return found or _misread_object(verb) or _visiting_guest(verb)


def _object_relative(verb: Token) -> bool:
    """A relative clause with a subject of its own and no relative pronoun, whose object is
    the noun it is on ("the pact *Poland and France signed*"); not a "that" clause the parser
    hung on a noun ("a call that India had accepted ..."), nor "among the officials it met"."""
    among = verb.head.dep_ == "pobj" and verb.head.head.lower_ == "among"
    return (
        verb.dep_ == "relcl"
        and verb.head.pos_ == "NOUN"
        and not among
        and child(verb, "nsubj") is not None
        and child(verb, "mark") is None
        and not any(c.tag_ in ("WDT", "WP") for c in verb.children)
    )


#: Verbs of meeting a guest ("met visiting President X").
MEETING_VERBS = frozenset({"meet", "receive", "host", "greet", "welcome", "hold"})


def visiting_adjective(token: Token) -> bool:
    """ "met (with) *visiting* Kenyan President Ruto": the small model reads the adjective as
    a verb whose object is the guest, right after it."""
    obj = child(token, "dobj")
    host = token.head.head if token.dep_ == "pcomp" and token.head.lower_ == "with" else token.head
    return (
        token.lower_ == "visiting"
        and token.dep_ in ("xcomp", "advcl", "pcomp", "dep")
        and (host.lemma_.lower() in MEETING_VERBS or (obj is not None and _a_person(obj)))
        and obj is not None
        and obj.left_edge.i == token.i + 1
        and obj.pos_ == "PROPN"
    )


def _a_person(head: Token) -> bool:
    """A named person, or a title before a name ("Saudi Crown Prince Mohammed bin Salman"),
    not a place ("visiting Canberra")."""
    return head.ent_type_ == "PERSON" or any(
        t.ent_type_ == "PERSON" for t in head.subtree if t.i <= head.i
    )


def _visiting_guest(verb: Token) -> Token | None:
    """The guest of a meeting verb the parser hung under a misread "visiting" (on the verb,
    or on its "with")."""
    for c in verb.children:
        for v in (c, *(g for g in c.children if c.dep_ == "prep" and c.lower_ == "with")):
            if visiting_adjective(v):
                return child(v, "dobj")
    return None


#: Hedges the small model reads as verbs before an object ("bombed *suspected* hideouts").
HEDGES = frozenset({"suspected", "alleged", "purported", "presumed"})


def _misread_object(verb: Token) -> Token | None:
    """ "imposed asset freezes and travel bans on ...": the small model reads the object
    "asset freezes" as a clause (subject "asset", verb "freezes"); that verb is the object.
    "bombed suspected TTP hideouts": it reads "suspected" as a verb with the object."""
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if after is not None and after.lower_ in HEDGES and after.head.i == verb.i:
        hedged = child(after, "dobj")
        if hedged is not None:
            return hedged
    counted = _up_to_count(verb)
    if counted is not None:
        return counted
    named = child(verb, "oprd")
    if named is not None and named.pos_ == "PROPN" and named.ent_type_ == "PERSON":
        return named  # "called *U.S. President Donald Trump* on Thursday": read as a name given
    judged = _judged_before_object(verb)
    if judged is not None:
        return judged
    placed = _apposed_to_the_place(verb)
    if placed is not None:
        return placed
    comp = child(verb, "ccomp")
    if comp is None or comp.tag_ != "VBZ" or comp.i != verb.i + 2:
        return None
    before = comp.doc[comp.i - 1]
    bare = not any(c.dep_ in ("mark", "aux", "auxpass", "neg") for c in comp.children)
    return comp if bare and before.dep_ == "nsubj" and before.pos_ == "NOUN" else None


def _apposed_to_the_place(verb: Token) -> Token | None:
    """ "received today, at the Itamaraty Palace, *the Minister of Foreign Affairs of X*, Y":
    with the place set before the object, the parser makes the object an apposition of the
    place. A meeting verb with no object of its own takes an apposition of its "at"/"in"
    place that is a title or a person, not another name for the place."""
    if verb.lemma_.lower() not in MEETING_VERBS or child(verb, "dobj") is not None:
        return None
    for prep in verb.children:
        place = child(prep, "pobj") if prep.dep_ == "prep" and prep.lower_ in ("at", "in") else None
        if place is None or place.ent_type_ == "PERSON":
            continue
        for appos in place.children:
            if appos.dep_ == "appos" and appos.i > place.i and (_a_person(appos) or _a_role(appos)):
                return appos
    return None


def _a_role(head: Token) -> bool:
    """A title's head word, as the actor lexicon knows them ("the *Minister* of ...")."""
    from ..actors.lexicon import ROLE_HEADS, ROLE_NOUNS

    return head.lower_ in ROLE_NOUNS or head.lower_ in ROLE_HEADS


def example_objects(obj: Token) -> list[Token]:
    """The items of an example list on an object or its conjuncts ("supplies, *including
    tents and water purifiers*", "personnel *such as doctors*")."""
    found: list[Token] = []
    for noun in conjuncts(obj):
        for c in noun.children:
            listed = c.dep_ == "prep" and (
                c.lower_ in ("including", "like")
                or (c.lower_ == "as" and any(a.lower_ == "such" for a in c.children))
            )
            item = child(c, "pobj") if listed else None
            found += conjuncts(item) if item is not None else []
    return found


def _judged_before_object(verb: Token) -> Token | None:
    """ "dismissed *as baseless* Eritrea's claim": the judgement put before the object, which
    the small model reads as the object of "as"; the noun after the adjective is the
    object."""
    as_ = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if as_ is None or as_.lower_ != "as" or as_.head.i != verb.i or child(verb, "dobj"):
        return None
    noun = child(as_, "pobj")
    judged = verb.doc[as_.i + 1] if as_.i + 1 < len(verb.doc) else None
    # the judgement: an adjective, or a lower-case word the tagger misread ("baseless")
    judgement = judged is not None and (
        judged.pos_ == "ADJ" or (judged.is_lower and judged.pos_ not in ("DET", "PRON", "NUM"))
    )
    if noun is None or judged is None or not judgement or judged.head.i == as_.i:
        return None
    return noun if noun.i > judged.i + 1 else None


def _up_to_count(verb: Token) -> Token | None:
    """ "kidnapped *up to 16* advisers": the small model reads "up" as the verb's particle and
    "to 16 advisers" as a place; the counted noun is the object."""
    up = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if up is None or up.lower_ != "up" or up.head.i != verb.i or up.dep_ != "prt":
        return None
    to = child(up, "prep") or child(verb, "prep")
    obj = child(to, "pobj") if to is not None and to.lower_ == "to" and to.i == up.i + 1 else None
    return obj if obj is not None and any(t.like_num for t in obj.lefts) else None


NAME_ENTS = frozenset({"PERSON", "ORG", "GPE", "NORP"})


def is_named(token: Token | None) -> bool:
    """Whether a noun phrase head is a name ("recognized *Kosovo*", "praised *Pakistan*")."""
    return token is not None and (token.pos_ == "PROPN" or token.ent_type_ in NAME_ENTS)


def object_lemmas(obj: Token | None) -> Iterator[str]:
    """Lemmas an object matches: its own, and the noun after a partitive "of"."""
    if obj is None:
        return
    yield obj.lemma_.lower()
    yield obj.lower_
    if obj.lower_ in CURRENCY_WORDS:
        yield "money"  # "gave 352.5 million euros": a sum in any currency
    yield from (c.lemma_.lower() for c in obj.children if c.dep_ == "compound")
    # "a sit-in", which the tokenizer splits: the hyphenated word
    doc = obj.doc
    if obj.i >= 2 and doc[obj.i - 1].text == "-" and doc[obj.i - 2].head.i == obj.i:
        yield f"{doc[obj.i - 2].lower_}-{obj.lower_}"
    if obj.lemma_.lower() in PARTITIVES or obj.like_num or obj.lower_ in CURRENCY_WORDS:
        # "the next round of talks", "millions of refugees", "$2 billion in assistance",
        # "80 million euros in humanitarian assistance"
        for prep in obj.children:
            pobj = child(prep, "pobj") if prep.lower_ in ("of", "in") else None
            if pobj is not None:
                yield pobj.lemma_.lower()


#: Things said or written, whose participle ("a message ... accusing X") is their author's.
TEXTS = frozenset(
    {"message", "statement", "report", "letter", "tweet", "post", "video", "speech", "remark",
     "comment", "note", "communique", "communiqué", "resolution", "decision", "document",
     "article", "editorial", "declaration", "announcement", "broadcast", "address", "interview"}
)  # fmt: skip


#: Verbs of giving out a text, whose subject says what the text says.
ISSUING = frozenset(
    {"issue", "send", "deliver", "hand", "write", "submit", "lodge", "file", "release",
     "publish", "present", "post", "table", "circulate", "dispatch", "convey", "pen", "serve"}
)  # fmt: skip


def issuing_verb(participle: Token) -> Token | None:
    """The verb that gives out the text a participle describes ("*issued* a statement
    condemning ...", "*sent* a note to India requesting ..."; not "welcomed a report
    accusing ...", whose author is another), or None."""
    if participle.tag_ != "VBG":
        return None
    if participle.dep_ == "advcl":  # "delivered a protest note to China, *objecting* to ..."
        verb = participle.head
        text = direct_object(verb) if verb.lemma_.lower() in ISSUING else None
        return verb if text is not None and _a_text(text) else None
    text = participle.head
    if participle.dep_ != "acl" or not _a_text(text):
        return None
    verb = text.head
    if text.dep_ != "dobj" or verb.lemma_.lower() not in ISSUING:
        return None
    return verb


def _a_text(noun: Token) -> bool:
    """A text noun, alone or heading a compound the parser turned round ("a note
    *verbale*")."""
    return noun.lemma_.lower() in TEXTS or any(
        c.dep_ == "compound" and c.lemma_.lower() in TEXTS for c in noun.children
    )


def infinitive(verb: Token) -> bool:
    """Whether a verb is a "to" infinitive ("decided *to suspend*")."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _participle_of_group(current: Token, verb: Token) -> bool:
    """Whether ``verb`` is a participle modifying a noun that does it ("protesters
    *demanding* the resignation"; not "a message from Trump *accusing* Pakistan", whose
    author accuses)."""
    return (
        current is verb
        and verb.dep_ == "acl"
        and verb.tag_ == "VBG"
        and verb.head.pos_ in ("NOUN", "PROPN")
        and not _a_text(verb.head)
    )


def _antecedent(relative: Token, head: Token) -> Token:
    """What a relative pronoun stands for: the noun its clause hangs on, except that "who"
    is never a place: "met members of the diaspora in Washington, *who* pledged ..." (the
    parser hangs the clause on Washington) is the members; nor is any relative a time:
    "the attack on the hospital on Friday, *which* killed 70" is the attack."""
    place = relative.lower_ == "who" and head.ent_type_ in ("GPE", "LOC", "FAC")
    if not (place or head.ent_type_ in TIME_ENTS):
        return head
    if head.dep_ != "pobj" or head.head.dep_ != "prep":
        return head
    holder = head.head.head  # "members of the diaspora *in Washington*" or "met X *in* ..."
    if holder.pos_ in ("NOUN", "PROPN"):
        return _antecedent(relative, holder)
    obj = direct_object(holder) if holder.pos_ == "VERB" else None
    return obj if obj is not None and obj.i < head.i else head


def noun_agent(noun: Token) -> Token | None:
    """The "by" agent of a nominal act, on the noun or on its "of" object, where the parser
    often hangs it ("the expulsion of two diplomats *by Baku*"); not a time ("by Friday")."""
    of = prep_object([noun], "of")
    by = prep_object([noun, *([of] if of is not None else [])], "by")
    return by if by is not None and by.ent_type_ not in TIME_ENTS else None


def act_of(noun: Token | None) -> Token | None:
    """The act a noun commits to: its to-infinitive ("the commitment *to strengthen* ties")
    or the gerund after its "to" ("their commitment to *working* with Canada")."""
    if noun is None:
        return None
    # "their commitment to the process and *to working* with Canada": the parser may hang
    # the second "to" on the verb
    stray = [c for c in noun.head.children if c.dep_ == "conj" and c.lower_ == "to"]
    for c in [*noun.children, *(s for s in stray if s.i > noun.i)]:
        if c.dep_ == "conj":
            gerund = next((g for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"), None)
            if gerund is not None:
                return gerund
            continue
        if c.dep_ == "acl" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children):
            return c
        if c.dep_ == "prep" and c.lower_ == "to":
            gerund = next((g for g in c.children if g.dep_ == "pcomp" and g.tag_ == "VBG"), None)
            if gerund is not None:
                return gerund
    return None


def partitive_object(obj: Token) -> Token | None:
    """The noun after a partitive object ("part *of a program*", "a batch of weapons")."""
    if obj.lemma_.lower() not in PARTITIVES:
        return None
    return next(
        (g for c in obj.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"),
        None,
    )


def prep_object(heads: list[Token], word: str) -> Token | None:
    """The object of preposition ``word`` attached to any of ``heads``."""
    for head in heads:
        for c in head.children:
            if c.dep_ in ("prep", "agent", "dative", "advmod") and c.lower_ == word:
                found = child(c, "pobj") or _clause_subject_of(c)
                if found is not None and found.ent_type_ in TIME_ENTS:  # "on Wednesday"
                    found = _name_before_time(found)
                if found is not None and word == "with" and _circumstantial_with(c, found):
                    continue  # "*with the help of* France, Germany agreed": a helper
                if found is not None:
                    return found
    return _with_past_the_venue(heads) if word == "with" else None


#: Nouns of where or at what a meeting is held, on which the parser hangs the "with" phrase
#: that follows them ("held meetings on the sidelines of the summit *with* X").
VENUE_NOUNS = frozenset(
    {"sidelines", "margins", "fringes", "sideline", "margin", "summit", "assembly",
     "conference", "session", "forum", "meeting", "meetings", "talks", "headquarters",
     "ministry", "office", "palace", "house", "residence", "capital", "city"}
)  # fmt: skip


def _with_past_the_venue(heads: list[Token]) -> Token | None:
    """ "held bilateral meetings on the sidelines of the General Assembly *with* X": the
    "with" phrase the parser hung on the venue of a meeting (its "on"/"at"/"in"/"during"
    phrase, down an "of" chain) is the meeting's."""
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("on", "at", "in", "during"):
                continue
            place = child(prep, "pobj")
            while place is not None and (place.lower_ in VENUE_NOUNS or place.pos_ == "PROPN"):
                with_ = next(
                    (c for c in place.children if c.dep_ == "prep" and c.lower_ == "with"), None
                )
                found = child(with_, "pobj") if with_ is not None else None
                if (
                    with_ is not None
                    and found is not None
                    and not _circumstantial_with(with_, found)
                ):
                    return found
                of = next(
                    (c for c in place.children if c.dep_ == "prep" and c.lower_ == "of"), None
                )
                place = child(of, "pobj") if of is not None else None
    return None


#: Nouns of "with the help of X": X helps, it is no counterpart.
MEANS = frozenset({"help", "support", "assistance", "backing", "aid", "mediation", "consent"})


def _circumstantial_with(prep: Token, obj: Token) -> bool:
    """A "with" phrase that says how or in what circumstance, not with whom: "*with the
    help of* France", or one that opens the sentence ("*With the signing of the accord*, A
    and B agreed")."""
    return obj.lemma_.lower() in MEANS or (prep.i == prep.sent.start and prep.head.i > prep.i)


#: Nouns of hostilities a preparation can be for ("mobilized reservists for a war").
HOSTILITIES = frozenset(
    {"war", "attack", "offensive", "invasion", "assault", "strike", "operation", "campaign",
     "conflict", "confrontation", "fight", "battle", "incursion"}
)  # fmt: skip


def hostile_purposes(verb: Token) -> list[Token]:
    """The hostilities a verb's "for" phrase names ("called up reservists *for a
    possible war* against its neighbour"), where the parser hangs whom they are against."""
    return [
        o
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "for"
        for o in c.children
        if o.dep_ == "pobj" and o.lemma_.lower() in HOSTILITIES
    ]


#: Prepositions that give what an object is about ("concerns *about* the package").
TOPIC_PREPS = ("about", "over", "regarding", "on")


def topic_objects(obj: Token) -> list[Token]:
    """The objects of an object's topic prepositions, where the parser may hang what belongs
    to the verb ("conveyed concerns about the package *to X*")."""
    return [o for w in TOPIC_PREPS if (o := prep_object([obj], w)) is not None]


def _clause_subject_of(prep: Token) -> Token | None:
    """ "spoke with X to discuss Y": the parser reads "X to discuss Y" as a clause under the
    preposition; its subject is the preposition's object. So is the subject of a clause
    that starts right after a bare preposition ("granted asylum to *five officers* holed up
    in ...")."""
    clause = child(prep, "pcomp")
    if clause is not None and clause.pos_ == "VERB":
        return child(clause, "nsubj")
    if any(c.dep_ == "pobj" for c in prep.children):
        return None
    # "granted asylum to five officers holed up in ...": the parser makes the object the
    # subject of the participle after it, and leaves the preposition bare
    nxt = prep.doc[prep.i + 1] if prep.i + 1 < len(prep.doc) else None
    subject = nxt.head if nxt is not None and nxt.head.dep_ == "nsubj" else None
    if subject is None and nxt is not None and nxt.dep_ == "nsubj":
        subject = nxt
    if subject is None or subject.left_edge.i != prep.i + 1:
        return None
    return subject if subject.head.dep_ in ("advcl", "acl", "conj") else None


def reported_before(verb: Token) -> Token | None:
    """The clause an inverted report tells ("India was sponsoring terrorism, *Pakistan
    charged* on Monday"): the sentence's main verb, when ``verb`` has a subject of its own,
    follows it after a comma and ends the sentence (the parser may hang it anywhere)."""
    root = verb.sent.root
    if root.i >= verb.i or root.pos_ not in ("VERB", "AUX"):
        return None
    subject = child(verb, "nsubj")
    if subject is None and verb.dep_ == "acl" and verb.head.pos_ == "NOUN":
        subject = verb.head  # "..., a human rights group protested": the parser's participle
    if subject is None or subject.tag_ in ("WP", "WDT") or subject.i > verb.i:
        return None
    start = subject.left_edge.i
    if start == 0 or verb.doc[start - 1].text != ",":
        return None
    rest = [t for t in verb.doc[verb.right_edge.i + 1 : verb.sent.end] if not t.is_punct]
    return root if not rest else None


def _name_before_time(time: Token) -> Token | None:
    """ "met with Turkish Minister of Defense Fikri Isik today": the parser makes "today"
    the object and hangs the name on it; the name is the object."""
    return next(
        (c for c in time.children if c.dep_ in ("nmod", "compound") and c.pos_ == "PROPN"),
        None,
    )


#: Means of talking: "spoke *by telephone* with X" (the "with" hangs on the means).
MEANS_NOUNS = frozenset(
    {"telephone", "phone", "video", "videoconference", "video-conference", "videolink",
     "link", "line", "call", "teleconference"}
)  # fmt: skip


def means_objects(verb: Token) -> list[Token]:
    """The objects of "by/via/over" phrases naming a means of talking ("by telephone",
    "via video link"), where the parser hangs the "with X" of the one talked to."""
    return [
        pobj
        for prep in verb.children
        # (the parser may read "by telephone" as a passive's agent)
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("by", "via", "over")
        for pobj in prep.children
        if pobj.dep_ == "pobj" and pobj.lemma_.lower() in MEANS_NOUNS
    ]


def has_particle(verb: Token, word: str) -> bool:
    """Whether the verb has this particle or preposition ("call *on*"), or this hyphened
    prefix ("*test*-fired"); a preposition that only introduces a time ("called X *on*
    Saturday") is none, unless it is "until", which introduces nothing else (a deadline:
    "gave Iraq *until January 15* to withdraw")."""
    if word == "until":
        return any(c.dep_ == "prep" and c.lower_ == "until" for c in verb.children)
    after = verb.doc[verb.i + 1] if verb.i + 1 < len(verb.doc) else None
    if after is not None and after.lower_ == word and after.dep_ == "quantmod":
        return True  # "handed *over* 500,000 doses": the parser reads "over 500,000"
    if after is not None and after.lower_ == word and after.dep_ == "mark":
        return after.head.head == verb  # "called *for* the attackers to be brought to ..."
    return any(
        c.lower_ == word
        and (
            c.dep_ == "prt"
            or (c.dep_ == "prep" and _next_to(verb, c) and not time_phrase(c))
            or (c.dep_ == "advmod" and c.i == verb.i + 1)  # "looked *forward* to"
            # "handed two captured soldiers *back* to Armenia": the particle after the object
            or (c.dep_ == "advmod" and word in SPLIT_PARTICLES and _after_object(verb, c))
            or (c.i == verb.i - 2 and verb.doc[verb.i - 1].text == "-")  # "*test*-fired"
        )
        for c in verb.children
    )


#: Particles the parser reads as adverbs when they follow the object ("handed X *back*").
SPLIT_PARTICLES = frozenset({"back", "over"})


def _after_object(verb: Token, particle: Token) -> bool:
    obj = direct_object(verb)
    return obj is not None and obj.i < particle.i


#: Prepositions of a place phrase a particle may follow ("placed its units *along the
#: border* on high alert").
PLACE_PREPS = frozenset({"along", "near", "in", "at", "across", "around", "inside", "outside"})


def _next_to(verb: Token, prep: Token) -> bool:
    """A preposition right after the verb or its object ("called *on* X", "handed the note
    *over*"), or after place phrases there ("placed its units along the border *on* high
    alert"), not one further on ("handed to X on Monday *over* the firing")."""
    obj = direct_object(verb)
    end = max(t.i for t in obj.subtree) if obj is not None and obj.i > verb.i else verb.i
    if prep.i in (verb.i + 1, end + 1):
        return True
    following = sorted(
        (c for c in verb.children if c.dep_ == "prep" and c.i > end), key=lambda c: c.i
    )
    after = end + 1
    for phrase in following:
        if phrase.i != after or phrase.lower_ not in PLACE_PREPS:
            return False
        after = max(t.i for t in phrase.subtree) + 1
        if after == prep.i:
            return True
    return False


def time_phrase(prep: Token) -> bool:
    """Whether a preposition only introduces a time ("*on* Sunday")."""
    pobj = child(prep, "pobj")
    return pobj is not None and pobj.ent_type_ in TIME_ENTS


def conjuncts(head: Token) -> list[Token]:
    """The heads of coordinated noun phrases, one per participant: "A, B and C" gives
    A, B, C; conjuncts that spaCy hangs under an apposition are collected too, while the
    apposition itself ("Antony J Blinken, Secretary of State") stays with its head. A
    person the parser made a modifier of the second conjunct ("Secretary Mattis and
    Defense Minister Onodera discussed": Mattis ``nmod`` of Onodera) is the first."""
    found = [*_folded(head), head]
    for c in head.children:
        if c.dep_ == "conj" and _honour(c):  # "Munir, NI (M), Chief of Army Staff"
            found.extend(t for g in c.children if g.dep_ == "conj" for t in conjuncts(g))
        elif c.dep_ == "conj" and _second_title(head, c):
            found.remove(head)  # "Deputy Prime Minister and Foreign Minister, X": one person
            found.extend(conjuncts(c))
        elif c.dep_ == "conj":
            found.extend(conjuncts(c))
        elif c.dep_ == "appos" and _honour(c):
            continue  # "General Syed Asim Munir, NI (M), Chief of Army Staff": his decoration
        elif c.dep_ == "appos" and any(a.dep_ == "conj" for a in c.children):
            found.extend(conjuncts(c))  # "A, B and C" misparsed as A appos (B conj C)
        elif c.dep_ == "appos" and (nested := _person_list_in(c)) is not None:
            found.extend(conjuncts(nested))
    return found


def _second_title(head: Token, conj: Token) -> bool:
    """Whether ``conj`` is a second title of the one person ``head`` names by title alone:
    "Ethiopia's Deputy Prime Minister and Foreign Minister, X" (the name set off after the
    last title, no article before it) -- not "the Prime Minister and the Foreign Minister, X",
    two people of whom the text names one."""

    def bare_title(token: Token) -> bool:
        return token.pos_ == "PROPN" and token.ent_type_ == "" and token.text[:1].isupper()

    doc = head.doc
    named = [
        a
        for a in conj.children
        if a.dep_ == "appos"
        and a.ent_type_ == "PERSON"
        and a.i > conj.i
        and doc[a.left_edge.i - 1].text == ","
    ]
    first = doc[head.left_edge.i : conj.left_edge.i]
    return (
        not any(t.ent_type_ == "PERSON" for t in first)  # "Secretary of State X and ..."
        and bare_title(head)
        and bare_title(conj)
        and bool(named)
        and not any(a.dep_ == "appos" for a in head.children)
        and not any(t.dep_ == "det" for t in conj.children)
        and not any(t.dep_ == "conj" for t in conj.children)
        and sum(t.dep_ == "conj" for t in head.children) == 1
    )


def _honour(appos: Token) -> bool:
    """Post-nominal letters in apposition: "NI (M)", "HI(M)" (letters with a bracketed
    service letter), "OBE", "KBE" -- not an acronym of a state or a body ("Saudi Arabia, UAE
    and Qatar")."""
    text = appos.text
    if not (text.isupper() and text.isalpha() and len(text) <= 4):
        return False
    after = appos.doc[appos.i + 1 : appos.i + 4]
    bracketed = len(after) == 3 and after[0].text == "(" and after[2].text == ")"
    return (bracketed and len(after[1].text) == 1) or text in POST_NOMINALS


#: Post-nominal letters of orders and honours that follow a name without brackets.
POST_NOMINALS = frozenset({"OBE", "MBE", "CBE", "KBE", "GBE", "CMG", "KCMG", "GCMG", "KCB", "GCB"})


def _person_list_in(appos: Token) -> Token | None:
    """A list of people the parser hid inside an apposition: "A, Chairman of the Joint Chiefs
    General B, C and D" comes out as A appos (Chairman of (B conj C conj D))."""
    for token in appos.subtree:
        if (
            token.dep_ == "pobj"
            and token.ent_type_ == "PERSON"
            and any(c.dep_ == "conj" and c.ent_type_ == "PERSON" for c in token.children)
        ):
            return token
    return None


def _folded(head: Token) -> list[Token]:
    """Modifiers of ``head`` (through its compound/nmod chain) that are a folded first
    conjunct (see :func:`_coordinated_modifier`)."""
    found: list[Token] = []
    queue = [c for c in head.children if c.dep_ in ("nmod", "compound")]
    while queue:
        token = queue.pop(0)
        if _coordinated_modifier(token, head):
            found.append(token)
            continue
        queue.extend(c for c in token.children if c.dep_ in ("nmod", "compound"))
        # "External Affairs Minister S. Jaishankar and Defence Minister Rajnath Singh": the
        # first name an apposition of the second's title, with the "and" and a conjunct
        queue.extend(c for c in token.children if c.dep_ == "appos" and c.ent_type_ == "PERSON")
    return found


def _second_phrase_start(folded: Token) -> int:
    """Where the second of two folded phrases begins: at the first one's conjunct, or, when
    the parser gave it none, right after its "and"."""
    conj = [g.left_edge.i for g in folded.children if g.dep_ == "conj"]
    return min(conj) if conj else min(g.i + 1 for g in folded.children if g.dep_ == "cc")


def _coordinated_modifier(token: Token, head: Token | None = None) -> bool:
    """A named person hung as a modifier on a noun, with its own "and" and conjunct: the
    first of two coordinated phrases the parser folded into the second."""
    head = head if head is not None else token.head
    conjoined = any(c.dep_ == "conj" and c.i < head.i for c in token.children)
    return (
        token.dep_ in ("nmod", "compound", "appos")
        and token.ent_type_ == "PERSON"
        and any(c.dep_ == "cc" for c in token.children)
        # (or, with no conjunct, on another person's name: "met Secretary of State A *and*
        # Defense Secretary B", A an nmod of B)
        and (conjoined or (token.head.ent_type_ == "PERSON" and token.head.pos_ == "PROPN"))
    )


def accompanying(head: Token) -> list[Token]:
    """Parties added with "along with" / "together with" on ``head`` ("held talks with X,
    along with Bahrain's foreign minister")."""
    return [
        g
        for c in head.children
        if c.dep_ == "prep" and c.lower_ in ("along", "together")
        for w in c.children
        if w.dep_ == "prep" and w.lower_ == "with"
        for g in w.children
        if g.dep_ == "pobj"
    ]


def leader_of(group: Token) -> Token | None:
    """ "The delegation, *led by* Deputy Foreign Minister X": the one heading a group."""
    for c in group.children:
        if c.dep_ == "acl" and c.lemma_.lower() in ("lead", "head"):
            agent = child(c, "agent")
            found = child(agent, "pobj") if agent is not None else None
            if found is not None:
                return found
    return None


def hyphen_named(head: Token) -> bool:
    """Whether a name is built on a hyphenated pair ("the Pakistan-US Strategic Dialogue",
    "the U.S.-Pakistan Dialogue", where the tokenizer keeps the pair one word)."""
    doc = head.doc
    span = np_span(head)
    # names on both sides of a dash, in the phrase before its head ("a three-day visit to
    # mark ... the China-Pakistan Economic Corridor" is no visit named for two states)
    return any(
        (
            t.text in ("-", "–")
            and t.i > span.start
            and doc[t.i - 1].pos_ == doc[t.i + 1].pos_ == "PROPN"
        )
        or ("-" in t.text.strip("-") and t.pos_ == "PROPN")
        for t in doc[span.start : head.i]
    )


def np_span(head: Token) -> SpacySpan:
    """The noun phrase of ``head`` without coordinated phrases and relative clauses, but
    with an apposition that carries no conjuncts (and, for a folded coordination, only the
    second phrase: see :func:`conjuncts`)."""
    doc = head.doc
    keep = [head]
    for c in head.children:
        if c.dep_ in NP_STOP_DEPS and not _plain_appos(c):
            continue
        if c.dep_ == "prep" and _circumstance(c):
            continue  # "X on the sidelines of the summit", "the leader for dinner"
        keep.extend(c.subtree)
    if head.dep_ == "ROOT":  # a sentence read as one noun phrase: its clauses are the verbs
        clauses = {t.i for d in head.subtree if d.dep_ in ("acl", "relcl") for t in d.subtree}
        keep = [t for t in keep if t.i not in clauses]
    folded = _folded(head)
    if folded:  # only the second of the folded phrases: from the first one's conjunct on
        first = min(_second_phrase_start(f) for f in folded)
        keep = [t for t in keep if t.i >= first]
    left = min(t.i for t in keep)
    right = max(t.i for t in keep)
    while right > left and doc[right].is_punct:
        right -= 1
    if right + 1 < len(doc) and _unclosed(doc[left : right + 1]) == doc[right + 1].text:
        right += 1  # "the International Labor Office (ILO*)*"
    return doc[left : right + 1]


def _unclosed(span: SpacySpan) -> str | None:
    """The closing bracket a span needs: it opened one it does not close."""
    words = [t.text for t in span]
    for opening, closing in (("(", ")"), ("[", "]")):
        if words.count(opening) > words.count(closing):
            return closing
    return None


#: Prepositions that tell where, when or why, not who ("Minister for Foreign Affairs" and
#: "Ambassador to Pakistan" keep theirs).
CIRCUMSTANCE_PREPS = frozenset(
    {"on", "at", "during", "after", "before", "since", "amid", "following", "throughout",
     "under", "upon", "despite", "near", "for"}
)  # fmt: skip
TITLE_NOUNS = frozenset(
    {"minister", "secretary", "coordinator", "representative", "envoy", "commissioner",
     "adviser", "advisor", "ambassador", "director", "chief", "head", "council", "committee",
     "commission", "ministry", "office", "department", "agency"}
)  # fmt: skip


def _circumstance(prep: Token) -> bool:
    if prep.lower_ not in CIRCUMSTANCE_PREPS:
        return False
    if prep.lower_ == "at" and prep.head.lemma_.lower() in EMPLOYED:
        return False  # "workers *at South Korea's Hyundai Motor*": their employer
    return not (prep.lower_ == "for" and prep.head.lower_ in TITLE_NOUNS)


#: Nouns for people whom an "at" phrase says where they work.
EMPLOYED = frozenset({"worker", "employee", "staff", "staffer", "personnel", "scientist", "doctor"})


def _plain_appos(token: Token) -> bool:
    """An apposition without conjuncts, next to its noun: one the parser hung on a noun
    across the verb ("Kenya eased rules in Lamu county, *the scene of* ...")
    belongs to the nearer noun, not to the subject."""
    if token.dep_ != "appos" or any(c.dep_ == "conj" for c in token.children):
        return False
    head = token.head
    lo, hi = sorted((head.i, token.left_edge.i if token.i > head.i else token.right_edge.i))
    within = {t.i for t in head.subtree}
    return all(t.is_punct or t.i in within for t in head.doc[lo + 1 : hi])


def participial_heads(verb: Token) -> list[Token]:
    """Participial clauses attached to the verb ("..., chanting slogans against him") and
    their objects, where secondary recipients are sometimes found."""
    found: list[Token] = []
    for c in verb.children:
        if c.dep_ == "advcl" and c.tag_ == "VBG":
            found.append(c)
            found.extend(o for o in c.children if o.dep_ == "dobj")
    return found


#: Words that open a list of the members of a group just named: "senior officials, *among
#: them* A, B and C", "several ministers, *including* A and B".
LIST_CUES = frozenset({"including", "among", "such", "namely", "notably", "especially"})
LIST_STOPS = frozenset({".", "?", "!"})  # not ";", which readouts list people with


def listed_members(head: Token) -> list[SpacySpan]:
    """The people named in a list attached to a group noun ("met senior officials, among
    them A, the Finance Minister, B, the Interior Minister, and C, head of ..."): every
    PERSON entity after the list cue up to the end of the clause. Read off the token
    sequence rather than the parse, which the small model often breaks on such lists;
    titles in apposition ("the Finance Minister") are not members of their own."""
    if head.pos_ != "NOUN" or head.ent_type_ == "PERSON":
        return []
    inner = partitive_object(head)
    if inner is not None and inner.pos_ == "NOUN":
        head = inner  # "a number of his counterparts, including ..."
    cue = _list_cue(head)
    if cue is None:
        return []
    members: list[SpacySpan] = []
    for ent in head.doc.ents:
        if ent.start <= cue or ent.label_ != "PERSON":
            continue
        if _list_ended(head.doc[cue + 1 : ent.start]):
            break
        members.append(ent)
    return members


def _list_cue(head: Token) -> int | None:
    """Index of the cue word after ``head``'s noun phrase, or None: right after it (a comma
    or colon may come between), or after a comma that closes phrases of place and time on
    the clause ("met several African leaders on the sidelines of the forum in Beijing,
    *including* ..."; "conferred with senior officials on Monday, *among* them ...")."""
    doc = head.doc
    listing = next((c for c in head.children if c.dep_ == "prep" and c.lower_ in LIST_CUES), None)
    if listing is not None:  # the parser hangs "including ..." inside the noun phrase
        i = listing.i
        if doc[i].lower_ in ("among", "such") and i + 1 < len(doc):
            i += 1
        return i
    i = np_span(head).end
    limit = min(len(doc), i + 14)
    while i < limit and doc[i].text not in (",", ":") and _circumstantial(doc[i], head):
        i += 1
    if i < len(doc) and doc[i].text in (",", ":"):
        i += 1
    if i >= len(doc) or doc[i].lower_ not in LIST_CUES:
        return None
    if doc[i].lower_ in ("among", "such") and i + 1 < len(doc):
        i += 1  # "among them", "among whom", "such as"
    return i


def _circumstantial(token: Token, head: Token) -> bool:
    """A token of a phrase of place or time between a group noun and its list: no verb, no
    clause of its own."""
    return token.pos_ not in ("VERB", "AUX", "CCONJ", "SCONJ") and token.dep_ not in (
        "relcl",
        "acl",
        "ccomp",
    )


def _list_ended(between: SpacySpan) -> bool:
    """Whether the tokens between the cue and the next name leave the list: a sentence
    stop, or a verb that starts a clause of its own."""
    return any(
        t.text in LIST_STOPS or (t.pos_ in ("VERB", "AUX") and t.dep_ not in ("acl", "amod"))
        for t in between
    )


OWNER_CHILD_DEPS = frozenset({"amod", "compound", "nmod", "poss", "prep"})


def coordinated_owners(head: Token) -> list[Token]:
    """The coordinated country words inside one noun phrase that make it a compound actor:
    "*Bolivian and Peruvian* officials", "the *U.S. and Pakistani* delegations", "officials
    from the governments of *Chile and Peru*", "the foreign ministers of *India and
    Pakistan*" -- the first such word and its conjuncts (at least two), else nothing.
    Whether each word names a country is for the resolver to say."""
    for token in _modifiers(head):
        if token.pos_ not in ("PROPN", "ADJ", "NOUN") or token.dep_ == "conj":
            continue
        group = [token, *(c for c in _conj_chain(token))]
        if len(group) >= 2:
            return group
    return []


def _modifiers(head: Token) -> Iterator[Token]:
    """Tokens of ``head``'s noun phrase reached through modifier and "of"/"from" phrase
    dependencies, nearest first (not through clauses or coordination)."""
    queue = [c for c in head.children if c.dep_ in OWNER_CHILD_DEPS]
    while queue:
        token = queue.pop(0)
        if token.dep_ == "prep" and token.lower_ not in ("of", "from", "in"):
            continue  # "officials from X and Y", "her counterparts in X, Y and Z"
        if token.dep_ != "prep":
            yield token
        queue.extend(c for c in token.children if c.dep_ in (*OWNER_CHILD_DEPS, "pobj"))


def _conj_chain(token: Token) -> Iterator[Token]:
    for c in token.children:
        if c.dep_ == "conj":
            yield c
            yield from _conj_chain(c)
