"""Turning stored rows into HTML: the Jinja2 environment and the highlighter.

Highlighting works on character classes rather than nested tags: every character gets the set
of highlight classes covering it and each run of equal sets becomes one ``<span>``. Spans may
overlap (an actor inside an evidence phrase) and the HTML is still well formed and escaped.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from shiftwatch.models import safe_url


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    cls: str


def highlight(text: str, spans: Iterable[Span]) -> Markup:
    """``text`` escaped, with each span's characters wrapped in ``<span class=...>``."""
    classes: list[frozenset[str]] = [frozenset()] * len(text)
    for span in spans:
        start, end = max(0, span.start), min(len(text), span.end)
        for i in range(start, end):
            classes[i] = classes[i] | {span.cls}
    parts: list[str] = []
    i = 0
    while i < len(text):
        j = i
        while j < len(text) and classes[j] == classes[i]:
            j += 1
        chunk = str(escape(text[i:j]))
        if classes[i]:
            names = " ".join(sorted(classes[i]))
            parts.append(f'<span class="{names}">{chunk}</span>')
        else:
            parts.append(chunk)
        i = j
    return Markup("".join(parts))


def find_all(text: str, needle: str, cls: str) -> list[Span]:
    """Every whole-word, case-insensitive occurrence of ``needle`` in ``text``."""
    if not needle or not needle.strip():
        return []
    pattern = re.compile(r"(?<!\w)" + re.escape(needle.strip()) + r"(?!\w)", re.IGNORECASE)
    return [Span(m.start(), m.end(), cls) for m in pattern.finditer(text)]


def event_spans(
    sentence: str, event: dict[str, Any], sentence_start: int | None = None, offset: int = 0
) -> list[Span]:
    """Where the evidence and both actors are in ``sentence`` (shifted by ``offset``).

    The coder stores the evidence as character offsets into the document; ``sentence_start``
    (the sentence's own offset in the document) maps them into the sentence. When they do not
    fit (imported events, unknown sentence start) the trigger word is searched for instead.
    """
    spans: list[Span] = []
    start, end = _int(event.get("evidence_start")), _int(event.get("evidence_end"))
    if start is not None and end is not None and sentence_start is not None:
        start, end = start - sentence_start, end - sentence_start
    if (
        sentence_start is not None
        and start is not None
        and end is not None
        and 0 <= start < end <= len(sentence)
    ):
        spans.append(Span(start, end, "evidence"))
    else:
        spans += find_all(sentence, str(event.get("trigger") or ""), "evidence")
    spans += find_all(sentence, str(event.get("source_text") or ""), "actor-source")
    spans += find_all(sentence, str(event.get("target_text") or ""), "actor-target")
    return [Span(s.start + offset, s.end + offset, s.cls) for s in spans]


def term_spans(text: str, patterns: Sequence[str]) -> list[Span]:
    """Search-term matches (the search module's patterns use Python-compatible syntax)."""
    spans: list[Span] = []
    for pattern in patterns:
        spans += [Span(m.start(), m.end(), "match") for m in re.finditer(pattern, text)]
    return spans


def _int(value: Any) -> int | None:
    if value is None:
        return None
    try:
        if isinstance(value, float) and math.isnan(value):
            return None
        return int(value)
    except (TypeError, ValueError):
        return None


def fmt_date(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    try:
        if value != value:  # NaN / NaT
            return ""
    except (TypeError, ValueError):
        pass
    return str(value)[:10]


def fmt_number(value: Any, digits: int = 2) -> str:
    if value is None:
        return ""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    if math.isnan(number):
        return ""
    return f"{number:,.{digits}f}"


def chart(spec: dict[str, Any]) -> Markup:
    """A chart spec as inline SVG for a page (rendered on the server, cached by spec)."""
    from shiftwatch.charts import to_svg

    return Markup(to_svg(spec))


def display_title(title: str | None, text: str | None, words: int = 12) -> str:
    """A document's title, or its first words when it has none (Guardian rows carry no title)."""
    if title and title.strip():
        return title.strip()
    first = (text or "").split()
    if not first:
        return "Untitled document"
    return " ".join(first[:words]) + ("…" if len(first) > words else "")


def href(value: object) -> str | None:
    """A value fit for an ``href``: an ``http(s)`` URL or a path on this site, else None.

    Every link a template builds goes through the ``link`` macro and this filter, so a
    ``javascript:`` or ``data:`` URL that reached the store (or an imported event) is shown
    as text and never becomes a link.
    """
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//"):
        return value
    return safe_url(value)


@cache
def templates() -> Jinja2Templates:
    """The app's templates, loaded from the package (built once per process)."""
    folder = resources.files("shiftwatch.web") / "templates"
    env = Jinja2Templates(directory=str(folder))
    env.env.filters["href"] = href
    env.env.filters["day"] = fmt_date
    env.env.filters["num"] = fmt_number
    env.env.globals["display_title"] = display_title
    return env
