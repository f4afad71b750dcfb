"""Document reads and writes (a mixin of :class:`shiftwatch.store.Store`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from shiftwatch.errors import NotFoundError
from shiftwatch.models import Document

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

    def iter_minhashes(self) -> Iterator[tuple[str, bytes]]:
        """(document id, serialised MinHash) for every stored document that has one."""
        cursor = self.con.execute("SELECT id, minhash FROM documents WHERE minhash IS NOT NULL")
        while batch := cursor.fetchmany(2048):
            yield from batch

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
        where, params = ["TRUE"], []
        if source:
            where.append("source = ?")
            params.append(source)
        if date_from:
            where.append("published >= ?")
            params.append(date_from)
        if date_to:
            where.append("published <= ?")
            params.append(date_to)
        if language:
            where.append("language = ?")
            params.append(language)
        sql = (
            "SELECT id, published, source, title, language, url, length(text) AS chars, "
            "near_duplicate_of FROM documents WHERE " + " AND ".join(where) +
            " ORDER BY published DESC NULLS LAST, id"
        )
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            params += [int(limit), int(offset)]
        return self.con.execute(sql, params).df()

    def document(self, doc_id: str) -> dict[str, Any]:
        """One document with all its metadata; a unique id prefix is accepted."""
        rows = self.con.execute(
            f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ? OR id LIKE ? LIMIT 2",
            [doc_id, f"{doc_id}%"],
        ).fetchall()
        if not rows:
            raise NotFoundError(f"document {doc_id!r} not found; list ids with 'shiftwatch documents'")
        exact = [row for row in rows if row[0] == doc_id]
        if len(rows) > 1 and not exact:
            raise NotFoundError(f"document id prefix {doc_id!r} is ambiguous; give more characters")
        row = exact[0] if exact else rows[0]
        names = [name.strip() for name in DOCUMENT_COLUMNS.split(",")]
        record = dict(zip(names, row, strict=True))
        record["tags"] = list(record["tags"] or [])
        return record

    def documents_to_code(self, coder_version: str, recode: bool = False) -> Iterator[Document]:
        """English documents not yet coded by ``coder_version`` (all of them with ``recode``)."""
        sql = (
            "SELECT id, hash, title, url, source, published, language, tags, text, origin "
            "FROM documents d WHERE coalesce(language, 'en') = 'en'"
        )
        params: list[Any] = []
        if not recode:
            sql += (
                " AND NOT EXISTS (SELECT 1 FROM coded_documents c "
                "WHERE c.doc_id = d.id AND c.coder_version = ?)"
            )
            params.append(coder_version)
        sql += " ORDER BY published NULLS LAST, id"
        cursor = self.con.cursor().execute(sql, params)
        while batch := cursor.fetchmany(256):
            for row in batch:
                yield Document(
                    id=row[0], hash=row[1], title=row[2], url=row[3], source=row[4],
                    published=row[5], language=row[6], tags=list(row[7] or []), text=row[8],
                    origin=row[9] or "",
                )

    def count_skipped_language(self) -> int:
        """Documents the English coder skips because they are in another language."""
        (count,) = self.con.execute(
            "SELECT count(*) FROM documents WHERE language IS NOT NULL AND language <> 'en'"
        ).fetchone()  # type: ignore[misc]
        return int(count)
