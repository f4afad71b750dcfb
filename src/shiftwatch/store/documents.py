"""Document reads and writes (a mixin of :class:`shiftwatch.store.Store`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd
import pyarrow as pa

from shiftwatch.errors import NotFoundError
from shiftwatch.models import Document, link_only

if TYPE_CHECKING:
    import duckdb

DOCUMENT_COLUMNS = (
    "id, hash, title, url, source, published, language, tags, text, origin, near_duplicate_of"
)


class DocumentQueries:
    con: duckdb.DuckDBPyConnection

    def has_hash(self, content_hash: str) -> bool:
        row = self.con.execute("SELECT 1 FROM documents WHERE hash = ?", [content_hash]).fetchone()
        return row is not None

    def add_document(self, doc: Document, minhash: bytes | None = None) -> bool:
        """Store ``doc`` unless its content is already there; True when it was added.

        One statement is one transaction in DuckDB, so a process killed mid-ingest leaves
        every document either fully stored or absent: re-running completes the job.
        """
        link_only(doc)
        inserted = self.con.execute(
            "INSERT INTO documents (id, hash, title, url, source, published, language, tags, "
            "text, origin, near_duplicate_of, minhash) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING RETURNING id",
            [
                doc.id,
                doc.hash,
                doc.title,
                doc.url,
                doc.source,
                doc.published,
                doc.language,
                doc.tags,
                doc.text,
                doc.origin,
                doc.near_duplicate_of,
                minhash,
            ],
        ).fetchall()
        return bool(inserted)

    def iter_minhashes(self, originals_only: bool = False) -> Iterator[tuple[str, bytes]]:
        """(document id, serialised MinHash) for every stored document that has one.

        ``originals_only`` leaves out documents already linked as near-duplicates, so an
        index built from the rest links new copies to the original, not to another copy.
        """
        sql = "SELECT id, minhash FROM documents WHERE minhash IS NOT NULL"
        if originals_only:
            sql += " AND near_duplicate_of IS NULL"
        cursor = self.con.cursor().execute(sql)
        while batch := cursor.fetchmany(2048):
            yield from batch

    def minhashes(self, doc_ids: Sequence[str]) -> dict[str, bytes]:
        """Serialised MinHashes of the given documents (those that have one)."""
        if not doc_ids:
            return {}
        rows = self.con.execute(
            "SELECT id, minhash FROM documents WHERE id IN (SELECT unnest(?)) "
            "AND minhash IS NOT NULL",
            [list(doc_ids)],
        ).fetchall()
        return {doc_id: bytes(blob) for doc_id, blob in rows}

    def existing_hashes(self, hashes: Sequence[str]) -> set[str]:
        """Which of these content hashes are already stored (one query for a whole batch)."""
        if not hashes:
            return set()
        rows = self.con.execute(
            "SELECT hash FROM documents WHERE hash IN (SELECT unnest(?))", [list(hashes)]
        ).fetchall()
        return {row[0] for row in rows}

    def add_documents(self, batch: Sequence[tuple[Document, bytes | None]]) -> set[str]:
        """Store a batch of (document, MinHash) pairs in ONE statement; returns the new ids.

        One INSERT is one transaction, so a process killed mid-ingest leaves every batch either
        fully stored or absent, and a rerun skips what is there (ON CONFLICT on id/hash).
        Going through an Arrow table is what makes this fast: DuckDB's row-at-a-time
        ``executemany`` costs about a millisecond per row.
        """
        if not batch:
            return set()
        docs = [link_only(doc) for doc, _ in batch]
        table = pa.table(
            {
                "id": pa.array([d.id for d in docs], pa.string()),
                "hash": pa.array([d.hash for d in docs], pa.string()),
                "title": pa.array([d.title or "" for d in docs], pa.string()),
                "url": pa.array([d.url for d in docs], pa.string()),
                "source": pa.array([d.source for d in docs], pa.string()),
                "published": pa.array([d.published for d in docs], pa.date32()),
                "language": pa.array([d.language for d in docs], pa.string()),
                "tags": pa.array([list(d.tags) for d in docs], pa.list_(pa.string())),
                "text": pa.array([d.text for d in docs], pa.string()),
                "origin": pa.array([d.origin for d in docs], pa.string()),
                "near_duplicate_of": pa.array([d.near_duplicate_of for d in docs], pa.string()),
                "minhash": pa.array([blob for _, blob in batch], pa.binary()),
            }
        )
        view = "_shiftwatch_document_batch"
        self.con.register(view, table)
        try:
            inserted = self.con.execute(
                "INSERT INTO documents (id, hash, title, url, source, published, language, tags, "
                "text, origin, near_duplicate_of, minhash) SELECT id, hash, title, url, source, "
                f"published, language, tags, text, origin, near_duplicate_of, minhash FROM {view} "
                "ON CONFLICT DO NOTHING RETURNING id"
            ).fetchall()
        finally:
            self.con.unregister(view)
        return {row[0] for row in inserted}

    def documents(
        self,
        source: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        language: str | None = None,
        limit: int | None = None,
        offset: int = 0,
    ) -> pd.DataFrame:
        """Documents matching the filters, newest first, without their full text."""
        where, params = _document_where(source, date_from, date_to, language)
        sql = (
            "SELECT id, published, source, title, language, url, length(text) AS chars, "
            f"near_duplicate_of FROM documents WHERE {where} "
            "ORDER BY published DESC NULLS LAST, id"
        )
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return self.con.execute(sql, params).df()

    def count_documents(
        self,
        source: str | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        language: str | None = None,
    ) -> int:
        """How many documents :meth:`documents` lists for the same filters (for pagination)."""
        where, params = _document_where(source, date_from, date_to, language)
        row = self.con.execute(f"SELECT count(*) FROM documents WHERE {where}", params).fetchone()
        return int(row[0]) if row else 0

    def document(self, doc_id: str) -> dict[str, Any]:
        """One document with all its metadata; a unique id prefix is accepted."""
        rows = self.con.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ? OR id LIKE ? LIMIT 2",
            [doc_id, f"{doc_id}%"],
        ).fetchall()
        if not rows:
            raise NotFoundError(
                f"document {doc_id!r} not found; list ids with 'shiftwatch documents'"
            )
        exact = [row for row in rows if row[0] == doc_id]
        if len(rows) > 1 and not exact:
            raise NotFoundError(f"document id prefix {doc_id!r} is ambiguous; give more characters")
        row = exact[0] if exact else rows[0]
        names = [name.strip() for name in DOCUMENT_COLUMNS.split(",")]
        record = dict(zip(names, row, strict=True))
        record["tags"] = list(record["tags"] or [])
        return record

    def count_to_code(self, coder_version: str, recode: bool = False) -> int:
        """How many documents :meth:`documents_to_code` yields (for progress bars)."""
        where, params = _to_code_where(coder_version, recode)
        row = self.con.execute(f"SELECT count(*) FROM documents d WHERE {where}", params).fetchone()
        return int(row[0]) if row else 0

    def documents_to_code(self, coder_version: str, recode: bool = False) -> Iterator[Document]:
        """English documents not yet coded by ``coder_version`` (all of them with ``recode``)."""
        where, params = _to_code_where(coder_version, recode)
        sql = (
            "SELECT id, hash, title, url, source, published, language, tags, text, origin "
            f"FROM documents d WHERE {where} ORDER BY published NULLS LAST, id"
        )
        cursor = self.con.cursor().execute(sql, params)
        while batch := cursor.fetchmany(256):
            for row in batch:
                yield Document(
                    id=row[0],
                    hash=row[1],
                    title=row[2],
                    url=row[3],
                    source=row[4],
                    published=row[5],
                    language=row[6],
                    tags=list(row[7] or []),
                    text=row[8],
                    origin=row[9] or "",
                )

    def count_skipped_language(self) -> int:
        """Documents the English coder skips because they are in another language."""
        (count,) = self.con.execute(
            "SELECT count(*) FROM documents WHERE language IS NOT NULL AND language <> 'en'"
        ).fetchone()  # type: ignore[misc]
        return int(count)


def _document_where(
    source: str | None, date_from: date | None, date_to: date | None, language: str | None
) -> tuple[str, list[object]]:
    """The documents listing's filters as a condition with ``?`` parameters."""
    clauses, params = ["TRUE"], list[object]()
    for column, op, value in (
        ("source", "=", source),
        ("published", ">=", date_from),
        ("published", "<=", date_to),
        ("language", "=", language),
    ):
        if value:
            clauses.append(f"{column} {op} ?")
            params.append(value)
    return " AND ".join(clauses), params


def _to_code_where(coder_version: str, recode: bool) -> tuple[str, list[object]]:
    """English documents, and unless ``recode`` only those ``coder_version`` has not coded."""
    where = "coalesce(language, 'en') = 'en'"
    if recode:
        return where, []
    coded = "SELECT 1 FROM coded_documents c WHERE c.doc_id = d.id AND c.coder_version = ?"
    return f"{where} AND NOT EXISTS ({coded})", [coder_version]
