"""The front ends: thin shells over the library, in a wing of their own.

* :mod:`legation.app.cli` — the ``legation`` command line (:mod:`legation.app.console`: its
  progress bars and warning digest);
* :mod:`legation.app.http` — builds the FastAPI JSON API and the analyst web app (the static
  pages of ``legation/app/web``) and includes the routers of :mod:`legation.app.reads` (the
  read endpoints) and :mod:`legation.app.writes` (the write endpoints);
  :mod:`legation.app.base` holds what they share (the typed ``AppState``),
  :mod:`legation.app.cache` the answer cache.

Nothing below this package imports from it. Importing it loads neither click nor FastAPI.
"""
