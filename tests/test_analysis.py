"""Dyad series, dedupe of repeated reports, partner shares, blocs and briefs on DuckDB files."""

from __future__ import annotations

import itertools
import json
import re
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import numpy as np
import pytest

from shiftwatch.analysis import alignment_blocs, dyad_series, make_brief, partner_shares
from shiftwatch.analysis.importing import store_event_rows
from shiftwatch.analysis.series import cooperation_index
from shiftwatch.errors import ConfigError
from shiftwatch.store import open_store


def event(n: int, day: date, source: str, target: str, kind: str, quad: int, **extra) -> dict:
    return {"id": f"e{n}", "date": day, "source": source, "target": target, "type": kind,
            "quad_class": quad, "goldstein": 3.0 if quad <= 2 else -5.0,
            "sentence": f"sentence {n}", "url": f"https://news.example/{n}", **extra}  # fmt: skip


@pytest.fixture
def store(tmp_path: Path):
    with open_store(tmp_path / "analysis.duckdb") as opened:
        yield opened


def test_repeated_reports_count_once_unless_mentions(store) -> None:
    day = date(2019, 3, 5)
    rows = [event(i, day, "USA", "SYR", "ASSAULT", 4) for i in range(3)]  # three outlets
    rows += [event(3, day, "USA", "SYR", "ASSAULT", 4, mode="aerial")]  # another mode: distinct
    rows += [event(4, day + timedelta(days=1), "USA", "SYR", "ASSAULT", 4)]  # next day
    rows += [event(5, day, "SYR", "USA", "ACCUSE", 3, mentions=4)]
    rows += [event(6, day, "USA", "SYR", "AID", 2, modality="negated")]  # did not happen
    store_event_rows(store, rows)
    series = dyad_series(store, "usa", "syr", freq="month")
    usa = series[series["source"] == "USA"].iloc[0]
    assert (usa["events"], usa["reports"], usa["ASSAULT"], usa["AID"]) == (3, 5, 3, 0)
    assert usa["material_conflict"] == 3 and usa["coop_index"] == -1
    syr = series[series["source"] == "SYR"].iloc[0]
    assert (syr["events"], syr["reports"]) == (1, 4)
    raw = dyad_series(store, "USA", "SYR", mentions=True)
    assert raw.set_index("source").loc["USA", "events"] == 5
    assert raw.set_index("source").loc["SYR", "events"] == 4
    merged = dyad_series(store, "USA", "SYR", window_days=1)
    assert merged.set_index("source").loc["USA", "events"] == 2  # next-day report merged


def test_series_fills_quiet_periods_and_computes_goldstein(store) -> None:
    store_event_rows(store, [
        event(1, date(2019, 1, 10), "RUS", "SYR", "AID", 2),
        event(2, date(2019, 1, 11), "RUS", "SYR", "ACCUSE", 3),
        event(3, date(2019, 4, 2), "SYR", "RUS", "CONSULT", 1),
    ])  # fmt: skip
    series = dyad_series(store, "RUS", "SYR", freq="month")
    assert len(series) == 8  # January..April, both directions
    assert [p.isoformat() for p in series["period"].unique()] == [
        "2019-01-01", "2019-02-01", "2019-03-01", "2019-04-01"]  # fmt: skip
    jan = series[(series["source"] == "RUS")].iloc[0]
    assert jan["goldstein_sum"] == pytest.approx(-2.0) and jan["goldstein_mean"] == -1.0
    assert jan["coop_index"] == 0 and jan["coop_low"] < 0 < jan["coop_high"]
    quiet = series[series["period"] == date(2019, 2, 1)]
    assert (quiet["events"] == 0).all() and quiet["coop_index"].isna().all()
    assert (quiet["coop_low"] == -1).all() and (quiet["coop_high"] == 1).all()
    weeks = dyad_series(store, "RUS", "SYR", freq="week", date_from=date(2019, 1, 1),
                        date_to=date(2019, 1, 31))  # fmt: skip
    assert weeks["period"].min() == date(2018, 12, 31)  # ISO weeks start on Monday
    assert dyad_series(store, "RUS", "XYZ").empty  # no events: no rows, no error
    with pytest.raises(ConfigError, match="frequency"):
        dyad_series(store, "RUS", "SYR", freq="fortnight")


def test_cooperation_interval_narrows_with_more_events() -> None:
    index, low, high = cooperation_index([3, 30, 300], [1, 10, 100])
    assert np.allclose(index, 0.5)
    widths = high - low
    assert widths[0] > widths[1] > widths[2] and (low < 0.5).all() and (high > 0.5).all()
    assert low.min() >= -1 and high.max() <= 1


def test_partner_shares_and_concentration(store) -> None:
    rows, n = [], 0
    for quarter, china_share in enumerate([0.8, 0.5, 0.2]):
        for k in range(10):
            n += 1
            partner = "CHN" if k < china_share * 10 else "RUS"
            rows.append(
                event(n, date(2019, 1 + 3 * quarter, 1 + k), "PRK", partner, "COOPERATE", 2)
            )
        n += 1
        rows.append(event(n, date(2019, 1 + 3 * quarter, 20), "USA", "PRK", "THREATEN", 3))
    store_event_rows(store, rows)
    shares = partner_shares(store, "prk", freq="quarter")
    coop = shares.pivot(index="period", columns="partner", values="coop_share")
    assert coop["CHN"].tolist() == pytest.approx([0.8, 0.5, 0.2])
    assert coop.sum(axis=1).tolist() == pytest.approx([1, 1, 1])
    hhi = shares.groupby("period")["coop_hhi"].first().tolist()
    assert hhi == pytest.approx([0.68, 0.5, 0.68])
    assert (shares.loc[shares["partner"] == "USA", "conflict_share"] == 1).all()
    outgoing = partner_shares(store, "PRK", direction="out")
    assert "USA" not in set(outgoing["partner"])


def two_blocs(window: int, swing: str) -> list[dict]:
    west, east = ["USA", "GBR", "FRA"], ["RUS", "SYR", "IRN"]
    (west if window == 0 else east).append(swing)
    rows, start = [], date(2019, 1 + 6 * window, 1)
    for bloc in (west, east):
        for a, b in itertools.combinations(bloc, 2):
            rows += [event(0, start + timedelta(days=7 * k), a, b, "CONSULT", 1) for k in range(5)]
    for a, b in itertools.product(west, east):
        rows += [event(0, start + timedelta(days=9 * k), a, b, "ACCUSE", 3) for k in range(4)]
    for number, row in enumerate(rows):
        row["id"] = f"w{window}-{number}"
    return rows


def test_blocs_find_two_camps_and_the_actor_that_moved(store, tmp_path: Path) -> None:
    store_event_rows(store, two_blocs(0, "TUR") + two_blocs(1, "TUR"))
    report = alignment_blocs(store, window="6M")
    assert [w.start.isoformat() for w in report.windows] == ["2019-01-01", "2019-07-01"]
    first, second = (sorted(map(sorted, w.blocs)) for w in report.windows)
    assert first == [["FRA", "GBR", "TUR", "USA"], ["IRN", "RUS", "SYR"]]
    assert second == [["FRA", "GBR", "USA"], ["IRN", "RUS", "SYR", "TUR"]]
    assert [m["actor"] for m in report.moves] == ["TUR"]
    assert report.windows[0].graph["USA"]["RUS"]["weight"] == -1
    members = report.memberships()
    assert members.loc[members["moved_from"].notna(), "actor"].tolist() == ["TUR"]
    graphml, as_json = tmp_path / "blocs.graphml", tmp_path / "blocs.json"
    report.write_graphml(graphml)
    report.write_json(as_json)
    graph = nx.read_graphml(graphml)
    bloc = {(actor, when): graph.nodes[actor][f"bloc_{when}"] for actor in ("TUR", "USA", "RUS")
            for when in ("2019-01-01", "2019-07-01")}  # fmt: skip
    assert bloc["TUR", "2019-01-01"] == bloc["USA", "2019-01-01"] != bloc["RUS", "2019-01-01"]
    assert bloc["TUR", "2019-07-01"] == bloc["RUS", "2019-07-01"] != bloc["USA", "2019-07-01"]
    data = json.loads(as_json.read_text())
    assert data["moves"][0]["actor"] == "TUR" and len(data["windows"]) == 2


def test_briefs_in_markdown_and_self_contained_html(store) -> None:
    cooperative = [(n < 70) == (n % 5 != 0) for n in range(140)]  # 80% coop, then 20%
    rows = [
        event(n, date(2018, 1, 1) + timedelta(days=5 * n), "RUS", "PRK",
              "COOPERATE" if coop else "ACCUSE", 2 if coop else 3)
        for n, coop in enumerate(cooperative)
    ]  # fmt: skip
    store_event_rows(store, rows)
    markdown = make_brief(store, "rus", "prk", fmt="md")
    assert markdown.startswith("# RUS–PRK")
    assert "RUS's conduct towards PRK turned more conflictual" in markdown
    assert "## Key events" in markdown and "https://news.example/" in markdown
    assert "## Caveats" in markdown and "outlet" in markdown
    html = make_brief(store, "RUS", "PRK", fmt="html")
    assert "<script" not in html and "cdn" not in html.lower()  # static: opens offline, prints
    figures = dict(re.findall(r'<figure class="chart" id="chart-(\w+)">(.*?)</figure>', html, re.S))
    assert list(figures) == ["index", "types", "partners"]
    for svg in figures.values():
        assert svg.startswith("<svg") and "role-mark" in svg  # rendered, with marks
    # the shift is drawn as a dashed purple rule on the index chart
    assert re.search(r'<line[^>]*stroke="#6A3D9A"[^>]*stroke-dasharray', figures["index"])
    with pytest.raises(ConfigError):
        make_brief(store, "RUS", "PRK", fmt="pdf")
