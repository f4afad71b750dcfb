"""Read YAML actor files (the packaged organisations and a user's extension) with line numbers.

A user's file is the way to add local groups, fictional test actors or corrections without
editing the package. Every problem is reported as ``file:line: problem`` so it can be fixed
without guessing which of a hundred entries is wrong.

Format (all sections optional)::

    states:        # new entities, or more names for existing ones
      - {code: XKX, names: [Kosova], demonyms: [Kosovar], capitals: [Prishtina],
         seats: [{text: Kosovo Assembly, sector: GOV}]}
    organisations:
      - {id: FRONT, code: ABC, sector: REB, kind: group, names: [Liberation Front], cased: [LF]}
    leaders:
      - {code: USA, name: Jane Doe, aliases: [Doe], office: president, start: 2029-01-20}
    sector_words:
      - {text: coastguard, sector: MIL}
    remove: [Jordan]   # texts that must never name an actor
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from shiftwatch.errors import InputError

if TYPE_CHECKING:
    from shiftwatch.actors.kb import KnowledgeBase, Organisation

SECTIONS = ("states", "organisations", "leaders", "sector_words", "remove")
ORG_KINDS = ("igo", "ngo", "group")


def _items(text: str, source: str, section: str | None) -> list[tuple[int, Any]]:
    """Items of a YAML list (the whole document, or one section of a mapping) with lines."""
    try:
        loader = yaml.SafeLoader(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return []
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{source}:{mark.line + 1}" if mark else source
        raise InputError(where, f"invalid YAML: {getattr(exc, 'problem', exc)}") from None
    except ValueError as exc:  # a malformed date such as 2020-13-01
        raise InputError(source, f"invalid value: {exc}") from None
    if section is not None:
        if not isinstance(data, dict):
            raise InputError(source, f"expected a mapping with sections {list(SECTIONS)}")
        unknown = set(data) - set(SECTIONS)
        if unknown:
            raise InputError(source, f"unknown section(s) {sorted(unknown)}; use {list(SECTIONS)}")
        for key, value in node.value:
            if key.value == section:
                node = value
                break
        else:
            return []
        data = data[section]
    if data is None:
        return []
    if not isinstance(data, list):
        raise InputError(f"{source}:{node.start_mark.line + 1}", "expected a list")
    return [(child.start_mark.line + 1, item) for child, item in zip(node.value, data, strict=True)]


def _strings(item: dict, key: str, where: str) -> tuple[str, ...]:
    value = item.get(key) or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int, float)) for v in value):
        raise InputError(where, f"{key!r} must be a list of strings")
    return tuple(str(v) for v in value)


def _mapping(item: Any, where: str, required: tuple[str, ...]) -> dict:
    if not isinstance(item, dict):
        raise InputError(where, "expected a mapping like {code: ..., names: [...]}")
    missing = [key for key in required if not item.get(key)]
    if missing:
        raise InputError(where, f"missing {', '.join(missing)}")
    return item


def organisations_from(
    text: str,
    source: str,
    section: str | None = None,
) -> Iterator[tuple[Organisation, tuple[str, ...]]]:
    from shiftwatch.actors.kb import Organisation, check_sector

    for line, item in _items(text, source, section):
        where = f"{source}:{line}"
        item = _mapping(item, where, ("id", "code"))
        kind = str(item.get("kind", "group"))
        if kind not in ORG_KINDS:
            raise InputError(where, f"kind must be one of {list(ORG_KINDS)}, not {kind!r}")
        names, cased = _strings(item, "names", where), _strings(item, "cased", where)
        if not names and not cased:
            raise InputError(where, "an organisation needs names or cased names")
        sector = check_sector(str(item.get("sector", "")), where)
        code = str(item["code"])
        cameo = str(item.get("cameo") or code + sector)
        jihadist = item.get("jihadist", False)
        if not isinstance(jihadist, bool):
            raise InputError(where, f"jihadist must be true or false, not {jihadist!r}")
        yield Organisation(str(item["id"]), code, sector, cameo, kind, names, jihadist), cased


def load_user_file(kb: KnowledgeBase, path: Path) -> None:
    """Apply a user's YAML file to ``kb``: add states, organisations, leaders, sector words."""
    from shiftwatch.actors.kb import (
        Entry,
        Leader,
        State,
        add_leader,
        add_organisation,
        check_sector,
    )
    from shiftwatch.dates import parse_day

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read actor file: {exc}") from None
    source = str(path)
    for line, item in _items(text, source, "states"):
        where = f"{source}:{line}"
        item = _mapping(item, where, ("code",))
        code = str(item["code"])
        state = kb.states.get(code)
        if state is None:
            name = str(item.get("name") or code)
            state = State(code, name, "", "", "user", str(item.get("cameo") or code))
            kb.states[code] = state
            kb.add(name, Entry(code, code, "", state.cameo, "state"))
        for text_, kind in ((t, "state") for t in _strings(item, "names", where)):
            kb.add(text_, Entry(code, code, "", state.cameo, kind))
        for text_ in _strings(item, "demonyms", where):
            kb.add(text_, Entry(code, code, "", state.cameo, "demonym"))
        for text_ in _strings(item, "capitals", where):
            kb.add(text_, Entry(code, code, "", state.cameo, "capital"))
        for seat in item.get("seats") or []:
            seat = _mapping(seat, where, ("text",))
            sector = check_sector(str(seat.get("sector", "")), where)
            kb.add(str(seat["text"]), Entry(code, code, sector, state.cameo + sector, "seat"))
    for org, cased in organisations_from(text, source, "organisations"):
        add_organisation(kb, org, cased)
    for line, item in _items(text, source, "leaders"):
        where = f"{source}:{line}"
        item = _mapping(item, where, ("code", "name"))
        if str(item["code"]) not in kb.states:
            raise InputError(where, f"unknown state code {item['code']!r}; add it under states:")
        add_leader(
            kb,
            Leader(
                str(item["code"]),
                str(item["name"]),
                _strings(item, "aliases", where),
                str(item.get("office", "")),
                check_sector(str(item.get("sector", "GOV")), where),
                parse_day(item.get("start"), where),
                parse_day(item.get("end"), where),
            ),
        )
    for line, item in _items(text, source, "sector_words"):
        where = f"{source}:{line}"
        item = _mapping(item, where, ("text",))
        kb.sector_words[str(item["text"]).lower()] = check_sector(
            str(item.get("sector", "")), where
        )
    for _line, item in _items(text, source, "remove"):
        kb.remove(str(item))
