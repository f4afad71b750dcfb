"""Language identification with py3langid, so the English coder can skip other languages.

The model loads once per process, on first use (about half a second), never at import.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

MIN_CHARS = 40  # below this, identification is a guess; leave the language unknown
SAMPLE_CHARS = 1500  # the first paragraphs decide; more costs time and changes nothing
_LETTER = re.compile(r"[^\W\d_]")


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language ("en", "de"...), or None when too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample, 0, 400)) < MIN_CHARS:
        return None
    code, _probability = _identifier().classify(sample)
    return str(code)
