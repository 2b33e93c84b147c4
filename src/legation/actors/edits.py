"""A store's own actor file: aliases and people added through the HTTP API or
``legation actors add``/``import``.

A store may have one actor file beside it (``pk.duckdb`` → ``pk.actors.yaml``) in the format
of :mod:`.kb`. It is read after the shipped files and ``actor_paths``
(:func:`with_store_actors`), so ``legation code --db pk.duckdb`` and ``legation serve`` use
what was added there.

An edit copies the entry it changes into the file whole (an entry whose id repeats an earlier
one replaces it, as in any user file), checks the whole knowledge base with the new file
exactly as loading does, then replaces the file by write-then-rename. An invalid or
conflicting edit raises :class:`~legation.errors.KnowledgeBaseError` and leaves the file as it
was. The file is rewritten on every edit, so comments written into it by hand are not kept.
"""

from __future__ import annotations

import difflib
import logging
import os
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import yaml

from ..errors import KnowledgeBaseError
from .kb import Country, Entries, Igo, Institution, KnowledgeBase, Person, load_knowledge_base

if TYPE_CHECKING:
    from ..config import Config

log = logging.getLogger(__name__)

AliasSection = Literal["people", "institutions", "igos", "countries"]
Named = Person | Institution | Igo | Country

HEADER = (
    "# Actors added to this store through the Legation API or `legation actors`\n"
    "# (legation.actors.edits).\n"
    "# Read after the shipped knowledge base and `actor_paths`; rewritten on every edit.\n"
)


def store_actor_file(db: Path | str) -> Path:
    """The actor file of the store ``db``: ``pk.duckdb`` → ``pk.actors.yaml`` beside it."""
    path = Path(db)
    return path.with_name(f"{path.stem}.actors.yaml")


def with_store_actors(config: Config, db: Path | str) -> Config:
    """``config`` with the store's actor file added to ``actor_paths`` when the file exists."""
    path = store_actor_file(db)
    if not path.is_file() or any(_same(path, p) for p in config.actor_paths):
        return config
    return config.model_copy(update={"actor_paths": (*config.actor_paths, path)})


def _same(a: Path, b: Path) -> bool:
    return a.resolve() == Path(b).resolve()


class ActorFile:
    """The actor file ``path``, read after the knowledge-base files ``base``. The caller
    serialises edits (one at a time per file)."""

    def __init__(self, path: Path, base: Iterable[Path] = ()) -> None:
        self.path = path
        self.base = [Path(p) for p in base if not _same(path, Path(p))]

    def knowledge_base(self) -> KnowledgeBase:
        """The knowledge base as coding sees it: shipped, ``base``, then this file."""
        return load_knowledge_base([*self.base, *([self.path] if self.path.is_file() else [])])

    def add_alias(
        self, section: AliasSection, entry_id: str, alias: str
    ) -> tuple[KnowledgeBase, bool]:
        """Add ``alias`` to an entry; returns the new knowledge base and whether anything
        changed (an alias the entry has already is left alone)."""
        kb = self.knowledge_base()
        entry = _entry(kb, section, entry_id)
        alias = alias.strip()
        if alias in (entry.name, *entry.aliases):
            return kb, False
        _check_free(kb, [alias], (section, entry.id))
        changed = entry.model_copy(update={"aliases": (*entry.aliases, alias)})
        return self._save(section, changed), True

    def add_person(self, person: Person) -> KnowledgeBase:
        """Add a new person (with positions: offices held and when); returns the new
        knowledge base. The id must be new and the name and aliases must not name another
        entry."""
        kb = self.knowledge_base()
        if person.id in kb.people and not kb.is_world("people", person.id):
            raise KnowledgeBaseError(
                f"people entry {person.id!r} exists already ({kb.people[person.id].name}); "
                "choose another id, or add aliases to it"
            )
        _check_free(kb, [person.name, *person.aliases], ("people", person.id))
        return self._save("people", person)

    def upsert_people(self, people: Iterable[Person]) -> KnowledgeBase:
        """Write ``people`` into the file, replacing entries of the same id (imports: the
        whole batch is checked and written at once); returns the new knowledge base."""
        data = self._read()
        new = {p.id: p.model_dump(mode="json", exclude_defaults=True) for p in people}
        kept = [item for item in data.get("people") or [] if _item_id(item) not in new]
        data["people"] = [*kept, *new.values()]
        return self._replace(data)

    def _save(self, section: AliasSection, entry: Named) -> KnowledgeBase:
        data = self._read()
        row = entry.model_dump(mode="json", exclude_defaults=True)
        kept = [item for item in data.get(section) or [] if _item_id(item) != entry.id]
        data[section] = [*kept, row]
        return self._replace(data)

    def _read(self) -> dict[str, Any]:
        if not self.path.is_file():
            return {}
        data = yaml.safe_load(self.path.read_text("utf-8")) or {}
        if not isinstance(data, dict):
            raise KnowledgeBaseError(f"{self.path}: expected a mapping of sections")
        return data

    def _replace(self, data: dict[str, Any]) -> KnowledgeBase:
        """Write a temporary file beside the real one, check it, then rename it over."""
        text = HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
        fd, name = tempfile.mkstemp(dir=self.path.parent, prefix=f".{self.path.name}.")
        temporary = Path(name)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            kb = self._check(temporary)
            os.replace(temporary, self.path)
        finally:
            temporary.unlink(missing_ok=True)
        _sync_folder(self.path.parent)
        return kb

    def _check(self, candidate: Path) -> KnowledgeBase:
        try:
            return load_knowledge_base([*self.base, candidate])
        except KnowledgeBaseError as exc:
            raise KnowledgeBaseError(str(exc).replace(str(candidate), str(self.path))) from None


def _item_id(item: Any) -> Any:
    return item.get("id") or item.get("iso3") if isinstance(item, dict) else None


def _entry(kb: KnowledgeBase, section: AliasSection, entry_id: str) -> Named:
    entries: Mapping[str, Named] = getattr(kb, section)
    if entry_id in entries:
        return entries[entry_id]
    close = difflib.get_close_matches(entry_id, list(entries), n=3)
    hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
    raise KnowledgeBaseError(f"there is no {section} entry {entry_id!r}{hint}")


def _check_free(kb: KnowledgeBase, names: Iterable[str], owner: tuple[str, str]) -> None:
    """Refuse a name or alias that already names another entry (it would make a mention
    that resolves today ambiguous)."""
    taken = _names(kb)
    for name in names:
        other = taken.get(name.strip().casefold())
        if other is not None and other != owner:
            raise KnowledgeBaseError(
                f"{name!r} already names {other[0]} entry {other[1]!r}; "
                "use a more specific name, or add the alias to that entry"
            )


def _names(kb: KnowledgeBase) -> dict[str, tuple[str, str]]:
    """The names curated and user entries use (a world-tier name never blocks an addition:
    the curated entry wins over it)."""
    found: dict[str, tuple[str, str]] = {}
    sections: tuple[tuple[str, Mapping[str, Named]], ...] = (
        ("countries", kb.countries),
        ("igos", kb.igos),
        ("institutions", kb.institutions),
        ("people", kb.people),
    )
    for section, entries in sections:
        checked = entries.checked() if isinstance(entries, Entries) else entries.values()
        for entry in checked:
            key = entry.id
            for name in _entry_names(entry):
                found.setdefault(name.casefold(), (section, key))
    return found


def _entry_names(entry: Named) -> list[str]:
    names = [entry.name, *entry.aliases]
    if isinstance(entry, Country):
        names += [*entry.demonyms, *entry.seats, *([entry.capital] if entry.capital else [])]
    return names


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX; a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError as exc:
        log.debug("cannot open %s to sync the rename: %s", folder, exc)
        return
    try:
        os.fsync(fd)
    except OSError as exc:
        log.debug("cannot sync %s: %s", folder, exc)
    finally:
        os.close(fd)
