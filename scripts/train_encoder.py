"""Train the sentence encoder's adapter (``legation/data/models/encoder_adapter.npz``).

The adapter is LoRA (rank 8) on the six blocks of all-MiniLM-L6-v2 plus a linear head over
the sentence's mean piece vector and its event verb's (:mod:`legation.coding.encoder`). It is
fitted on the ``split=train`` rows of ``plover_roots.csv`` (test rows are never read) and the
project's own sentences with one event type (``legation/data/training`` and the examples file,
in every fold's training and never scored, as the sparse classifier uses them; ``--no-own``
leaves them out), with the same stratified folds as the sparse classifier
(:func:`legation.coding.training._folds`):

1. k-fold cross-validation of the encoder (the whole fit refitted per fold), giving its
   out-of-fold probabilities;
2. the sparse classifier's own out-of-fold scores (:func:`legation.coding.training.train`,
   nothing written);
3. the softmax temperature (on the encoder's out-of-fold scores) and the out-of-fold accuracy
   and macro-F1 of ``(1 - w) * sparse + w * encoder`` for each blend weight; the shipped
   weight is ``--weight`` (0.5; ``--weight-by-oof`` takes the best of the grid instead: on
   ``plover_roots`` alone 0.7 is best, but it costs the readouts and the demo answer key,
   which follow other conventions than ``plover_roots``; docs/evaluation.md, session 35);
4. the adapter refitted on all rows, with three probe sentences' probabilities as PyTorch
   computes them (the tests check the numpy forward pass against them).

Needs PyTorch (training only; ``pip install torch==2.13.0``, a CPU build) and the base model
(``legation setup-encoder``). About 4.5 minutes per fit on two CPU cores (2.5 with ``--no-own``).

    python scripts/train_encoder.py --data ../shared/data/dev [--folds 5] [--fold-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

import numpy as np

from legation.coding import encoder as enc
from legation.coding.classifier import _softmax, event_verb
from legation.coding.training import (
    NO_EVENT_TYPE,
    _fit_temperature,
    _folds,
    _macro_f1,
    _whole,
    default_own_sources,
    held_out_texts,
    read_own,
    read_plover_roots,
    same_text,
    train,
)
from legation.evaluate import default_data_dir
from legation.nlp import load_pipeline

PROBES = (
    "Rebel fighters shelled an army post near the northern border on Tuesday.",
    "The two foreign ministers signed a memorandum on visa-free travel.",
    "The embassy demanded the immediate release of the detained fishermen.",
)


def _torch_model(base: Path, n_labels: int, seed: int):  # type: ignore[no-untyped-def]
    """all-MiniLM-L6-v2 in PyTorch, written as :class:`legation.coding.encoder.SentenceEncoder`
    computes it, with LoRA factors on :data:`~legation.coding.encoder.ADAPTED` and the head."""
    import torch

    torch.manual_seed(seed)
    weights = {
        k: torch.from_numpy(v.copy())
        for k, v in enc.read_safetensors(base / "model.safetensors").items()
    }

    class Model(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.lora = torch.nn.ParameterDict()
            for i in range(enc.LAYERS):
                for name in enc.ADAPTED:
                    w = weights[f"encoder.layer.{i}.{name}.weight"]
                    key = f"encoder.layer.{i}.{name}".replace(".", "_")
                    self.lora[key + "_A"] = torch.nn.Parameter(
                        torch.randn(enc.RANK, w.shape[1]) * 0.01
                    )
                    self.lora[key + "_B"] = torch.nn.Parameter(torch.zeros(w.shape[0], enc.RANK))
            self.head = torch.nn.Linear(2 * enc.WIDTH, n_labels)
            self.drop = torch.nn.Dropout(0.1)

        def linear(self, x, name):  # type: ignore[no-untyped-def]
            y = x @ weights[name + ".weight"].T + weights[name + ".bias"]
            key = name.replace(".", "_")
            if key + "_A" in self.lora:
                y = y + enc.LORA_SCALE * (x @ self.lora[key + "_A"].T @ self.lora[key + "_B"].T)
            return y

        def forward(self, ids, mask, vmask):  # type: ignore[no-untyped-def]
            x = self.states(ids, mask)
            m = mask[..., None]
            mean = (x * m).sum(1) / m.sum(1)
            verb = (x * vmask[..., None]).sum(1) / vmask.sum(1, keepdim=True)
            return self.head(self.drop(torch.cat([mean, verb], 1)))

        def states(self, ids, mask):  # type: ignore[no-untyped-def]
            """The last layer's states of padded piece ids."""

            def norm(t, prefix):  # type: ignore[no-untyped-def]
                w, bias = weights[prefix + "LayerNorm.weight"], weights[prefix + "LayerNorm.bias"]
                return torch.nn.functional.layer_norm(t, (enc.WIDTH,), w, bias, 1e-12)

            b, n = ids.shape
            x = (
                weights["embeddings.word_embeddings.weight"][ids]
                + weights["embeddings.position_embeddings.weight"][:n][None]
                + weights["embeddings.token_type_embeddings.weight"][0]
            )
            x = norm(x, "embeddings.")
            pad = ((1.0 - mask) * -1e9)[:, None, None, :]
            d = enc.WIDTH // enc.HEADS
            for i in range(enc.LAYERS):
                p = f"encoder.layer.{i}."

                def heads(t):  # type: ignore[no-untyped-def]
                    return t.reshape(b, n, enc.HEADS, d).transpose(1, 2)

                q = heads(self.linear(x, p + "attention.self.query"))
                k = heads(self.linear(x, p + "attention.self.key"))
                v = heads(self.linear(x, p + "attention.self.value"))
                s = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(d) + pad, dim=-1)
                ctx = (s @ v).transpose(1, 2).reshape(b, n, enc.WIDTH)
                x = norm(
                    x + self.linear(ctx, p + "attention.output.dense"), p + "attention.output."
                )
                h = torch.nn.functional.gelu(self.linear(x, p + "intermediate.dense"))
                x = norm(x + self.linear(h, p + "output.dense"), p + "output.")
            return x

    return Model()


def _batch(tok, texts, verbs, idx):  # type: ignore[no-untyped-def]
    import torch

    encs = tok.encode_batch([texts[i] for i in idx])
    arrays = enc.pad_batch(encs, [verbs[i] for i in idx])  # as the numpy forward pass batches
    return tuple(torch.from_numpy(a) for a in arrays)


def fit(base, tok, texts, verbs, y, rows, n_labels, args):  # type: ignore[no-untyped-def]
    import torch

    model = _torch_model(base, n_labels, args.seed)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, weight_decay=0.01)
    per_epoch = math.ceil(len(rows) / args.batch)
    sched = torch.optim.lr_scheduler.OneCycleLR(
        opt, max_lr=args.lr, total_steps=args.epochs * per_epoch, pct_start=0.1
    )
    target = torch.tensor(y)
    for epoch in range(args.epochs):
        model.train()
        order = np.random.default_rng(args.seed + epoch).permutation(rows)
        for start in range(0, len(order), args.batch):
            idx = order[start : start + args.batch]
            loss = torch.nn.functional.cross_entropy(
                model(*_batch(tok, texts, verbs, idx)), target[idx]
            )
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    model.eval()
    return model


def logits(model, tok, texts, verbs, rows):  # type: ignore[no-untyped-def]
    import torch

    out = []
    with torch.no_grad():
        for start in range(0, len(rows), 64):
            out.append(model(*_batch(tok, texts, verbs, rows[start : start + 64])).numpy())
    return np.vstack(out).astype(np.float64)


def save(model, path: Path, labels, temperature: float, weight: float, meta: dict) -> None:  # type: ignore[no-untyped-def]
    arrays = {}
    for i in range(enc.LAYERS):
        for name in enc.ADAPTED:
            full = f"encoder.layer.{i}.{name}"
            key = full.replace(".", "_")
            arrays[f"{full}.A"] = model.lora[key + "_A"].detach().numpy().astype(np.float16)
            arrays[f"{full}.B"] = model.lora[key + "_B"].detach().numpy().astype(np.float16)
    arrays["head_w"] = model.head.weight.detach().numpy().T.astype(np.float32)
    arrays["head_b"] = model.head.bias.detach().numpy().astype(np.float32)
    meta = {
        **meta,
        "labels": list(labels),
        "temperature": temperature,
        "weight": weight,
        "adapted": [f"encoder.layer.{i}.{n}" for i in range(enc.LAYERS) for n in enc.ADAPTED],
        "rank": enc.RANK,
        "lora_scale": enc.LORA_SCALE,
        "base": enc.BASE_WHEEL,
        "base_sha256": enc.BASE_FILES["model.safetensors"],
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, meta=np.array(json.dumps(meta)), **arrays)
    tmp.replace(path)


def _scores(gold, pred) -> dict:  # type: ignore[no-untyped-def]
    acc = float(np.mean([g == p for g, p in zip(gold, pred, strict=True)]))
    return {"accuracy": round(acc, 4), "macro_f1": round(_macro_f1(gold, pred)[0], 4)}


def main() -> int:
    import torch
    from tokenizers import Tokenizer

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", type=Path, default=None)
    ap.add_argument("--out", type=Path, default=enc.default_adapter_path())
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--epochs", type=int, default=6)
    ap.add_argument("--lr", type=float, default=1e-3)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument(
        "--weight",
        type=float,
        default=0.5,
        help="blend weight of the encoder's probabilities (default 0.5: the out-of-fold best, "
        "0.7, costs the readouts and the demo key; see docs/evaluation.md, session 35)",
    )
    ap.add_argument("--weight-by-oof", action="store_true", help="blend weight: the OOF best")
    ap.add_argument(
        "--own",
        action=argparse.BooleanOptionalAction,
        default=True,
        help="also train on the project's own sentences with one event type, in every fold "
        "(default; --no-own: the plover_roots rows alone)",
    )
    ap.add_argument("--no-cv", action="store_true", help="fit on all rows only (no folds)")
    ap.add_argument(
        "--temperature", type=float, default=1.0, help="softmax temperature with --no-cv"
    )
    ap.add_argument(
        "--fold-dir", type=Path, default=None, help="also write each fold's adapter there"
    )
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    t0 = time.perf_counter()
    data = args.data or default_data_dir()
    base = enc.install_base()
    tok = Tokenizer.from_file(str(base / "tokenizer.json"))
    tok.enable_truncation(enc.MAX_PIECES)
    tok.no_padding()  # tokenizer.json pads to 128 pieces; batches are padded (and masked) here
    rows = read_plover_roots(data / "plover_roots.csv", "train")
    gold = [lab for _, lab in rows]
    own: list[tuple[str, str]] = []
    if args.own:  # in every fold's training, never scored (as the sparse classifier's own rows)
        held = held_out_texts(data / "plover_roots.csv")
        own = [
            (t, lab)
            for path in default_own_sources()
            for t, lab in read_own(path)
            if lab != NO_EVENT_TYPE and same_text(t) not in held
        ]
    texts = [t for t, _ in rows] + [t for t, _ in own]
    nlp = load_pipeline()
    verbs = []
    for doc in nlp.pipe(texts, batch_size=64):
        _, verb = event_verb(_whole(doc))
        verbs.append((verb.idx, verb.idx + len(verb.text)))
    labels = tuple(sorted(set(gold)))
    y = np.array([labels.index(g) for g in gold + [lab for _, lab in own]])
    extra = np.arange(len(gold), len(texts))
    oof = np.zeros((len(gold), len(labels)))
    grid: dict[float, dict[str, float]] = {}
    temperature, weight = args.temperature, args.weight
    best = weight
    if not args.no_cv:
        folds = _folds(gold, args.folds, args.seed)
        for k, test in enumerate(folds):
            tr = np.concatenate([np.setdiff1d(np.arange(len(gold)), test), extra])
            model = fit(base, tok, texts, verbs, y, tr, len(labels), args)
            oof[test] = logits(model, tok, texts, verbs, test)
            if args.fold_dir is not None:
                save(model, args.fold_dir / f"fold{k}.npz", labels, 1.0, 0.0, {"fold": k})
            fold_pred = [labels[j] for j in oof[test].argmax(1)]
            print(
                f"fold {k + 1}/{len(folds)}:",
                _scores([gold[i] for i in test], fold_pred),
                flush=True,
            )
        temperature = _fit_temperature(oof, y[: len(gold)])
        p_enc = _softmax(oof * temperature)
        sparse = train(data, None, nlp=nlp, seed=args.seed, cv_folds=args.folds)
        assert sparse.cv_oof is not None
        cols = [sparse.cv_oof_labels.index(lab) for lab in labels]
        p_sparse = _softmax(sparse.cv_oof)[:, cols]
        grid = {}
        for w in sorted({*np.round(np.arange(0.0, 1.01, 0.1), 2).tolist(), args.weight}):
            pred = [labels[j] for j in ((1 - w) * p_sparse + w * p_enc).argmax(1)]
            grid[float(w)] = _scores(gold, pred)
        best = max(grid, key=lambda w: (grid[w]["accuracy"] + grid[w]["macro_f1"], -abs(w - 0.5)))
        weight = best if args.weight_by_oof else args.weight
        print("blend (weight: out-of-fold accuracy, macro-F1):", json.dumps(grid), flush=True)
        if args.fold_dir is not None:
            for k in range(len(folds)):
                path = args.fold_dir / f"fold{k}.npz"
                a = enc.Adapter.load(path)
                model_meta = {**a.meta, "temperature": temperature, "weight": weight}
                with np.load(path) as z:
                    arrays = {key: z[key] for key in z.files if key != "meta"}
                np.savez_compressed(path, meta=np.array(json.dumps(model_meta)), **arrays)
    model = fit(base, tok, texts, verbs, y, np.arange(len(texts)), len(labels), args)
    probe_docs = [_whole(d) for d in nlp.pipe(PROBES)]
    probe_verbs = [(v.idx, v.idx + len(v.text)) for v in (event_verb(d)[1] for d in probe_docs)]
    probe_p = _softmax(
        logits(model, tok, list(PROBES), probe_verbs, np.arange(len(PROBES))) * temperature
    )
    meta = {
        "trained_on": f"plover_roots.csv: {len(gold)} split=train rows"
        + (f"; {len(own)} own sentences" if own else ""),
        "seed": args.seed,
        "epochs": args.epochs,
        "lr": args.lr,
        "cv_folds": args.folds,
        "cv_encoder": _scores(gold, [labels[j] for j in oof.argmax(1)]) if grid else None,
        "cv_sparse": grid.get(0.0),
        "cv_blend": grid.get(weight),
        "cv_blend_best_weight": best,
        "cv_blend_grid": grid,
        "probes": {"texts": list(PROBES), "proba": probe_p.round(6).tolist()},
        "spacy_model": f"{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}",
        "torch": torch.__version__,
    }
    save(model, args.out, labels, temperature, weight, meta)
    print(
        json.dumps({k: meta[k] for k in ("cv_encoder", "cv_sparse", "cv_blend")}),
        f"weight {weight}, temperature {temperature:.3f}",
    )
    size = args.out.stat().st_size / 1e6
    print(f"wrote {args.out} ({size:.2f} MB) in {time.perf_counter() - t0:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
