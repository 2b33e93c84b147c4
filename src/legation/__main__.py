"""``python -m legation``: the command line, for an environment whose ``legation`` script is
not on the PATH (the same as running ``legation``)."""

from __future__ import annotations

from .app.cli import main

if __name__ == "__main__":
    main(prog_name="legation")
