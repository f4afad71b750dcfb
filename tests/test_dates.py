"""The one date parser: typed days are strict YYYY-MM-DD, published dates are read leniently.

Property tests (Hypothesis) check round trips over the whole calendar and that no input makes
the lenient reader raise; examples pin the formats sources really use.
"""

from __future__ import annotations

import re
import time
from datetime import date, datetime, timedelta, timezone
from email.utils import format_datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftwatch.dates import iso_day, parse_date, parse_day
from shiftwatch.errors import InputError

days = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


@given(days)
def test_iso_round_trip(day: date) -> None:
    assert iso_day(day.isoformat()) == day
    assert parse_day(day.isoformat(), "--from") == day
    assert parse_date(day.isoformat()) == day


@given(days, st.times(), st.sampled_from(["T", " "]))
def test_iso_timestamps_give_their_day(day: date, moment: object, separator: str) -> None:
    stamp = f"{day.isoformat()}{separator}{moment}"
    assert parse_date(stamp) == day


@given(days)
def test_dates_datetimes_and_struct_times_pass_through(day: date) -> None:
    noon = datetime(day.year, day.month, day.day, 12)
    assert parse_date(day) == parse_date(noon) == day
    assert parse_date(time.struct_time((day.year, day.month, day.day, 0, 0, 0, 0, 1, -1))) == day
    assert parse_day(day, "x") == parse_day(noon, "x") == day


@settings(max_examples=40, deadline=None)  # dateparser takes milliseconds per new text
@given(days, st.sampled_from(["%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%A, %d %B %Y"]))
def test_written_out_dates_round_trip(day: date, pattern: str) -> None:
    assert parse_date(day.strftime(pattern)) == day


@settings(max_examples=40, deadline=None)
@given(days, st.integers(min_value=-12, max_value=12))
def test_rfc_2822_round_trips_to_its_own_day(day: date, hours: int) -> None:
    zone = timezone(timedelta(hours=hours))
    stamp = format_datetime(datetime(day.year, day.month, day.day, 10, 30, tzinfo=zone))
    assert parse_date(stamp) == day


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=60))
def test_strict_days_accept_only_yyyy_mm_dd(text: str) -> None:
    if ISO.fullmatch(text.strip()):
        return
    with pytest.raises(ValueError, match="is not a date in YYYY-MM-DD form"):
        iso_day(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=60))
def test_lenient_reader_never_raises(text: str) -> None:
    assert parse_date(text) is None or isinstance(parse_date(text), date)


@pytest.mark.parametrize(
    "text", ["14/03/2019", "2019-13-01", "2019-02-30", "2019-3-14", "20190314", "tomorrow"]
)
def test_a_typed_day_that_is_not_one_names_where_it_came_from(text: str) -> None:
    with pytest.raises(InputError, match=r"^data/leaders\.tsv:3: .* YYYY-MM-DD form$"):
        parse_day(text, "data/leaders.tsv:3")


@pytest.mark.parametrize("empty", [None, "", "  ", "-"])
def test_an_empty_typed_day_is_none(empty: str | None) -> None:
    assert parse_day(empty, "--from") is None


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("24 November 2023", date(2023, 11, 24)),
        ("Mon, 09 Oct 2023 14:02:00 GMT", date(2023, 10, 9)),
        ("2023-11-24T08:15:00Z", date(2023, 11, 24)),
        ("November 2023", date(2023, 11, 1)),
    ],
)
def test_source_dates_as_published(text: str, day: date) -> None:
    assert parse_date(text) == day


@pytest.mark.parametrize("text", ["no date here", "2023-02-30", "", "Monday"])
def test_source_values_that_are_no_date_are_none(text: str) -> None:
    assert parse_date(text) is None
