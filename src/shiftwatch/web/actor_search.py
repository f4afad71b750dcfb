"""Find an actor or a dyad by code or name from the header's one search box.

The box suggests the actors this store has events for (code and name, from the knowledge base),
and ``/go`` sends what was typed to the right page: ``PRK`` or ``North Korea`` to the actor's
page, ``PRK-RUS`` or ``PRK RUS`` to the dyad's, anything else to the sentence search.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from shiftwatch.store import Store

PAIR = re.compile(
    r"^\s*([A-Za-z][A-Za-z0-9_.]{0,31}\*?)\s*(?:[-–,]|\s)\s*([A-Za-z][A-Za-z0-9_.]{0,31}\*?)\s*$"
)


@cache
def _kb_names() -> dict[str, str]:
    """Code → display name for states and organisations (loaded once per process)."""
    from shiftwatch.actors.kb import load_knowledge_base

    kb = load_knowledge_base()
    names = {code: state.name for code, state in kb.states.items()}
    for org in kb.organisations.values():
        names.setdefault(org.code, org.names[0] if org.names else org.id)
    return names


def store_actors(store: Store) -> list[dict[str, Any]]:
    """The actors with events in this store, busiest first: code, name and event count."""
    rows = store.con.execute(
        """
        SELECT code, count(*) AS events FROM (
            SELECT source AS code FROM events WHERE source IS NOT NULL AND source <> ''
            UNION ALL
            SELECT target FROM events WHERE target IS NOT NULL AND target <> ''
        ) GROUP BY code ORDER BY events DESC, code
        """
    ).fetchall()
    names = _kb_names()
    return [{"code": code, "name": names.get(code, code), "events": n} for code, n in rows]


def destination(query: str, actors: list[dict[str, Any]]) -> str:
    """The page for what the user typed (a path with its query string, already URL-safe)."""
    from urllib.parse import quote, urlencode

    text = " ".join(query.split())
    known = {actor["code"]: actor for actor in actors}
    by_name = {actor["name"].lower(): actor["code"] for actor in actors}
    code = _code(text, known, by_name)
    if code:
        return f"/actor/{quote(code)}"
    pair = PAIR.match(text)
    if pair:
        first = _code(pair.group(1), known, by_name)
        second = _code(pair.group(2), known, by_name)
        if first and second:
            return f"/dyad/{quote(first)}/{quote(second)}"
    return "/search?" + urlencode({"q": text})


def _code(text: str, known: dict[str, Any], by_name: dict[str, str]) -> str | None:
    if text.upper() in known:
        return text.upper()
    return by_name.get(text.lower())
