"""One event record everywhere: ``extract``, ``events --format json``, ``export --format jsonl``
and ``GET /api/v1/events`` validate against ``schemas/event.schema.json``.

The database holds events coded here (a short text ingested and coded by the real commands) and
events imported from a native file, so both origins are checked; the API is a real server.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import jsonschema
import pytest
from typer.testing import CliRunner

from shiftwatch.cli import app
from shiftwatch.schemas import event_fields, event_schema
from test_web_support import Server

pytestmark = pytest.mark.slow  # coding loads spaCy

TEXT = (
    "Leaders meet\n\n"
    "Russia's foreign minister visited Pyongyang on Tuesday and met North Korea's leader. "
    "The United States imposed sanctions on Iran.\n"
)
IMPORTED = """date,source,target,type,mode,modality,sentence,goldstein
2023-01-10,PRK,RUS,CONSULT,visit,asserted,A delegation visited.,1.9
"""


def invoke(*args: str | Path) -> str:
    result = CliRunner().invoke(app, [str(arg) for arg in args])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("schema")
    article, imported, path = folder / "a.txt", folder / "e.csv", folder / "s.duckdb"
    article.write_text(TEXT, encoding="utf-8")
    imported.write_text(IMPORTED, encoding="utf-8")
    invoke("--db", path, "ingest", article)
    invoke("--db", path, "code")
    invoke("--db", path, "import", "events", imported)
    return path


def check(records: list[dict]) -> None:
    assert records, "nothing to validate"
    validator = jsonschema.Draft202012Validator(
        event_schema(), format_checker=jsonschema.FormatChecker()
    )
    for record in records:
        errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(record)]
        assert not errors, (record, errors)


def test_the_schema_describes_exactly_the_event_fields() -> None:
    jsonschema.Draft202012Validator.check_schema(event_schema())
    assert list(event_schema()["properties"]) == event_fields()


def test_extract_validates() -> None:
    out = invoke("extract", "--text", "Russia sent troops to Syria. Iran condemned Israel.")
    records = [json.loads(line) for line in out.splitlines()]
    check(records)
    assert {(r["source"], r["type"]) for r in records} >= {("RUS", "MOBILIZE")} or records


def test_events_json_and_jsonl_validate(db: Path) -> None:
    records = json.loads(invoke("--db", db, "events", "--format", "json"))
    check(records)
    assert {r["origin"] for r in records} == {"shiftwatch", "import"}
    lines = invoke("--db", db, "events", "--format", "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == records


def test_export_jsonl_validates(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.jsonl"
    invoke("--db", db, "export", "--format", "jsonl", "--output", out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    check(records)
    cli = json.loads(invoke("--db", db, "events", "--format", "json"))
    assert sorted(r["id"] for r in records) == sorted(r["id"] for r in cli)


@pytest.fixture(scope="module")
def http(db: Path) -> Iterator[httpx.Client]:
    server = Server(db, read_only=True)
    try:
        with server.client() as client:
            yield client
    finally:
        server.stop()


def test_api_events_validate(http: httpx.Client, db: Path) -> None:
    page = http.get("/api/v1/events").json()
    check(page["items"])
    one = http.get(f"/api/v1/events/{page['items'][0]['id']}").json()
    check([one])
    cli = {r["id"]: r for r in json.loads(invoke("--db", db, "events", "--format", "json"))}
    for item in page["items"]:
        same = {k: v for k, v in cli[item["id"]].items() if k != "extra"}
        assert item == same, "the API and the CLI give the same record"
