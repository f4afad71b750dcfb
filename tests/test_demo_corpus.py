"""The bundled illustrative corpus: the file ``shiftwatch demo`` ingests must stay well formed.

These checks read the shipped file through the public API, so a packaging mistake (the JSONL
left out of the wheel) fails here too.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from shiftwatch.demo import corpus_path

FIELDS = {"id", "date", "title", "text", "source", "url", "illustrative"}
# Names by which items refer to each of the six states the demo is about.
COUNTRY_NAMES = {
    "PRK": ("North Korea", "Pyongyang", "Kim Jong Un"),
    "RUS": ("Russia", "Moscow", "Putin"),
    "CHN": ("China", "Chinese", "Beijing", "Xi Jinping"),
    "USA": ("United States", "Washington", "US President", "White House"),
    "KOR": ("South Korea", "Seoul", "Moon Jae-in", "Yoon Suk Yeol"),
    "JPN": ("Japan", "Tokyo", "Kishida", "Abe"),
}
MAX_ITEM_CHARS = 800


@pytest.fixture(scope="module")
def items() -> list[dict]:
    lines = corpus_path().read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_corpus_path_is_the_packaged_file() -> None:
    path = corpus_path()
    assert path.is_file()
    assert path.name == "corpus.jsonl"
    assert path.parent == Path(__file__).resolve().parents[1] / "src" / "shiftwatch" / "demo"


def test_corpus_is_large_enough_and_ids_unique(items: list[dict]) -> None:
    assert len(items) >= 60
    ids = [item["id"] for item in items]
    assert len(set(ids)) == len(ids)


def test_every_item_has_the_fields_and_the_illustrative_label(items: list[dict]) -> None:
    for item in items:
        assert set(item) == FIELDS, item["id"]
        assert item["illustrative"] is True, item["id"]
        assert "Illustrative" in item["source"], item["id"]
        assert item["url"].startswith("https://example.org/illustrative/"), item["id"]
        assert item["title"].strip() and item["text"].strip(), item["id"]


def test_dates_cover_every_year_2018_to_2024(items: list[dict]) -> None:
    days = [date.fromisoformat(item["date"]) for item in items]
    assert all(date(2018, 1, 1) <= day <= date(2024, 12, 31) for day in days)
    assert {day.year for day in days} == set(range(2018, 2025))


def test_items_are_short_news_style(items: list[dict]) -> None:
    for item in items:
        assert len(item["text"]) <= MAX_ITEM_CHARS, item["id"]
        sentences = [s for s in re.split(r"(?<=[.!?])\s+", item["text"].strip()) if s]
        assert 2 <= len(sentences) <= 5, (item["id"], len(sentences))


def test_all_six_countries_appear_in_many_items(items: list[dict]) -> None:
    for code, names in COUNTRY_NAMES.items():
        hits = sum(any(name in item["text"] for name in names) for item in items)
        assert hits >= 10, (code, hits)


def test_the_readme_labels_the_corpus_illustrative() -> None:
    readme = (corpus_path().parent / "README.md").read_text(encoding="utf-8")
    assert "illustrative" in readme.lower()
    assert "not a source of record" in readme
    assert "not copied from any" in readme
