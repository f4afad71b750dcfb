"""``shiftwatch watch --once`` end to end over a folder, and the sources file's validation.

The demo corpus (the project's own illustrative items) arrives in two halves, as news does:
everything before 2022 first, then the rest. The second pass must notice North Korea's turn
to Russia, with the sentences that show it; a third pass with nothing new raises nothing.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import run_cli
from shiftwatch.demo import corpus_path
from shiftwatch.errors import ConfigError
from shiftwatch.watch.sources import load_sources, parse_every, parse_watchlist


def demo_halves(folder: Path) -> tuple[Path, Path]:
    rows = [json.loads(line) for line in corpus_path().read_text(encoding="utf-8").splitlines()]
    early = folder / "until-2021.jsonl"
    late = folder / "from-2022.jsonl"
    early.write_text("".join(json.dumps(r) + "\n" for r in rows if r["date"] < "2022"), "utf-8")
    late.write_text("".join(json.dumps(r) + "\n" for r in rows if r["date"] >= "2022"), "utf-8")
    return early, late


def prk_rus(alerts: list[dict]) -> list[dict]:
    return [alert for alert in alerts if set(alert["actors"]) == {"PRK", "RUS"}]


@pytest.mark.slow
def test_demo_in_two_halves_raises_the_prk_rus_turn_once(tmp_path: Path) -> None:
    staging, inbox = tmp_path / "staging", tmp_path / "inbox"
    staging.mkdir()
    inbox.mkdir()
    early, late = demo_halves(staging)
    db, out = tmp_path / "watch.duckdb", tmp_path / "alerts.jsonl"
    watch = ["--db", db, "watch", inbox, "--once", "--alerts", out, "--watch", "PRK"]

    early.rename(inbox / early.name)
    first = run_cli(*watch)
    assert first.returncode == 0, first.stderr
    assert "63 new documents" in first.stderr
    lines_first = out.read_text(encoding="utf-8").splitlines() if out.exists() else []
    assert prk_rus([json.loads(line) for line in lines_first]) == []

    late.rename(inbox / late.name)
    second = run_cli(*watch)
    assert second.returncode == 0, second.stderr
    assert "56 new documents" in second.stderr
    raised = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    turn = prk_rus(raised[len(lines_first) :])
    assert {alert["kind"] for alert in turn} >= {"reliance", "volume"}
    reliance = next(a for a in turn if a["kind"] == "reliance")
    assert reliance["actors"] == ["PRK", "RUS"] and reliance["direction"] == "up"
    assert reliance["before"] < 0.3 < 0.6 < reliance["after"]
    assert reliance["window_start"] == "2022-01-01" and reliance["watched"]
    evidence = reliance["details"]["evidence"]
    assert len(evidence) == 3 and len(reliance["event_ids"]) == 3
    assert all(item["url"].startswith("https://example.org/illustrative/20") for item in evidence)
    assert all(item["date"] >= "2022" and item["sentence"] for item in evidence)
    assert f"ALERT ★ reliance {reliance['summary']}" in second.stdout

    third = run_cli(*watch)
    assert third.returncode == 0, third.stderr
    assert "0 new documents" in third.stderr and "0 alert(s)" in third.stderr
    assert len(out.read_text(encoding="utf-8").splitlines()) == len(raised)

    listed = run_cli("--db", db, "alerts", "--actor", "RUS", "--format", "json")
    assert listed.returncode == 0, listed.stderr
    stored = json.loads(listed.stdout)
    # every alert raised about Russia is listed, the PRK-RUS turn among them (the demo also
    # has South Korea's protests to Moscow, a KOR-RUS volume alert of its own)
    assert {row["id"] for row in stored} == {a["id"] for a in raised if "RUS" in a["actors"]}
    assert {alert["id"] for alert in prk_rus(raised)} <= {row["id"] for row in stored}


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sources_file_is_read_relative_to_itself(tmp_path: Path) -> None:
    sources = write(
        tmp_path / "shiftwatch.toml",
        '[watch]\nalerts = "out/alerts.jsonl"\nwatch = ["PRK", "CHN-RUS"]\ndelay = 0.5\n'
        'every = "15m"\n\n[[source]]\npath = "inbox"\nname = "Wire"\n\n'
        '[[source]]\nfeed = "https://example.org/rss"\n\n'
        '[[source]]\ngdelt = "http://data.gdeltproject.org/gdeltv2/lastupdate.txt"\n',
    )
    config = load_sources(sources)
    assert config.alerts == tmp_path / "out" / "alerts.jsonl"
    assert config.every == 900 and config.delay == 0.5
    assert [(s.kind, s.target) for s in config.sources] == [
        ("path", str(tmp_path / "inbox")),
        ("feed", "https://example.org/rss"),
        ("gdelt", "http://data.gdeltproject.org/gdeltv2/lastupdate.txt"),
    ]
    assert config.sources[0].name == "Wire"
    assert config.watchlist.covers(("PRK", "USA")) and config.watchlist.covers(("RUS", "CHN"))
    assert not config.watchlist.covers(("CHN", "USA"))


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ('[watch]\ndelay = "soon"\n', 2, "delay has the wrong type"),
        ("[watch]\nalerts = 'a.jsonl'\nretry = 3\n", 3, "unknown key 'retry'"),
        ('[[source]]\npath = "a"\n\n[[source]]\nfeed = "ftp://x"\n', 4, "not an http"),
        ('[[source]]\npath = "a"\nfeed = "https://x"\n', 1, "exactly one of"),
        ('[watch]\nwatch = ["PRK-RUS-CHN"]\n', 2, "not an actor code"),
        ("[watch]\nevery = '15 minutes'\n", 2, "not an interval"),
        ('[[source]]\npath = "a"\nname = "x\n', 3, "not valid TOML"),
        ("[sources]\npath = 'a'\n", 1, "unknown section"),
    ],
)
def test_sources_file_errors_name_the_file_and_line(
    tmp_path: Path, text: str, line: int, problem: str
) -> None:
    sources = write(tmp_path / "sources.toml", text)
    with pytest.raises(ConfigError, match=problem) as caught:
        load_sources(sources)
    assert str(caught.value).startswith(f"{sources}:{line}: ")


def test_watch_refuses_bad_options_in_one_line(tmp_path: Path) -> None:
    sources = write(tmp_path / "sources.toml", "[watch]\nretries = 99\n")
    result = run_cli("--db", tmp_path / "w.duckdb", "watch", "--sources", sources, "--once")
    assert result.returncode == 1
    assert f"{sources}:2: retries must be between 0 and 10" in result.stderr
    assert not (tmp_path / "w.duckdb").exists()
    nothing = run_cli("--db", tmp_path / "w.duckdb", "watch", "--once")
    assert nothing.returncode == 1 and "nothing to watch" in nothing.stderr
    with pytest.raises(ConfigError, match="not an interval"):
        parse_every("0m")
    with pytest.raises(ConfigError, match="not an actor code"):
        parse_watchlist(["P"], "--watch")


def test_watch_refuses_parquet_events_and_exclusive_options(tmp_path: Path) -> None:
    parquet = run_cli("--events-parquet", tmp_path, "watch", tmp_path, "--once")
    assert parquet.returncode == 1 and "cannot run on --events-parquet" in parquet.stderr
    both = run_cli("--db", tmp_path / "w.duckdb", "watch", tmp_path, "--once", "--every", "1m")
    assert both.returncode == 1 and "--once and --every are exclusive" in both.stderr
