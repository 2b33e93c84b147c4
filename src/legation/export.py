"""Export event records as JSON Lines, CSV or Parquet.

JSONL lines are exactly the public event record (``Event.to_record(document)``, whose columns
:mod:`legation.record` lists). CSV and Parquet carry the same fields as the columns in
:data:`COLUMNS`, nested objects flattened: ``sentence_*``, ``trigger_*``, ``amount_*``;
``actors``/``recipients`` as JSON strings plus the first actor's and recipient's fields
(``actor_name``, ``actor_country``, ``actor_code``, …); ``contexts`` joined with ``;`` in CSV
and a list in Parquet. CSV writes booleans as ``true``/``false`` and nulls as empty cells.

Files are written to a temporary file in the target folder and renamed into place, so a
crash never leaves a half-written export under the final name; they get the mode of any new
file (0644 under the usual umask of 022).
"""

from __future__ import annotations

import csv
import logging
import os
import secrets
import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from .errors import ExportError
from .model import dumps_record
from .record import EXPORTED
from .record import flatten as flat_row

if TYPE_CHECKING:
    import pyarrow as pa

    from .store import EventQuery, Store

log = logging.getLogger(__name__)

FORMATS = ("jsonl", "csv", "parquet")
#: The flat columns of CSV and Parquet exports, in order, with their kinds (see
#: :data:`legation.record.EXPORTED`, where columns are added; never rename one).
COLUMNS: tuple[tuple[str, str], ...] = tuple((c.name, c.kind) for c in EXPORTED)
COLUMN_NAMES: tuple[str, ...] = tuple(name for name, _ in COLUMNS)


def export(
    store: Store,
    fmt: str,
    out: Path | str | TextIO | None = None,
    *,
    query: EventQuery | None = None,
    batch_size: int = 5000,
) -> int:
    """Write the store's events (all of them unless ``query``) and return the rows written.

    ``out`` is a file path, an open text stream, or None for standard output (jsonl and csv
    only; parquet needs a file)."""
    return write_records(store.iter_records(batch_size, query), fmt, out, batch_size=batch_size)


def write_records(
    records: Iterable[dict[str, Any]],
    fmt: str,
    out: Path | str | TextIO | None = None,
    *,
    batch_size: int = 5000,
) -> int:
    """Write event records (as ``Event.to_record`` gives them) in ``fmt`` to ``out``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    if out is None or not isinstance(out, (str, Path)):
        return _write_stream(records, fmt, out if out is not None else sys.stdout)
    if fmt == "parquet":
        return _write_atomically(Path(out), lambda tmp: _write_parquet(records, tmp, batch_size))
    return _write_atomically(Path(out), lambda tmp: _write_text_file(records, fmt, tmp))


def flatten(record: dict[str, Any]) -> dict[str, Any]:
    """One event record as the flat row of :data:`COLUMNS` (``contexts`` stays a list)."""
    return flat_row(record, EXPORTED)


# --------------------------------------------------------------------------- writing


def _write_atomically(out: Path, write: Callable[[Path], int]) -> int:
    if not out.parent.is_dir():
        raise ExportError(f"cannot write {out}: the folder {out.parent} does not exist")
    tmp = _new_temp_file(out)
    try:
        written = write(tmp)
        os.replace(tmp, out)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    log.info("exported %d events to %s", written, out)
    return written


def _new_temp_file(out: Path) -> Path:
    """An empty, new temporary file beside ``out``, with the mode a new file gets (0666
    less the umask: 0644 usually; ``mkstemp`` would make it 0600, readable by its owner
    alone, and the rename would keep that)."""
    for _ in range(100):
        tmp = out.with_name(f".{out.name}.{secrets.token_hex(6)}.tmp")
        try:
            os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            raise ExportError(f"cannot write {out}: {exc.strerror or exc}") from exc
        return tmp
    raise ExportError(f"cannot write {out}: no free temporary name in {out.parent}")


def _write_text_file(records: Iterable[dict[str, Any]], fmt: str, path: Path) -> int:
    with path.open("w", encoding="utf-8", newline="") as stream:
        return _write_stream(records, fmt, stream)


def _write_stream(records: Iterable[dict[str, Any]], fmt: str, stream: TextIO) -> int:
    if fmt == "parquet":
        raise ExportError("parquet cannot go to standard output; give a file, e.g. events.parquet")
    return _write_jsonl(records, stream) if fmt == "jsonl" else _write_csv(records, stream)


def _write_jsonl(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    count = 0
    for record in records:
        stream.write(dumps_record(record) + "\n")
        count += 1
    return count


def _write_csv(records: Iterable[dict[str, Any]], stream: TextIO) -> int:
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(COLUMN_NAMES)
    count = 0
    for record in records:
        writer.writerow(_csv_cell(value) for value in flatten(record).values())
        count += 1
    return count


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(str(v) for v in value)
    return value


def _write_parquet(records: Iterable[dict[str, Any]], path: Path, batch_size: int) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = parquet_schema()
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        for batch in _batches(records, batch_size):
            rows = [_parquet_row(record) for record in batch]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(rows)
    return count


def _parquet_row(record: dict[str, Any]) -> dict[str, Any]:
    row = flatten(record)
    for name in _DATES:
        row[name] = date.fromisoformat(row[name]) if row[name] else None
    return row


_DATES = tuple(name for name, kind in COLUMNS if kind == "date")


def _batches(records: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(records)
    while batch := list(islice(iterator, size)):
        yield batch


def parquet_schema() -> pa.Schema:
    """The Arrow schema of Parquet exports (the columns of :data:`COLUMNS`)."""
    import pyarrow as pa

    types = {
        "str": pa.string(),
        "json": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "date": pa.date32(),
        "list": pa.list_(pa.string()),
    }
    return pa.schema([(name, types[kind]) for name, kind in COLUMNS])
