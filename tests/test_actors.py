"""The actor resolver on real-looking sentences: each kind of mention and the ambiguous cases."""

from __future__ import annotations

import itertools
from datetime import date

import pytest

from shiftwatch.actors import ActorResolver, Mention, load_knowledge_base
from shiftwatch.actors.holders import holder_on, holdings


@pytest.fixture(scope="session")
def resolver() -> ActorResolver:
    return ActorResolver(load_knowledge_base())


def codes(mentions: list[Mention]) -> list[tuple[str, str, str]]:
    return [(m.text, m.code, m.sector) for m in mentions]


def find(mentions: list[Mention], text: str) -> Mention | None:
    return next((m for m in mentions if m.text == text), None)


@pytest.mark.parametrize(
    ("text", "mention", "code", "sector"),
    [
        ("Pyongyang rejected the offer on Monday.", "Pyongyang", "PRK", ""),
        ("The DPRK fired two missiles.", "DPRK", "PRK", ""),
        ("Officials in N. Korea said nothing.", "N. Korea", "PRK", ""),
        ("The ROK and Japan held talks.", "ROK", "KOR", ""),
        ("The UAE sent aid.", "UAE", "ARE", ""),
        ("The US imposed sanctions.", "US", "USA", ""),
        ("The U.S. imposed sanctions.", "U.S.", "USA", ""),
        ("Britain recalled its ambassador.", "Britain", "GBR", ""),
        ("The Kremlin denied the report.", "Kremlin", "RUS", "GOV"),
        ("The White House said it would respond.", "White House", "USA", "GOV"),
        ("Downing Street declined to comment.", "Downing Street", "GBR", "GOV"),
        ("The Pentagon sent more ships.", "Pentagon", "USA", "MIL"),
        ("Zhongnanhai approved the plan.", "Zhongnanhai", "CHN", "GOV"),
        ("Russian delegations arrived in Pyongyang.", "Russian delegations", "RUS", "GOV"),
        ("Russian troops crossed the border.", "Russian troops", "RUS", "MIL"),
        ("Iraqi officials condemned the attack.", "Iraqi officials", "IRQ", "GOV"),
        ("Syrian rebels shelled the town.", "Syrian rebels", "SYR", "REB"),
        ("Turkish police detained 20 people.", "Turkish police", "TUR", "COP"),
        ("Iranian state media reported the launch.", "Iranian state media", "IRN", "MED"),
        ("Egyptian protesters gathered in the square.", "Egyptian protesters", "EGY", "CVL"),
        ("A Pakistani court convicted him.", "Pakistani court", "PAK", "JUD"),
        ("Iraq's president hit back.", "Iraq's president", "IRQ", "GOV"),
        ("The government of Iraq objected.", "government of Iraq", "IRQ", "GOV"),
        ("Nato expanded its mission.", "Nato", "NATO", ""),
        ("Isis claimed the attack.", "Isis", "ISIS", ""),
        ("Daesh fighters fled.", "Daesh fighters", "ISIS", ""),
        ("The United Nations Security Council met.", "United Nations Security Council", "UN", ""),
        ("The African Union suspended Sudan.", "African Union", "AU", ""),
        ("The Arab League met in Cairo.", "Arab League", "ARL", ""),
        ("The ICC issued a warrant.", "ICC", "ICC", ""),
        ("The Red Cross visited the prisoners.", "Red Cross", "ICRC", ""),
        ("Amnesty International condemned the executions.", "Amnesty International", "NGO", ""),
        ("Hamas fired rockets.", "Hamas", "HAMAS", ""),
        ("Hezbollah denied it.", "Hezbollah", "HEZBOLLAH", ""),
        ("The Taliban seized the district.", "Taliban", "TALIBAN", ""),
        ("Hayat Tahrir al-Sham controls Idlib.", "Hayat Tahrir al-Sham", "HTS", ""),
        ("The YPG withdrew from the town.", "YPG", "SYR", "REB"),
        ("The PKK claimed the bombing.", "PKK", "TUR", "REB"),
        ("Kosovo declared independence.", "Kosovo", "XKX", ""),
        ("Palestinian officials rejected the plan.", "Palestinian officials", "PSE", "GOV"),
        ("Taiwan protested.", "Taiwan", "TWN", ""),
        ("Western Sahara was discussed.", "Western Sahara", "ESH", ""),
    ],
)
def test_kinds_of_mention(
    resolver: ActorResolver, text: str, mention: str, code: str, sector: str
) -> None:
    found = find(resolver.resolve_text(text), mention)
    assert found is not None, codes(resolver.resolve_text(text))
    assert (found.code, found.sector) == (code, sector)
    assert text[found.start_char : found.end_char] == mention


def test_lowercase_names_in_tags(resolver: ActorResolver) -> None:
    mentions = resolver.resolve_text("north korea, russia, south korea, diplomacy")
    assert [m.code for m in mentions] == ["PRK", "RUS", "KOR"]


def test_acronyms_need_their_case(resolver: ActorResolver) -> None:
    mentions = resolver.resolve_text("Tell us what is going on, said the un-named source.")
    assert mentions == []


def test_possessive_and_hyphen(resolver: ActorResolver) -> None:
    mentions = resolver.resolve_text(
        "Russia's navy and US-backed fighters attacked; pro-Russian separatists held the town."
    )
    assert codes(mentions) == [("Russia's navy", "RUS", "MIL")]


def test_coordinated_demonyms_share_the_noun(resolver: ActorResolver) -> None:
    mentions = resolver.resolve_text("The raid by Russian and Syrian planes was the largest yet.")
    assert codes(mentions) == [("Russian", "RUS", "MIL"), ("Syrian planes", "SYR", "MIL")]


def test_title_and_name_form_one_mention(resolver: ActorResolver) -> None:
    mentions = resolver.resolve_text("Russian Foreign Minister Sergei Lavrov arrived.")
    assert codes(mentions) == [("Russian Foreign Minister Sergei Lavrov", "RUS", "GOV")]


def test_modifier_sector_word_is_not_the_head(resolver: ActorResolver) -> None:
    mentions = resolver.resolve_text("Shells hit the Syrian army base and a rebel-held town.")
    assert codes(mentions) == [("Syrian", "SYR", "")]


def test_the_record_of_held_places_names_the_holder_of_a_day() -> None:
    assert holder_on("Raqqa", date(2017, 10, 16)) == ("ISIS", "")
    assert holder_on("Raqqa", date(2017, 10, 17)) is None  # the end is the first day not held
    assert holder_on("Raqqa", date(2013, 6, 1)) == ("SYR", "REB")
    assert holder_on("Baghuz", date(2019, 3, 1)) == holder_on("Baghouz", date(2019, 3, 1))
    assert holder_on("eastern ghouta", date(2016, 1, 1)) == ("SYR", "REB")
    assert holder_on("Paris", date(2016, 1, 1)) is None
    # every period of one place is apart from the others: a day has one holder at most
    for name, periods in holdings().items():
        ordered = sorted(periods, key=lambda p: p.start)
        for before, after in itertools.pairwise(ordered):
            assert before.end is not None and before.end <= after.start, name


@pytest.mark.parametrize(
    ("text", "when", "found_as"),
    [
        ("Ali Akbar Velayati met Assad.", date(2018, 4, 13), ("IRN", "GOV")),
        ("Gen Joseph Dunford spoke in Washington.", date(2018, 4, 13), ("USA", "MIL")),
        ("Joseph Votel spoke in Tampa.", date(2020, 4, 13), ("USA", "")),  # after his command
    ],
)
def test_advisers_and_commanders_are_named_by_their_terms(
    text: str, when: date, found_as: tuple[str, str]
) -> None:
    mentions = ActorResolver(load_knowledge_base()).resolve_text(text, when=when)
    first = mentions[0]
    assert (first.code, first.sector) == found_as


def test_a_news_agency_is_its_states_media_not_the_state(resolver: ActorResolver) -> None:
    mentions = resolver.resolve_text("Officials told Agence France-Presse and Reuters.")
    assert {(m.text, m.code, m.sector) for m in mentions} == {
        ("Agence France-Presse", "FRA", "MED"),
        ("Reuters", "GBR", "MED"),
    }
