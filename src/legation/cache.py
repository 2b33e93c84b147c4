"""Compiled start-up data, kept between runs: what every process would otherwise rebuild from
the same files (the actor knowledge base's surface index, the trigger lexicon).

>>> index = compiled("actor-index", files, lambda: build(files))      # doctest: +SKIP

A compiled object is a pickle in the user's cache folder, named by a digest of everything it
was built from: the files given (path, size and modification time, as Python's own bytecode
cache keys them), Legation's source files, and the Python and pydantic versions.
Change any of them and the next run rebuilds it. The folder is ``$LEGATION_CACHE_DIR``, else
``$XDG_CACHE_HOME/legation``, else ``~/.cache/legation`` (``%LOCALAPPDATA%\\legation`` on
Windows, ``~/Library/Caches/legation`` on macOS); ``LEGATION_CACHE_DIR=off`` turns the cache
off. The cache never changes a result: a file that cannot be read or written is rebuilt or
skipped (logged at debug level), and is written whole or not at all (a temporary file renamed
into place), so processes that start together cannot read each other's half-written files.
Only this user's own cache folder is read: a pickle runs code when loaded, so do not point
``LEGATION_CACHE_DIR`` at a folder that others can write to.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

log = logging.getLogger(__name__)

T = TypeVar("T")

#: The environment variable naming the cache folder (or ``off``).
ENV = "LEGATION_CACHE_DIR"
#: Cached files kept per kind (configurations and checkouts used side by side); older go.
KEEP = 8
#: Bump when what a cached file holds changes shape without a source file changing.
FORMAT = 1


def cache_dir() -> Path | None:
    """The folder compiled data is cached in, or None when the cache is off."""
    chosen = os.environ.get(ENV, "").strip()
    if chosen.lower() in ("off", "0", "none", "false"):
        return None
    if chosen:
        return Path(chosen).expanduser()
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "legation"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "legation"
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "legation"


def compiled(kind: str, sources: Iterable[Path | str], build: Callable[[], T]) -> T:
    """What ``build()`` returns, from the cache when it was built before from the same
    ``sources`` (files, or strings such as a setting that changes the result) and the same
    code; else built now and cached for the next run."""
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"{kind}-{_digest(kind, sources)}.pickle"
    found = _read(path)
    if found is not None:
        return found  # type: ignore[no-any-return]
    value = build()
    _write(path, value)
    return value


def _digest(kind: str, sources: Iterable[Path | str]) -> str:
    digest = hashlib.blake2b(digest_size=16)
    for part in (kind, str(FORMAT), _code_stamp(), *map(_stamp, sources)):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\0")
    return digest.hexdigest()


def _stamp(source: Path | str) -> str:
    if isinstance(source, str):
        return f"value:{source}"
    try:
        info = source.stat()
    except OSError:
        return f"missing:{source}"
    return f"file:{source.resolve()}:{info.st_size}:{info.st_mtime_ns}"


@cache
def _code_stamp() -> str:
    """Legation's own source files and the versions of what pickles its objects: a cached
    object built by other code is never read back."""
    import pydantic

    package = Path(__file__).parent
    files = sorted(package.rglob("*.py"))
    return "\n".join([sys.version, pydantic.VERSION, *(_stamp(p) for p in files)])


def _read(path: Path) -> Any:
    try:
        with path.open("rb") as handle, paused_gc():
            return pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a truncated, stale or foreign file: rebuild and replace it
        log.debug("compiled cache %s unreadable (%s); rebuilding it", path, exc)
        return None


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while building or unpickling large acyclic
    data (100,000 small objects would otherwise set off full collections that walk the whole
    heap, the language model's included: as long as the loading itself)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _write(path: Path, value: Any) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
    except OSError as exc:
        log.debug("compiled cache %s not written (%s)", path, exc)
        return
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(name, path)
    except OSError as exc:  # a full disk, a read-only home: the next run rebuilds it
        log.debug("compiled cache %s not written (%s)", path, exc)
        _discard(Path(name))
        return
    except Exception as exc:  # something built that does not pickle: a bug to report
        log.warning("compiled cache %s not written: %s: %s", path, type(exc).__name__, exc)
        _discard(Path(name))
        return
    _prune(path)


def _prune(kept: Path) -> None:
    """Keep the newest :data:`KEEP` files of ``kept``'s kind, and drop the temporary files
    of writers killed an hour ago or more."""
    kind = kept.stem.rsplit("-", 1)[0]
    try:
        files = sorted(
            kept.parent.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True
        )
        for old in files[KEEP:]:
            _discard(old)
        hour_ago = time.time() - 3600
        for left in kept.parent.glob(f".{kind}-*.tmp"):
            if left.stat().st_mtime < hour_ago:
                _discard(left)
    except OSError:
        return


def _discard(path: Path) -> None:
    with suppress(OSError):
        path.unlink(missing_ok=True)
