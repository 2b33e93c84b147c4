"""Backends chosen by versioned name (``coder: rules.v1``, ``resolver: dictionary.v1``).

A published ``.v1`` never changes behaviour; a new behaviour gets a new name.

Other packages add backends without editing Legation, through Python entry points (the
groups are :data:`PLUGIN_GROUPS`): a package that declares, in its ``pyproject.toml``,

.. code-block:: toml

    [project.entry-points."legation.coders"]
    "toy.v1" = "legation_toy:ToyCoder"

makes ``coder = "toy.v1"`` a valid config once it is installed. The object named is the
factory the registry calls (a class, or a function returning the backend). Entry points are
looked up when a name is not registered in the package, so a plugin installed while a
process runs is found too; a plugin cannot take a name Legation registers itself.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from typing import Generic, TypeVar

from .errors import ConfigError

T = TypeVar("T")

log = logging.getLogger(__name__)

#: The entry-point group of each registry that plugins extend.
PLUGIN_GROUPS = {
    "coder": "legation.coders",
    "resolver": "legation.resolvers",
    "reader": "legation.readers",
    "language": "legation.languages",
}


class Registry(Generic[T]):
    """Named factories for one kind of backend, extended by the entry points of ``group``."""

    def __init__(self, kind: str, group: str | None = None) -> None:
        self.kind = kind
        self.group = group
        self._factories: dict[str, Callable[..., T]] = {}
        self._plugins: dict[str, Callable[..., T]] = {}

    def register(self, name: str) -> Callable[[Callable[..., T]], Callable[..., T]]:
        def decorator(factory: Callable[..., T]) -> Callable[..., T]:
            if name in self._factories:
                raise ConfigError(f"{self.kind} {name!r} is registered twice")
            self._factories[name] = factory
            return factory

        return decorator

    def get(self, name: str) -> Callable[..., T]:
        found = self._factories.get(name) or self._plugins.get(name) or self._plugin(name)
        if found is None:
            options = ", ".join(self.names()) or "none"
            raise ConfigError(f"unknown {self.kind} {name!r}; choose one of: {options}")
        return found

    def names(self) -> list[str]:
        """Every name: the package's own, then those of the installed plugins."""
        return [*sorted(self._factories), *sorted(self._plugin_names() - self._factories.keys())]

    def items(self) -> list[tuple[str, Callable[..., T]]]:
        """Every factory by name, the package's own in the order registered, then the
        installed plugins' (loaded now) by name."""
        plugins = sorted(self._plugin_names() - self._factories.keys())
        return [*self._factories.items(), *((name, self.get(name)) for name in plugins)]

    def _plugin(self, name: str) -> Callable[..., T] | None:
        """The factory of the installed plugin named ``name`` (loaded and kept), or None."""
        point = next((p for p in self._entry_points() if p.name == name), None)
        if point is None:
            return None
        try:
            factory: Callable[..., T] = point.load()
        except Exception as exc:  # a broken plugin: say which one, and where it points
            raise ConfigError(
                f"{self.kind} {name!r} (entry point {point.value!r} in group {self.group!r}) "
                f"could not be loaded: {type(exc).__name__}: {exc}; reinstall or remove the "
                "package that provides it"
            ) from exc
        self._plugins[name] = factory
        return factory

    def _plugin_names(self) -> set[str]:
        return {point.name for point in self._entry_points()}

    def _entry_points(self) -> list[EntryPoint]:
        if self.group is None:
            return []
        points = list(entry_points(group=self.group))
        for point in points:
            if point.name in self._factories:
                log.warning(
                    "%s %r from the plugin entry point %r is ignored: Legation registers that "
                    "name itself; give the plugin a name of its own",
                    self.kind,
                    point.name,
                    point.value,
                )
        return [p for p in points if p.name not in self._factories]
