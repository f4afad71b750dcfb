"""The plain records that flow between stages: documents in, events out.

They are dataclasses, not ORM objects, so they pickle to worker processes, serialise to
JSON and turn into DataFrame rows without ceremony.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from datetime import date
from datetime import date as Day
from typing import Any

from shiftwatch.ontology import MODALITIES

_LINK = re.compile(r"https?://[^\s\x00-\x1f\x7f]+", re.IGNORECASE)


def safe_url(value: object) -> str | None:
    """``value`` when it is an ``http``/``https`` URL that may become a link, else None.

    A ``javascript:``, ``data:`` or ``vbscript:`` URL from a feed, a CSV column or a POST
    would run script in a reader's browser once written into an ``href``.
    """
    if not isinstance(value, str):
        return None
    text = value.strip()
    return text if _LINK.fullmatch(text) else None


def link_only(doc: Document) -> Document:
    """``doc`` with a URL that is not ``http(s)`` moved out of ``url`` into ``origin``, where it
    is kept as text (for audit) and never becomes a link. Every stored document passes here."""
    if doc.url is not None and safe_url(doc.url) is None:
        kept = doc.url.strip()[:300]
        if kept:
            doc.origin = f"{doc.origin} [url not http(s), kept as text: {kept!r}]".strip()
        doc.url = None
    elif doc.url is not None:
        doc.url = doc.url.strip()
    return doc


_WHITESPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """A hash of the text that ignores case, Unicode form and whitespace.

    Two copies of one article that differ only in line breaks or spacing are the same
    document; the hash is what makes re-ingesting idempotent.
    """
    normal = unicodedata.normalize("NFKC", text).casefold()
    normal = _WHITESPACE.sub(" ", normal).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class Document:
    """One article: clean text plus the metadata needed to date and cite it."""

    text: str
    title: str = ""
    url: str | None = None
    source: str | None = None
    published: date | None = None
    tags: list[str] = field(default_factory=list)
    language: str | None = None
    origin: str = ""  # where it was read from: "file.csv:row 12", for error messages and audit
    near_duplicate_of: str | None = None
    hash: str = ""
    id: str = ""

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.text)
        if not self.id:
            self.id = self.hash[:16]

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class ActorRef:
    """Who acts or is acted on: a code from the guidelines, its sector and the naming words."""

    code: str
    sector: str = ""
    text: str = ""
    cameo: str = ""


@dataclass(slots=True)
class Event:
    """One coded event with the sentence that is its evidence.

    ``source``/``target`` follow ``shared/eval/GUIDELINES.md``; ``cameo``, ``goldstein`` and
    ``quad_class`` make the record readable by GDELT/ICEWS tooling.
    """

    doc_id: str
    sentence_idx: int
    sentence: str
    date: date | None
    source: ActorRef
    target: ActorRef | None
    type: str
    mode: str = ""
    cameo: str = ""
    goldstein: float | None = None
    quad_class: int | None = None
    modality: str = "asserted"
    quantity: float | None = None
    quantity_unit: str = ""
    location: str = ""
    confidence: float = 0.5
    coder_version: str = ""
    evidence_start: int | None = None
    evidence_end: int | None = None
    trigger: str = ""
    id: str = ""
    # When it happened (``date`` is when it was published): the first day of the period the
    # sentence names, and that period (day, week, month or year); see coder/event_dates.py.
    event_date: Day | None = None
    date_precision: str = ""

    def __post_init__(self) -> None:
        if self.modality not in MODALITIES:
            raise ValueError(f"modality must be one of {MODALITIES}, not {self.modality!r}")
        if self.event_date is None and self.date is not None:
            self.event_date, self.date_precision = self.date, self.date_precision or "day"
        if not self.id:
            self.id = self.make_id()

    def make_id(self) -> str:
        """A stable id: recoding a sentence the same way upserts instead of duplicating."""
        target = self.target.code if self.target else ""
        key = "|".join(
            [
                self.doc_id,
                str(self.sentence_idx),
                self.source.code,
                self.source.sector,
                target,
                self.type,
                self.mode,
                self.trigger,
                str(self.evidence_start),
            ]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
