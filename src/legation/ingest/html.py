"""HTML to a document: main text and metadata through trafilatura, with fallbacks that never
drop text silently.

libxml2 (under lxml, under trafilatura) stops building the tree at 256 levels of nesting and
drops everything deeper: a page whose article sits deeper came out as its ``<title>`` alone.
So a page with enough tags to be that deep is first parsed to check: if libxml2 reports its
depth limit, the page is parsed again with lxml's ``huge_tree`` option (2,048 levels) and that
tree is given to trafilatura; deeper still, :class:`_VisibleText` (the standard library's
tokenizing parser, which keeps no tree and has no depth limit) reads all its visible text.
Every fallback is recorded as a note saying what was kept.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..model import Failure, NoteKind
from .raw import Raw, fail, note

if TYPE_CHECKING:
    from lxml.html import HtmlElement  # type: ignore[import-untyped]

log = logging.getLogger(__name__)

#: libxml2's nesting limit, and its limit with ``huge_tree``.
DEPTH_LIMIT = 256
HUGE_DEPTH_LIMIT = 2048
_HIDDEN = frozenset({"script", "style", "noscript", "template", "head"})
_BLOCKS = frozenset(
    {
        *("p", "div", "br", "hr", "li", "ul", "ol", "dl", "dd", "dt", "tr", "table", "pre"),
        *("h1", "h2", "h3", "h4", "h5", "h6", "section", "article", "header", "footer"),
        *("blockquote", "main", "aside", "nav", "figure", "figcaption"),
    }
)
_VISIBLE_ALL = (
    "trafilatura found no article text, so all the visible text of the page was kept "
    "(menus, captions and footers included)"
)


@dataclass(frozen=True, slots=True)
class HtmlParts:
    text: str
    title: str | None = None
    date: str | None = None
    sitename: str | None = None
    url: str | None = None


def html_raw(html: str, path: Path) -> Raw | Failure:
    """A page as a raw document, or a Failure if it holds no readable text."""
    parts, fallback = extract_html(html)
    if parts is None or not parts.text.strip():
        return fail(path, "no article text found in the HTML; check that the file is a web page")
    notes = (note(path, NoteKind.HTML, fallback),) if fallback else ()
    return Raw(
        text=parts.text,
        name=path.name,
        source=str(path),
        title=parts.title,
        url=parts.url,
        outlet=parts.sitename,
        meta_date=parts.date,
        notes=notes,
    )


def extract_html(html: str) -> tuple[HtmlParts | None, str | None]:
    """(main text and metadata, what a fallback kept instead of the main text, if one did)."""
    if not _too_deep(html, huge=False):
        return _extract(html)
    tree = _parse(html, huge=True)
    if tree is None or _too_deep(html, huge=True):
        text = visible_text(html)
        return (HtmlParts(text[0], text[1]) if text else None), (
            f"the page is nested more than {HUGE_DEPTH_LIMIT:,} levels deep (beyond any HTML "
            "parser's tree), so all its visible text was kept, read without a tree "
            "(menus, captions and footers included)"
        )
    parts, fallback = _extract(tree)
    deep = f"the page is nested more than {DEPTH_LIMIT - 1} levels deep; it was read whole"
    return parts, f"{deep}, but {fallback}" if fallback else None


def _extract(html: str | HtmlElement) -> tuple[HtmlParts | None, str | None]:
    """trafilatura's main text; all visible text (lxml) if it finds none."""
    parts = _trafilatura_parts(html)
    if parts is not None and parts.text.strip():
        return parts, None
    fallback = _lxml_text(html)
    if fallback is None:
        return parts, None
    return HtmlParts(text=fallback[0], title=parts.title if parts else fallback[1]), _VISIBLE_ALL


def _trafilatura_parts(html: str | HtmlElement) -> HtmlParts | None:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html, with_metadata=True, include_comments=False, include_tables=False
        )
    except Exception as exc:  # trafilatura can fail on broken markup: fall back to lxml
        log.debug("trafilatura failed (%s); falling back to lxml", exc)
        return None
    if result is None:
        return None
    data: dict[str, Any] = result if isinstance(result, dict) else result.as_dict()
    return HtmlParts(
        text=data.get("text") or "",
        title=data.get("title") or None,
        date=data.get("date") or None,
        sitename=data.get("sitename") or None,
        url=data.get("url") or None,
    )


def _lxml_text(html: str | HtmlElement) -> tuple[str, str | None] | None:
    """(visible text, <title>) of a page or tree, or None if nothing readable."""
    tree = _parse(html, huge=True) if isinstance(html, str) else html
    if tree is None:
        return None
    for bad in tree.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    lines = (" ".join(line.split()) for line in tree.text_content().splitlines())
    text = "\n".join(line for line in lines if line)
    if not text:
        return None
    titles = [str(t).strip() for t in tree.xpath("//title/text()")]
    return text, next((t for t in titles if t), None)


# --------------------------------------------------------------------------- depth


def _parser(huge: bool) -> Any:
    import lxml.html  # type: ignore[import-untyped]

    # trafilatura's own parser options, plus huge_tree when asked
    return lxml.html.HTMLParser(
        collect_ids=False,
        default_doctype=False,
        remove_comments=True,
        remove_pis=True,
        huge_tree=huge,
    )


def _parse(html: str, huge: bool, parser: Any = None) -> HtmlElement | None:
    import lxml.etree  # type: ignore[import-untyped]
    import lxml.html

    parser = parser if parser is not None else _parser(huge)
    try:
        try:
            return lxml.html.fromstring(html, parser=parser)
        except ValueError:  # a str with an XML encoding declaration: parse its bytes
            return lxml.html.fromstring(html.encode("utf-8"), parser=parser)
    except (lxml.etree.ParserError, ValueError):
        return None


def _too_deep(html: str, huge: bool) -> bool:
    """Whether libxml2 (with ``huge_tree`` or not) stops at its nesting limit on ``html``."""
    if html.count("<") < (HUGE_DEPTH_LIMIT if huge else DEPTH_LIMIT):
        return False  # too few tags to nest that deep
    parser = _parser(huge)
    _parse(html, huge, parser)
    return any(entry.type_name == "ERR_RESOURCE_LIMIT" for entry in parser.error_log)


# --------------------------------------------------------------------------- no tree


class _VisibleText(HTMLParser):
    """Visible text and title of a page, read tag by tag without building a tree."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._hidden = 0  # inside script, style, head ...
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        elif tag in _HIDDEN:
            self._hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._hidden:
            self.parts.append(data)


def visible_text(html: str) -> tuple[str, str | None] | None:
    """(visible text, <title>) without a tree (any depth); None if there is no text."""
    reader = _VisibleText()
    reader.feed(html)
    reader.close()
    lines = (" ".join(line.split()) for line in "".join(reader.parts).splitlines())
    text = "\n".join(line for line in lines if line)
    title = " ".join("".join(reader.title).split()) or None
    return (text, title) if text else None
