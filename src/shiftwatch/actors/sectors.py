"""Attach sector words to the actor they belong to, so a noun phrase is one mention.

"Russian troops" -> RUS MIL, "Iraq's foreign minister" -> IRQ GOV, "the government of Iraq"
-> IRQ GOV, "Russian and Syrian planes" -> RUS MIL and SYR MIL. A sector word that only
modifies another noun ("the Syrian army base", "rebel-held") gives no sector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from shiftwatch.actors.kb import KnowledgeBase
    from shiftwatch.actors.resolver import Candidate

POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
MODIFIER_POS = frozenset({"ADJ", "NOUN", "PROPN", "NUM"})
MAX_GAP = 3  # modifiers allowed between a state and its sector word ("US special envoy")
KIND_OUT = {"demonym": "state", "people": "state", "seat": "state"}

Span = tuple[int, int, "Candidate", str, str]


def _sector_after(
    doc: Doc,
    index: int,
    sectors: dict[int, tuple[int, str]],
    limit: int,
) -> tuple[int, str] | None:
    """The sector phrase that heads the noun phrase starting at ``index``, and where it ends."""
    if index < limit and doc[index].text in POSSESSIVE:
        index += 1
    for offset in range(MAX_GAP + 1):
        k = index + offset
        if k >= limit:
            return None
        if k in sectors:
            end, sector = sectors[k]
            while end in sectors and end < limit:  # "army officers", "government spokesman"
                end, sector = sectors[end]
            if end < len(doc) and (
                doc[end].text == "-" or (doc[end].pos_ in ("NOUN",) and doc[end].is_lower)
            ):
                return None  # "rebel-held", "army base": the sector word is a modifier
            return end, sector
        token = doc[k]
        if token.pos_ not in MODIFIER_POS and token.text != "-":
            return None
    return None


def _person_after(doc: Doc, index: int, limit: int) -> int:
    """End of a person's name right after a title ("Foreign Minister Sergei Lavrov")."""
    end = index
    while end < limit and doc[end].ent_type_ == "PERSON" and doc[end].pos_ == "PROPN":
        end += 1
    return end


def attach_sectors(
    doc: Doc, candidates: list[Candidate], sectors: dict[int, tuple[int, str]], kb: KnowledgeBase
) -> list[Span]:
    """Final spans: (start, end, candidate, sector, kind), non-overlapping, in order."""
    ends = {end: (start, sector) for start, (end, sector) in sectors.items()}
    spans: list[Span] = []
    skip_until = -1
    for number, cand in enumerate(candidates):
        if cand.start < skip_until:
            continue
        following = candidates[number + 1 :]
        start, end, sector = cand.start, cand.end, cand.sector
        kind = KIND_OUT.get(cand.kind, cand.kind)
        if cand.entry.kind in ("group",) and cand.code not in kb.states:
            word_sets_sector = False
        else:
            word_sets_sector = cand.kind not in ("person", "former")
        if cand.kind == "people" and start > 0 and doc[start - 1].lower_ == "the":
            sector = ""  # "the Russians" is the state, "Russians" are its people
        if cand.entry.kind == "group" and cand.code in kb.states:
            kind = "group"
        if cand.kind not in ("person", "former"):
            found = _sector_after(doc, end, sectors, len(doc))
            if found is not None:
                end, word_sector = found
                if word_sets_sector:
                    sector = word_sector
                title_end = _person_after(doc, end, len(doc))
                absorbed = [c for c in following if c.start < max(title_end, end)]
                if all(c.code == cand.code for c in absorbed):
                    end = max([title_end, end] + [c.end for c in absorbed])
                    skip_until = end
                else:
                    end = min(end, absorbed[0].start)
                    skip_until = end
            before = _sector_before(doc, start, ends, spans)
            if before is not None and end == cand.end:
                start, word_sector = before
                if word_sets_sector:
                    sector = word_sector
        spans.append((start, end, cand, sector, kind))
    _share_coordinated(doc, spans)
    return spans


def _sector_before(
    doc: Doc,
    start: int,
    ends: dict[int, tuple[int, str]],
    spans: list[Span],
) -> tuple[int, str] | None:
    """ "the government of Iraq", "troops from Turkey": a sector word, then of/from, then us."""
    k = start - 1
    if k >= 0 and doc[k].lower_ == "the":
        k -= 1
    if k < 1 or doc[k].lower_ not in ("of", "from"):
        return None
    if k not in ends:
        return None
    sector_start, sector = ends[k]
    if not sector_start <= doc[k].head.i < k:  # "withdraw its troops from Syria": the verb's
        return None
    if spans and spans[-1][1] > sector_start:
        return None
    return sector_start, sector


def _share_coordinated(doc: Doc, spans: list[Span]) -> None:
    """ "Russian and Syrian planes": the first demonym takes the sector of the shared noun."""
    for i in range(len(spans) - 2, -1, -1):
        start, end, cand, sector, kind = spans[i]
        nxt = spans[i + 1]
        if sector or cand.kind != "demonym" or nxt[2].kind != "demonym" or not nxt[3]:
            continue
        between = [t.lower_ for t in doc[end : nxt[0]]]
        if between and all(word in ("and", ",", "or", "&") for word in between):
            spans[i] = (start, end, cand, nxt[3], kind)
