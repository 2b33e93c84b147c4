"""The ontology tables as the coders use them: CAMEO codes with their PLOVER equivalents,
Goldstein scores, PLOVER scores and quad classes.

They live in :mod:`legation.ontology`, below every stage, so that the store can merge events
by CAMEO code and quad class without importing coding; this module keeps coding's name for
them.
"""

from __future__ import annotations

from ..ontology import (
    MATERIAL_CONFLICT,
    MATERIAL_COOPERATION,
    PLOVER_QUAD,
    VERBAL_CONFLICT,
    VERBAL_COOPERATION,
    CameoInfo,
    cameo_info,
    cameo_table,
    default_cameo,
    plover_score,
    quad_class,
    score_table,
)

__all__ = [
    "MATERIAL_CONFLICT",
    "MATERIAL_COOPERATION",
    "PLOVER_QUAD",
    "VERBAL_CONFLICT",
    "VERBAL_COOPERATION",
    "CameoInfo",
    "cameo_info",
    "cameo_table",
    "default_cameo",
    "plover_score",
    "quad_class",
    "score_table",
]
