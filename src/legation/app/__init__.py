"""The front ends: thin shells over the library, in a wing of their own.

* :mod:`legation.app.cli` — the ``legation`` command line (:mod:`legation.app.console`: its
  progress bars and warning digest);
* :mod:`legation.app.http` — the FastAPI JSON API and the analyst web app (the static pages
  of ``legation/app/web``); :mod:`legation.app.writes` adds the write endpoints,
  :mod:`legation.app.base` holds what reads and writes share, :mod:`legation.app.cache` the
  answer cache.

Nothing below this package imports from it. Importing it loads neither click nor FastAPI.
"""
