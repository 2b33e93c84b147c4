"""Languages Legation recognises, to skip their documents, but cannot code: the common
function words ingest's detection counts (:mod:`legation.ingest.language`). A language
registered in full (:mod:`legation.lang`) brings its own function words instead."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType


def _vocab(words: str) -> frozenset[str]:
    return frozenset(words.split())


FUNCTION_WORDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "fr": _vocab(
            "le la les de des et un une du est que qui dans pour sur par au aux avec il elle pas "
            "ce ces sont été son sa ses"
        ),
        "es": _vocab(
            "el la los las de del y en que un una por con para es se al su sus lo como más pero "
            "fue ha"
        ),
        "de": _vocab(
            "der die das und den dem des ist nicht ein eine einen mit von zu auf für im sich auch "
            "wurde hat sie er"
        ),
        "pt": _vocab(
            "o os as de do da dos das e em que um uma para com não no na por se ao foi são"
        ),
        "it": _vocab(
            "il lo gli le di del della dei e che un una per con non è sono nel nella alla ha"
        ),
        "nl": _vocab("de het een en van in is dat op te met voor niet zijn die aan er werd heeft"),
        "id": _vocab("yang dan di ke dari ini itu dengan untuk pada tidak adalah akan"),
        "tr": _vocab("ve bir bu da de ile için olarak çok ama olan daha gibi"),
    }
)
