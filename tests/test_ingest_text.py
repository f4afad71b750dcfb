"""Plain-text articles: title, tag line, date line, body, and the page furniture dropped."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from shiftwatch.documents.base import ReadOptions
from shiftwatch.documents.text import is_tail_marker, parse_tags, parse_text
from shiftwatch.errors import InputError
from shiftwatch.ingest import ingest
from shiftwatch.store import Store

SEED_TITLE_END = (
    "Relationship Between North Korea and Russia: A Strategic Shift in Foreign Relations"
)


def _popular_titles(seed: Path) -> list[str]:
    """The three post titles listed after "Popular posts from this blog" in the seed page."""
    lines = [line.strip() for line in seed.read_text("utf-8").splitlines()]
    start = lines.index("Popular posts from this blog")
    return [line for line in lines[start + 1 :] if line]


def test_seed_is_one_document_with_title_tags_and_clean_body(store: Store, seed_file: Path) -> None:
    report = ingest([seed_file], store)
    assert (report.read, report.stored, report.failed) == (1, 1, 0)
    (doc_id,) = store.query("SELECT id FROM documents")["id"]
    doc = store.document(doc_id)
    assert doc["title"].endswith(SEED_TITLE_END)
    assert doc["title"].startswith("he Burgeoning")  # the source lost its first letter
    assert doc["tags"] == ["news", "north korea", "kim jong un"]
    assert doc["text"].startswith("The diplomatic landscape between North Korea and Russia")
    last_paragraph = doc["text"].split("\n\n")[-1]
    assert last_paragraph.startswith("The evolving relationship between North Korea and Russia")
    assert last_paragraph.endswith("the broader geopolitical landscape.")
    popular = _popular_titles(seed_file)
    assert len(popular) == 3
    for title in popular:
        assert title not in doc["text"]
    for furniture in ("Comments", "Popular posts"):
        assert furniture not in doc["text"]
    assert SEED_TITLE_END not in doc["text"]  # the title is not part of the coded body
    assert "kim jong un" not in doc["text"]  # nor is the tag line
    assert doc["published"] is None  # the page gives no date
    assert doc["language"] == "en"


def test_seed_takes_the_date_option(store: Store, seed_file: Path) -> None:
    ingest([seed_file], store, published=date(2023, 11, 28), source="blog")
    row = store.query("SELECT published, source FROM documents").iloc[0]
    assert row["published"].date() == date(2023, 11, 28)
    assert row["source"] == "blog"


BODY = (
    "The foreign ministers of Ghana and Togo met in Accra on Monday to discuss the security "
    "of their shared border and agreed to set up joint patrols before the end of the year."
)


def test_date_line_under_the_title_dates_the_document_and_leaves_the_body() -> None:
    doc = parse_text(f"Border talks\n\nPublished 24 November 2023\n\n{BODY}\n", "t.txt")
    assert doc.published == date(2023, 11, 24)
    assert doc.text == BODY


def test_option_date_wins_over_nothing_but_not_over_the_page() -> None:
    options = ReadOptions(published=date(2020, 1, 2))
    assert parse_text(f"Title\n\n{BODY}", "t.txt", options).published == date(2020, 1, 2)


def test_a_sentence_with_commas_is_not_a_tag_line() -> None:
    text = f"Title\nGhana, Togo and Benin signed a pact on Monday.\n\n{BODY}"
    doc = parse_text(text, "t.txt")
    assert doc.tags == []
    assert doc.text.startswith("Ghana, Togo and Benin signed")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("news,north korea,kim jong un", ["news", "north korea", "kim jong un"]),
        ("Politics, Africa, Politics", ["Politics", "Africa"]),
        ("Africa", None),
        ("He said, quietly, that it was over.", None),
    ],
)
def test_tag_lines(line: str, expected: list[str] | None) -> None:
    assert parse_tags(line) == expected


def test_trailing_furniture_is_cut_in_other_shapes_too() -> None:
    text = (
        f"Title\n\n{BODY}\n\nAdvertisement\n\nSecond paragraph of the story, which goes on.\n\n"
        "Share this:\nTwitter\nFacebook\n\nRelated\n\nSome other story\n"
    )
    doc = parse_text(text, "t.txt")
    assert doc.text == f"{BODY}\n\nSecond paragraph of the story, which goes on."


def test_a_marker_before_any_paragraph_is_not_a_tail() -> None:
    text = f"Title\n\nRelated\n\n{BODY}\n"
    assert parse_text(text, "t.txt").text == f"Related\n\n{BODY}"


def test_markers_match_whole_lines_only() -> None:
    assert is_tail_marker("Comments")
    assert is_tail_marker("12 comments:")
    assert is_tail_marker("Popular posts from this blog")
    assert not is_tail_marker("Comments from the minister were not expected to change much.")


def test_title_only_file_is_an_error_naming_it() -> None:
    with pytest.raises(InputError, match=r"^only-title\.txt: no article text"):
        parse_text("Just a title\n\n", "only-title.txt")


_line = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=80
).filter(lambda value: value.strip() != "")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=2000))
def test_parse_text_never_crashes(text: str) -> None:
    try:
        doc = parse_text(text, "prop.txt")
    except InputError as exc:
        assert str(exc).startswith("prop.txt")
    else:
        assert doc.text.strip() == doc.text and doc.text
        assert "\n\n\n" not in doc.text


@settings(max_examples=200, deadline=None)
@given(
    title=_line,
    paragraphs=st.lists(
        st.lists(st.from_regex(r"[a-z]{1,12}", fullmatch=True), min_size=16, max_size=40).map(
            " ".join
        ),
        min_size=1,
        max_size=5,
    ),
)
def test_title_and_paragraphs_survive(title: str, paragraphs: list[str]) -> None:
    doc = parse_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", "prop.txt")
    assert doc.title == " ".join(title.split())
    assert doc.text.split("\n\n") == paragraphs
