"""The event coder: documents in, sentences and coded events out.

One :class:`Coder` holds the spaCy pipeline and the actor resolver (both loaded lazily, once)
and streams documents through ``nlp.pipe`` in batches, so memory stays flat however many
documents pass through.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from shiftwatch.coder.arguments import MentionIndex
from shiftwatch.coder.events import SentenceContext
from shiftwatch.coder.learned import LearnedStage, load_model, parse_stages
from shiftwatch.coder.lemmas import teach_sentence_plurals, teach_verb_lemmas
from shiftwatch.coder.pipeline import STAGES, Stage, candidate_types, run_stages
from shiftwatch.coder.places import mark_places
from shiftwatch.coder.sentences import is_codable, split_sentences
from shiftwatch.coder.unnamed_targets import fill_unnamed_targets
from shiftwatch.config import Settings
from shiftwatch.models import Document, Event
from shiftwatch.nlp import load_pipeline

if TYPE_CHECKING:
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

# Bump when lexicon, rules or defaults change what is coded: `shiftwatch code` then recodes.
CODER_VERSION = "shiftwatch-coder-0.3.170"

SentenceRow = tuple[int, int, int, str]


@dataclass(slots=True)
class CodedDocument:
    """One document's sentences (index, start, end, text) and the events coded from them."""

    doc_id: str
    sentences: list[SentenceRow] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    # (character offset, type) of every candidate, kept only when the coder is asked to
    candidates: list[tuple[int, str]] = field(default_factory=list)


class Coder:
    """Codes documents into events; reuse one instance for a whole run."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or Settings()
        self._resolver: Any = None
        self.record_candidates = False  # evaluation sets it to measure candidate recall
        self._stages: list[tuple[str, Stage]] | None = None

    @property
    def nlp(self) -> Any:
        nlp = load_pipeline(self.settings.model)
        teach_verb_lemmas(nlp)  # once per pipeline: "staged" is "stage", not "stag"
        teach_sentence_plurals(nlp)  # "Airstrikes were carried out": a noun, not a name
        return nlp

    @property
    def resolver(self) -> Any:
        if self._resolver is None:
            from shiftwatch.actors import ActorResolver, load_knowledge_base

            self._resolver = ActorResolver(load_knowledge_base(self.settings.actors))
        return self._resolver

    @property
    def stages(self) -> list[tuple[str, Stage]]:
        """The pipeline's stages, and the learned stage last when switched on (its model is
        loaded here, once per coder)."""
        if self._stages is None:
            names = parse_stages(self.settings.learned_stages)
            learned = (
                LearnedStage(load_model(self.settings.learned_model), names) if names else None
            )
            self._stages = [*STAGES, ("learned", learned)] if learned is not None else STAGES
        return self._stages

    @property
    def learned(self) -> LearnedStage | None:
        """The learned stage, or None when ``learned_stages`` switches it off."""
        stage = self.stages[-1][1]
        return stage if isinstance(stage, LearnedStage) else None

    def code_document(self, document: Document) -> CodedDocument:
        """Sentences and events of one document."""
        return next(iter(self.code_documents([document])))

    def code_documents(
        self, documents: Iterable[Document], batch_size: int | None = None
    ) -> Iterator[CodedDocument]:
        """Coded documents in input order; non-English documents come back empty."""
        size = batch_size or self.settings.batch_size
        english = self._split_language(documents)
        pairs = self.nlp.pipe(english, as_tuples=True, batch_size=size)
        for parsed, document in pairs:
            yield self.code_parsed(document, parsed)

    def _split_language(self, documents: Iterable[Document]) -> Iterator[tuple[str, Document]]:
        """(text to parse, document): a non-English document is parsed as "" (costs nothing)."""
        for document in documents:
            if document.language and document.language != "en":
                log.info("skipping %s: language %s", document.id, document.language)
                yield "", document
            else:
                yield document.text, document

    def code_parsed(self, document: Document, parsed: Doc) -> CodedDocument:
        """Code an already parsed document (the text must be ``document.text``)."""
        coded = CodedDocument(doc_id=document.id)
        if document.language and document.language != "en":
            return coded
        mentions = self.resolver.resolve(parsed, when=document.published)
        index = MentionIndex(parsed, mentions)
        spans = split_sentences(parsed)
        for idx, span in enumerate(spans):
            coded.sentences.append((idx, span.start_char, span.end_char, span.text))
            if not is_codable(span):
                continue
            ctx = SentenceContext(
                doc_id=document.id,
                idx=idx,
                span=span,
                date=document.published,
                coder_version=CODER_VERSION,
                earlier=coded.events,
            )
            state = run_stages(ctx, index, self.stages)
            coded.events.extend(state.events)
            if self.record_candidates:
                coded.candidates.extend(candidate_types(state))
        coded.events = fill_unnamed_targets(coded.events, spans, index)
        coded.events = mark_places(coded.events, spans, index)
        return coded
