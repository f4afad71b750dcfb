"""Quantities and locations attached to an event.

"over a million artillery shells" -> (1000000, "artillery shells"); "$5bn" -> (5e9, "$").
The quantity is read from the trigger's object (or the verbal noun itself); the location from
an "in/at/near" phrase on the trigger that names a place entity.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from shiftwatch.coder.cue_lists import cue_numbers, cue_texts, cues

if TYPE_CHECKING:
    from spacy.tokens import Token

PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})


@cache
def _number_pattern() -> re.Pattern[str]:
    """A number as one token, with a currency sign before it and a scale suffix after it
    ("$5bn", "£30m", "1,200"); signs and suffixes come from ``lexicon/cues.yaml``."""
    signs = "".join(
        re.escape(c) for c in cue_texts("currencies") if len(c) == 1 and not c.isalnum()
    )
    suffixes = "|".join(re.escape(s) for s in cue_numbers("number_suffixes"))
    return re.compile(rf"^([{signs}]?)(\d[\d,]*(?:\.\d+)?)({suffixes})?$", re.IGNORECASE)


def _number_value(tokens: list[Token]) -> tuple[float | None, str]:
    value: float | None = None
    currency = ""
    currencies, scales = cue_texts("currencies"), cue_numbers("number_scales")
    suffixes, words = cue_numbers("number_suffixes"), cue_numbers("number_words")
    for token in tokens:
        low = token.lower_
        if low in currencies:
            currency = currencies[low]
            continue
        match = _number_pattern().match(low)
        if match:
            currency = currency or match.group(1)
            number = float(match.group(2).replace(",", ""))
            scale = suffixes.get((match.group(3) or "").lower(), 1.0)
            value = number * scale if value is None else value * number * scale
        elif low in scales:
            value = (value or 1.0) * scales[low]
        elif low in words and (value is None):
            value = float(words[low])
    return value, currency


def quantity(head: Token) -> tuple[float | None, str]:
    """(value, unit) of the number modifying ``head``, or (None, "")."""
    if head.like_num or _number_pattern().match(
        head.lower_
    ):  # "pledged $5bn": the object is the number
        value, currency = _number_value([t for t in head.subtree if t.i <= head.i])
        return (value, currency) if value is not None else (None, "")
    numeric = [c for c in head.children if c.dep_ in ("nummod", "quantmod")]
    if not numeric:
        return None, ""
    tokens: list[Token] = []
    for child in numeric:
        tokens.extend(t for t in child.subtree if t.i < head.i)
    tokens.sort(key=lambda t: t.i)
    value, currency = _number_value(tokens)
    if value is None:
        return None, ""
    if currency:
        return value, currency
    words = [c.text for c in head.children if c.dep_ == "compound" and c.i < head.i]
    return value, " ".join([*words, head.text])


def event_quantity(trigger: Token, obj: Token | None) -> tuple[float | None, str]:
    """The quantity an event carries: of its object, else of the trigger noun itself."""
    for head in (obj, trigger):
        if head is None:
            continue
        value, unit = quantity(head)
        if value is not None:
            return value, unit
        for conj in head.conjuncts:
            value, unit = quantity(conj)
            if value is not None:
                return value, unit
    return None, ""


def event_location(trigger: Token) -> str:
    """A place named by an "in/at/near X" phrase on the trigger, or ""."""
    for child in trigger.children:
        if child.dep_ == "prep" and child.lower_ in cues()["place_prepositions"]:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ in PLACE_ENTS:
                    ent = next((e for e in trigger.doc.ents if e.start <= pobj.i < e.end), None)
                    return ent.text if ent is not None else pobj.text
    return ""
