"""Web archives (WARC, plain or gzipped) through warcio: one document per archived page.

Records are streamed one at a time, so a multi-gigabyte crawl never sits in memory. Only
successful HTML (or plain-text) captures become documents; redirects, images, scripts and
request records are skipped silently, as they are not articles.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO

from shiftwatch.documents.base import Item, ReadFailure, ReadOptions
from shiftwatch.documents.discover import gunzipped, stream_failure
from shiftwatch.documents.html import MAX_HTML_BYTES, parse_html
from shiftwatch.documents.text import decode_bytes, parse_text
from shiftwatch.errors import InputError, ShiftwatchError

HTML_TYPES = ("text/html", "application/xhtml+xml")


def _content_type(record: Any) -> str:
    headers = record.http_headers if record.rec_type == "response" else record.rec_headers
    value = (headers.get_header("Content-Type") if headers else None) or ""
    return value.split(";")[0].strip().lower()


def _check_warc_start(stream: BinaryIO, name: str) -> None:
    """Refuse a file that does not begin like a WARC (or ARC) file, gzipped or not.

    warcio itself reads any text as a (broken) ARC record, so without this a text file
    passed as ``--format warc`` would silently yield nothing.
    """
    peeker = getattr(stream, "peek", None)
    head = bytes(peeker(4096)[:4096]) if peeker else b""
    if peeker and not head.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://")):
        raise InputError(name, "not a readable WARC file (no WARC/1.x header at the start)")


def _wanted(record: Any) -> str | None:
    """The content type of a record worth reading (a 200 HTML or text capture), else None."""
    if record.rec_type not in ("response", "resource"):
        return None
    headers = record.http_headers if record.rec_type == "response" else None
    if headers is not None and headers.get_statuscode() != "200":
        return None
    kind = _content_type(record)
    return kind if kind in HTML_TYPES or kind == "text/plain" else None


def _truncated(record: Any) -> bool:
    """Whether the file ended before the record's declared length (read past in chunks).

    warcio hands back whatever bytes there are, so without this a WARC cut short by a
    failed download is stored silently with its last page half missing.
    """
    raw = record.raw_stream
    while raw.read(1 << 20):
        pass
    return int(getattr(raw, "limit", 0) or 0) > 0


def read_warc(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """Documents from the HTML and text captures of a WARC file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    peeker = getattr(stream, "peek", None)
    if peeker and bytes(peeker(2)[:2]) == b"\x1f\x8b":  # gzipped, whatever its name says
        stream = gunzipped(stream, name, None)
    _check_warc_start(stream, name)
    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"record {number}"
            location = f"{name}: record {number} ({uri})"
            kind = _wanted(record)
            body = record.content_stream().read(MAX_HTML_BYTES) if kind else b""
            if _truncated(record):
                raise InputError(location, "truncated WARC file (it ends inside this record)")
            if not kind:
                continue
            try:
                if kind == "text/plain":
                    doc = parse_text(decode_bytes(body, location), location, options)
                    doc.url = doc.url or uri
                else:
                    doc = parse_html(body, location, options, url=uri)
            except ShiftwatchError as exc:
                problem = exc.problem if isinstance(exc, InputError) else str(exc)
                yield ReadFailure(location, problem)
                continue
            doc.origin = f"{name}:{uri}"
            yield doc
    except ArchiveLoadFailed as exc:
        where = f"{name}: record {number + 1}" if number else name
        reason = str(exc).splitlines()[0][:80]
        raise InputError(where, f"not a readable WARC file ({reason})") from None
    failure = stream_failure(stream)
    if failure is not None:
        raise failure
