"""Descriptions of an armed group in reach: "the group", "the militants", "they".

Part of the second pass of :mod:`shiftwatch.actors.anaphora`: each rule names a group only when
the sentences in reach leave one answer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shiftwatch.actors.coref import sentence_floor

if TYPE_CHECKING:
    from spacy.tokens import Token

    from shiftwatch.actors.anaphora import Article
    from shiftwatch.actors.resolver import Mention

GROUP_REFERENCES = frozenset(
    {
        "group",
        "militants",
        "jihadists",
        "organisation",
        "organization",
        "extremists",
        "insurgents",
        "fighters",
    }
)
PLURAL_GROUP_REFERENCES = frozenset({"militants", "jihadists", "extremists", "insurgents"})
# "the fighters" is an armed group's men only with "the": bare "foreign fighters" are anyone's
ARMED_REFERENCES = PLURAL_GROUP_REFERENCES | {"fighters"}
# "the terror group", "the jihadist organisation": a description of an armed group only
ARMED_DESCRIPTIONS = frozenset(
    {"terror", "terrorist", "jihadist", "jihadi", "militant", "extremist", "islamist", "insurgent"}
)
# "the jihadists", "the extremists", "the Islamist group": only a group the knowledge base marks
# jihadist (organisations.yaml), not the Kurdish militia fighting it
JIHADIST_REFERENCES = frozenset({"jihadists", "extremists"})
JIHADIST_DESCRIPTIONS = frozenset({"jihadist", "jihadi", "islamist", "extremist"})
GROUP_SECTORS = frozenset({"REB", "OPP", "CVL", "COP", "MIL"})
SUBJECT = frozenset({"nsubj", "nsubjpass"})
GROUP_WINDOW = 5  # sentences "the group" may look back


def reference_start(article: Article, token: Token) -> int:
    """Where a description of the armed group in reach starts, or -1 when it is not one.

    "the group", "the militants", "the terror group"; and a plural without "the" whose other
    words name nobody ("fought diehard extremists", "a vast army of Islamist militants"): such a
    plural in an article that has named one armed group is that group, as a reader takes it. A
    word that is itself an actor ("Syrian militants", "Kurdish jihadists") makes them someone else.
    """
    i = token.i
    if i and article.lowers[i - 1] == "the":
        return i - 1
    if i > 1 and _described(article, token) and article.lowers[i - 2] == "the":
        return i - 2  # "the terror group"
    if token.tag_ != "NNS" or token.lower_ not in PLURAL_GROUP_REFERENCES:
        return -1
    start = i
    for child in token.lefts:
        if child.dep_ not in ("amod", "det") or article.covered[child.i] is not None:
            return -1
        if child.dep_ == "det" and child.lower_ != "the":
            return -1
        start = min(start, child.i)
    return start


def subject_group(article: Article, token: Token) -> Mention | None:
    """ "they" as a subject: the one group that was a subject in reach."""
    doc = article.doc
    codes: dict[str, Mention] = {}
    for m in article.before(token.i, sentence_floor(doc, token, 2)):
        groupish = m.kind == "group" or m.sector in GROUP_SECTORS
        if groupish and any(doc[k].dep_ in SUBJECT for k in range(m.start, m.end)):
            codes.setdefault(m.code, m)
    return next(iter(codes.values())) if len(codes) == 1 else None


def _described(article: Article, token: Token) -> bool:
    """Is the word before ``token`` one that describes an armed group and names nobody?"""
    i = token.i
    return (
        bool(i) and article.lowers[i - 1] in ARMED_DESCRIPTIONS and article.covered[i - 1] is None
    )


def one_group(article: Article, token: Token) -> Mention | None:
    """ "the group", "the militants": the one armed group named in the last few sentences.

    "The group" or "the organisation" may be any organisation named before; "militants" and
    their like only an armed one (not the Arab League). A noun its own relative clause defines
    ("the extremists who surround the government") is a new description, not a reference.
    """
    if any(c.dep_ == "relcl" for c in token.children):
        return None
    armed_only = token.lower_ in ARMED_REFERENCES or _described(article, token)
    jihadist_only = token.lower_ in JIHADIST_REFERENCES or (
        token.i > 0 and article.lowers[token.i - 1] in JIHADIST_DESCRIPTIONS
    )
    groups: dict[str, Mention] = {}
    floor = sentence_floor(article.doc, token, GROUP_WINDOW)
    own_subject = _clause_subject(token)
    organisations = article.kb.organisations
    for m in article.before(token.i, floor):
        if m.start in own_subject:  # "the SDF are battling the group's fighters": not the SDF
            continue
        if jihadist_only and not _jihadist(article, m):
            continue
        if m.kind == "group" or (
            m.kind == "coref"
            and (org := organisations.get(m.code)) is not None
            and (not armed_only or org.kind == "group")
        ):
            groups.setdefault(m.code, m)
    return next(iter(groups.values())) if len(groups) == 1 else None


def _jihadist(article: Article, mention: Mention) -> bool:
    """Is ``mention`` a group the knowledge base marks jihadist (ISIS, al-Qaeda, HTS ...)?"""
    return any(o.jihadist for o in article.kb.organisations.values() if o.code == mention.code)


def _clause_subject(token: Token) -> set[int]:
    """Tokens of the subject of the clause ``token`` is in (a conjunct's from its first verb).

    A description ("the group") never names the subject of its own clause: that would be "its"
    or "their"; so the subject is not among its antecedents.
    """
    verb = token
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    while not any(c.dep_ in SUBJECT for c in verb.children) and verb.dep_ == "conj":
        verb = verb.head
    return {t.i for c in verb.children if c.dep_ in SUBJECT for t in c.subtree}
