"""The learned stage: a sentence classifier that adds the events the rules miss.

It runs as ``learned``, the last entry of the coder's stage list (``Coder.stages``).
The rules recognise the constructions they were written from; on unseen news most missed
events sit in sentences where they find nothing at all. A linear classifier over the words and
dependency pairs of a sentence (softmax over the PLOVER types and NONE, trained by
``scripts/train_learned.py`` on the project's training gold and the PLOVER synthetic stories)
says which type a sentence most likely reports. Its stages, each switchable by name
(``Settings.learned_stages``):

- ``add``: a codable sentence where the rules coded nothing, whose best type is at least the
  model's ``add_threshold`` likely and that names an actor, gets one event of that type; the
  source is the actor subject of the sentence's main content clause (not a copula; a verb of
  speech only for the types a speaker does), whose verb is the trigger; the target the other
  actor named (or none, except for the types the rules too record only with a target).
- ``drop``: a rule event whose type the classifier gives less than ``drop_threshold`` goes.

The weights are plain numbers in ``coder/models/sentence_types.tsv`` (no pickle, no download),
applied with numpy; the file is validated when it is loaded, once per :class:`Coder`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from shiftwatch.coder.arguments import actors_of
from shiftwatch.coder.cue_lists import cues
from shiftwatch.coder.events import actor_ref
from shiftwatch.coder.modality import modality
from shiftwatch.coder.roles import verb_subject
from shiftwatch.coder.triggers import object_of
from shiftwatch.errors import ConfigError
from shiftwatch.models import Event
from shiftwatch.ontology import cameo_code, choose_cameo, plover_types

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from shiftwatch.coder.arguments import Mention, MentionIndex
    from shiftwatch.coder.events import SentenceContext
    from shiftwatch.coder.pipeline import SentenceState

STAGES = ("add", "drop")
NONE = "NONE"
MODEL_FILE = "sentence_types.tsv"
SETTINGS = {"add_threshold": 0.5, "drop_threshold": 0.0}
CONTENT_POS = frozenset({"NOUN", "VERB", "ADJ"})
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "oprd"})
TARGET_DEPS = frozenset({"dobj", "pobj", "dative", "nsubjpass"})
MAX_SOURCES = 3


def sentence_features(span: Span) -> list[str]:
    """The features the classifier reads: content lemmas, the root verb, verb-object,
    verb-preposition, verb-particle and noun-preposition pairs, negation and modals.

    Proper names are left out (the model must not learn who, only what happened)."""
    found: set[str] = set()
    for token in span:
        if token.is_punct or token.is_space or token.like_num:
            continue
        lemma = token.lemma_.lower()
        if token.pos_ in CONTENT_POS and not token.is_stop and lemma.isalpha():
            found.add("l:" + lemma)
        if token.pos_ == "VERB":
            if token.dep_ == "ROOT":
                found.add("root:" + lemma)
            for child in token.children:
                found.update(_verb_pair(lemma, child))
        elif token.pos_ == "NOUN":
            for child in token.children:
                if child.dep_ == "prep":
                    found.add(f"np:{lemma}>{child.lower_}")
    return sorted(found)


def _verb_pair(lemma: str, child: Token) -> Iterable[str]:
    if child.dep_ in OBJECT_DEPS and child.pos_ in ("NOUN", "PROPN"):
        filler = child.lemma_.lower() if child.pos_ == "NOUN" else child.ent_type_ or "X"
        yield f"vo:{lemma}>{filler}"
    elif child.dep_ == "prep":
        yield f"vp:{lemma}>{child.lower_}"
    elif child.dep_ == "prt":
        yield f"vt:{lemma}>{child.lower_}"
    elif child.dep_ == "neg":
        yield f"neg:{lemma}"
    elif child.dep_ == "aux" and child.tag_ == "MD":
        yield "md:" + child.lower_


@dataclass(frozen=True, slots=True)
class LearnedModel:
    """Softmax weights: one row per feature, one column per class (NONE and PLOVER types)."""

    classes: tuple[str, ...]
    features: dict[str, int]
    weights: np.ndarray  # (features, classes)
    bias: np.ndarray  # (classes,)
    settings: dict[str, float]
    source: str

    def probabilities(self, span: Span) -> dict[str, float]:
        """Class -> probability for one sentence (they sum to 1)."""
        rows = [self.features[f] for f in sentence_features(span) if f in self.features]
        scores = self.bias + self.weights[rows].sum(axis=0)
        scores = np.exp(scores - scores.max())
        scores /= scores.sum()
        return {name: float(p) for name, p in zip(self.classes, scores, strict=True)}


def load_model(path: Path | None = None) -> LearnedModel:
    """The model in ``path`` (default: the packaged one); a malformed row is a ConfigError
    naming the file and line."""
    if path is None:
        where = f"coder/models/{MODEL_FILE}"
        text = resources.files("shiftwatch.coder.models").joinpath(MODEL_FILE).read_text("utf-8")
    else:
        where = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read learned model ({exc.strerror})") from exc
    return parse_model(text, where)


def parse_model(text: str, where: str) -> LearnedModel:
    """Parse the TSV model format: ``classes``, ``setting``, ``bias`` and ``feature`` rows."""
    classes: tuple[str, ...] = ()
    settings = dict(SETTINGS)
    bias: list[float] | None = None
    names: dict[str, int] = {}
    rows: list[list[float]] = []
    known = {NONE, *plover_types()}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        at = f"{where}:{number}"
        kind, *cells = line.split("\t")
        if kind == "classes":
            unknown = [c for c in cells if c not in known]
            if unknown or not cells or classes:
                problem = f"unknown class {unknown[0]!r}" if unknown else "one classes row"
                raise ConfigError(f"{at}: {problem}")
            classes = tuple(cells)
            continue
        if not classes:
            raise ConfigError(f"{at}: the classes row must come first")
        if kind == "setting":
            if len(cells) != 2 or cells[0] not in SETTINGS:
                raise ConfigError(
                    f"{at}: a setting row is one of {', '.join(SETTINGS)} and a value"
                )
            settings[cells[0]] = _numbers(cells[1:], at)[0]
        elif kind == "bias":
            bias = _numbers(cells, at, len(classes))
        elif kind == "feature":
            if len(cells) != len(classes) + 1 or not cells[0] or cells[0] in names:
                raise ConfigError(f"{at}: a feature row is a new name and {len(classes)} weights")
            names[cells[0]] = len(rows)
            rows.append(_numbers(cells[1:], at, len(classes)))
        else:
            raise ConfigError(f"{at}: unknown row kind {kind!r}")
    if not classes or bias is None or NONE not in classes:
        raise ConfigError(f"{where}: a model needs a classes row with NONE and a bias row")
    weights = np.array(rows, dtype=np.float32).reshape(len(rows), len(classes))
    return LearnedModel(classes, names, weights, np.array(bias, dtype=np.float32), settings, where)


def _numbers(cells: list[str], at: str, count: int | None = None) -> list[float]:
    if count is not None and len(cells) != count:
        raise ConfigError(f"{at}: expected {count} numbers, found {len(cells)}")
    try:
        values = [float(cell) for cell in cells]
    except ValueError as exc:
        raise ConfigError(f"{at}: not a number ({exc})") from exc
    if not all(math.isfinite(v) for v in values):
        raise ConfigError(f"{at}: weights must be finite numbers")
    return values


def parse_stages(text: str) -> frozenset[str]:
    """The stage names of a setting such as ``"add,drop"`` ("" or "off" for none)."""
    names = {part.strip() for part in text.split(",") if part.strip()} - {"off", "none"}
    unknown = sorted(names - set(STAGES))
    if unknown:
        raise ConfigError(
            f"learned_stages: unknown stage {unknown[0]!r}; expected some of {', '.join(STAGES)}"
        )
    return frozenset(names)


@dataclass(frozen=True, slots=True)
class LearnedStage:
    """The model and the stages switched on; :meth:`refine` is the coder's hook."""

    model: LearnedModel
    stages: frozenset[str]

    def __call__(self, state: SentenceState) -> None:
        """The pipeline stage: refines the events the rule stages coded."""
        state.events = self.refine(state.ctx, state.index, state.events)

    def refine(self, ctx: SentenceContext, index: MentionIndex, events: list[Event]) -> list[Event]:
        """The events of the sentence ``ctx.span`` after the switched-on stages."""
        if "drop" in self.stages and events:
            probs = self.model.probabilities(ctx.span)
            floor = self.model.settings["drop_threshold"]
            events = [e for e in events if probs.get(e.type, 0.0) >= floor]
        if "add" in self.stages and not events:
            probs = self.model.probabilities(ctx.span)
            best = max((c for c in self.model.classes if c != NONE), key=probs.__getitem__)
            if probs[best] >= self.model.settings["add_threshold"]:
                events = _added_events(ctx, index, best, probs[best])
        return events


def _added_events(
    ctx: SentenceContext, index: MentionIndex, event_type: str, probability: float
) -> list[Event]:
    """Events of ``event_type``, one per actor on the subject side of the sentence's main
    clause, aimed at the other actor named; none when no clause has an actor as its subject."""
    span = ctx.span
    found = _actors(span, index, event_type)
    if found is None:
        return []
    verb, sources, target = found
    if target is None and event_type in cues()["learned_aimed_types"]:
        return []
    cameo = choose_cameo(event_type)
    record = cameo_code(cameo)
    return [
        Event(
            doc_id=ctx.doc_id,
            sentence_idx=ctx.idx,
            sentence=span.text,
            date=ctx.date,
            source=actor_ref(source),
            target=actor_ref(target) if target is not None else None,
            type=event_type,
            cameo=cameo,
            goldstein=record.goldstein if record else None,
            quad_class=record.quad_class if record else None,
            modality=modality(verb),
            confidence=round(probability, 3),
            coder_version=ctx.coder_version,
            evidence_start=span.start_char,
            evidence_end=span.end_char,
            trigger=verb.text,
        )
        for source in sources
    ]


def clause_verbs(span: Span, event_type: str) -> list[Token]:
    """The verbs whose clause may carry an added event of ``event_type``, acts before reports
    of speech, main clauses first. A copula is none ("X is likely to be repatriated" says what
    is, not what an actor did), and a verb of speech only for the types a speaker does
    (``learned_speech_types``): the speaker accuses or demands, but the strikes they report are
    somebody else's."""
    speech = cues()["speech_verbs"]
    spoken = event_type in cues()["learned_speech_types"]
    verbs = [
        t
        for t in span
        if t.pos_ == "VERB" and t.dep_ != "aux" and (spoken or t.lemma_.lower() not in speech)
    ]
    return sorted(verbs, key=lambda t: (t.lemma_.lower() in speech, _depth(t)))


def _actors(
    span: Span, index: MentionIndex, event_type: str
) -> tuple[Token, list[Mention], Mention | None] | None:
    """(verb, sources, target) of the first of the ``clause_verbs`` whose subject names actors
    (one per distinct code); the target is the first other actor of its object, its
    prepositions or, failing those, the sentence. The verb is the event's trigger."""
    verbs = clause_verbs(span, event_type)
    named = [m for m in index.mentions if span.start <= m.start < span.end]
    for verb in verbs:
        subject = verb_subject(verb)
        found = actors_of(subject, index) if subject is not None else []
        sources: list[Mention] = []
        for mention in found:
            if all(m.code != mention.code for m in sources) and len(sources) < MAX_SOURCES:
                sources.append(mention)
        if sources:
            codes = {m.code for m in sources}
            aimed = [*actors_of(object_of(verb), index)]
            for child in verb.children:
                if child.dep_ in ("prep", "dative"):
                    aimed.extend(m for t in child.subtree for m in _at(t, index))
            others = [m for m in [*aimed, *named] if m.code not in codes]
            return verb, sources, others[0] if others else None
    return None


def _at(token: Token, index: MentionIndex) -> list[Mention]:
    found = index.at(token) if token.dep_ in TARGET_DEPS else None
    return [found] if found is not None else []


def _depth(token: Token) -> int:
    depth = 0
    while token.head.i != token.i and depth < 50:
        token, depth = token.head, depth + 1
    return depth
