"""Web pages: trafilatura finds the article among navigation, ads and comments.

trafilatura gives the main text, title and canonical URL; its date comes from htmldate, told
to look for the original publication date and not to guess from loose text (a copyright
year in a footer is not a publication date).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, BinaryIO, cast

from shiftwatch.dates import parse_date
from shiftwatch.documents.base import ReadOptions
from shiftwatch.errors import InputError
from shiftwatch.models import Document

if TYPE_CHECKING:
    from trafilatura.settings import Document as Extracted

MAX_HTML_BYTES = 10 * 1024 * 1024
"""Largest page read (news pages with their scripts are 0.1-3 MB; parsing costs ~50x in RAM)."""
MAX_HTML_DEPTH = 200
"""Deepest element nesting accepted; real pages stay under 60, libxml2 stops at 255."""
_DATE_PARAMS = {"original_date": True, "extensive_search": False, "outputformat": "%Y-%m-%d"}
_BLANK_LINES = re.compile(r"\n\s*\n+")


def _paragraphs(text: str) -> str:
    """One paragraph per line from the extractor becomes blank-line-separated paragraphs."""
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n\n".join(line for line in lines if line)


def parse_html(
    html: str | bytes, origin: str, options: ReadOptions | None = None, url: str | None = None
) -> Document:
    """The article in one web page; raises :class:`InputError` if the page has none."""
    import trafilatura  # lazy: importing it pulls in lxml, htmldate and justext

    options = options or ReadOptions()
    depth = nesting_depth(html)
    if depth > MAX_HTML_DEPTH:
        raise InputError(origin, f"HTML nested {depth} elements deep (limit {MAX_HTML_DEPTH})")
    # bare_extraction is annotated ``Document | dict | None`` for its deprecated ``as_dict``
    # flag; without that flag it returns trafilatura's Document or None.
    extracted = cast(
        "Extracted | None",
        trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS,
        ),
    )
    if extracted is None or not extracted.text or not extracted.text.strip():
        raise InputError(origin, "no article text found in the page")
    title = " ".join((extracted.title or "").split())
    body = _paragraphs(extracted.text)
    first, _, rest = body.partition("\n\n")
    if title and first == title and rest:
        body = rest  # the extractor repeats the <h1> headline as the first paragraph
    return Document(
        text=body,
        title=title,
        url=extracted.url or url,
        source=options.source or extracted.sitename or None,
        published=parse_date(extracted.date) or options.published,
        origin=origin,
    )


def nesting_depth(html: str | bytes) -> int:
    """How deep the page's elements nest, as libxml2 parses it (capped by it at 255)."""
    import lxml.etree
    import lxml.html

    try:
        root = lxml.html.document_fromstring(html)
    except Exception:  # lxml raises several unrelated types on junk; trafilatura will say
        return 0
    depth = deepest = 0
    for event, _ in lxml.etree.iterwalk(root, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content), paragraphs kept apart."""
    import lxml.html

    if "<" not in fragment:
        return _paragraphs(fragment)
    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:  # lxml raises several unrelated types on junk; plain text is the fallback
        return _paragraphs(re.sub(r"<[^>]+>", " ", fragment))
    for element in root.iter("p", "div", "br", "li", "h1", "h2", "h3", "h4", "blockquote"):
        element.tail = "\n" + (element.tail or "")
    for element in root.iter("script", "style"):
        element.drop_tree()
    return _BLANK_LINES.sub("\n\n", _paragraphs(root.text_content()))


def read_html(stream: BinaryIO, name: str, options: ReadOptions) -> list[Document]:
    """The article in an HTML file."""
    data = stream.read(MAX_HTML_BYTES + 1)
    if len(data) > MAX_HTML_BYTES:
        raise InputError(name, f"HTML file larger than {MAX_HTML_BYTES // 2**20} MB; skipped")
    if not data.strip():
        raise InputError(name, "empty file")
    if b"\x00" in data[:8192]:
        raise InputError(name, "binary file (contains NUL bytes), not HTML")
    return [parse_html(data, name, options)]
