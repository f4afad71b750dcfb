"""Teach spaCy's rule lemmatizer the lexicon's verbs before any text is parsed.

The English rule lemmatizer tries its suffix rules in order and keeps the *last* form its verb
index knows, so when both "stage" and "stag" are listed it reads "staged" and "staging" as "stag"
("waged" as "wag", "raped" as "rap", "spared" as "spar"); an exception cannot fix it, as spaCy
only moves an exception to the front when the rules did not already produce it. Every lexicon
lookup is by lemma, so such a verb silently carries no event. So a rare verb that is a lexicon
verb minus its final "e" leaves the lemmatizer's verb index, unless the lexicon knows that
shorter verb too (then the text is ambiguous and the rules decide as before).

The tagger also reads a capitalised plural that opens a sentence as a proper noun ("Airstrikes
were carried out by ...": NNPS), and the lemmatizer leaves proper nouns as they are, so the
act noun is missed. Such a word that is no named entity is lemmatised again as a common noun.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from spacy.language import Language

from shiftwatch.coder.tables import lexicon

_TAUGHT = "shiftwatch_shadowing_stems"
_PLURALS = "shiftwatch_sentence_plurals"
_PROPER_PLURAL = "NNPS"  # Penn tags: a proper plural read again as a common one
_COMMON_PLURAL = "NNS"


def lexicon_verbs() -> frozenset[str]:
    """Every verb lemma a lexicon table keys a rule on."""
    return frozenset(lemma for pos, lemma in lexicon() if pos == "VERB")


def shadowing_stems(verbs: Iterable[str], index: Iterable[str]) -> frozenset[str]:
    """Verbs of the lemmatizer's index that hide a lexicon verb ending in "e"."""
    known = frozenset(verbs)
    listed = frozenset(index)
    stems = (verb[:-1] for verb in known if verb.endswith("e") and not verb.endswith("ee"))
    return frozenset(s for s in stems if len(s) >= 3 and s in listed and s not in known)


def teach_verb_lemmas(nlp: Any) -> int:
    """Take the shadowing stems out of ``nlp``'s verb index once; how many were taken out."""
    if nlp.meta.get(_TAUGHT) is not None:
        return int(nlp.meta[_TAUGHT])
    lookups = nlp.get_pipe("lemmatizer").lookups if "lemmatizer" in nlp.pipe_names else None
    if lookups is None or not lookups.has_table("lemma_index"):
        nlp.meta[_TAUGHT] = 0
        return 0
    table = lookups.get_table("lemma_index")
    index = list(table.get("verb", []))
    stems = shadowing_stems(lexicon_verbs(), index)
    table["verb"] = [verb for verb in index if verb not in stems]
    nlp.get_pipe("lemmatizer").cache.clear()
    nlp.meta[_TAUGHT] = len(stems)
    return len(stems)


class _SentencePlurals:
    """Re-lemmatise a capitalised common plural the tagger took for a name at a sentence start."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer

    def __call__(self, doc: Any) -> Any:
        for sentence in doc.sents:
            token = next((t for t in sentence if t.is_alpha), None)
            if token is None or token.tag_ != _PROPER_PLURAL or token.ent_type_:
                continue
            token.pos_ = "NOUN"
            token.tag_ = _COMMON_PLURAL
            lemmas = self.lemmatizer.rule_lemmatize(token)
            if lemmas:
                token.lemma_ = lemmas[0]
        return doc


@Language.factory(_PLURALS)
def _make_sentence_plurals(nlp: Language, name: str) -> _SentencePlurals:
    return _SentencePlurals(nlp.get_pipe("lemmatizer"))


def teach_sentence_plurals(nlp: Any) -> bool:
    """Add the re-lemmatising step to ``nlp`` once (last, after the entities it must skip);
    whether it is there."""
    if _PLURALS in nlp.pipe_names:
        return True
    if "lemmatizer" not in nlp.pipe_names or nlp.get_pipe("lemmatizer").mode != "rule":
        return False
    nlp.add_pipe(_PLURALS, last=True)
    return True
