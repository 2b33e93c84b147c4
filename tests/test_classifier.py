"""The learned event classifier: features, persistence, the shipped model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from legation.coding import classifier as C
from legation.errors import CodingError
from tests.devdata import dev_dir

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

FIXTURE = dev_dir("classifier")


def _doc(
    words: list[str],
    heads: list[int],
    deps: list[str],
    pos: list[str],
    lemmas: list[str],
    tags: list[str] | None = None,
) -> Doc:
    """A hand-built parse (no model needed)."""
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    starts: list[bool | int | None] = [True]
    starts += [False] * (len(words) - 1)

    return Doc(
        Vocab(),
        words=words,
        heads=heads,
        deps=deps,
        pos=pos,
        lemmas=lemmas,
        tags=tags or ["" for _ in words],
        sent_starts=starts,
    )


@pytest.fixture
def said_attack() -> Doc:
    # "Officials said rebels attacked the base ."
    return _doc(
        words=["Officials", "said", "rebels", "attacked", "the", "base", "."],
        heads=[1, 1, 3, 1, 5, 3, 1],
        deps=["nsubj", "ROOT", "nsubj", "ccomp", "det", "dobj", "punct"],
        pos=["NOUN", "VERB", "NOUN", "VERB", "DET", "NOUN", "PUNCT"],
        lemmas=["official", "say", "rebel", "attack", "the", "base", "."],
        tags=["NNS", "VBD", "NNS", "VBD", "DT", "NN", "."],
    )


def test_event_verb_skips_reporting_root(said_attack: Doc) -> None:
    root, ev = C.event_verb(said_attack[:])
    assert root.text == "said"
    assert ev.text == "attacked"


def test_features_on_hand_built_parse(said_attack: Doc) -> None:
    feats = set(C.sentence_features(said_attack[:]))
    assert {"ev=attack", "evobj=attack|base", "evs=rebel", "rep=say", "evtag=VBD"} <= feats
    assert {"evlex=ASSAULT", "lex=ASSAULT", "l=attack", "w=attacked", "b=rebel_attack"} <= feats
    assert "c=<att" in feats
    assert not any(f.startswith("w=.") for f in feats)  # punctuation is skipped
    assert all(C.feature_group(f) in C.GROUPS for f in feats)
    assert C.feature_group("ev=attack") == "ev"
    assert C.feature_group("evlex=ASSAULT") == "lex"
    # a Doc is accepted as well as a Span
    assert set(C.sentence_features(said_attack)) == feats


def test_negation_modal_and_particle_features() -> None:
    # "Moscow will not pull out troops ."
    doc = _doc(
        words=["Moscow", "will", "not", "pull", "out", "troops", "."],
        heads=[3, 3, 3, 3, 3, 3, 3],
        deps=["nsubj", "aux", "neg", "ROOT", "prt", "dobj", "punct"],
        pos=["PROPN", "AUX", "PART", "VERB", "ADP", "NOUN", "PUNCT"],
        lemmas=["Moscow", "will", "not", "pull", "out", "troop", "."],
        tags=["NNP", "MD", "RB", "VB", "RP", "NNS", "."],
    )
    feats = set(C.sentence_features(doc[:]))
    assert {"evneg", "evneg=pull", "evmod=will", "evprt=pull_out", "evobj=pull|troop"} <= feats
    assert "evlexfut=RETREAT" in feats
    # a future withdrawal is a concession, not (yet) a retreat
    assert C.yield_split(doc[:]) == "CONCEDE"


def test_yield_split_past_release_is_retreat() -> None:
    doc = _doc(
        words=["Rebels", "released", "hostages"],
        heads=[1, 1, 1],
        deps=["nsubj", "ROOT", "dobj"],
        pos=["NOUN", "VERB", "NOUN"],
        lemmas=["rebel", "release", "hostage"],
        tags=["NNS", "VBD", "NNS"],
    )
    assert C.yield_split(doc[:]) == "RETREAT"


def test_feature_hash_is_stable() -> None:
    # CRC-32 (zlib), not Python's salted hash(): the same bucket in every process
    assert C.feature_hash("ev=attack") == 0xA5740058 & ((1 << C.HASH_BITS) - 1)
    assert 0 <= C.feature_hash("w=\u00e9t\u00e9") < 2**C.HASH_BITS


def test_featurizer_rows_are_group_normalised() -> None:
    feats = [["w=a", "w=b", "ev=x", "lex=ASSAULT"], ["w=a", "ev=y"]]
    fz = C._Featurizer.fit(feats)
    assert len(fz) == 5
    names = ["w=a", "w=b", "ev=x", "lex=ASSAULT", "unknown=1"]
    idx, val = fz.row(names)
    assert len(idx) == 4
    # no names are stored; the group of each row comes from the feature name
    group_of = {int(np.searchsorted(fz.buckets, C.feature_hash(f))): C.feature_group(f)
                for f in names[:4]}  # fmt: skip
    for name, weight in C.GROUP_WEIGHTS.items():
        m = np.array([group_of[int(i)] == name for i in idx])
        if m.any():
            assert np.sqrt(np.sum(val[m] ** 2)) == pytest.approx(weight)
    # IDF: "w=a" is in both sentences, so it weighs less than "w=b"
    ia, ib = (int(np.searchsorted(fz.buckets, C.feature_hash(f))) for f in ("w=a", "w=b"))
    assert fz.idf[ia] < fz.idf[ib]
    empty_idx, empty_val = fz.row(["nothing=here"])
    assert empty_idx.size == 0 and empty_val.size == 0


def _toy_model() -> C.EventClassifier:
    feats = [["w=bomb", "ev=bomb"], ["w=meet", "ev=meet"], ["w=free", "ev=free"]]
    fz = C._Featurizer.fit(feats)
    n = len(fz)
    rng = np.random.default_rng(0)
    plover = C._Head(
        ("ASSAULT", "CONSULT", "YIELD"), rng.normal(size=(n, 3)), np.array([0.1, -0.2, 0.0]), 2.0
    )
    penta = C._Head(("0", "1", "2", "3", "4"), rng.normal(size=(n, 5)), np.zeros(5), 1.5)
    return C.EventClassifier(fz, plover, penta, {"note": "toy"})


def test_save_load_round_trip(tmp_path: Path, said_attack: Doc) -> None:
    clf = _toy_model()
    path = tmp_path / "m.npz"
    clf.save(path)
    with np.load(path, allow_pickle=False) as z:  # no pickled objects in the file
        assert set(z.files) >= {"buckets", "idf", "plover_coef", "penta_coef", "meta"}
        assert "vocab" not in z.files
    back = C.EventClassifier.load(path)
    assert back.meta["note"] == "toy"
    assert back.n_features == clf.n_features
    p1, p2 = clf.predict_proba([said_attack[:]]), back.predict_proba([said_attack[:]])
    assert p1.shape == (1, 16)
    np.testing.assert_allclose(p1, p2, atol=1e-2)  # float16 weights
    np.testing.assert_allclose(p2.sum(axis=1), 1.0)
    q = back.predict_penta_proba([said_attack[:]])
    assert q.shape == (1, 5)
    assert back.predict_proba([]).shape == (0, 16)


def test_load_rejects_bad_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"not a model")
    with pytest.raises(CodingError):
        C.EventClassifier.load(bad)


def test_load_rejects_other_format_or_hash(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    _toy_model().save(path)
    with np.load(path, allow_pickle=False) as z:
        arrays = {k: z[k] for k in z.files}
    meta = json.loads(str(arrays["meta"]))
    for key, value in (("format_version", 1), ("hash_bits", C.HASH_BITS + 1)):
        bad = dict(arrays, meta=np.array(json.dumps({**meta, key: value})))
        np.savez_compressed(tmp_path / "bad.npz", **bad)
        with pytest.raises(CodingError, match="retrain"):
            C.EventClassifier.load(tmp_path / "bad.npz")


def _string_arrays(path: Path) -> dict[str, object]:
    with np.load(path, allow_pickle=False) as z:
        return {k: z[k] for k in z.files if z[k].dtype.kind in "USO"}


#: Keys the metadata JSON may hold; none carries text from the training data.
META_KEYS = {
    "config", "event_labels", "event_temperature", "feature_hash", "format_version",
    "group_weights", "hash_bits", "penta_labels",
    "penta_temperature", "plover_labels", "plover_temperature", "seed", "spacy_model",
    "trained_on",
}  # fmt: skip


def _assert_no_training_text(path: Path, extra_keys: frozenset[str] = frozenset()) -> None:
    strings = _string_arrays(path)
    assert set(strings) == {"meta"}, f"string arrays besides meta: {set(strings) - {'meta'}}"
    meta = json.loads(str(strings["meta"]))
    assert set(meta) <= META_KEYS | extra_keys
    assert set(meta["plover_labels"]) <= set(C.PLOVER_LABELS) | {C.YIELD}
    assert meta["penta_labels"] == [str(c) for c in C.PENTA_LABELS]
    with np.load(path, allow_pickle=False) as z:
        numeric = [z[k] for k in z.files if k != "meta"]
    assert all(a.dtype.kind in "iuf" for a in numeric)


def test_saved_model_holds_no_strings_but_labels_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "m.npz"
    _toy_model().save(path)
    _assert_no_training_text(path, frozenset({"note"}))


def test_shipped_model_holds_no_strings_but_labels_and_metadata() -> None:
    path = C.default_model_path()
    _assert_no_training_text(path)
    assert path.stat().st_size < 5_000_000
    # spot check on the raw bytes: no feature names (every sentence has an "evtag=" feature)
    import zipfile

    with zipfile.ZipFile(path) as zf:
        raw = b"".join(zf.read(n) for n in zf.namelist())
    for needle in ("evtag=", "l=attack"):
        assert needle.encode() not in raw and needle.encode("utf-32-le") not in raw


SHIPPED_CASES = [
    ("Syrian government forces shelled rebel-held towns, killing 12 civilians.", "ASSAULT"),
    ("The Chinese foreign minister met his Russian counterpart in Moscow on Tuesday.", "CONSULT"),
    ("Iran condemned the U.S. decision, calling it a violation of international law.", "ACCUSE"),
    ("Thousands of workers went on strike to demand higher wages.", "PROTEST"),
    ("Britain expelled two Russian diplomats.", "SANCTION"),
    (
        "The European Union imposed sanctions on Belarusian officials.",
        "COERCE",
    ),  # the data's convention
    ("Rebels released 20 hostages on Friday.", "RETREAT"),
    ("North Korea rejected the proposal for talks.", "REJECT"),
    ("Japan pledged $10 million in humanitarian aid to the flood victims.", "AGREE"),
    ("Japan delivered food and medical aid to the flood victims.", "AID"),
]


@pytest.mark.slow
def test_shipped_model_predicts_obvious_sentences(nlp: Language) -> None:
    clf = C.load_default()
    assert clf.n_features > 1000
    sents = [nlp(text)[:] for text, _ in SHIPPED_CASES]
    got = [p.value for p in clf.predict(sents)]
    assert got == [lab for _, lab in SHIPPED_CASES]
    penta = clf.predict_penta([nlp("Police arrested dozens of protesters in the capital.")[:]])
    assert penta == [4]
