"""Full-text search over coded sentences, ranked with BM25, in plain parameterised SQL.

DuckDB's ``fts`` extension is not bundled with the Python wheel and would be downloaded on
first use, which Shiftwatch never does at run time; it would also need an index rebuilt after
every ingest and cannot be created on a read-only database. Sentences are short and the
corpus is a few hundred thousand of them at most on one machine, so a scan with RE2 regular
expressions plus BM25 computed in the same query is fast enough and always current.

Query syntax: words (all must occur, any order, case-insensitive; words of four letters or more
also match as prefixes, so "sanction" finds "sanctions") and "quoted phrases".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pandas as pd

from shiftwatch.errors import InputError

if TYPE_CHECKING:
    from shiftwatch.store import Store

MAX_TERMS = 8
_TOKEN = re.compile(r'"([^"]+)"|([\w][\w\'-]*)', re.UNICODE)
_WORD = re.compile(r"\w+", re.UNICODE)
K1, B = 1.2, 0.75


# RE2 (DuckDB's regular expressions) knows \b and \w only for ASCII, and Python's re has
# no \p{L}: each term gets one expression per engine, with the same meaning for any script.
_RE2_WORD = r"[\p{L}\p{N}_]"
_RE2_START = r"(?:^|[^\p{L}\p{N}_])"
_RE2_END = r"(?:$|[^\p{L}\p{N}_])"


@dataclass(frozen=True)
class Term:
    """One search term: ``pattern`` finds it in Python (highlighting), ``sql`` in DuckDB."""

    text: str
    pattern: str
    sql: str


def parse_query(query: str) -> list[Term]:
    """Split a query into terms; a query with no word in it is an error, not "match all"."""
    terms: list[Term] = []
    for phrase, word in _TOKEN.findall(query):
        words = _WORD.findall(phrase or word)
        if not words:
            continue
        body = r"\s+".join(re.escape(w) for w in words)
        prefix = len(words[-1]) >= 4
        pattern = r"(?i)(?<!\w)" + body + (r"\w*" if prefix else r"(?!\w)")
        sql = "(?i)" + _RE2_START + body + (_RE2_WORD + "*" if prefix else _RE2_END)
        if pattern not in {term.pattern for term in terms}:
            terms.append(Term(" ".join(words), pattern, sql))
    if not terms:
        raise InputError("q", "the search needs at least one word")
    if len(terms) > MAX_TERMS:
        raise InputError("q", f"at most {MAX_TERMS} words or phrases per search")
    return terms


def search_sentences(
    store: Store, query: str, limit: int = 20, offset: int = 0
) -> tuple[int, pd.DataFrame, list[Term]]:
    """Sentences containing every term, best BM25 score first.

    Returns (number of matching sentences, one page of hits, the parsed terms). Each hit has
    doc_id, idx, text, score, title, published and the number of events coded from it.
    """
    terms = parse_query(query)
    tf_columns = ", ".join(
        f"len(regexp_extract_all(s.text, ?)) AS tf{i}" for i in range(len(terms))
    )
    all_terms = " AND ".join(f"tf{i} > 0" for i in range(len(terms)))
    score = " + ".join(
        f"ln(1 + (n - df{i} + 0.5) / (df{i} + 0.5)) * tf{i} * {K1 + 1} "
        f"/ (tf{i} + {K1} * (1 - {B} + {B} * chars / avglen))"
        for i in range(len(terms))
    )
    dfs = ", ".join(
        f"count(*) FILTER (WHERE tf{i} > 0) OVER () AS df{i}" for i in range(len(terms))
    )
    # Only generated names (tf0, df0 ...) are spliced in; every user value is a parameter.
    sql = f"""
        WITH stats AS (SELECT count(*) AS n, coalesce(avg(length(text)), 1) AS avglen
                       FROM sentences),
        scored AS (
            SELECT s.doc_id, s.idx, s.text, length(s.text) AS chars, {tf_columns}
            FROM sentences s WHERE regexp_matches(s.text, ?)
        ),
        matched AS (SELECT *, {dfs}, count(*) OVER () AS total FROM scored WHERE {all_terms})
        SELECT m.doc_id, m.idx, m.text, ({score}) AS score, m.total,
               coalesce(d.title, '') AS title, d.published,
               (SELECT count(*) FROM events e
                WHERE e.doc_id = m.doc_id AND e.sentence_idx = m.idx) AS events
        FROM matched m CROSS JOIN stats LEFT JOIN documents d ON d.id = m.doc_id
        ORDER BY score DESC, m.doc_id, m.idx
        LIMIT ? OFFSET ?
    """
    any_term = "|".join(f"(?:{term.sql.removeprefix('(?i)')})" for term in terms)
    params: list[object] = [term.sql for term in terms]
    params += ["(?i)" + any_term, int(limit), int(offset)]
    frame = store.con.execute(sql, params).df()
    total = int(frame["total"].iloc[0]) if len(frame) else _count(store, sql, params, offset)
    return total, frame.drop(columns=["total"]), terms


def _count(store: Store, sql: str, params: list[object], offset: int) -> int:
    """The match count when the requested page is past the end (so the page came back empty)."""
    if offset == 0:
        return 0
    frame = store.con.execute(sql, [*params[:-2], 1, 0]).df()
    return int(frame["total"].iloc[0]) if len(frame) else 0
