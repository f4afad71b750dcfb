"""A journey is a visit (CONSULT) when a government makes it, or when anyone but civilians goes
only to seats of government (``coder/meetings.delegation``). Sentences written for these tests."""

from __future__ import annotations

from shiftwatch import extract


def _visits(text: str) -> list[tuple[str, str, str | None]]:
    return [
        (e.source.code, e.source.sector, e.target.code if e.target else None)
        for e in extract(text)
        if e.type == "CONSULT"
    ]


def test_a_rebel_envoy_touring_capitals_visits_each_government() -> None:
    found = _visits("A senior envoy of the Syrian Democratic Forces toured Paris and Berlin.")
    assert {(code, target) for code, _, target in found} == {("SYR", "FRA"), ("SYR", "DEU")}


def test_military_officials_travelling_to_a_capital_visit_it() -> None:
    found = _visits("Iraqi military officials travelled to Tehran last week.")
    assert [(code, target) for code, _, target in found] == [("IRQ", "IRN")], found


def test_fighters_travelling_to_a_country_make_no_visit() -> None:
    assert _visits("Hundreds of Syrian Democratic Forces fighters travelled to Iraq.") == []


def test_refugees_travelling_to_a_capital_make_no_visit() -> None:
    assert _visits("Syrian refugees travelled to Berlin last year.") == []


def test_acting_after_talks_with_a_named_party_attended_them() -> None:
    found = _visits(
        "Speaking after talks with the Iraqi president, Erdogan said the border would open."
    )
    assert [(code, target) for code, _, target in found] == [("TUR", "IRQ")], found


def test_acting_after_a_gathering_with_no_named_partner_attends_nothing() -> None:
    found = _visits("Hours after a summit in Geneva, Erdogan said the border would open.")
    assert not [f for f in found if f[0] == "TUR"], found


def test_a_possessive_pronoun_names_no_partner_of_a_gathering() -> None:
    found = _visits(
        "Following a meeting with his security team, Erdogan said the border would open."
    )
    assert found == [], found


def _all(text: str) -> list[tuple[str, str, str | None, str]]:
    return [
        (e.type, e.source.code, e.target.code if e.target else None, e.modality)
        for e in extract(text)
    ]


def test_a_summit_that_sets_an_agreement_is_a_meeting_of_its_own() -> None:
    found = _all("Russia, Iran and Turkey agreed to set up a committee at a summit in Sochi.")
    consults = {(s, t, m) for kind, s, t, m in found if kind == "CONSULT"}
    assert consults == {("IRN", "RUS", "asserted"), ("TUR", "RUS", "asserted")}, found


def test_a_request_made_at_a_summit_makes_the_addressees_guests_of_the_host() -> None:
    found = _all("Putin urged Erdogan and Rouhani to back the plan at a summit in Sochi.")
    consults = {(s, t) for kind, s, t, _ in found if kind == "CONSULT"}
    assert consults == {("TUR", "RUS"), ("IRN", "RUS")}, found
    assert {(s, t) for kind, s, t, _ in found if kind == "REQUEST"} == {
        ("RUS", "TUR"),
        ("RUS", "IRN"),
    }


def test_agreeing_to_take_part_in_talks_stays_the_agreement() -> None:
    found = _all("Iran agreed to take part in talks in Geneva.")
    assert not [f for f in found if f[0] == "CONSULT"], found


def test_a_summit_that_brings_leaders_together_makes_them_its_parties() -> None:
    found = _visits("The summit in Sochi brought together the leaders of Russia, Iran and Turkey.")
    assert {(code, target) for code, _, target in found} == {("IRN", "RUS"), ("TUR", "RUS")}


def test_a_minister_in_a_capital_for_talks_visits_its_state() -> None:
    found = _visits("Iran's foreign minister is in Ankara for talks.")
    assert [(code, target) for code, _, target in found] == [("IRN", "TUR")], found


def test_attending_a_summit_named_after_its_city_visits_that_state() -> None:
    found = _visits("Erdogan attended the Sochi summit.")
    assert [(code, target) for code, _, target in found] == [("TUR", "RUS")], found


def test_two_capitals_before_talks_are_its_parties_not_its_venue() -> None:
    found = _visits("An official familiar with the Baghdad-Washington talks said the US will act.")
    assert [(code, target) for code, _, target in found] == [("IRQ", "USA")], found


def test_what_talks_are_about_is_not_whom_they_are_with() -> None:
    assert all(t != "SYR" for _, _, t in _visits("Kazakhstan will host talks on Syria next week."))
    found = _visits("Russian officials will attend talks on Syria in Geneva.")
    assert all(t != "SYR" for _, _, t in found), found


def test_a_speech_on_a_day_of_a_state_visit_is_made_on_the_visit() -> None:
    found = _visits("Erdogan spoke in London on the second day of a state visit to the UK.")
    assert [(code, target) for code, _, target in found] == [("TUR", "GBR")], found


def test_they_meeting_stands_for_the_list_named_before() -> None:
    found = _visits(
        "Russia, Iran and Turkey sponsor the Astana process. They met again on Thursday."
    )
    assert {(code, target) for code, _, target in found} == {("RUS", "IRN"), ("RUS", "TUR")}


def test_they_meeting_someone_named_meets_that_one_not_each_other() -> None:
    found = _visits("MI6, the CIA and the DGSE have access to informants whom they have met.")
    assert {code for code, _, _ in found} <= {"GBR"}, found  # not each agency with the others


def test_speaking_at_a_meeting_of_a_body_meets_that_body() -> None:
    found = _visits("Lavrov spoke at a meeting of Arab League foreign ministers in Cairo.")
    assert [(code, target) for code, _, target in found] == [("RUS", "ARL")], found
