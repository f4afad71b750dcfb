"""Browse the knowledge base and resolve ad-hoc text: the functions behind ``shiftwatch actors``."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

import pandas as pd

from shiftwatch.actors.kb import KnowledgeBase, load_knowledge_base
from shiftwatch.actors.resolver import ActorResolver
from shiftwatch.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from shiftwatch.config import Settings

KINDS = ("state", "igo", "group", "person")


def resolve_mentions(
    text: str,
    when: date | None = None,
    settings: Settings | None = None,
) -> list[dict[str, Any]]:
    """Mentions of ``text`` as plain records: text, start, end (characters), code, sector, cameo."""
    from shiftwatch.config import load_settings

    settings = settings or load_settings()
    resolver = ActorResolver(load_knowledge_base(settings.actors))
    return [
        {
            "text": m.text,
            "start": m.start_char,
            "end": m.end_char,
            "code": m.code,
            "sector": m.sector,
            "cameo": m.cameo,
            "kind": m.kind,
            "confidence": m.confidence,
        }
        for m in resolver.resolve_text(text, when=when, model=settings.model)
    ]


def _names(kb: KnowledgeBase, key: str) -> list[str]:
    found = [
        text
        for table in (kb.phrases, kb.cased)
        for text, entries in table.items()
        if any(e.key == key for e in entries)
    ]
    return sorted(set(found))


def list_actors(kb: KnowledgeBase, kind: str | None = None) -> pd.DataFrame:
    """One row per actor of the knowledge base, optionally of one kind."""
    if kind is not None and kind not in KINDS:
        raise InputError("--kind", f"unknown kind {kind!r}; use one of {list(KINDS)}")
    rows: list[dict[str, Any]] = []
    if kind in (None, "state"):
        rows += [
            {
                "kind": "state",
                "code": s.code,
                "sector": "",
                "cameo": s.cameo,
                "name": s.name,
                "status": s.status,
                "start": None,
                "end": None,
            }
            for s in kb.states.values()
        ]
    if kind in (None, "igo", "group"):
        for org in kb.organisations.values():
            org_kind = "igo" if org.kind in ("igo", "ngo") else "group"
            if kind in (None, org_kind):
                rows.append(
                    {
                        "kind": org_kind,
                        "code": org.code,
                        "sector": org.sector,
                        "cameo": org.cameo,
                        "name": org.names[0] if org.names else org.id,
                        "status": org.id,
                        "start": None,
                        "end": None,
                    }
                )
    if kind in (None, "person"):
        rows += [
            {
                "kind": "person",
                "code": p.code,
                "sector": p.sector,
                "cameo": p.code + p.sector,
                "name": p.name,
                "status": p.office,
                "start": p.start,
                "end": p.end,
            }
            for p in kb.leaders
        ]
    return pd.DataFrame(
        rows, columns=["kind", "code", "sector", "cameo", "name", "status", "start", "end"]
    )


def describe_actor(kb: KnowledgeBase, code: str) -> dict[str, Any]:
    """Everything the knowledge base knows about one code: names, groups, office holders."""
    upper = code.upper()
    state = kb.states.get(upper)
    orgs = [o for o in kb.organisations.values() if o.code == upper or o.id == upper]
    if state is None and not orgs:
        raise NotFoundError(f"no actor with code {code!r}; see 'shiftwatch actors list'")
    record: dict[str, Any] = {"code": upper}
    if state is not None:
        record.update(
            kind="state",
            name=state.name,
            official_name=state.official_name,
            capital=state.capital,
            status=state.status,
            cameo=state.cameo,
            names=_names(kb, upper),
        )
        record["leaders"] = [
            {"name": p.name, "office": p.office, "start": p.start, "end": p.end}
            for p in kb.leaders_of(upper)
        ]
    record["organisations"] = [
        {
            "id": o.id,
            "kind": o.kind,
            "sector": o.sector,
            "cameo": o.cameo,
            "names": _names(kb, o.id),
        }
        for o in orgs
    ]
    return record
