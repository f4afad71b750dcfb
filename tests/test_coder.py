"""The coder on real text: the seed article, Guardian articles, and sentences that exercise
each role rule (voice, reported speech, coordination, verbal nouns, light verbs) and modality."""

from __future__ import annotations

from pathlib import Path

import pytest

from shiftwatch.coder import CODER_VERSION, CodedDocument, Coder
from shiftwatch.coding import extract
from shiftwatch.documents.text import parse_text
from shiftwatch.models import Document, Event


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder()


def triples(events: list[Event]) -> set[tuple[str, str, str | None]]:
    return {(e.source.code, e.type, e.target.code if e.target else None) for e in events}


def triples_events(events: list[Event], triple: tuple[str, str, str]) -> list[Event]:
    return [
        e for e in events if (e.source.code, e.type, e.target.code if e.target else None) == triple
    ]


def code_one(coder: Coder, text: str) -> list[Event]:
    return coder.code_document(Document(text=text)).events


@pytest.fixture(scope="session")
def seed_events(coder: Coder, seed_file: Path) -> tuple[Document, CodedDocument]:
    document = parse_text(seed_file.read_text(encoding="utf-8"), str(seed_file))
    return document, coder.code_document(document)


def test_seed_article_yields_its_key_facts(seed_events: tuple[Document, CodedDocument]) -> None:
    _, coded = seed_events
    found = triples(coded.events)
    assert ("RUS", "AID", "PRK") in found  # the satellite assistance
    assert ("PRK", "AID", "RUS") in found  # the shells
    assert ("RUS", "CONSULT", "PRK") in found  # delegation visits
    assert ("PRK", "SUPPORT", "RUS") in found  # support for the war
    assert any(e.source.code == "PRK" and e.type == "SANCTION" for e in coded.events)


def test_seed_shells_are_alleged_and_counted(seed_events: tuple[Document, CodedDocument]) -> None:
    _, coded = seed_events
    shells = [e for e in triples_events(coded.events, ("PRK", "AID", "RUS")) if e.quantity]
    assert shells, "the shells event should carry its quantity"
    event = shells[0]
    assert event.modality == "alleged"
    assert event.quantity == 1_000_000
    assert event.quantity_unit == "artillery shells"
    assert event.cameo and event.goldstein is not None and event.quad_class == 2
    assert event.coder_version == CODER_VERSION
    # the shells are what is given, not an attack of their own
    assert not [e for e in coded.events if e.type == "ASSAULT"]


def test_seed_evidence_points_into_the_body(seed_events: tuple[Document, CodedDocument]) -> None:
    document, coded = seed_events
    for event in coded.events:
        assert document.text[event.evidence_start : event.evidence_end] == event.sentence
        assert 0 <= event.confidence <= 1
    for idx, start, end, text in coded.sentences:
        assert document.text[start:end] == text
        assert idx == coded.sentences.index((idx, start, end, text))


def test_raw_seed_page_gives_no_event_from_title_tags_or_popular_posts(
    coder: Coder, seed_file: Path
) -> None:
    raw = seed_file.read_text(encoding="utf-8")
    lines = [line.strip() for line in raw.splitlines() if line.strip()]
    title, tags = lines[0], lines[1]
    tail = raw[raw.index("Popular posts") :]
    events = code_one(coder, raw)
    assert events, "the body still yields events"
    for event in events:
        assert title not in event.sentence and tags not in event.sentence
        assert event.evidence_start < raw.index("Popular posts")
        assert event.sentence not in tail


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # active and passive voice give the same roles
        ("Iraqi forces attacked Islamic State positions near Mosul.", ("IRQ", "ASSAULT", "ISIS")),
        ("Islamic State positions were attacked by Iraqi forces.", ("IRQ", "ASSAULT", "ISIS")),
        # reported speech: the complement is the event, not "said"
        ("A spokesman said Russia attacked Ukraine on Monday.", ("RUS", "ASSAULT", "UKR")),
        # verbal nouns and light verbs
        ("The visit of Russian delegations to North Korea went well.", ("RUS", "CONSULT", "PRK")),
        ("China held talks with Russia on Tuesday.", ("CHN", "CONSULT", "RUS")),
        ("Israel launched strikes on Syria.", ("ISR", "ASSAULT", "SYR")),
        ("Japan provided assistance to Ukraine.", ("JPN", "AID", "UKR")),
        ("The US imposed sanctions on Iran.", ("USA", "SANCTION", "IRN")),
        # object control and threats read through the complement
        ("Germany urged Iran to release the prisoners.", ("DEU", "REQUEST", "IRN")),
        ("Iran threatened to attack Israel.", ("IRN", "THREATEN", "ISR")),
    ],
)
def test_roles_come_from_the_parse(coder: Coder, text: str, expected: tuple[str, str, str]) -> None:
    assert expected in triples(code_one(coder, text))


def test_reported_speech_verb_is_not_an_event(coder: Coder) -> None:
    events = code_one(coder, "A spokesman said Russia attacked Ukraine on Monday.")
    assert [e.trigger for e in events] == ["attacked"]


def test_content_of_a_request_is_not_coded_as_done(coder: Coder) -> None:
    events = code_one(coder, "Germany urged Iran to release the prisoners.")
    assert {e.type for e in events} == {"REQUEST"}


def test_coordinated_parties_consult_once(coder: Coder) -> None:
    events = code_one(coder, "Turkey and Russia held talks in Sochi.")
    consult = [e for e in events if e.type == "CONSULT"]
    assert len(consult) == 1
    assert {consult[0].source.code, consult[0].target.code} == {"TUR", "RUS"}


def test_joint_agents_each_get_an_event(coder: Coder) -> None:
    found = triples(code_one(coder, "French and British jets bombed Islamic State positions."))
    assert {("FRA", "ASSAULT", "ISIS"), ("GBR", "ASSAULT", "ISIS")} <= found


@pytest.mark.parametrize(
    ("text", "modality"),
    [
        ("Russia attacked Ukraine.", "asserted"),
        ("Russia reportedly attacked Ukraine.", "alleged"),
        ("Russia may have attacked Ukraine.", "alleged"),
        ("Russia did not attack Ukraine.", "negated"),
        ("Russia will attack Ukraine.", "future"),
        ("The Russian president plans to visit China next month.", "future"),
        ("If Russia attacks Ukraine, the West will respond.", "hypothetical"),
        ("Turkey could attack Syria.", "hypothetical"),
        ("A spokesman said Turkey would attack Syria within days.", "future"),
        ("Syria was spared an assault by Russian jets.", "negated"),
        ("Speculation suggests that Russia attacked Ukraine.", "alleged"),
    ],
)
def test_modality(coder: Coder, text: str, modality: str) -> None:
    events = code_one(coder, text)
    assert events and {e.modality for e in events} == {modality}


def test_quantity_of_money(coder: Coder) -> None:
    events = code_one(coder, "The United States pledged $5bn in aid to Jordan.")
    assert [(e.quantity, e.quantity_unit) for e in events] == [(5e9, "$")]


def test_non_english_documents_are_skipped(coder: Coder) -> None:
    coded = coder.code_document(Document(text="La Russie a attaqué l'Ukraine.", language="fr"))
    assert coded.sentences == [] and coded.events == []


def test_code_documents_keeps_order_on_guardian_articles(coder: Coder, guardian_csv: Path) -> None:
    import csv

    with guardian_csv.open(encoding="utf-8") as handle:
        rows = [row for _, row in zip(range(6), csv.DictReader(handle), strict=False)]
    documents = [Document(text=row["text"]) for row in rows]
    coded = list(coder.code_documents(documents, batch_size=2))
    assert [c.doc_id for c in coded] == [d.id for d in documents]
    assert sum(len(c.events) for c in coded) > 0
    for document, result in zip(documents, coded, strict=True):
        for event in result.events:
            assert event.doc_id == document.id
            assert document.text[event.evidence_start : event.evidence_end] == event.sentence


def test_extract_reads_an_article_when_asked(seed_file: Path) -> None:
    events = extract(seed_file.read_text(encoding="utf-8"), article=True)
    assert ("RUS", "CONSULT", "PRK") in triples(events)
