"""Event coding: coders chosen by registry name (``rules.v1``).

``CODERS.get(config.coder)(config)`` builds the configured coder; every coder follows the
:class:`~legation.coding.base.Coder` protocol.
"""

from __future__ import annotations

from ..registry import Registry
from .base import Coder

CODERS: Registry[Coder] = Registry("coder")

from .hybrid import HybridCoder  # noqa: E402  (registers hybrid.v1)
from .rules import RulesCoder  # noqa: E402  (registers rules.v1)

__all__ = ["CODERS", "Coder", "HybridCoder", "RulesCoder"]
