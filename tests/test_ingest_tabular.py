"""CSV and JSON Lines: the Guardian sample, column options, and bad rows named by number."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftwatch.documents.base import ColumnMap, ReadFailure, ReadOptions
from shiftwatch.documents.tabular import read_csv, read_jsonl
from shiftwatch.errors import InputError
from shiftwatch.ingest import ingest
from shiftwatch.models import Document
from shiftwatch.store import Store

TEXT = (
    "Delegations from Brazil and Argentina met in Montevideo to discuss a common "
    "currency for trade, officials said on {day}."
)


def _guardian_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_guardian_csv_ingests_249_dated_documents(store: Store, guardian_csv: Path) -> None:
    rows = _guardian_rows(guardian_csv)
    report = ingest([guardian_csv], store)
    assert (report.read, report.stored, report.failed, report.duplicates) == (249, 249, 0, 0)
    frame = store.query(
        "SELECT count(*) AS n, count(published) AS dated, min(published) AS first, "
        "max(published) AS last, count(DISTINCT origin) AS origins, "
        "count(*) FILTER (WHERE source = 'Guardian') AS guardian, "
        "count(*) FILTER (WHERE language = 'en') AS english FROM documents"
    ).iloc[0]
    assert frame["n"] == frame["dated"] == frame["origins"] == frame["guardian"] == 249
    assert frame["english"] == 249
    dates = sorted(row["date"] for row in rows)
    assert frame["first"].date().isoformat() == dates[0]
    assert frame["last"].date().isoformat() == dates[-1]
    first = rows[0]
    stored = store.query(
        "SELECT text, published, origin FROM documents WHERE origin = ?",
        [f"{guardian_csv}:{first['']}"],
    ).iloc[0]
    assert stored["text"] == first["text"].strip()
    assert stored["published"].date().isoformat() == first["date"]


def test_source_option_names_the_outlet(store: Store, guardian_csv: Path) -> None:
    ingest([guardian_csv], store, source="The Guardian (sample)")
    sources = store.query("SELECT DISTINCT source FROM documents")["source"].tolist()
    assert sources == ["The Guardian (sample)"]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def test_column_options_pick_named_columns(store: Store, tmp_path: Path) -> None:
    path = _write_csv(
        tmp_path / "custom.csv",
        ["when", "body", "headline", "link"],
        [
            ["2021-05-0" + str(day), TEXT.format(day=day), f"Story {day}", f"https://x.org/{day}"]
            for day in (1, 2, 3)
        ],
    )
    columns = ColumnMap(text="body", date="when", title="headline", url="link")
    report = ingest([path], store, columns=columns)
    assert (report.stored, report.failed) == (3, 0)
    frame = store.query("SELECT title, url, published FROM documents ORDER BY published")
    assert frame["title"].tolist() == ["Story 1", "Story 2", "Story 3"]
    assert frame["url"].tolist()[0] == "https://x.org/1"
    assert frame["published"].iloc[0].date() == date(2021, 5, 1)


def test_named_column_that_is_missing_fails_the_file(store: Store, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "cols.csv", ["text"], [[TEXT.format(day=1)]])
    report = ingest([path], store, columns=ColumnMap(date="published_on"))
    assert report.stored == 0
    assert report.errors == [f"{path}: no column 'published_on' for the date (columns: 'text')"]


def test_csv_without_a_text_column_fails_naming_the_columns(store: Store, tmp_path: Path) -> None:
    path = _write_csv(tmp_path / "notext.csv", ["date", "summary"], [["2020-01-01", "x"]])
    report = ingest([path], store)
    assert report.failed == 1
    assert report.errors[0].startswith(f"{path}: no text column; name it with --text-col")
    assert "'summary'" in report.errors[0]


def test_malformed_rows_fail_alone_and_good_rows_are_stored(store: Store, tmp_path: Path) -> None:
    good = [["2020-01-0" + str(day), TEXT.format(day=day)] for day in (1, 2, 3)]
    path = tmp_path / "bad_rows.csv"
    with path.open("wb") as handle:
        handle.write(b"date,text\n")
        handle.write(f'{good[0][0]},"{good[0][1]}"\n'.encode())
        handle.write(b"2020-01-09,too,many,fields\n")  # line 3, row 2
        handle.write(b"2020-01-10,\n")  # row 3: empty text
        handle.write(b'2020-01-11,"caf\xe9 au lait in Paris"\n')  # row 4: Latin-1 byte
        handle.write(f'{good[1][0]},"{good[1][1]}"\n'.encode())
        handle.write(f'{good[2][0]},"{good[2][1]}"\n'.encode())
    report = ingest([path], store)
    assert report.stored == 3
    assert report.failed == 3
    assert report.errors == [
        f"{path}: row 2 (line 3): expected 2 fields, found 4",
        f"{path}: row 3 (line 4): empty text",
        f"{path}: row 4 (line 5): invalid UTF-8 in the text column",
    ]


def test_jsonl_reads_objects_and_names_bad_lines(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "items.jsonl"
    lines = [
        json.dumps({"text": TEXT.format(day=1), "title": "One", "date": "2022-02-01"}),
        "",
        '{"text": "unterminated',
        json.dumps(["not", "an", "object"]),
        json.dumps({"summary": "no text field here", "title": "x"}),
        json.dumps({"content": TEXT.format(day=2), "published": "3 February 2022", "id": 7}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = ingest([path], store)
    assert report.stored == 2
    assert report.errors[0].startswith(f"{path}: line 3: invalid JSON")
    assert report.errors[1] == f"{path}: line 4: expected a JSON object, found list"
    assert report.errors[2].startswith(f"{path}: line 5: no text field")
    frame = store.query("SELECT title, published, origin FROM documents ORDER BY published")
    assert frame["published"].dt.date.tolist() == [date(2022, 2, 1), date(2022, 2, 3)]
    assert frame["origin"].tolist() == [f"{path}:line 1", f"{path}:7"]


def test_reading_streams_row_by_row(guardian_csv: Path) -> None:
    """The reader is lazy: taking one document does not parse the rest of the file."""
    with guardian_csv.open("rb") as handle:
        items = read_csv(handle, "g.csv", ReadOptions())
        first = next(iter(items))
        assert isinstance(first, Document)
        assert handle.tell() < guardian_csv.stat().st_size


_cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=300,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=st.lists(st.tuples(_cell, _cell), min_size=1, max_size=20))
def test_csv_round_trip(rows: list[tuple[str, str]]) -> None:
    """Whatever csv.writer writes, the reader gives back: every non-blank text, in order."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(["title", "text"])
    writer.writerows(rows)
    data = io.BytesIO(buffer.getvalue().encode("utf-8"))
    items = list(read_csv(data, "prop.csv", ReadOptions()))
    docs = [item for item in items if isinstance(item, Document)]
    failures = [item for item in items if isinstance(item, ReadFailure)]
    expected = [(t.strip(), x.strip()) for t, x in rows if x.strip() and (t or x)]
    assert [(doc.title, doc.text) for doc in docs] == expected
    assert all(failure.problem == "empty text" for failure in failures)


@settings(max_examples=150, deadline=None)
@given(records=st.lists(st.dictionaries(st.sampled_from(["text", "title", "x"]), _cell)))
def test_jsonl_round_trip(records: list[dict[str, str]]) -> None:
    data = io.BytesIO("".join(json.dumps(record) + "\n" for record in records).encode())
    items = list(read_jsonl(data, "prop.jsonl", ReadOptions()))
    docs = [item for item in items if isinstance(item, Document)]
    expected = [r["text"].strip() for r in records if r.get("text", "").strip()]
    assert [doc.text for doc in docs] == expected
    assert len(items) == len(records)


def test_header_only_in_a_binary_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty file"):
        list(read_csv(io.BytesIO(b""), "empty.csv", ReadOptions()))
