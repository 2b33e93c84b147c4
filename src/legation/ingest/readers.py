"""Input formats: one reader per format, chosen by the file's suffix.

Legation reads ``.txt``/``.md`` and ``.html``/``.htm`` (one document per file), ``.jsonl``
and ``.csv`` (one document per record). Another package adds a format with a class or
function registered under the entry-point group ``legation.readers``
(:mod:`legation.registry`) that returns a :class:`Reader`:

.. code-block:: toml

    [project.entry-points."legation.readers"]
    toy = "legation_toy:ToyReader"

A reader yields :class:`~legation.ingest.raw.Raw` documents as read (text, name, source and
what the file says of title, url, outlet and dates); ingest then settles dates, language,
duplicates and ids for every format alike, and records the reader's
:class:`~legation.model.Failure` s and :class:`~legation.model.Note` s. A reader must not raise
for a bad file (yield a Failure, :func:`~legation.ingest.raw.fail`); an unexpected error is
recorded as that file's failure all the same.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..registry import PLUGIN_GROUPS, Registry
from .html import html_raw
from .raw import Raw, fail
from .records import read_csv, read_jsonl
from .text import decode_bytes, read_file

if TYPE_CHECKING:
    from ..config import Config
    from ..model import Failure, Note

log = logging.getLogger(__name__)

_CHUNK = 1 << 20


class Reader(Protocol):
    """One input format (registry ``readers``)."""

    name: str
    suffixes: tuple[str, ...]  # lower case, with the dot: (".txt", ".md")

    def read(self, path: Path, config: Config) -> Iterator[Raw | Failure | Note]:
        """The documents in the file ``path`` as read, and a Failure or Note for what could
        not be read or was changed."""
        ...

    def count(self, path: Path) -> int:
        """About how many documents the file holds, without reading its text (a progress
        bar's total; :mod:`legation.survey`)."""
        ...


READERS: Registry[Reader] = Registry("reader", PLUGIN_GROUPS["reader"])


@dataclass(frozen=True, slots=True)
class Formats:
    """The readers installed, by suffix (the package's own first: a plugin cannot take a
    suffix Legation reads)."""

    by_suffix: dict[str, Reader]

    @classmethod
    def installed(cls) -> Formats:
        by_suffix: dict[str, Reader] = {}
        for name, factory in READERS.items():
            reader = factory()
            for suffix in reader.suffixes:
                if suffix in by_suffix:
                    log.warning(
                        "reader %r: %s is read by %r already", name, suffix, by_suffix[suffix].name
                    )
                    continue
                by_suffix[suffix] = reader
        return cls(by_suffix)

    def reader(self, path: Path) -> Reader | None:
        return self.by_suffix.get(path.suffix.lower())

    def hint(self) -> str:
        """What to do with a file of another type: "use .txt, .md, … or .csv"."""
        *first, last = self.by_suffix
        return f"use {', '.join(first)} or {last}" if first else f"use {last}"


def _whole_file(path: Path, config: Config) -> str | Failure:
    data, problem = read_file(path, config.max_file_bytes)
    if data is None:
        return fail(path, problem)
    text, problem = decode_bytes(data)
    return fail(path, problem) if text is None else text


@READERS.register("text")
class TextReader:
    """A text file is one document."""

    name = "text"
    suffixes: tuple[str, ...] = (".txt", ".md")

    def read(self, path: Path, config: Config) -> Iterator[Raw | Failure | Note]:
        text = _whole_file(path, config)
        yield text if not isinstance(text, str) else Raw(text, path.name, str(path))

    def count(self, path: Path) -> int:
        return 1


@READERS.register("html")
class HtmlReader:
    """An HTML page is one document: its main text and metadata (:mod:`.html`)."""

    name = "html"
    suffixes: tuple[str, ...] = (".html", ".htm")

    def read(self, path: Path, config: Config) -> Iterator[Raw | Failure | Note]:
        text = _whole_file(path, config)
        yield text if not isinstance(text, str) else html_raw(text, path)

    def count(self, path: Path) -> int:
        return 1


@READERS.register("jsonl")
class JsonlReader:
    """One record per line (:mod:`.records`)."""

    name = "jsonl"
    suffixes: tuple[str, ...] = (".jsonl",)

    def read(self, path: Path, config: Config) -> Iterator[Raw | Failure | Note]:
        return read_jsonl(path, config)

    def count(self, path: Path) -> int:
        return count_lines(path)


@READERS.register("csv")
class CsvReader:
    """One record per row after the header row (:mod:`.records`); the count is an
    estimate: blank lines count, and a quoted field may span lines."""

    name = "csv"
    suffixes: tuple[str, ...] = (".csv",)

    def read(self, path: Path, config: Config) -> Iterator[Raw | Failure | Note]:
        return read_csv(path, config)

    def count(self, path: Path) -> int:
        return max(count_lines(path) - 1, 0)


def count_lines(path: Path) -> int:
    """Lines, read in chunks (a record file may be of any size)."""
    count, last = 0, b"\n"
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except OSError:
        return 1  # ingest will record why it cannot be read
    return count + (last != b"\n")
