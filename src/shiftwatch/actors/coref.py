"""Resolve short and vague mentions within one article: "the North", "the regime", "it",
"the rebels", "Kurdish forces".

Each rule fires only when the article makes the answer clear (one candidate, enough
evidence); otherwise the words stay unresolved, because a wrong actor costs more than none.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from spacy.attrs import LOWER, ORTH

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from shiftwatch.actors.kb import KnowledgeBase
    from shiftwatch.actors.resolver import Mention

REBEL_WORDS = frozenset(
    {
        "rebels",
        "rebel groups",
        "opposition fighters",
        "rebel fighters",
        "rebel forces",
        "opposition forces",
    }
)
KURDISH_HOMES = ("SYR", "TUR", "IRQ", "IRN")
# Kinds of mention that name ground: a state, a capital, a town or region, a seat of power.
PLACE_KINDS = frozenset({"state", "capital", "place", "seat"})
# Armed Kurdish groups are the Syrian Kurdish forces (YPG/SDF, GUIDELINES) whenever the article
# names Syria at all, then Iraq's (Peshmerga); an article about Turkey or Iran that names Syria
# still means the Syrian forces Turkey fights, not Turkey's or Iran's own Kurds.
KURDISH_ARMED_HOMES = ("SYR", "IRQ")
KURDISH_NOUNS = frozenset(
    {
        "authorities",
        "administration",
        "commanders",
        "militiamen",
        "groups",
        "force",
        "forces",
        "fighters",
        "militia",
        "militias",
        "troops",
        "units",
        "rebels",
        "militants",
        "guerrillas",
    }
)
WORDS_KEY = "shiftwatch.words"
EXPLETIVE_HEADS = frozenset({"be", "seem", "appear", "take", "remain", "matter", "mean"})
CONFIDENCE = 0.5


def focus_state(context: Counter[str], kb: KnowledgeBase) -> str | None:
    """The state the article is mostly about: named at least twice and more than any other."""
    states = [(code, n) for code, n in context.most_common() if code in kb.states]
    if not states or states[0][1] < 2:
        return None
    if len(states) > 1 and states[1][1] == states[0][1]:
        return None
    return states[0][0]


def resolve_references(
    doc: Doc, mentions: list[Mention], context: Counter[str], kb: KnowledgeBase
) -> list[Mention]:
    """``mentions`` plus the references the article resolves, sorted, non-overlapping."""
    from shiftwatch.actors.resolver import Mention

    covered = bytearray(len(doc))
    for m in mentions:
        covered[m.start : m.end] = b"\x01" * (m.end - m.start)
    focus = focus_state(context, kb)
    added: list[Mention] = []

    def add(start: int, end: int, code: str, sector: str) -> None:
        if any(covered[start:end]):
            return
        span = doc[start:end]
        added.append(
            Mention(
                span.text,
                span.start_char,
                span.end_char,
                start,
                end,
                code,
                sector,
                kb.state_cameo(code, sector),
                "coref",
                CONFIDENCE,
                code,
            )
        )
        covered[start:end] = b"\x01" * (end - start)

    ordered = sorted(mentions, key=lambda m: m.start)
    pointer = 0
    recent: list[Mention] = []
    lowers, texts = doc_words(doc)
    for i in range(len(doc)):
        while pointer < len(ordered) and ordered[pointer].start <= i:
            recent.append(ordered[pointer])
            pointer += 1
        if covered[i]:
            continue
        lower, text = lowers[i], texts[i]
        prev = lowers[i - 1] if i else ""
        if prev == "the" and text in ("North", "South") and _stands_alone(doc, i):
            if context["PRK"] and (context["KOR"] or text == "North"):
                add(i - 1, i + 1, "PRK" if text == "North" else "KOR", "")
        elif focus and lower in _organs() and (organ := _organ_phrase(doc, i)) is not None:
            end, sector = organ
            if not _next_to_actor(covered, i) and not (end < len(doc) and covered[end]):
                add(i, end, focus, sector)
        elif lower == "regime" and prev == "the" and (home := focus or _one_ruler(recent)):
            if i + 1 >= len(doc) or texts[i + 1] != "-":
                add(i - 1, i + 1, home, "GOV")
        elif lower == "kurdish" and i + 1 < len(doc) and lowers[i + 1] in KURDISH_NOUNS:
            home = _kurdish_home(context, focus)
            if home:
                add(i, i + 2, home, "REB")
        elif focus and _rebel_phrase(lowers, i) and not _next_to_actor(covered, i):
            end = (
                i + 2
                if f"{lower} {doc[i + 1].lower_ if i + 1 < len(doc) else ''}" in REBEL_WORDS
                else i + 1
            )
            add(i, end, focus, "REB")
        elif lower in ("it", "its") and doc[i].pos_ == "PRON":
            code = _pronoun_antecedent(doc, doc[i], recent)
            if code:
                add(i, i + 1, code, "")
    return sorted(mentions + added, key=lambda m: m.start)


def doc_words(doc: Doc) -> tuple[list[str], list[str]]:
    """Every word's lower case and text, read from the doc's arrays once per doc: the rules test
    words before they ask for a Token, which spaCy makes anew on every ``doc[i]``."""
    cached = doc.user_data.get(WORDS_KEY)
    if cached is None:
        strings = doc.vocab.strings
        lowers = [strings[h] for h in doc.to_array(LOWER).tolist()]
        texts = [strings[h] for h in doc.to_array(ORTH).tolist()]
        cached = doc.user_data[WORDS_KEY] = (lowers, texts)
    return cached


def _one_ruler(recent: list[Mention]) -> str | None:
    """With no focus state, "the regime" is the government of the one state whose government
    or leader the article has named so far ("Assad ... the regime")."""
    codes = {m.code for m in recent if m.sector == "GOV"}
    return next(iter(codes)) if len(codes) == 1 else None


def _kurdish_home(context: Counter[str], focus: str | None) -> str | None:
    """The state of an armed Kurdish group: Syria if named, else Iraq, else the only home."""
    for code in KURDISH_ARMED_HOMES:
        if context[code]:
            return code
    homes = [code for code in KURDISH_HOMES if context[code]]
    return focus if focus in KURDISH_HOMES else (homes[0] if len(homes) == 1 else None)


@cache
def _organs() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """``state_organs.tsv``: first word -> (phrase words, sector), longest phrase first, so a
    token that starts no phrase costs one dictionary lookup."""
    text = (resources.files("shiftwatch.actors") / "data" / "state_organs.tsv").read_text("utf-8")
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, sector in rows[1:]:
        words = tuple(phrase.split())
        by_first.setdefault(words[0], []).append((words, sector.strip()))
    for phrases in by_first.values():
        phrases.sort(key=lambda item: -len(item[0]))
    return by_first


def _organ_phrase(doc: Doc, i: int) -> tuple[int, str] | None:
    """(end, sector) of the state-organ phrase starting at ``i``, the longest that fits."""
    for words, sector in _organs().get(doc[i].lower_, ()):
        end = i + len(words)
        if end <= len(doc) and all(doc[i + k].lower_ == w for k, w in enumerate(words)):
            owned = any(  # "Soviet NKVD security forces": somebody's, though not an actor we know
                c.i < i and c.dep_ in ("amod", "compound", "poss", "nmod")
                for c in doc[i:end].root.children
            )
            return None if owned else (end, sector)
    return None


def _stands_alone(doc: Doc, i: int) -> bool:
    """ "the North" as a noun, not "the North Atlantic" or "the south of the country"."""
    return not (
        i + 1 < len(doc) and (doc[i + 1].pos_ in ("PROPN", "NOUN") or doc[i + 1].lower_ == "of")
    )


def _rebel_phrase(lowers: list[str], i: int) -> bool:
    lower = lowers[i]
    two = f"{lower} {lowers[i + 1]}" if i + 1 < len(lowers) else ""
    if two in REBEL_WORDS:
        return i + 2 >= len(lowers) or lowers[i + 2] != "-"
    return lower == "rebels" and (i + 1 >= len(lowers) or lowers[i + 1] != "-")


def _next_to_actor(covered: bytearray, i: int) -> bool:
    return bool((i > 0 and covered[i - 1]) or (i + 1 < len(covered) and covered[i + 1]))


def _pronoun_antecedent(doc: Doc, token: Token, recent: list[Mention]) -> str | None:
    """The one state or organisation named as a subject in this or the previous sentence."""
    if token.lower_ == "it" and (
        token.dep_ not in ("nsubj", "nsubjpass") or token.head.lemma_ in EXPLETIVE_HEADS
    ):
        return None
    sent = token.sent
    window_start = sent.start
    if sent.start > 0:
        window_start = doc[sent.start - 1].sent.start
    codes = set()
    for m in reversed(recent):
        if m.start < window_start:
            break
        if m.start >= token.i or m.kind not in ("state", "igo", "group", "capital"):
            continue
        head = doc[m.end - 1]
        if head.dep_ in ("nsubj", "nsubjpass") or doc[m.start].dep_ in ("nsubj", "nsubjpass"):
            codes.add(m.code)
    return codes.pop() if len(codes) == 1 else None


def sentence_floor(doc: Doc, token: Token, back: int) -> int:
    """First token of the sentence ``back`` sentences before the one holding ``token``."""
    floor = token.sent.start
    for _ in range(back):
        if floor == 0:
            break
        floor = doc[floor - 1].sent.start
    return floor
