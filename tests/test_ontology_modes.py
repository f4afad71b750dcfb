"""Crosswalk modes are modes PLOVER allows: refused at load, and absent from imported events."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftwatch.errors import ConfigError
from shiftwatch.interop import import_gdelt, import_icews
from shiftwatch.ontology.tables import parse_cameo, plover_types, read_tsv
from shiftwatch.store import Store


def test_a_crosswalk_mode_the_type_does_not_allow_names_file_and_line() -> None:
    rows = read_tsv("cameo.tsv")
    assert len(parse_cameo(rows)) == len(rows)  # the shipped table passes
    number = next(n for n, r in rows if r["cameo"] == "1712")
    bad = [(n, {**r, "plover_mode": "seize"}) if n == number else (n, r) for n, r in rows]
    with pytest.raises(ConfigError, match=rf"cameo\.tsv:{number}: .*'seize'.*ASSAULT"):
        parse_cameo(bad)
    moded = [
        (n, {**r, "plover_type": "", "plover_mode": "visit"}) if n == number else (n, r)
        for n, r in rows
    ]
    with pytest.raises(ConfigError, match=rf"cameo\.tsv:{number}: .*'visit'"):
        parse_cameo(moded)


def test_every_imported_gdelt_and_icews_event_has_a_mode_its_type_allows(
    store: Store, shared_dir: Path
) -> None:
    samples = shared_dir / "data" / "gdelt"
    import_gdelt(
        store,
        [
            samples / "gdelt2_events_20191024143000_first300.export.tsv",
            samples / "gdelt1_daily_events_58col_200rows.tsv",
            samples / "gdelt1_backfile_events_57col_201rows.tsv",
        ],
    )
    import_icews(store, [samples / "icews_events_2018-06-01_sample_300rows.tsv"])
    stored = store.query("SELECT origin, cameo, type, mode FROM events")
    assert set(stored["origin"]) == {"gdelt", "icews"} and len(stored) > 900
    allowed = {name: set(kind.modes) for name, kind in plover_types().items()}
    wrong = [
        (row.origin, row.cameo, row.type, row.mode)
        for row in stored.itertuples()
        if row.mode and row.mode not in allowed.get(row.type, set())
    ]
    # before the fix the ICEWS sample's CAMEO 175 row was stored as ASSAULT 'pro_autocracy'
    assert wrong == []
    assert stored["mode"].astype(bool).sum() > 300  # modes are kept, not blanked wholesale
