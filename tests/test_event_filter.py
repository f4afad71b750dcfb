"""EventFilter on a real DuckDB file: every field narrows the events it should, values are
parameters (never SQL text), and every actor condition goes through ``actor_match``."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from shiftwatch.models import Document
from shiftwatch.store import Store, open_store
from shiftwatch.store.filters import EventFilter

# (id, source, target, type, mode, modality, date, confidence, outlet of its document)
ROWS = [
    ("e1", "PRK", "RUS", "CONSULT", "", "asserted", date(2021, 3, 1), 0.9, "Wire A"),
    ("e2", "RUS", "PRK", "AID", "food", "asserted", date(2022, 6, 1), 0.6, "Wire B"),
    ("e3", "PRK", "USA", "THREATEN", "", "future", date(2022, 7, 1), 0.8, "Wire A"),
    ("e4", "USA", "PRK", "SANCTION", "", "alleged", date(2023, 1, 5), 0.4, "Wire B"),
    ("e5", "CHN", "PRK", "AID", "food", "asserted", None, 0.7, "Wire A"),
    ("e6", "RUS", None, "MOBILIZE", "", "asserted", date(2023, 2, 2), 0.95, "Wire B"),
]


@pytest.fixture(scope="module")
def events(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path: Path = tmp_path_factory.mktemp("filter") / "filter.duckdb"
    store = open_store(path)
    rows = []
    fields = ("id", "source", "target", "type", "mode", "modality", "date", "confidence")
    for number, (*values, outlet) in enumerate(ROWS):
        document = Document(text=f"document {number}", source=outlet)
        store.add_document(document)
        row = dict(zip(fields, values, strict=True))
        rows.append(row | {"doc_id": document.id, "sentence_idx": 0, "sentence": "s"})
    rebels = {
        "id": "e7",
        "source": "SYR",
        "source_sector": "REB",
        "target": "TUR",
        "type": "ASSAULT",
    }
    store.insert_event_rows([*rows, rebels | {"doc_id": "none", "date": date(2023, 3, 3)}])
    yield store
    store.close()


def ids(store: Store, where: EventFilter, alias: str | None = None) -> set[str]:
    condition, params = where.sql(alias)
    table = f"events {alias}" if alias else "events"
    column = f"{alias}.id" if alias else "id"
    rows = store.con.execute(f"SELECT {column} FROM {table} WHERE {condition}", params)
    return {row[0] for row in rows.fetchall()}


@pytest.mark.parametrize(
    ("where", "expected"),
    [
        (EventFilter(), {"e1", "e2", "e3", "e4", "e5", "e6", "e7"}),
        (EventFilter(actor="SYR"), set()),  # actors are keys: SYR is the state
        (EventFilter(actor="syr.reb"), {"e7"}),
        (EventFilter(actor="SYR*", target="TUR"), {"e7"}),
        (EventFilter(dyad=("TUR", "SYR.REB")), {"e7"}),
        (EventFilter(actor="PRK"), {"e1", "e2", "e3", "e4", "e5"}),
        (EventFilter(source="PRK"), {"e1", "e3"}),
        (EventFilter(target="PRK"), {"e2", "e4", "e5"}),
        (EventFilter(actor="PRK", target="RUS"), {"e1"}),
        (EventFilter(actor="PRK", source="RUS"), {"e2"}),
        (EventFilter(actor="PRK", source="PRK"), {"e1", "e3"}),
        (EventFilter(dyad=("PRK", "RUS")), {"e1", "e2"}),
        (EventFilter(dyad=("RUS", "PRK"), directed=True), {"e2"}),
        (EventFilter(types=["aid"]), {"e2", "e5"}),
        (EventFilter(types=["AID", "SANCTION"]), {"e2", "e4", "e5"}),
        (EventFilter(modes=["food"]), {"e2", "e5"}),
        (EventFilter(modalities=["future"]), {"e3"}),
        (EventFilter(modalities=["asserted", "alleged"], actor="USA"), {"e4"}),
        (EventFilter(date_from=date(2022, 6, 1), date_to=date(2022, 12, 31)), {"e2", "e3"}),
        (EventFilter(date_from=date(2023, 2, 1), date_basis="event"), {"e6", "e7"}),
        (EventFilter(outlet="Wire B"), {"e2", "e4", "e6"}),
        (EventFilter(min_confidence=0.8), {"e1", "e3", "e6"}),
        (EventFilter(types=["ASSAULT"], dated=True), {"e7"}),
        (EventFilter(dated=True, targeted=True, actor="RUS"), {"e1", "e2"}),
        (EventFilter(actor="PRK", types=["AID"], outlet="Wire A"), {"e5"}),
    ],
)
def test_each_field_narrows_to_the_matching_events(
    events: Store, where: EventFilter, expected: set[str]
) -> None:
    assert ids(events, where) == expected
    assert ids(events, where, alias="e") == expected  # the same with a qualified table


def test_store_events_takes_a_filter_or_its_fields(events: Store) -> None:
    by_filter = events.events(EventFilter(dyad=("PRK", "RUS")))
    by_fields = events.events(dyad=("PRK", "RUS"))
    assert list(by_filter["id"]) == list(by_fields["id"]) == ["e1", "e2"]  # oldest first
    assert list(events.events(EventFilter(actor="PRK"), limit=2, offset=1)["id"]) == ["e2", "e3"]


def test_values_are_parameters_never_sql(events: Store) -> None:
    hostile = "PRK' OR '1'='1"
    condition, params = EventFilter(actor=hostile, outlet=hostile, types=[hostile]).sql()
    assert hostile not in condition and "1'='1" not in condition
    assert params.count(hostile) == 4  # either side, outlet, type
    assert ids(events, EventFilter(actor=hostile)) == set()


def test_every_actor_condition_goes_through_actor_match(events: Store) -> None:
    """Overriding the one actor method changes actor, source, target and dyad alike."""

    class Prefix(EventFilter):
        @staticmethod
        def actor_match(column: str, actor: str) -> tuple[str, list[object]]:
            return f"starts_with({column}, ?)", [actor.rstrip("*")]

    assert ids(events, Prefix(actor="P*")) == {"e1", "e2", "e3", "e4", "e5"}
    assert ids(events, Prefix(source="R*")) == {"e2", "e6"}
    assert ids(events, Prefix(target="U*")) == {"e3"}
    assert ids(events, Prefix(dyad=("C*", "P*"))) == {"e5"}
    assert ids(events, Prefix(actor="P*", target="U*")) == {"e3"}
