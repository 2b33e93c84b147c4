"""Event coding: coders chosen by registry name (``rules.v1``).

``CODERS.get(config.coder)(config)`` builds the configured coder; every coder follows the
:class:`~legation.coding.base.Coder` protocol, and one that finds events only in some
sentences says which (:class:`~legation.coding.base.SelectiveCoder`). Other packages add
coders under the entry-point group ``legation.coders`` (:mod:`legation.registry`).
"""

from __future__ import annotations

from .base import CODERS, Coder, SelectiveCoder
from .hybrid import HybridCoder  # registers hybrid.v1
from .rules import RulesCoder  # registers rules.v1

__all__ = ["CODERS", "Coder", "HybridCoder", "RulesCoder", "SelectiveCoder"]
