"""``shiftwatch demo`` end to end: the real CLI builds, codes and briefs the illustrative corpus.

The assertions are about what the coder found in the corpus, read back from the database the
demo built: North Korea-Russia cooperation rises after 2021, a shift in that dyad is detected
in 2022-2023, and North Korea's cooperation moves from China toward Russia. If the coder stops
finding these, this test says so; nothing here is hard-coded from the corpus.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from conftest import run_cli
from shiftwatch import open_store
from shiftwatch.analysis import detect_shifts, dyad_series, partner_shares
from shiftwatch.analysis.partners import era_shares
from shiftwatch.demo.summary import ERAS
from shiftwatch.store import Store

pytestmark = pytest.mark.slow

BEFORE = (date(2018, 1, 1), date(2021, 12, 31))
AFTER = (date(2022, 1, 1), date(2024, 12, 31))


@pytest.fixture(scope="session")
def demo_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("demo")
    db = folder / "shiftwatch-demo.duckdb"
    result = run_cli("demo", "--db", db, "--output", folder / "brief.md")
    assert result.returncode == 0, result.stderr
    return db, result


@pytest.fixture
def demo_store(demo_run: tuple[Path, subprocess.CompletedProcess[str]]) -> Iterator[Store]:
    with open_store(demo_run[0], read_only=True) as store:
        yield store


def yearly(store: Store) -> pd.DataFrame:
    """Both directions of PRK-RUS per year, with the era each year falls in."""
    series = dyad_series(store, "PRK", "RUS", freq="year")
    years = pd.to_datetime(series["period"]).dt.year
    return series.assign(era=years.map(lambda y: "after" if y >= AFTER[0].year else "before"))


def test_demo_prints_progress_and_writes_the_brief(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    db, result = demo_run
    assert "Ingested the illustrative corpus" in result.stderr
    assert "Coded" in result.stderr
    brief = (db.parent / "brief.md").read_text(encoding="utf-8")
    assert brief.startswith("# PRK")
    assert "RUS" in brief
    assert "before and after 2022" in brief
    assert "https://example.org/illustrative/" in brief  # evidence links back to the items


def test_prk_rus_cooperation_is_higher_after_2021(demo_store: Store) -> None:
    series = yearly(demo_store)
    per_year = series.groupby(["era", "period"])["cooperative"].sum().groupby("era").mean()
    assert per_year["after"] > 2 * per_year["before"], per_year
    pooled = series.groupby("era")[["cooperative", "conflictual"]].sum()
    index = (pooled["cooperative"] - pooled["conflictual"]) / pooled.sum(axis=1)
    assert index["after"] > index["before"] + 0.3, index


def test_a_prk_rus_shift_is_detected_in_2022_or_2023(demo_store: Store) -> None:
    shifts = detect_shifts(demo_store, actor="PRK")
    pair = shifts[shifts["source"].isin(["PRK", "RUS"]) & shifts["target"].isin(["PRK", "RUS"])]
    warming = pair[
        (pair["magnitude"] > 0)
        & (pd.to_datetime(pair["date"]).dt.date >= AFTER[0])
        & (pd.to_datetime(pair["date"]).dt.date <= date(2023, 12, 31))
    ]
    assert not warming.empty, pair.drop(columns="evidence")
    assert all(len(evidence) > 0 for evidence in warming["evidence"])


def test_prk_cooperation_moves_from_china_to_russia(demo_store: Store) -> None:
    eras = era_shares(partner_shares(demo_store, "PRK", freq="year"), ERAS)
    share = eras.set_index(["era", "partner"])["coop_share"]
    before, after = ERAS[0][0], ERAS[1][0]
    assert share[(after, "RUS")] > share[(before, "RUS")] + 0.2, eras
    assert share[(after, "CHN")] < share[(before, "CHN")], eras
    assert share[(after, "RUS")] == eras[eras["era"] == after]["coop_share"].max()


def test_rerun_rebuilds_the_previous_demo_database(
    demo_run: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    db, _ = demo_run
    copy = db.parent / "again.duckdb"
    copy.write_bytes(db.read_bytes())
    result = run_cli("demo", "--db-path", copy, "--format", "html")
    assert result.returncode == 0, result.stderr
    assert result.stdout.lstrip().lower().startswith("<!doctype html")
    assert "demo-eras" in result.stdout
    with open_store(copy, read_only=True) as store:
        (documents,) = store.con.execute("SELECT count(*) FROM documents").fetchone()
    with open_store(db, read_only=True) as store:
        (expected,) = store.con.execute("SELECT count(*) FROM documents").fetchone()
    assert documents == expected  # fresh, not appended to
