"""The old home of the command line, kept so that ``legation`` scripts installed before the
front ends moved to :mod:`legation.app` still start (they import ``legation.cli:main``).

New code imports :func:`legation.app.cli.main`; reinstalling the package points the script there.
"""

from __future__ import annotations

from .app.cli import main

__all__ = ["main"]
