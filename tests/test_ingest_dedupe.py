"""Dedupe and language: exact copies add nothing, syndicated copies link to their original,
non-English documents are stored and marked, and the batch store round-trips documents."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shiftwatch.documents.dedupe import NearDuplicateIndex
from shiftwatch.ingest import ingest
from shiftwatch.models import Document, content_hash
from shiftwatch.store import Store, open_store


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _syndicate(text: str, variant: int) -> str:
    """A wire-style copy: a new lead-in, the last sentence trimmed, a word changed."""
    sentences = text.split(". ")
    body = ". ".join(sentences[:-1]) + "."
    body = body.replace(" said ", " told reporters ", 1)
    return f"(Syndicated copy {variant}) Reprinted with permission. {body}"


def test_reingest_adds_nothing(store: Store, guardian_csv: Path, seed_file: Path) -> None:
    first = ingest([guardian_csv, seed_file], store)
    assert first.stored == 250
    again = ingest([guardian_csv, seed_file], store)
    assert (again.read, again.stored, again.duplicates, again.failed) == (250, 0, 250, 0)
    counts = store.query("SELECT count(*) AS n, count(DISTINCT hash) AS h FROM documents")
    assert counts.iloc[0].tolist() == [250, 250]


def test_same_text_in_another_format_and_spacing_is_a_duplicate(
    store: Store, guardian_csv: Path, tmp_path: Path
) -> None:
    row = _rows(guardian_csv)[4]
    ingest([guardian_csv], store)
    copy = tmp_path / "copy.txt"
    spaced = row["text"].replace(". ", ".\n\n", 3)  # re-wrapped, same words
    copy.write_text(f"A different headline\n\n{spaced}\n", encoding="utf-8")
    report = ingest([copy], store)
    assert (report.stored, report.duplicates) == (0, 1)


def test_near_duplicates_link_to_the_original_across_runs(
    store: Store, guardian_csv: Path, tmp_path: Path
) -> None:
    rows = _rows(guardian_csv)
    ingest([guardian_csv], store)
    originals = {row[""]: Document(text=row["text"].strip()).id for row in rows[:3]}
    copies = tmp_path / "wire.jsonl"
    with copies.open("w", encoding="utf-8") as handle:
        for variant, row in enumerate(rows[:3], start=1):
            handle.write(json.dumps({"text": _syndicate(row["text"], variant), "id": row[""]}))
            handle.write("\n")
        # a copy of the first copy: must link to the first article, not to the copy
        twice = _syndicate(_syndicate(rows[0]["text"], 1), 4)
        handle.write(json.dumps({"text": twice, "id": "copy-of-copy"}) + "\n")
    report = ingest([copies], store)
    assert (report.stored, report.near_duplicates) == (4, 4)
    links = store.query(
        "SELECT origin, near_duplicate_of FROM documents WHERE origin LIKE ?", [f"{copies}:%"]
    )
    linked = dict(zip(links["origin"], links["near_duplicate_of"], strict=True))
    for row_id, original in originals.items():
        assert linked[f"{copies}:{row_id}"] == original
    assert linked[f"{copies}:copy-of-copy"] == originals[rows[0][""]]
    unrelated = store.query(
        "SELECT count(near_duplicate_of) AS n FROM documents WHERE origin NOT LIKE ?",
        [f"{copies}:%"],
    )
    assert unrelated["n"].iloc[0] == 0


def test_near_duplicates_within_one_run(store: Store, guardian_csv: Path, tmp_path: Path) -> None:
    row = _rows(guardian_csv)[10]
    path = tmp_path / "pair.jsonl"
    path.write_text(
        json.dumps({"text": row["text"]})
        + "\n"
        + json.dumps({"text": _syndicate(row["text"], 1)})
        + "\n",
        encoding="utf-8",
    )
    report = ingest([path], store)
    assert (report.stored, report.near_duplicates) == (2, 1)
    frame = store.query("SELECT id, near_duplicate_of FROM documents ORDER BY origin")
    assert frame["near_duplicate_of"].iloc[1] == frame["id"].iloc[0]


GERMAN = (
    "Die Außenminister Deutschlands und Polens haben sich am Dienstag in Warschau getroffen, "
    "um über die Sicherheit an der Ostgrenze der Europäischen Union zu sprechen. Beide Seiten "
    "vereinbarten, die Zusammenarbeit ihrer Grenzschutzbehörden auszubauen."
)
SPANISH = (
    "El gobierno de Colombia anunció el lunes que reanudará las conversaciones de paz con el "
    "grupo rebelde en la ciudad de La Habana, con la mediación de Cuba y Noruega, según un "
    "comunicado oficial."
)


def test_non_english_documents_are_stored_marked_and_skipped_by_the_coder(
    store: Store, tmp_path: Path, seed_file: Path
) -> None:
    for name, text in (("de.txt", GERMAN), ("es.txt", SPANISH)):
        (tmp_path / name).write_text(f"Titel\n\n{text}\n", encoding="utf-8")
    report = ingest([tmp_path / "de.txt", tmp_path / "es.txt", seed_file], store)
    assert (report.stored, report.non_english) == (3, 2)
    languages = sorted(store.query("SELECT language FROM documents")["language"])
    assert languages == ["de", "en", "es"]
    assert store.count_skipped_language() == 2
    to_code = list(store.documents_to_code("test-coder"))
    assert [doc.language for doc in to_code] == ["en"]
    assert store.status()["non_english_documents"] == 2


def test_signatures_survive_the_database(store: Store) -> None:
    index = NearDuplicateIndex()
    text = "The ministers met in Geneva to discuss a ceasefire and the exchange of prisoners."
    signature = index.signature(text)
    restored = index.from_bytes(index.to_bytes(signature))
    assert restored is not None and restored.jaccard(signature) == 1.0
    assert index.from_bytes(b"short") is None


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    min_size=1,
    max_size=400,
).filter(lambda value: value.strip() != "")
_short = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=60
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    docs=st.lists(
        st.builds(
            Document,
            text=_text,
            title=_short,
            url=st.none() | _short,
            source=st.none() | _short,
            published=st.none() | st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 1, 1)),
            tags=st.lists(_short, max_size=4),
            language=st.none() | st.sampled_from(["en", "fr", "ar"]),
            origin=_short,
        ),
        max_size=6,
        unique_by=lambda doc: content_hash(doc.text),
    )
)
def test_store_round_trip(tmp_path_factory, docs: list[Document]) -> None:
    path = tmp_path_factory.mktemp("roundtrip") / "rt.duckdb"
    with open_store(path) as store:
        signature = b"\x01" * 512
        assert store.add_documents([(doc, signature) for doc in docs]) == {d.id for d in docs}
        assert store.add_documents([(doc, None) for doc in docs]) == set()
        for doc in docs:
            stored = store.document(doc.id)
            expected = {key: value for key, value in doc.to_dict().items() if key in stored}
            assert stored == expected
        assert store.minhashes([doc.id for doc in docs]) == {doc.id: signature for doc in docs}
        assert store.existing_hashes([doc.hash for doc in docs] + ["nope"]) == {
            doc.hash for doc in docs
        }
