"""Pydantic models of the API's requests and responses; the OpenAPI docs come from these."""

from __future__ import annotations

import re
from datetime import date
from datetime import date as Day
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_PAGE = 1000
"""The largest ``limit`` a listing accepts; more is a 422, not a slow response."""

ACTOR_PATTERN = r"^[A-Za-z][A-Za-z0-9_\-]{0,31}(\.[A-Za-z]{3})?\*?$"
"""Actor keys are short letters/digits ("PRK", "UN", "ISIS"), optionally a non-state part
("SYR.REB") or the state with all its parts ("SYR*"): anything else is refused early."""

TYPE_PATTERN = r"^[A-Za-z_]{1,32}$"
ID_PATTERN = r"^[A-Za-z0-9_\-]{1,64}$"

MAX_POSTED_CHARS = 200_000
"""Longest text a POST may carry: three times the longest Guardian article in the sample.

Coding time and memory grow with a document's length (1 MB of text once took 210 s and
3.6 GB); longer texts belong in ``shiftwatch ingest`` and ``shiftwatch code``."""
_SURROGATE = re.compile("[\ud800-\udfff]")


class EventOut(BaseModel):
    """One event with its evidence: the sentence, where it came from and how it was coded."""

    id: str
    doc_id: str | None
    sentence_idx: int | None
    sentence: str | None
    date: date | None
    source: str
    source_sector: str = ""
    source_text: str = ""
    source_cameo: str = ""
    target: str | None
    target_sector: str = ""
    target_text: str = ""
    target_cameo: str = ""
    type: str
    mode: str = ""
    cameo: str = ""
    goldstein: float | None
    quad_class: int | None
    modality: str
    quantity: float | None
    quantity_unit: str = ""
    location: str = ""
    confidence: float | None
    coder_version: str = ""
    evidence_start: int | None
    evidence_end: int | None
    trigger: str = ""
    origin: str = ""
    url: str | None
    external_id: str | None = None
    mentions: int = 1
    event_date: Day | None = None
    date_precision: str = ""


class Page(BaseModel):
    """Pagination envelope: ``total`` rows match, ``items`` holds ``limit`` from ``offset``."""

    total: int
    limit: int
    offset: int


class EventPage(Page):
    items: list[EventOut]


class DocumentSummary(BaseModel):
    id: str
    published: date | None
    source: str | None
    title: str
    language: str | None
    url: str | None
    chars: int
    near_duplicate_of: str | None = None


class DocumentPage(Page):
    items: list[DocumentSummary]


class SentenceOut(BaseModel):
    idx: int
    start_char: int
    end_char: int
    text: str


class Coding(BaseModel):
    """Where a document's coding is: ``queued``, ``coding``, ``done`` (with ``events``),
    ``failed`` (with ``error``), ``skipped`` (not English) or ``not coded``."""

    model_config = ConfigDict(extra="allow")

    state: str
    events: int | None = None


class DocumentOut(BaseModel):
    id: str
    title: str
    url: str | None
    source: str | None
    published: date | None
    language: str | None
    tags: list[str]
    text: str
    origin: str | None
    near_duplicate_of: str | None
    sentences: list[SentenceOut]
    events: list[EventOut]
    coding: Coding


class DocumentIn(BaseModel):
    """A document posted for ingest: exactly one of ``text`` (plain) or ``html`` (a web page)."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(default=None, min_length=1, max_length=MAX_POSTED_CHARS)
    html: str | None = Field(default=None, min_length=1)
    title: str = Field(default="", max_length=1000)
    url: str | None = Field(default=None, max_length=2000)
    source: str | None = Field(default=None, max_length=200)
    published: date | None = None

    @field_validator("text", "html", "title", "url", "source")
    @classmethod
    def no_lone_surrogates(cls, value: str | None) -> str | None:
        """JSON may spell a lone surrogate (``"\\ud800"``); it is no character, cannot be
        stored as UTF-8, and used to reach the database as a 500."""
        if value is not None and _SURROGATE.search(value):
            raise ValueError("contains a lone surrogate (\\ud800-\\udfff), which is not text")
        return value

    @model_validator(mode="after")
    def one_body(self) -> DocumentIn:
        if (self.text is None) == (self.html is None):
            raise ValueError("give exactly one of 'text' or 'html'")
        return self


class IngestOut(BaseModel):
    """What happened to a posted document."""

    id: str | None
    stored: bool
    duplicate: bool
    events: list[EventOut]
    problems: list[str] = []
    coding: Coding | None = None


class SearchHit(BaseModel):
    doc_id: str
    idx: int
    text: str
    score: float
    title: str
    published: date | None
    events: int


class SearchPage(Page):
    query: str
    items: list[SearchHit]


class DyadCount(BaseModel):
    a: str
    b: str
    events: int
    goldstein_mean: float | None


class DyadPage(Page):
    items: list[DyadCount]


class Rows(BaseModel):
    """A table from the analytics, row by row, with its column names."""

    columns: list[str]
    rows: list[dict[str, Any]]
    notes: list[str] = Field(
        default=[], description="what was changed in the request, e.g. dates clamped to the data"
    )
