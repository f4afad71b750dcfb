"""Examples for every ``/api/v1`` endpoint in the OpenAPI schema (shown at ``/api/v1/docs``).

The response models say which fields exist; an example says what a real answer looks like,
which is what a new client reads first. The values are illustrative (written for the docs, in
the shapes the endpoints return); ``tests/test_cli_input.py`` checks every endpoint has one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

EVENT: dict[str, Any] = {
    "id": "8e3912604466d3b3f20c",
    "doc_id": "7c9fcff971151624",
    "sentence_idx": 0,
    "sentence": "Russia's foreign minister visited Pyongyang and met North Korea's leader.",
    "date": "2018-05-31",
    "source": "RUS",
    "source_sector": "GOV",
    "source_text": "Russia's foreign minister",
    "source_cameo": "RUSGOV",
    "target": "PRK",
    "target_sector": "GOV",
    "target_text": "North Korea's leader",
    "target_cameo": "PRKGOV",
    "type": "CONSULT",
    "mode": "visit",
    "cameo": "042",
    "goldstein": 1.9,
    "quad_class": 1,
    "modality": "asserted",
    "quantity": None,
    "quantity_unit": "",
    "location": "Pyongyang",
    "confidence": 0.72,
    "coder_version": "shiftwatch-coder-0.3.3",
    "evidence_start": 27,
    "evidence_end": 34,
    "trigger": "visited",
    "origin": "shiftwatch",
    "url": "https://example.org/2018/05/31/visit",
    "external_id": None,
    "mentions": 1,
}


def page(*items: dict[str, Any], total: int | None = None) -> dict[str, Any]:
    """A listing envelope around ``items``."""
    return {"total": total or len(items), "limit": 100, "offset": 0, "items": list(items)}


SERIES_ROW = {
    "period": "2023-09-01",
    "source": "RUS",
    "target": "PRK",
    "events": 4,
    "cooperative": 4,
    "conflictual": 0,
    "coop_index": 1.0,
    "coop_low": 0.6,
    "coop_high": 1.0,
    "goldstein_mean": 3.4,
    "CONSULT": 3,
    "AGREE": 1,
}
DOCUMENT_SUMMARY = {
    "id": "7c9fcff971151624",
    "published": "2018-05-31",
    "source": "Example Wire",
    "title": "Foreign minister in Pyongyang",
    "language": "en",
    "url": "https://example.org/2018/05/31/visit",
    "chars": 412,
    "near_duplicate_of": None,
}
POSTED = {"id": "0f3c5d2a9b7e4c11", "stored": True, "duplicate": False, "events": [EVENT]}

RESPONSES: dict[tuple[str, str], dict[str, Any]] = {
    ("get", "/api/v1/events"): page(EVENT, total=248),
    ("get", "/api/v1/events/{event_id}"): EVENT,
    ("get", "/api/v1/dyads"): page(
        {"a": "PRK", "b": "RUS", "events": 58, "goldstein_mean": 3.1}, total=41
    ),
    ("get", "/api/v1/status"): {
        "schema_version": 5,
        "documents": 119,
        "sources": 1,
        "coded_documents": 119,
        "sentences": 315,
        "events": 248,
        "first_date": "2018-01-09",
        "last_date": "2024-11-30",
    },
    ("get", "/api/v1/dyads/{a}/{b}/series"): {
        "columns": list(SERIES_ROW),
        "rows": [SERIES_ROW],
    },
    ("get", "/api/v1/shifts"): {
        "columns": ["source", "target", "date", "level_before", "level_after", "magnitude"],
        "rows": [
            {
                "source": "RUS",
                "target": "PRK",
                "date": "2022-01-01",
                "level_before": -0.45,
                "level_after": 1.0,
                "magnitude": 1.45,
                "p_value": 0.002,
            }
        ],
    },
    ("get", "/api/v1/actors/{actor}/partners"): {
        "columns": ["period", "actor", "partner", "cooperative", "coop_share", "coop_hhi"],
        "rows": [
            {
                "period": "2024-01-01",
                "actor": "PRK",
                "partner": "RUS",
                "cooperative": 9,
                "coop_share": 0.75,
                "coop_hhi": 0.59,
            }
        ],
    },
    ("get", "/api/v1/blocs"): {
        "windows": [
            {
                "start": "2024-01-01",
                "end": "2024-06-30",
                "blocs": [{"bloc": 1, "members": ["PRK", "RUS"]}],
                "moved": [{"actor": "PRK", "from": 2, "to": 1}],
            }
        ]
    },
    ("get", "/api/v1/documents"): page(DOCUMENT_SUMMARY, total=119),
    ("get", "/api/v1/documents/{doc_id}"): {
        **DOCUMENT_SUMMARY,
        "tags": [],
        "text": "Russia's foreign minister visited Pyongyang and met North Korea's leader.",
        "origin": "POST /api/v1/documents",
        "sentences": [{"idx": 0, "start_char": 0, "end_char": 74, "text": EVENT["sentence"]}],
        "events": [EVENT],
    },
    ("post", "/api/v1/documents"): POSTED,
    ("get", "/api/v1/search"): {
        "query": "pyongyang visit",
        "total": 1,
        "limit": 20,
        "offset": 0,
        "items": [
            {
                "doc_id": "7c9fcff971151624",
                "idx": 0,
                "text": EVENT["sentence"],
                "score": 7.4,
                "title": "Foreign minister in Pyongyang",
                "published": "2018-05-31",
                "events": 1,
            }
        ],
    },
    ("get", "/api/v1/alerts"): page(
        {
            "id": "a1b2c3d4",
            "kind": "level",
            "actors": ["RUS", "PRK"],
            "direction": "RUS→PRK",
            "window_start": "2022-01-01",
            "window_end": "2024-11-30",
            "before": -0.45,
            "after": 1.0,
            "size": 1.45,
            "p_value": 0.002,
            "summary": "RUS→PRK cooperation rose from -0.45 to +1.00",
            "event_ids": [EVENT["id"]],
            "details": {},
            "watched": False,
            "raised_at": "2024-12-01T06:00:00",
        }
    ),
}
"""A success answer per (method, path); the POST's 200 is its duplicate answer below."""

DUPLICATE = {"id": "0f3c5d2a9b7e4c11", "stored": False, "duplicate": True, "events": []}
POST_BODY = {
    "text": "Japan and Australia signed a defence agreement in Tokyo on Friday.",
    "title": "Defence pact signed",
    "source": "Example Wire",
    "published": "2024-03-05",
}


def add_examples(app: FastAPI) -> None:
    """Put :data:`RESPONSES` (and the POST body example) into ``app``'s OpenAPI schema."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        for (method, path), example in RESPONSES.items():
            operation = schema.get("paths", {}).get(path, {}).get(method)
            if operation is None:
                continue
            for status, response in operation["responses"].items():
                if status.startswith("2"):
                    chosen = DUPLICATE if (method, status) == ("post", "200") else example
                    content = response.setdefault("content", {})
                    content.setdefault("application/json", {})["example"] = chosen
            body = operation.get("requestBody", {}).get("content", {}).get("application/json")
            if body is not None:
                body["example"] = POST_BODY
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
