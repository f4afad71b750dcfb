"""Web archives (WARC, plain or gzipped) through warcio: one document per archived page.

Records are streamed one at a time, so a multi-gigabyte crawl never sits in memory. Only
successful HTML (or plain-text) captures become documents; redirects, images, scripts and
request records are skipped silently, as they are not articles.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import Any, BinaryIO

from shiftwatch.documents.base import Item, ReadFailure, ReadOptions
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
    if head.startswith(b"\x1f\x8b"):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 64)
        except zlib.error:
            raise InputError(name, "not a readable WARC file (corrupt gzip data)") from None
    if peeker and not head.lstrip(b"\r\n").startswith((b"WARC/", b"filedesc://")):
        raise InputError(name, "not a readable WARC file (no WARC/1.x header at the start)")


def read_warc(stream: BinaryIO, name: str, options: ReadOptions) -> Iterator[Item]:
    """Documents from the HTML and text captures of a WARC file."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    _check_warc_start(stream, name)
    number = 0
    try:
        for record in ArchiveIterator(stream):
            number += 1
            if record.rec_type not in ("response", "resource"):
                continue
            if record.rec_type == "response" and record.http_headers is not None:
                status = record.http_headers.get_statuscode()
                if status != "200":
                    continue
            kind = _content_type(record)
            if kind not in HTML_TYPES and kind != "text/plain":
                continue
            uri = record.rec_headers.get_header("WARC-Target-URI") or f"record {number}"
            location = f"{name}: record {number} ({uri})"
            body = record.content_stream().read(MAX_HTML_BYTES)
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
