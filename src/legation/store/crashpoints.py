"""A test hook that makes this process SIGKILL itself at a named point of a store write.

The crash-safety tests (``tests/test_crash.py``) set ``LEGATION_CRASH_AT`` on a ``legation
code`` subprocess to kill it at a chosen moment instead of at a lucky delay::

    LEGATION_CRASH_AT=write:2       killed when the 2nd batch is inserted, before its commit
    LEGATION_CRASH_AT=write:2@3     killed 3 ms after that, from a timer (inside the commit)
    LEGATION_CRASH_AT=close@20      killed 20 ms into closing the store (DuckDB's checkpoint)

Points (each counted per :class:`~legation.store.Store`): ``migrate`` (a migration applied,
not committed), ``write`` (a batch inserted, not committed), ``load`` (a part file loaded,
not committed), ``merge`` (cross-document merges made, not committed) and ``close``. ``:N``
picks the Nth time the point is reached (default 1); ``@MS`` arms a timer instead of killing
at once, so the kill lands in whatever comes next. Unset (always, outside those tests) it
costs one comparison per transaction. Never set it on a store you care about.
"""

from __future__ import annotations

import logging
import os
import re
import signal
import threading
from dataclasses import dataclass

from ..errors import ConfigError

log = logging.getLogger(__name__)

ENV = "LEGATION_CRASH_AT"
POINTS = ("migrate", "write", "load", "merge", "close")
_SPEC = re.compile(r"(?P<point>[a-z]+)(?::(?P<nth>[1-9][0-9]*))?(?:@(?P<ms>[0-9]+))?")


@dataclass(slots=True)
class CrashPoint:
    """Where to die (``point`` None: never), and how often that point was reached."""

    point: str | None = None
    nth: int = 1
    delay_ms: int | None = None
    seen: int = 0

    @classmethod
    def from_env(cls) -> CrashPoint:
        spec = os.environ.get(ENV, "")
        if not spec:
            return cls()
        match = _SPEC.fullmatch(spec)
        if match is None or match["point"] not in POINTS:
            raise ConfigError(
                f"{ENV}={spec!r} is not POINT[:N][@MS] with POINT one of {', '.join(POINTS)}; "
                f"unset {ENV} (it is a test hook)"
            )
        delay = int(match["ms"]) if match["ms"] is not None else None
        return cls(match["point"], int(match["nth"] or 1), delay)

    def reached(self, point: str) -> None:
        """Kill this process if ``point`` is the chosen one, reached for the Nth time."""
        if point != self.point:
            return
        self.seen += 1
        if self.seen != self.nth:
            return
        log.warning("%s: killing this process at %s:%d", ENV, point, self.nth)
        if self.delay_ms is None:
            _kill()
        else:  # not a daemon: the process cannot exit before the timer has killed it
            threading.Timer(self.delay_ms / 1000, _kill).start()


def _kill() -> None:
    os.kill(os.getpid(), signal.SIGKILL)
