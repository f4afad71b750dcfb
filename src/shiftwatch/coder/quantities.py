"""Quantities and locations attached to an event.

"over a million artillery shells" -> (1000000, "artillery shells"); "$5bn" -> (5e9, "$").
The quantity is read from the trigger's object (or the verbal noun itself); the location from
an "in/at/near" phrase on the trigger that names a place entity.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

SCALES = {
    "hundred": 1e2,
    "thousand": 1e3,
    "million": 1e6,
    "billion": 1e9,
    "trillion": 1e12,
    "m": 1e6,
    "bn": 1e9,
    "k": 1e3,
}
WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "fifteen": 15,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundreds": 1e2,
    "thousands": 1e3,
    "dozen": 12,
    "dozens": 12,
    "millions": 1e6,
}
CURRENCY = {"$": "$", "£": "£", "€": "€", "usd": "$"}
NUMBER = re.compile(r"^([$£€]?)(\d[\d,]*(?:\.\d+)?)(m|bn|k)?$", re.IGNORECASE)
PLACE_ENTS = frozenset({"GPE", "LOC", "FAC"})
PLACE_PREPS = frozenset({"in", "at", "near", "outside", "inside", "across"})


def _number_value(tokens: list[Token]) -> tuple[float | None, str]:
    value: float | None = None
    currency = ""
    for token in tokens:
        low = token.lower_
        if low in CURRENCY:
            currency = CURRENCY[low]
            continue
        match = NUMBER.match(low)
        if match:
            currency = currency or match.group(1)
            number = float(match.group(2).replace(",", ""))
            scale = SCALES.get((match.group(3) or "").lower(), 1.0)
            value = number * scale if value is None else value * number * scale
        elif low in ("hundred", "thousand", "million", "billion", "trillion"):
            value = (value or 1.0) * SCALES[low]
        elif low in WORDS and (value is None):
            value = float(WORDS[low])
    return value, currency


def quantity(head: Token) -> tuple[float | None, str]:
    """(value, unit) of the number modifying ``head``, or (None, "")."""
    if head.like_num or NUMBER.match(head.lower_):  # "pledged $5bn": the object is the number
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
        if child.dep_ == "prep" and child.lower_ in PLACE_PREPS:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.ent_type_ in PLACE_ENTS:
                    ent = next((e for e in trigger.doc.ents if e.start <= pobj.i < e.end), None)
                    return ent.text if ent is not None else pobj.text
    return ""
