"""Shift kinds on planted data (each finds its shift) and on stable data (no false alarms).

The stores are real DuckDB files filled with synthetic events: a fixed seed, Poisson counts
per month and fixed cooperation odds, so "stable" means exactly what the null hypotheses say,
and the planted shifts are the size an analyst would want to hear about.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from shiftwatch.store import Store
from shiftwatch.watch import state
from shiftwatch.watch.alerts import list_alerts, raise_alerts
from shiftwatch.watch.kinds import Thresholds, detect

MONTHS = pd.date_range("2020-01-01", periods=48, freq="MS")
NEW_FROM = MONTHS[44].date()  # the last four months are "what the pass brought"
LIMITS = Thresholds(permutations=199)


def events(
    rng: np.random.Generator, source: str, target: str, rate: list[float], coop: list[float]
) -> list[dict[str, object]]:
    """Events of one directed dyad: ``rate[m]`` expected a month, ``coop[m]`` cooperative."""
    rows = []
    for month, expected, share in zip(MONTHS, rate, coop, strict=True):
        for number in range(rng.poisson(expected)):
            cooperative = rng.random() < share
            day = month + pd.Timedelta(days=int(rng.integers(0, 28)))
            rows.append(
                {
                    "id": f"{source}-{target}-{day.date()}-{number}",
                    "date": day.date(),
                    "source": source,
                    "target": target,
                    "type": "COOPERATE" if cooperative else "ACCUSE",
                    "quad_class": 1 if cooperative else 3,
                    "goldstein": 3.0 if cooperative else -2.0,
                    "sentence": f"synthetic {'cooperative' if cooperative else 'hostile'} act",
                    "origin": "synthetic",
                }
            )
    return rows


def flat(value: float) -> list[float]:
    return [value] * len(MONTHS)


def step(before: float, after: float, at: int = 44) -> list[float]:
    return [before] * at + [after] * (len(MONTHS) - at)


ACTORS = ["AAA", "BBB", "CCC", "DDD", "EEE", "FFF", "GGG"]


def stable_rows(rng: np.random.Generator) -> list[dict[str, object]]:
    """Every ordered pair of seven actors with its own steady rate and cooperation odds."""
    rows: list[dict[str, object]] = []
    for source in ACTORS:
        for target in ACTORS:
            if source != target:
                rows += events(
                    rng, source, target, flat(rng.uniform(0.5, 4)), flat(rng.uniform(0.2, 0.9))
                )
    return rows


def fill(store: Store, rows: list[dict[str, object]]) -> pd.DataFrame:
    store.insert_event_rows(rows)
    frame = pd.DataFrame(rows)
    new = frame[frame["date"] >= NEW_FROM]
    return (
        new.groupby(["source", "target"], as_index=False)["date"]
        .min()
        .rename(columns={"date": "since"})
    )


def found(alerts: list, kind: str) -> set[tuple[tuple[str, ...], str]]:
    return {(alert.actors, alert.direction) for alert in alerts if alert.kind == kind}


def test_stable_relations_raise_no_alerts(store: Store) -> None:
    pending = fill(store, stable_rows(np.random.default_rng(7)))
    assert len(pending) == 42
    alerts = detect(store, pending, LIMITS)
    # 42 directed dyads, 21 pairs, 7 actors x 6 partners tested at alpha 0.01: a handful of
    # chance findings would be expected without the corrections; none are raised.
    assert [alert.summary for alert in alerts] == []


def test_a_planted_level_shift_is_found_with_its_evidence(store: Store) -> None:
    rng = np.random.default_rng(11)
    rows = stable_rows(rng) + events(rng, "PRK", "RUS", flat(3), step(0.15, 0.95, at=38))
    alerts = detect(store, fill(store, rows), LIMITS)
    level = [alert for alert in alerts if alert.kind == "level"]
    assert [(alert.actors, alert.direction) for alert in level] == [(("PRK", "RUS"), "up")]
    shift = level[0]
    assert shift.before < 0 < shift.after and shift.p_value <= 0.01
    assert shift.window_start.isoformat()[:7] in {"2023-02", "2023-03", "2023-01"}
    assert len(shift.event_ids) == 3
    sentences = [item["sentence"] for item in shift.details["evidence"]]
    assert sentences == ["synthetic cooperative act"] * 3


def test_a_planted_volume_jump_and_collapse_are_found(store: Store) -> None:
    rng = np.random.default_rng(12)
    rows = stable_rows(rng)
    rows += events(rng, "CHN", "PRK", step(1.5, 9), flat(0.6))
    rows += events(rng, "JPN", "KOR", step(8, 0.5), flat(0.6))
    alerts = detect(store, fill(store, rows), LIMITS)
    assert found(alerts, "volume") == {(("CHN", "PRK"), "up"), (("JPN", "KOR"), "down")}
    jump = next(alert for alert in alerts if alert.actors == ("CHN", "PRK"))
    assert jump.before < 2 and jump.after > 6 and jump.window_start == NEW_FROM.replace(day=1)
    # the evidence of shifts --volume: first events after a jump, last ones before a collapse
    assert all(item["date"] >= NEW_FROM.isoformat() for item in jump.details["evidence"])
    assert jump.event_ids == [item["id"] for item in jump.details["evidence"]]
    assert len(jump.event_ids) == 3 and jump.details["one_article"] is False
    drop = next(alert for alert in alerts if alert.actors == ("JPN", "KOR"))
    assert all(item["date"] < NEW_FROM.isoformat() for item in drop.details["evidence"])
    assert drop.details["events_before"] > 100 > drop.details["months_before"] == 24


def test_a_volume_jump_carried_by_one_article_is_flagged(store: Store) -> None:
    rng = np.random.default_rng(12)
    rows = stable_rows(rng) + events(rng, "CHN", "PRK", step(1.5, 9), flat(0.6))
    for row in rows:
        if row["source"] == "CHN" and row["date"] >= NEW_FROM:
            row["doc_id"] = "one-article"
    alerts = detect(store, fill(store, rows), LIMITS)
    jump = next(alert for alert in alerts if alert.kind == "volume")
    assert jump.actors == ("CHN", "PRK") and jump.direction == "up"
    assert jump.details["one_article"] is True and jump.details["top_document_share"] == 1


def test_a_collapse_to_silence_has_no_level_and_is_stored(store: Store) -> None:
    """Touched by a report that is not counted (negated), the pair has no event after: its
    alert says so with no cooperation index (JSON has no NaN) and is stored and listed."""
    rng = np.random.default_rng(12)
    rows = stable_rows(rng) + events(rng, "JPN", "KOR", step(8, 0), flat(0.6))
    negated = {**rows[-1], "id": "negated", "date": NEW_FROM, "modality": "negated"}
    pending = fill(store, [*rows, negated])
    assert ("JPN", "KOR") in set(zip(pending["source"], pending["target"], strict=True))
    raised = raise_alerts(store, detect(store, pending, LIMITS))
    drop = next(alert for alert in raised if alert.kind == "volume")
    assert (drop.actors, drop.direction, drop.after) == (("JPN", "KOR"), "down", 0.0)
    assert drop.details["level_after"] is None and drop.details["events_after"] == 0
    json.dumps(drop.details, allow_nan=False)
    assert [a.details["level_after"] for a in list_alerts(store, kind="volume")] == [None]


def test_a_planted_reliance_move_is_found(store: Store) -> None:
    rng = np.random.default_rng(13)
    rows = stable_rows(rng)
    # PRK cooperates with CHN and RUS at steady rates, then turns to RUS
    rows += events(rng, "PRK", "CHN", step(4, 1), flat(0.9))
    rows += events(rng, "PRK", "RUS", step(1, 4), flat(0.9))
    alerts = detect(store, fill(store, rows), LIMITS)
    moves = found(alerts, "reliance")
    assert (("PRK", "RUS"), "up") in moves and (("PRK", "CHN"), "down") in moves
    assert {actors[0] for actors, _ in moves} == {"PRK"}
    rise = next(a for a in alerts if a.kind == "reliance" and a.actors == ("PRK", "RUS"))
    assert rise.before < 0.35 < 0.6 < rise.after


def test_an_alert_is_raised_once_and_again_only_when_it_grows(store: Store) -> None:
    rng = np.random.default_rng(14)
    rows = stable_rows(rng) + events(rng, "CHN", "PRK", step(1.5, 9), flat(0.6))
    pending = fill(store, rows)
    first = raise_alerts(store, detect(store, pending, LIMITS))
    assert found(first, "volume") == {(("CHN", "PRK"), "up")}
    assert raise_alerts(store, detect(store, pending, LIMITS)) == []
    # the jump doubles: the same shift, grown, is raised again and says what it grew from
    more = events(np.random.default_rng(15), "CHN", "PRK", step(0, 12), flat(0.6))
    store.insert_event_rows([{**row, "id": f"more-{row['id']}"} for row in more])
    again = raise_alerts(store, detect(store, pending, LIMITS))
    grown = [alert for alert in again if alert.kind == "volume"]
    assert len(grown) == 1 and grown[0].details["grows"] == first[0].id
    assert len(list_alerts(store, kind="volume")) == 2


def test_pending_dyads_come_from_new_coded_documents_once(store: Store) -> None:
    rows = events(np.random.default_rng(3), "AAA", "BBB", flat(2), flat(0.5))
    for row in rows:
        row["doc_id"] = f"doc-{row['date']}"
    store.insert_event_rows(rows)
    docs = sorted({row["doc_id"] for row in rows})
    store.con.execute(
        "INSERT INTO coded_documents (doc_id, coder_version, sentences, events) "
        "SELECT unnest(?), 'test', 1, 1",
        [docs],
    )
    assert state.queue_new_documents(store) == len(docs)
    assert state.queue_new_documents(store) == 0
    queued = state.pending(store)
    assert queued[["source", "target"]].values.tolist() == [["AAA", "BBB"]]
    assert queued["since"].iat[0].date() == min(row["date"] for row in rows)


@pytest.mark.parametrize("kind", ["level", "volume", "reliance"])
def test_nothing_pending_nothing_tested(store: Store, kind: str) -> None:
    fill(store, stable_rows(np.random.default_rng(1)))
    empty = pd.DataFrame({"source": [], "target": [], "since": []})
    assert [alert for alert in detect(store, empty, LIMITS) if alert.kind == kind] == []
    assert date(2020, 1, 1) <= MONTHS[0].date()


def test_non_state_parts_are_their_own_keys(store: Store) -> None:
    """Rebels' turn against Turkey is SYR.REB's shift, not Syria's (actor keys)."""
    rng = np.random.default_rng(16)
    rebels = events(rng, "SYR", "TUR", flat(3), step(0.9, 0.05, at=38))
    for row in rebels:
        row["source_sector"] = "REB"
        row["doc_id"] = "rebels"
    state_rows = events(rng, "SYR", "TUR", flat(3), flat(0.5))
    for row in state_rows:
        row["doc_id"] = "state"
    store.insert_event_rows(stable_rows(rng) + rebels + state_rows)
    store.con.execute(
        "INSERT INTO coded_documents (doc_id, coder_version, sentences, events) "
        "VALUES ('rebels', 't', 1, 1), ('state', 't', 1, 1)"
    )
    state.queue_new_documents(store)
    queued = state.pending(store)
    assert sorted(queued["source"]) == ["SYR", "SYR.REB"]
    level = [a for a in detect(store, queued, LIMITS) if a.kind == "level"]
    assert [(a.actors, a.direction) for a in level] == [(("SYR.REB", "TUR"), "down")]
    assert level[0].details["evidence"][0]["source"] == "SYR"


def test_only_watchlist_keeps_watched_alerts_and_each_is_delivered_once(
    store: Store, tmp_path: Path
) -> None:
    from shiftwatch.config import Settings
    from shiftwatch.watch.runner import deliver, run_pass
    from shiftwatch.watch.sources import WatchConfig, parse_watchlist

    rng = np.random.default_rng(12)
    rows = stable_rows(rng)
    rows += events(rng, "CHN", "PRK", step(1.5, 9), flat(0.6))
    rows += events(rng, "JPN", "KOR", step(8, 0.5), flat(0.6))
    pending = fill(store, rows)
    store.con.register("_queued", pending)
    store.con.execute("INSERT INTO watch_pending SELECT source, target, since FROM _queued")
    store.con.unregister("_queued")
    out = tmp_path / "alerts.jsonl"
    config = WatchConfig(
        watchlist=parse_watchlist(["PRK"], "--watch"), only_watchlist=True, alerts=out
    )
    report = run_pass(store, config, Settings(), limits=LIMITS)
    assert [(a.kind, a.actors, a.watched) for a in report.alerts] == [
        ("volume", ("CHN", "PRK"), True)
    ]
    assert report.dyads == len(pending) and state.pending(store).empty
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
    store.con.execute("UPDATE alerts SET delivered = false")  # as if killed before marking
    assert deliver(store, config) == (0, [])
    assert len(out.read_text(encoding="utf-8").splitlines()) == 1
