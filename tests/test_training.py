"""Training the event classifier: data readers, folds, a tiny end-to-end run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest

from legation.coding import classifier as C
from legation.coding import training as T
from legation.model import PloverType
from tests.devdata import dev_dir

if TYPE_CHECKING:
    from spacy.language import Language

FIXTURE = dev_dir("classifier")


def test_readers() -> None:
    rows = T.read_plover_roots(FIXTURE / "plover_roots.csv", "train")
    assert len(rows) == 20 and {lab for _, lab in rows} == {"ASSAULT", "CONSULT", "ACCUSE", "YIELD"}
    assert len(T.read_plover_roots(FIXTURE / "plover_roots.csv", "test")) == 1
    penta = T.read_pentaclass(FIXTURE / "pentaclass_train.tsv")
    assert len(penta) == 10 and not penta[0][0].endswith("\r")


def test_folds_are_stratified_and_deterministic() -> None:
    labels = ["a"] * 10 + ["b"] * 5
    f1, f2 = T._folds(labels, 5, 0), T._folds(labels, 5, 0)
    assert all(np.array_equal(a, b) for a, b in zip(f1, f2, strict=True))
    assert sorted(np.concatenate(f1).tolist()) == list(range(15))
    assert all(sum(labels[i] == "b" for i in fold) == 1 for fold in f1)


@pytest.mark.slow
def test_tiny_train_run(nlp: Language, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    out = tmp_path / "tiny.npz"
    report = T.train(FIXTURE, out, nlp=nlp, seed=1, cv_folds=2, own=())
    assert out.exists() and report.model_bytes == out.stat().st_size
    assert report.n_plover_train == 20 and report.n_penta_train == 10
    assert report.cv_accuracy is not None and 0.0 <= report.cv_accuracy <= 1.0
    clf = C.EventClassifier.load(out)
    doc = nlp("Rebels attacked an army base and killed soldiers.")
    assert clf.predict([doc[:]]) == [PloverType.ASSAULT]
    # deterministic for a seed
    again = T.train(FIXTURE, tmp_path / "again.npz", nlp=nlp, seed=1, cv_folds=0, own=())
    a, b = C.EventClassifier.load(out), C.EventClassifier.load(tmp_path / "again.npz")
    np.testing.assert_array_equal(a._plover.coef, b._plover.coef)
    assert again.cv_accuracy is None


def _with_a_test_sentence_in_pentaclass(tmp_path: Path) -> Path:
    """The fixture, its PentaClass file also holding the PLOVER test sentence (as the
    shared files do for 310 of them), spaced and cased differently."""
    import shutil

    folder = tmp_path / "dev"
    shutil.copytree(FIXTURE, folder)
    with (folder / "pentaclass_train.tsv").open("a", encoding="utf-8") as fh:
        fh.write("the army  shot Protesters in the square.\t4\n")
    return folder


def test_test_sentences_are_known_by_their_text_only(tmp_path: Path) -> None:
    folder = _with_a_test_sentence_in_pentaclass(tmp_path)
    held = T.held_out_texts(folder / "plover_roots.csv")
    assert held == {T.same_text("The army shot protesters in the square.")}
    assert T.same_text("the army  shot Protesters in the square.") in held


@pytest.mark.slow
def test_pentaclass_rows_repeating_a_test_sentence_are_not_trained_on(
    nlp: Language, tmp_path: Path
) -> None:
    pytest.importorskip("sklearn")
    folder = _with_a_test_sentence_in_pentaclass(tmp_path)
    assert len(T.read_pentaclass(folder / "pentaclass_train.tsv")) == 11
    out = tmp_path / "m.npz"
    report = T.train(folder, out, nlp=nlp, seed=1, cv_folds=2, own=())
    assert report.n_penta_train == 10
    meta = C.EventClassifier.load(out).meta
    assert "1 left out" in meta["trained_on"]["pentaclass_train.tsv"]


def _own_files(tmp_path: Path) -> tuple[Path, Path]:
    jsonl = tmp_path / "own.jsonl"
    jsonl.write_text(
        "\n".join(
            [
                '{"text": "Ghana freed two Togolese fishermen on Monday.", "type": "RETREAT"}',
                '{"text": "Peru lifted its ban on Chilean fruit.", "type": "CONCEDE"}',
                '{"text": "Border talks rarely change much.", "type": "NONE"}',
                # a sentence of the peer data (here the fixture's test row) is never trained on
                '{"text": "The army shot protesters in the square.", "type": "ASSAULT"}',
            ]
        ),
        encoding="utf-8",
    )
    examples = tmp_path / "examples.yaml"
    examples.write_text(
        """sentences:
- {id: a, text: Chad recalled its ambassador from Sudan., events: [{event_type: SANCTION}]}
- {id: b, text: Analysts doubt the plan will work., events: []}
- id: c
  text: Mali accused Algeria of meddling and expelled its envoy.
  events: [{event_type: ACCUSE}, {event_type: SANCTION}]
- id: d
  text: Oman did not sign the accord.
  events: [{event_type: AGREE, negated: true}]
""",
        encoding="utf-8",
    )
    return jsonl, examples


def test_own_sentences_are_read_with_internal_labels(tmp_path: Path) -> None:
    jsonl, examples = _own_files(tmp_path)
    assert [lab for _, lab in T.read_own(jsonl)] == ["YIELD", "YIELD", "NONE", "ASSAULT"]
    # one event type, not negated: a training row; no events: a sentence with none
    assert T.read_own(examples) == [
        ("Chad recalled its ambassador from Sudan.", "SANCTION"),
        ("Analysts doubt the plan will work.", "NONE"),
    ]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"text": "Chad met Niger.", "type": "MEET"}', r"line 2: needs a 'text' and a 'type'"),
        ('{"text": "Chad met Niger.", "type": ', "not a readable own-sentence file"),
        ('["Chad met Niger.", "CONSULT"]', "not a readable own-sentence file"),
    ],
)
def test_a_bad_own_sentence_file_is_a_clear_error(tmp_path: Path, line: str, message: str) -> None:
    from legation.errors import CodingError

    path = tmp_path / "own.jsonl"
    path.write_text('{"text": "Chad met Niger.", "type": "CONSULT"}\n' + line, encoding="utf-8")
    with pytest.raises(CodingError, match=message):
        T.read_own(path)


@pytest.mark.slow
def test_own_sentences_are_training_rows(nlp: Language, tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    jsonl, examples = _own_files(tmp_path)
    out = tmp_path / "m.npz"
    report = T.train(FIXTURE, out, nlp=nlp, seed=1, cv_folds=2, own=(jsonl, examples))
    # two of the JSON lines (the sentence with no event and the test sentence are not rows),
    # one example (the others hold no event, two types, or a negated one)
    assert report.n_own_train == {"own.jsonl": 2, "examples.yaml": 1}
    meta = C.EventClassifier.load(out).meta
    assert meta["trained_on"]["examples.yaml"] == (
        "1 own sentences with one event type, 1 with none"
    )
    assert report.n_none_train == {"own.jsonl": 1, "examples.yaml": 1}
    assert "SANCTION" in meta["plover_labels"]  # a type only the own rows have
    # the two sentences with no event train the detection head
    clf = C.EventClassifier.load(out)
    assert meta["event_labels"] == list(C.EVENT_LABELS)
    docs = [nlp("Analysts doubt the plan will work.")[:], nlp("Rebels attacked a base.")[:]]
    none, event = clf.predict_event_proba(docs)
    assert none < 0.5 < event


def test_the_default_own_sentences_are_the_package_file_and_the_examples() -> None:
    assert T.default_own_sources() == (T.OWN_SENTENCES, T.EXAMPLES)
    assert all(T.read_own(p) for p in T.default_own_sources())


def test_a_folder_without_the_dev_data_is_a_clear_error(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    from legation.errors import CodingError

    with pytest.raises(CodingError, match=r"plover_roots\.csv not found: point --data"):
        T.train(tmp_path)


def test_prediction_never_imports_training() -> None:
    code = (
        "import sys, legation.coding.classifier, legation.coding.hybrid; "
        "assert 'legation.coding.training' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
