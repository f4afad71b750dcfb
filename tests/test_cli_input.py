"""Strict input: unknown values are errors naming the nearest valid ones, in the CLI (exit 2)
and the API (422, same message); a known actor with no events says so; reading never creates
a database; ``--db`` works before or after the command and from ``SHIFTWATCH_DB``.

The database is a small native event file imported through the real ``import events`` command
(no spaCy needed); the API runs as a real server on 127.0.0.1.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import typer.main
from typer.testing import CliRunner, Result

from shiftwatch.cli import app
from test_web_support import Server

EVENTS_CSV = """date,source,target,type,mode,modality,sentence
2023-01-10,PRK,RUS,CONSULT,visit,asserted,A delegation from one capital visited the other.
2023-02-11,RUS,PRK,AID,,asserted,One state sent food aid to the other.
2023-03-12,PRK,RUS,AGREE,,future,The two sides agreed to meet again.
2023-04-13,USA,PRK,ACCUSE,,asserted,One government accused the other of a missile test.
2023-05-14,PRK,USA,THREATEN,,asserted,A warning of retaliation was issued.
"""


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """The real app in-process, as a terminal user would call it."""
    return CliRunner().invoke(app, [str(arg) for arg in args], env=env)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("input")
    source = folder / "events.csv"
    source.write_text(EVENTS_CSV, encoding="utf-8")
    path = folder / "events.duckdb"
    result = invoke("--db", path, "import", "events", source)
    assert result.exit_code == 0, result.output
    return path


UNKNOWN = [
    (["dyad", "PRK", "XYZ"], "unknown actor code 'XYZ'"),
    (["dyad", "PRKK", "RUS"], "unknown actor code 'PRKK'; did you mean PRK"),
    (["partners", "XYZ"], "unknown actor code 'XYZ'; did you mean"),
    (["shifts", "--actor", "XYZ"], "unknown actor code 'XYZ'"),
    (["brief", "XYZ", "ABC"], "unknown actor code 'XYZ'"),
    (["events", "--type", "HUG"], "unknown PLOVER type 'HUG'; did you mean"),
    (["events", "--type", "asault"], "unknown PLOVER type 'asault'; did you mean ASSAULT"),
    (["events", "--modality", "allegd"], "unknown modality 'allegd'; did you mean alleged"),
    (["events", "--type", "ASSAULT", "--mode", "hug"], "unknown ASSAULT mode 'hug'"),
    (["events", "--mode", "airstrik"], "unknown PLOVER mode 'airstrik'; did you mean"),
    (["events", "--actor", "XYZ"], "unknown actor code 'XYZ'"),
    (["events", "--dyad", "PRK,XYZ"], "unknown actor code 'XYZ'"),
    (["actors", "show", "PRKK"], "unknown actor code 'PRKK'; did you mean PRK"),
]


@pytest.mark.parametrize(("args", "message"), UNKNOWN)
def test_unknown_values_exit_2_naming_the_nearest(db: Path, args: list[str], message: str) -> None:
    result = invoke("--db", db, *args)
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith("error: ") and message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dyad", "PRK", "KOR"], "no events between PRK and KOR in this store"),
        (["partners", "KOR"], "no events for KOR in this store"),
        (["events", "--actor", "kor"], "no events for KOR in this store"),
        (["events", "--actor", "PRK", "--type", "ASSAULT"], "no events for PRK (type ASSAULT)"),
        (["brief", "PRK", "RUS", "--from", "2030-01-01"], "no events between PRK and RUS from"),
    ],
)
def test_known_actor_without_events_says_so_and_exits_0(
    db: Path, args: list[str], message: str
) -> None:
    result = invoke("--db", db, *args)
    assert result.exit_code == 0, result.output
    assert message in result.stderr
    assert result.stdout == ""


def test_a_known_actor_with_events_is_listed(db: Path) -> None:
    result = invoke("--db", db, "events", "--actor", "prk", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.strip().splitlines()) == 1 + 5


READ_COMMANDS = [
    ["status"],
    ["documents"],
    ["show", "abc"],
    ["events"],
    ["dyad", "PRK", "RUS"],
    ["shifts"],
    ["partners", "PRK"],
    ["blocs"],
    ["brief", "PRK", "RUS"],
    ["export", "--format", "csv"],
    ["optimize"],
    ["code"],
]


@pytest.mark.parametrize("args", READ_COMMANDS, ids=lambda args: args[0])
def test_no_read_command_creates_a_database(tmp_path: Path, args: list[str]) -> None:
    missing = tmp_path / "nope.duckdb"
    result = invoke(*args, "--db", missing)
    assert result.exit_code == 1, result.output
    assert f"{missing}: " in result.stderr
    assert "shiftwatch ingest" in result.stderr  # says how to create one
    assert list(tmp_path.iterdir()) == []


def test_ingest_of_a_missing_file_creates_no_database(tmp_path: Path) -> None:
    result = invoke("--db", tmp_path / "new.duckdb", "ingest", tmp_path / "missing.txt")
    assert result.exit_code == 1
    assert "missing.txt: no such file or directory" in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_db_before_after_and_from_the_environment(db: Path, tmp_path: Path) -> None:
    before = invoke("--db", db, "status", "--format", "json")
    after = invoke("status", "--format", "json", "--db", db)
    equals = invoke("status", f"--db={db}", "--format", "json")
    env = invoke("status", "--format", "json", env={"SHIFTWATCH_DB": str(db)})
    assert before.exit_code == after.exit_code == equals.exit_code == env.exit_code == 0
    assert before.stdout == after.stdout == equals.stdout == env.stdout
    assert '"events": 5' in before.stdout
    flag_wins = invoke("status", "--db", tmp_path / "x.duckdb", env={"SHIFTWATCH_DB": str(db)})
    assert flag_wins.exit_code == 1 and "x.duckdb" in flag_wins.stderr


def test_extract_without_input_is_a_usage_error() -> None:
    result = invoke("extract")
    assert result.exit_code == 2
    assert "--text" in result.output


def _help_pages() -> Iterator[tuple[str, str]]:
    root = typer.main.get_command(app)

    def walk(prefix: list[str], command: object) -> Iterator[list[str]]:
        children = getattr(command, "commands", None)
        if children:
            for name, child in children.items():
                yield from walk([*prefix, name], child)
        else:
            yield prefix

    for path in [[], *walk([], root)]:
        result = invoke(*path, "--help", env={"COLUMNS": "120"})
        assert result.exit_code == 0, result.output
        yield " ".join(path), result.stdout


def test_help_shows_plain_metavars() -> None:
    for name, page in _help_pages():
        odd = re.findall(r"<\w+(?:\[\w+\])?>|\{\w+\}", page)
        assert not odd, f"{name or 'shiftwatch'} --help shows {odd}"
    usage = {name: page for name, page in _help_pages()}
    assert "ingest [OPTIONS] PATH..." in usage["ingest"]
    assert "import gdelt [OPTIONS] FILE..." in usage["import gdelt"]
    assert "actors show [OPTIONS] CODE" in usage["actors show"]
    assert "docs/annotation.md" in usage["evaluate"]


# -- the API: same checks, same messages ----------------------------------------------------


@pytest.fixture(scope="module")
def http(db: Path) -> Iterator[httpx.Client]:
    server = Server(db, read_only=True)
    try:
        with server.client() as client:
            yield client
    finally:
        server.stop()


@pytest.mark.parametrize(
    ("path", "cli"),
    [
        ("/api/v1/events?type=HUG", ["events", "--type", "HUG"]),
        ("/api/v1/events?modality=allegd", ["events", "--modality", "allegd"]),
        ("/api/v1/events?type=ASSAULT&mode=hug", ["events", "--type", "ASSAULT", "--mode", "hug"]),
        ("/api/v1/events?mode=airstrik", ["events", "--mode", "airstrik"]),
        ("/api/v1/events?actor=XYZ", ["events", "--actor", "XYZ"]),
        ("/api/v1/events?source=PRKK", ["events", "--actor", "PRKK"]),
        ("/api/v1/dyads/XXX/YYY/series", ["dyad", "XXX", "YYY"]),
        ("/api/v1/actors/XYZ/partners", ["partners", "XYZ"]),
        ("/api/v1/shifts?actor=XYZ", ["shifts", "--actor", "XYZ"]),
    ],
)
def test_api_unknown_values_are_422_with_the_cli_message(
    http: httpx.Client, db: Path, path: str, cli: list[str]
) -> None:
    response = http.get(path)
    assert response.status_code == 422, response.text
    body = response.json()
    assert body["error"] == "UnknownValueError"
    assert "did you mean" in body["detail"] or "one of" in body["detail"]
    assert invoke("--db", db, *cli).stderr.strip() == f"error: {body['detail']}"


def test_api_known_actor_without_events_is_an_empty_page(http: httpx.Client) -> None:
    page = http.get("/api/v1/events", params={"actor": "KOR"}).json()
    assert page == {"total": 0, "limit": 100, "offset": 0, "items": []}
    assert http.get("/api/v1/events", params={"actor": "prk"}).json()["total"] == 5
    visits = http.get("/api/v1/events", params={"type": "CONSULT", "mode": "visit"}).json()
    assert [item["mode"] for item in visits["items"]] == ["visit"]


def test_every_api_endpoint_has_an_example_in_the_openapi_schema(http: httpx.Client) -> None:
    spec = http.get("/api/v1/openapi.json").json()
    missing = []
    for path, operations in spec["paths"].items():
        if not path.startswith("/api/"):
            continue
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                body = response.get("content", {}).get("application/json", {})
                if status.startswith("2") and "example" not in body:
                    missing.append(f"{method.upper()} {path} {status}")
            request = operation.get("requestBody", {}).get("content", {})
            if request and "example" not in request.get("application/json", {}):
                missing.append(f"{method.upper()} {path} request body")
    assert not missing, missing


def test_every_listing_endpoint_is_a_page(http: httpx.Client) -> None:
    for path in ("/api/v1/events", "/api/v1/dyads", "/api/v1/documents", "/api/v1/alerts"):
        page = http.get(path, params={"limit": 2, "offset": 1}).json()
        assert set(page) >= {"total", "limit", "offset", "items"}, path
        assert page["limit"] == 2 and page["offset"] == 1, path
    dyads = http.get("/api/v1/dyads").json()
    assert dyads["total"] == 2 and [(d["a"], d["b"]) for d in dyads["items"]] == [
        ("PRK", "RUS"),
        ("PRK", "USA"),
    ]
