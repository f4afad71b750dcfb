"""The demo's guard and summary, without the slow coding step.

``run_demo`` must never replace a file that is not a previous demo database unless forced;
these tests put real files at the target (a user's database holding a real seed article, a
text file) and check they come out byte for byte unchanged.
"""

from __future__ import annotations

import hashlib
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from conftest import run_cli
from shiftwatch import ingest, open_store
from shiftwatch.analysis.partners import era_shares
from shiftwatch.demo import corpus_path
from shiftwatch.demo.run import check_target, is_demo_database, run_demo
from shiftwatch.demo.summary import ERAS, render_eras
from shiftwatch.errors import ShiftwatchError


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def user_db(tmp_path: Path, seed_file: Path) -> Path:
    """A user's own database: one real article (the seed), nothing illustrative."""
    path = tmp_path / "mine.duckdb"
    with open_store(path) as store:
        assert ingest([seed_file], store).stored == 1
    return path


@pytest.fixture
def demo_like_db(tmp_path: Path) -> Path:
    """A database holding only the illustrative corpus, as a previous demo run leaves it."""
    path = tmp_path / "old-demo.duckdb"
    with open_store(path) as store:
        assert ingest([corpus_path()], store, fmt="jsonl").stored > 60
    return path


def test_refuses_to_replace_a_user_database(user_db: Path) -> None:
    before = digest(user_db)
    with pytest.raises(ShiftwatchError, match=r"not a previous demo database.*--force"):
        run_demo(user_db)
    assert digest(user_db) == before
    assert not is_demo_database(user_db)
    assert not list(user_db.parent.glob("*.building*"))


def test_refuses_to_replace_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    notes = tmp_path / "notes.duckdb"
    notes.write_text("my notes, not a database\n", encoding="utf-8")
    with pytest.raises(ShiftwatchError, match="not a previous demo database"):
        run_demo(notes)
    assert notes.read_text(encoding="utf-8") == "my notes, not a database\n"


def test_an_empty_database_is_not_a_demo_database(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    open_store(path).con.close()
    assert not is_demo_database(path)


def test_a_previous_demo_database_may_be_replaced(demo_like_db: Path) -> None:
    assert is_demo_database(demo_like_db)
    check_target(demo_like_db, force=False)  # no error: it is ours to rebuild


def test_force_allows_replacing_anything_but_a_folder(user_db: Path, tmp_path: Path) -> None:
    check_target(user_db, force=True)
    with pytest.raises(ShiftwatchError, match="is a directory"):
        check_target(tmp_path, force=True)
    with pytest.raises(ShiftwatchError, match="does not exist"):
        check_target(tmp_path / "missing" / "demo.duckdb", force=True)


def test_unknown_brief_format_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    with pytest.raises(ShiftwatchError, match="md or html"):
        run_demo(tmp_path / "demo.duckdb", fmt="pdf")
    assert not list(tmp_path.iterdir())


def test_era_shares_sum_counts_before_sharing() -> None:
    # Two quiet years and one busy one: shares come from summed counts, not averaged shares.
    shares = pd.DataFrame(
        {
            "period": [date(2018, 1, 1), date(2018, 1, 1), date(2021, 1, 1), date(2023, 1, 1),
                       date(2023, 1, 1)],
            "partner": ["CHN", "RUS", "CHN", "RUS", "CHN"],
            "cooperative": [9, 1, 0, 6, 2],
        }
    )  # fmt: skip
    eras = era_shares(shares, ERAS).set_index(["era", "partner"])
    assert eras.loc[("2018-2021", "CHN"), "cooperative"] == 9
    assert eras.loc[("2018-2021", "RUS"), "coop_share"] == pytest.approx(0.1)
    assert eras.loc[("2022-2024", "RUS"), "coop_share"] == pytest.approx(0.75)
    assert eras.loc[("2022-2024", "CHN"), "coop_share"] == pytest.approx(0.25)
    markdown = render_eras(era_shares(shares, ERAS), "PRK", "md")
    assert "| RUS | 10% (1) | 75% (6) |" in markdown
    assert "<table>" in render_eras(era_shares(shares, ERAS), "PRK", "html")


def test_cli_demo_refuses_a_user_database_in_one_line(user_db: Path) -> None:
    before = digest(user_db)
    result = run_cli("demo", "--db", user_db)
    assert result.returncode == 1
    assert "not a previous demo database" in result.stderr
    assert "Traceback" not in result.stderr
    assert digest(user_db) == before


def test_cli_demo_is_listed_in_help() -> None:
    result = run_cli("demo", "--help")
    assert result.returncode == 0
    assert "--force" in result.stdout and "--output" in result.stdout
