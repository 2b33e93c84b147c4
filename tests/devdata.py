"""Hand-written fixtures in the formats of the peer datasets, laid out as a dev-data folder.

The fixtures are stored under short names of their own (`roots.csv`, `penta-train.tsv`, …) so
they are never mistaken for the shared data, which is read from ``../shared`` and never
committed. :func:`dev_dir` copies a fixture folder to a temporary folder under the file names
the loaders expect.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path

DATA = Path(__file__).parent / "data"
DATASET_NAMES = {
    "roots.csv": "plover_roots.csv",
    "penta-train.tsv": "pentaclass_train.tsv",
    "penta-test.tsv": "pentaclass_test.tsv",
    "spans-train.txt": "actor_spans_train.txt",
    "spans-test.txt": "actor_spans_test.txt",
}


@cache
def dev_dir(name: str) -> Path:
    """``tests/data/<name>`` as a dev-data folder with the datasets' own file names."""
    target = Path(tempfile.mkdtemp(prefix=f"legation-{name}-"))
    atexit.register(shutil.rmtree, target, ignore_errors=True)
    for fixture, dataset in DATASET_NAMES.items():
        source = DATA / name / fixture
        if source.exists():
            shutil.copyfile(source, target / dataset)
    return target
