"""A quick look at a corpus before coding it: how many documents, and what ingest will skip.

:func:`survey` walks the paths as :mod:`legation.ingest` does (folders recursively in sorted
order, hidden files and folders left out) without reading any text: a ``.txt``, ``.md`` or
``.html`` file is one document, a ``.jsonl`` file one per line, a ``.csv`` file one per line
after the header (an estimate: blank lines count, and a quoted field may span lines). The
count gives a progress bar its total and :func:`default_workers` its decision;
``unsupported`` lists the files in folders that ingest skips because of their type (a PDF, a
Word file), so that a command can say so instead of dropping them silently.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .ingest import Formats

#: Below this many documents per extra worker process, starting it (a Python process with its
#: own language model: about 3 s) costs more than it saves at about 10 documents a second.
DOCUMENTS_PER_WORKER = 200


@dataclass(frozen=True, slots=True)
class Survey:
    """What :func:`survey` found: ``files`` ingest will read, about ``documents`` documents
    in them, and the ``unsupported`` files it will skip."""

    files: int = 0
    documents: int = 0
    unsupported: tuple[Path, ...] = field(default_factory=tuple)


def survey(paths: Iterable[Path | str]) -> Survey:
    """Count the files and documents under ``paths`` (see the module docstring)."""
    files = documents = 0
    unsupported: list[Path] = []
    formats = Formats.installed()
    for path, explicit in _walk([Path(p) for p in paths]):
        reader = formats.reader(path)
        if reader is None and not explicit:
            unsupported.append(path)
            continue
        files += 1
        documents += reader.count(path) if reader else 1
    return Survey(files, documents, tuple(unsupported))


def default_workers(documents: int, cpus: int | None = None) -> int:
    """Worker processes for ``documents``: one per CPU this process may use, but only as
    many as have :data:`DOCUMENTS_PER_WORKER` documents each to pay for their start-up."""
    available = cpus if cpus is not None else available_cpus()
    return max(1, min(available, documents // DOCUMENTS_PER_WORKER))


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity mask where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def _walk(paths: list[Path]) -> Iterator[tuple[Path, bool]]:
    for path in paths:
        if not path.is_dir():
            yield path, True
            continue
        for root, dirs, names in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            for name in sorted(names):
                if not name.startswith("."):
                    yield Path(root) / name, False
