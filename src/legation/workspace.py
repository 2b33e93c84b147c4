"""A workspace: one store with the config, knowledge base and pipeline that go with it.

``Workspace.open(db, config, writable=...)`` is how the command line, the HTTP API and the
runners reach a store:

* the **config** has the store's own actor file (``pk.duckdb`` → ``pk.actors.yaml``,
  :mod:`legation.actors.edits`) applied once, here, so every later step codes and resolves
  sides with what was added to it;
* the **knowledge base** (shipped files, ``actor_paths``, the store's actor file) is loaded on
  first use;
* the **pipeline** is built on first use (the language model loads then, once per process and
  config: :func:`legation.get_pipeline`);
* after an edit of the actor file, :meth:`Workspace.use_knowledge_base` serves and codes with
  the new knowledge base from then on, keeping the language model.

>>> with Workspace.open("pk.duckdb", writable=True) as ws:        # doctest: +SKIP
...     ws.code(["articles/"])
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal

from .config import Config

if TYPE_CHECKING:
    from .actors.kb import KnowledgeBase
    from .pipeline import Pipeline
    from .runner import RunSummary
    from .store import Store


@dataclass(frozen=True, slots=True)
class DaskOptions:
    """Where and how a ``dask`` run codes (see :func:`legation.runner.run_dask`)."""

    parts_dir: Path | None = None  # default: the store's name + ``.parts``
    address: str | None = None  # a running scheduler; None: a local cluster
    resume: bool = False
    shard_size: int = 256


class Workspace:
    """The store ``db`` with its config, knowledge base and pipeline (module doc)."""

    def __init__(
        self,
        db: Path,
        config: Config,
        store: Store,
        *,
        writable: bool,
        kb: KnowledgeBase | None = None,
    ) -> None:
        self.db = db
        self.config = config
        self.store = store
        self.writable = writable
        self._kb = kb
        self._pipeline: Pipeline | None = None

    @classmethod
    def open(
        cls,
        db: Path | str,
        config: Config | None = None,
        *,
        writable: bool = False,
        kb: KnowledgeBase | None = None,
    ) -> Workspace:
        """Open the store ``db`` (read-only unless ``writable``) with ``config`` (default:
        the default config) and the store's actor file applied to it. ``kb``: a knowledge
        base to serve instead of loading one."""
        from .actors.edits import with_store_actors
        from .store import Store

        path = Path(db)
        config = with_store_actors(config or Config.default(), path)
        store = Store(path, read_only=not writable)
        return cls(path, config, store, writable=writable, kb=kb)

    def __enter__(self) -> Workspace:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.store.close()

    def knowledge_base(self) -> KnowledgeBase:
        """The knowledge base the store's documents are coded with, loaded on first use."""
        if self._kb is None:
            self._kb = _load_knowledge_base(self.config)
        return self._kb

    def pipeline(self) -> Pipeline:
        """The pipeline for this workspace's config, built on first use."""
        if self._pipeline is None:
            from . import get_pipeline

            self._pipeline = get_pipeline(self.config)
        return self._pipeline

    def use_knowledge_base(self, kb: KnowledgeBase) -> None:
        """Serve and code with ``kb`` from now on (after an edit of the store's actor file):
        the config names the actor file if it did not exist before, and a pipeline already
        built gets a resolver over ``kb`` (keeping its language model)."""
        from .actors.edits import with_store_actors

        self.config = with_store_actors(self.config, self.db)
        self._kb = kb
        if self._pipeline is not None:
            self._pipeline = self._pipeline.with_knowledge_base(kb)

    def code(
        self,
        paths: Iterable[Path],
        *,
        engine: Literal["local", "dask"] = "local",
        workers: int | None = None,
        strict: bool = False,
        selective: bool = False,
        dedup: bool = False,
        on_progress: Callable[[int], None] | None = None,
        dask: DaskOptions | None = None,
    ) -> RunSummary:
        """Code every document under ``paths`` into the store (:mod:`legation.runner`):
        locally on ``workers`` processes (default 1), or on a Dask cluster."""
        from .runner import run_dask, run_local

        if engine == "dask":
            dask = dask or DaskOptions()
            return run_dask(
                paths,
                self.store,
                self.config,
                parts_dir=dask.parts_dir or self.db.with_name(self.db.name + ".parts"),
                workers=workers,
                address=dask.address,
                resume=dask.resume,
                shard_size=dask.shard_size,
                strict=strict,
                selective=selective,
                dedup=dedup,
                on_progress=on_progress,
            )
        return run_local(
            paths,
            self.store,
            self.pipeline,
            config=self.config,
            workers=workers or 1,
            strict=strict,
            selective=selective,
            dedup=dedup,
            on_progress=on_progress,
        )


def knowledge_base_of(db: Path | str | None, config: Config) -> KnowledgeBase:
    """The knowledge base the store ``db`` codes with, without opening the store (it need not
    exist yet: ``legation actors add`` writes its actor file first); ``db=None``: the
    config's alone."""
    from .actors.edits import with_store_actors

    return _load_knowledge_base(config if db is None else with_store_actors(config, db))


def _load_knowledge_base(config: Config) -> KnowledgeBase:
    if not config.actor_paths:  # the shipped files alone: the same every time, loaded once
        return _shipped_knowledge_base(config.world_actors)
    from .actors.kb import load_knowledge_base

    return load_knowledge_base(config.actor_paths, world=config.world_actors)


@cache
def _shipped_knowledge_base(world: bool) -> KnowledgeBase:
    from .actors.kb import load_knowledge_base

    return load_knowledge_base(world=world)
