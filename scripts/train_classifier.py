"""Train Legation's event classifier from the development data and write the model file.

Usage: python scripts/train_classifier.py [DATA_DIR] [OUT] [--seed N] [--folds K] [--no-pentaclass]

DATA_DIR defaults to ../shared/data/dev (plover_roots.csv, pentaclass_train.tsv); OUT defaults
to the shipped model, src/legation/data/models/event_classifier.npz. Prints a summary of the
TrainReport and then the whole report as JSON. Needs scikit-learn (pip install 'legation[train]').
"""

from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path

from legation.coding.classifier import DEFAULT_MODEL_FILE, train

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", type=Path, default=ROOT.parent / "shared/data/dev")
    ap.add_argument(
        "out", nargs="?", type=Path, default=ROOT / "src/legation/data/models" / DEFAULT_MODEL_FILE
    )
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--folds", type=int, default=5, help="cross-validation folds (0: none)")
    ap.add_argument("--no-pentaclass", action="store_true", help="train on plover_roots.csv only")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    report = train(
        args.data_dir,
        args.out,
        seed=args.seed,
        cv_folds=args.folds,
        use_pentaclass=not args.no_pentaclass,
    )
    print(report.summary())
    print(json.dumps(report.to_dict(), indent=2))


if __name__ == "__main__":
    main()
