"""Event dates: the time expression governing a trigger, resolved against publication."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from shiftwatch.coder.event_dates import event_date
from shiftwatch.models import ActorRef, Event
from shiftwatch.nlp import load_pipeline

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "event_dates_accuracy.py"


def dated(text: str, trigger: str, published: date | None, future: bool = False):
    doc = load_pipeline()(text)
    token = next(t for t in doc if t.text == trigger)
    when = event_date(token, doc[:], published, future=future)
    return when.date, when.precision


TUESDAY = date(2018, 1, 23)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("Turkish troops attacked Afrin on Saturday.", "attacked", (date(2018, 1, 20), "day")),
        ("Turkish troops attacked Afrin on Tuesday.", "attacked", (TUESDAY, "day")),
        ("Turkish troops attacked Afrin last Tuesday.", "attacked", (date(2018, 1, 16), "day")),
        ("The rebels withdrew from the town yesterday.", "withdrew", (date(2018, 1, 22), "day")),
        ("Ankara recalled its ambassador last week.", "recalled", (date(2018, 1, 15), "week")),
        ("Ankara recalled its ambassador last month.", "recalled", (date(2017, 12, 1), "month")),
        ("In 2016, Turkey invaded northern Syria.", "invaded", (date(2016, 1, 1), "year")),
        ("Rebels seized the town three years ago.", "seized", (date(2015, 1, 1), "year")),
        ("Talks were held in Geneva on 20 January.", "held", (date(2018, 1, 20), "day")),
        ("Talks were held in Geneva on 30 January.", "held", (date(2017, 1, 30), "day")),
        ("Talks were held in Geneva in March 2017.", "held", (date(2017, 3, 1), "month")),
        ("Talks were held in Geneva in November.", "held", (date(2017, 11, 1), "month")),
        ("Last week's strikes killed 20 civilians.", "strikes", (date(2018, 1, 15), "week")),
        # spans and bounds are not points in time: the publication date stands
        ("The army has fought the rebels since 2011.", "fought", (TUESDAY, "day")),
        ("Rebels have held the town for three years.", "held", (TUESDAY, "day")),
        # a date in another clause is not the trigger's
        ("Turkey, which invaded in 2016, condemned the attack.", "condemned", (TUESDAY, "day")),
        ("Russia condemned the strike.", "condemned", (TUESDAY, "day")),
    ],
)
def test_dates_against_publication(text: str, trigger: str, expected: tuple) -> None:
    assert dated(text, trigger, TUESDAY) == expected


def test_future_events_resolve_forward() -> None:
    text = "The minister will visit Ankara on Friday."
    assert dated(text, "visit", TUESDAY) == (date(2018, 1, 26), "day")
    text = "The two sides will meet in March."
    assert dated(text, "meet", TUESDAY) == (date(2018, 3, 1), "month")


def test_no_publication_date_means_no_date() -> None:
    assert dated("Turkish troops attacked Afrin on Saturday.", "attacked", None) == (None, "day")


def test_event_defaults_its_date_to_publication() -> None:
    event = Event("d", 0, "s", TUESDAY, ActorRef("TUR"), ActorRef("SYR", "REB"), "ASSAULT")
    assert (event.event_date, event.date_precision) == (TUESDAY, "day")


@pytest.mark.slow
def test_gold_sentences_dated_as_a_reader_dates_them(guardian_csv: Path) -> None:
    """≥ 90% of the gold triggers (real Guardian sentences) get the reader's date exactly."""
    if not guardian_csv.exists():
        pytest.skip(f"{guardian_csv} not found")
    spec = importlib.util.spec_from_file_location("event_dates_accuracy", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    for gold in (module.GOLD, module.HELD_OUT):
        results = module.score(load_pipeline(), gold, csv_path=guardian_csv)
        assert len(results) >= 30
        exact = sum(result.exact for result in results) / len(results)
        assert exact >= 0.9, [r for r in results if not r.exact]
