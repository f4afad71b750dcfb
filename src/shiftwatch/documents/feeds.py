"""RSS and Atom feeds through feedparser: one document per entry.

A feed file is small (a page of recent entries), so it is parsed whole; entries are then
turned into documents one at a time. An entry without text is a failure of that entry only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from typing import Any, BinaryIO

from shiftwatch.dates import parse_date
from shiftwatch.documents.base import Item, ReadFailure, ReadOptions
from shiftwatch.documents.html import html_to_text
from shiftwatch.errors import InputError
from shiftwatch.models import Document

log = logging.getLogger(__name__)
MAX_FEED_BYTES = 64 * 1024 * 1024


def _entry_date(entry: Any) -> date | None:
    parsed = ("published_parsed", "updated_parsed", "created_parsed")  # struct_time
    for key in (*parsed, "published", "updated", "created"):
        if entry.get(key):
            return parse_date(entry[key])
    return None


def _entry_text(entry: Any) -> str:
    """The fullest text an entry carries: its content if present, else its summary."""
    candidates = [part.get("value", "") for part in entry.get("content", [])]
    candidates.append(entry.get("summary", "") or entry.get("description", ""))
    best = max(candidates, key=len)
    return html_to_text(best) if best else ""


def read_feed(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """Documents from the entries of an RSS or Atom file."""
    import feedparser  # lazy: only feed ingests pay for it

    data = stream.read(MAX_FEED_BYTES + 1)
    if len(data) > MAX_FEED_BYTES:
        raise InputError(name, f"feed larger than {MAX_FEED_BYTES // 2**20} MB")
    parsed = feedparser.parse(data)
    if not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({str(reason).splitlines()[0]})" if reason else ""
        raise InputError(name, f"not an RSS/Atom feed, or a feed with no entries{detail}")
    if parsed.get("bozo"):
        log.warning(
            "%s: feed is not well-formed (%s); reading what parses",
            name,
            parsed.get("bozo_exception"),
        )
    outlet = options.source or " ".join(parsed.feed.get("title", "").split()) or None
    for number, entry in enumerate(parsed.entries, start=1):
        key = entry.get("id") or entry.get("link") or f"entry {number}"
        location = f"{name}: entry {number}"
        text = _entry_text(entry)
        if not text:
            yield ReadFailure(location, "entry has no text (no content or summary)")
            continue
        yield Document(
            text=text,
            title=" ".join(html_to_text(entry.get("title", "")).split()),
            url=entry.get("link") or None,
            source=outlet,
            published=_entry_date(entry) or options.published,
            origin=f"{name}:{key}",
        )
