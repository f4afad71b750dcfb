"""Leaders by date, ambiguous names decided by context, references within an article, the
user's YAML file and the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from shiftwatch.actors import ActorResolver, Mention, load_knowledge_base
from shiftwatch.errors import InputError


@pytest.fixture(scope="session")
def resolver() -> ActorResolver:
    return ActorResolver(load_knowledge_base())


def pick(mentions: list[Mention], text: str) -> Mention | None:
    return next((m for m in mentions if m.text == text), None)


def test_leaders_resolve_by_date(resolver: ActorResolver) -> None:
    in_2019 = resolver.resolve_text("Trump spoke to Moon Jae-in.", when=date(2019, 6, 1))
    assert [(m.text, m.code, m.sector, m.kind) for m in in_2019] == [
        ("Trump", "USA", "GOV", "person"),
        ("Moon Jae-in", "KOR", "GOV", "person"),
    ]
    in_2022 = resolver.resolve_text("Trump spoke to Moon Jae-in.", when=date(2022, 6, 1))
    assert [(m.code, m.sector, m.kind) for m in in_2022] == [
        ("USA", "", "former"),
        ("KOR", "", "former"),
    ]
    assert all(m.confidence < 0.5 for m in in_2022)


@pytest.mark.parametrize("name", ["Kim Jong Un", "Putin", "Xi", "Assad", "Erdoğan", "Erdogan"])
def test_well_known_leaders(resolver: ActorResolver, name: str) -> None:
    expected = {"Kim Jong Un": "PRK", "Putin": "RUS", "Xi": "CHN", "Assad": "SYR"}.get(name, "TUR")
    mention = pick(resolver.resolve_text(f"{name} said on Monday.", when=date(2018, 9, 17)), name)
    assert mention is not None and (mention.code, mention.sector) == (expected, "GOV")


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("De Mistura said the talks would resume.", "De Mistura", "UN"),
        ("Stoltenberg warned Moscow.", "Stoltenberg", "NATO"),
        ("Mogherini met Zarif.", "Mogherini", "EU"),
    ],
)
def test_heads_and_envoys_of_international_organisations(
    resolver: ActorResolver, text: str, name: str, code: str
) -> None:
    mention = pick(resolver.resolve_text(text, when=date(2017, 3, 1)), name)
    assert mention is not None and mention.code == code


def test_a_common_word_is_no_officials_name(resolver: ActorResolver) -> None:
    # Ban Ki-moon is known by his full name only: "the ban" is no secretary general
    assert resolver.resolve_text("The court upheld the ban.", when=date(2015, 3, 1)) == []


def test_leaders_without_a_date_take_the_best_known_holder(resolver: ActorResolver) -> None:
    mention = pick(resolver.resolve_text("Putin met Assad."), "Putin")
    assert mention is not None and mention.code == "RUS"
    assert 0.5 <= mention.confidence < 0.9


def test_surname_follows_the_full_name(resolver: ActorResolver) -> None:
    text = "Kim Jong Un visited Vladivostok. Later, Kim inspected a factory."
    mentions = resolver.resolve_text(text, when=date(2019, 4, 25))
    assert [(m.text, m.code) for m in mentions if m.kind == "person"] == [
        ("Kim Jong Un", "PRK"),
        ("Kim", "PRK"),
    ]


@pytest.mark.parametrize(
    ("text", "word", "code"),
    [
        (
            "Jordan and Britain agreed to joint exercises, a Jordanian official said.",
            "Jordan",
            "JOR",
        ),
        ("Michael Jordan scored 40 points.", "Jordan", None),
        (
            "Russia sent troops to Georgia; the Georgian government protested in Tbilisi.",
            "Georgia",
            "GEO",
        ),
        ("Voters in Georgia went to the polls in Atlanta for the Senate runoff.", "Georgia", None),
        ("We ate turkey at Christmas.", "turkey", None),
        ("Turkey shelled the town.", "Turkey", "TUR"),
        ("Niger and Nigeria closed the border.", "Niger", "NER"),
        ("Niger and Nigeria closed the border.", "Nigeria", "NGA"),
        ("Rebels advanced in Congo.", "Congo", None),
        ("Kinshasa said the army had retaken the town in Congo.", "Congo", "COD"),
        ("Washington imposed sanctions, US officials said.", "Washington", "USA"),
        ("The Washington Post reported the story.", "Washington", None),
        ("Washington state passed a law.", "Washington", None),
        ("Korea is a divided peninsula.", "Korea", None),
        ("North Korea tested a missile and Korea protested.", "Korea", "PRK"),
        ("Paris Hilton arrived late.", "Paris", None),
    ],
)
def test_ambiguous_names(resolver: ActorResolver, text: str, word: str, code: str | None) -> None:
    mention = pick(resolver.resolve_text(text), word)
    assert (mention.code if mention else None) == code


def test_references_within_an_article(resolver: ActorResolver) -> None:
    text = (
        "North Korea launched a satellite on Tuesday. South Korea condemned the launch. "
        "The North said it would launch more. The regime has ignored sanctions."
    )
    mentions = resolver.resolve_text(text)
    refs = [(m.text, m.code) for m in mentions if m.kind == "coref"]
    assert ("The North", "PRK") in refs
    # each Korea is named once: no state dominates, so "the regime" stays unresolved
    assert not any(text == "The regime" for text, _ in refs)
    assert all(code in ("PRK", "KOR") for _, code in refs)


def test_the_regime_and_rebels_in_a_syria_article(resolver: ActorResolver) -> None:
    text = (
        "Syria's army advanced on Idlib. Syrian officials said the city would fall. "
        "The regime bombed the hospitals, and the rebels withdrew."
    )
    refs = {m.text: (m.code, m.sector) for m in resolver.resolve_text(text) if m.kind == "coref"}
    assert refs.get("The regime") == ("SYR", "GOV")
    assert refs["rebels"] == ("SYR", "REB")


def test_the_regime_of_the_one_government_named_when_no_state_dominates(
    resolver: ActorResolver,
) -> None:
    """A short text names no state twice; "the regime" is then the government of the one
    state whose government or leader it named, and stays open when it named two."""
    one = resolver.resolve_text("Assad visited Moscow. The regime denied the report.")
    assert {m.text: (m.code, m.sector) for m in one}.get("The regime") == ("SYR", "GOV")
    two = resolver.resolve_text("Assad met Erdogan in Sochi. The regime denied the report.")
    assert "The regime" not in {m.text for m in two}


def test_pronoun_only_when_clear(resolver: ActorResolver) -> None:
    clear = resolver.resolve_text("Iran tested a missile. It said the test was a success.")
    assert [(m.text, m.code) for m in clear if m.kind == "coref"] == [("It", "IRN")]
    unclear = resolver.resolve_text("Iran and Iraq met. It is not clear what was agreed.")
    assert [m for m in unclear if m.kind == "coref"] == []


def test_user_file_adds_and_removes_actors(tmp_path: Path) -> None:
    extra = tmp_path / "actors.yaml"
    extra.write_text(
        "states:\n"
        "  - {code: ZZA, name: Freedonia, demonyms: [Freedonian], capitals: [Fredville]}\n"
        "organisations:\n"
        "  - {id: LF, code: ZZA, sector: REB, kind: group, names: [Liberation Front]}\n"
        "leaders:\n"
        "  - {code: ZZA, name: Rufus Firefly, aliases: [Firefly], office: president,"
        " start: 2020-01-01}\n"
        "remove: [Jordan]\n",
        encoding="utf-8",
    )
    resolver = ActorResolver(load_knowledge_base(extra))
    text = "Freedonian troops and the Liberation Front clashed; Firefly and Jordan condemned it."
    found = [(m.text, m.code, m.sector) for m in resolver.resolve_text(text, when=date(2021, 1, 1))]
    assert ("Freedonian troops", "ZZA", "MIL") in found
    assert ("Liberation Front", "ZZA", "REB") in found
    assert ("Firefly", "ZZA", "GOV") in found
    assert not any(code == "JOR" for _, code, _ in found)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("organisations:\n  - {id: X, code: X, kind: club, names: [X]}\n", "actors.yaml:2: kind"),
        ("organisations:\n  - {id: X, code: X, jihadist: maybe, names: [X]}\n", "jihadist must"),
        ("leaders:\n  - {code: USA, name: A, start: 2020-13-01}\n", "month must be"),
        ("leaders:\n  - {code: QQQ, name: A}\n", "unknown state code"),
        ("sector_words:\n  - {text: guards, sector: XYZ}\n", "unknown sector"),
        ("colours: [red]\n", "unknown section"),
        ("states: [\n", "invalid YAML"),
    ],
)
def test_user_file_errors_name_the_line(tmp_path: Path, content: str, message: str) -> None:
    extra = tmp_path / "actors.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(InputError, match=message):
        load_knowledge_base(extra)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "shiftwatch", *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_cli_resolve_list_show() -> None:
    done = run(
        "actors",
        "resolve",
        "Russian troops entered Pyongyang.",
        "--date",
        "2023-11-20",
        "--format",
        "json",
    )
    assert done.returncode == 0, done.stderr
    records = json.loads(done.stdout)
    assert records[0] == {
        "text": "Russian troops",
        "start": 0,
        "end": 14,
        "code": "RUS",
        "sector": "MIL",
        "cameo": "RUSMIL",
        "kind": "state",
        "confidence": records[0]["confidence"],
    }
    assert records[1]["code"] == "PRK"
    listing = json.loads(run("actors", "list", "--kind", "igo", "--format", "json").stdout)
    assert {"UN", "NATO", "EU", "AU", "ASEAN", "ARL", "ICC", "ICRC", "NGO"} <= {
        row["code"] for row in listing
    }
    shown = json.loads(run("actors", "show", "prk").stdout)
    assert shown["capital"] == "Pyongyang" and shown["leaders"]
    missing = run("actors", "show", "NOPE")
    assert missing.returncode == 2 and "unknown actor code 'NOPE'; did you mean" in missing.stderr
    bad = run("actors", "resolve", "x", "--date", "yesterday")
    assert bad.returncode == 2


def test_kurdish_militias_are_the_syrian_kurdish_forces(resolver: ActorResolver) -> None:
    text = (
        "Turkey shelled the town on Monday. Turkey said it would press on. "
        "Kurdish militias fighting against Turkey in northern Syria asked Damascus for help."
    )
    mention = pick(resolver.resolve_text(text), "Kurdish militias")
    assert mention is not None and (mention.code, mention.sector) == ("SYR", "REB")


def test_kurdish_fighters_in_an_article_about_turkey_alone_stay_turkish(
    resolver: ActorResolver,
) -> None:
    text = "Turkey arrested 20 people. Kurdish militants attacked a police post in Turkey."
    mention = pick(resolver.resolve_text(text), "Kurdish militants")
    assert mention is not None and (mention.code, mention.sector) == ("TUR", "REB")


def test_kurdish_militias_are_of_the_state_whose_towns_the_article_names(
    resolver: ActorResolver,
) -> None:
    # no state named but Turkey: the Syrian towns say where the militias are
    text = (
        "Turkey sent tanks towards Afrin on Saturday. Turkey said it would press on to Manbij. "
        "Kurdish militias dug in near the town."
    )
    mention = pick(resolver.resolve_text(text), "Kurdish militias")
    assert mention is not None and (mention.code, mention.sector) == ("SYR", "REB")


def test_a_kurdish_force_is_the_syrian_kurdish_forces(resolver: ActorResolver) -> None:
    text = "The Kurdish force that fought Islamic State in Syria condemned the decision."
    mention = pick(resolver.resolve_text(text), "Kurdish force")
    assert mention is not None and (mention.code, mention.sector) == ("SYR", "REB")


def test_kurds_placed_in_a_state_are_of_that_state_whatever_the_focus(
    resolver: ActorResolver,
) -> None:
    text = (
        "Turkey will press on, Turkey said. Turkey will launch an operation against the Kurds "
        "in northern Syria, and it will protect the Kurds from a Turkish assault."
    )
    kurds = [m for m in resolver.resolve_text(text) if m.text == "Kurds"]
    # the first are placed in Syria; the second, placed by nothing, are of the first home the
    # article names (communities.tsv lists Syria first), not of the focus state Turkey
    assert [(m.code, m.sector) for m in kurds] == [("SYR", "CVL"), ("SYR", "CVL")]
