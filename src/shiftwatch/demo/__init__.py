"""The bundled demo: an illustrative corpus and the ``shiftwatch demo`` pipeline run over it.

The corpus is short news-style items written by the Shiftwatch developers that paraphrase
widely reported public events (2018-2024) between North Korea, Russia, China, the United
States, South Korea and Japan. It is illustrative, not a source of record: it exists so that a
new user sees the whole pipeline (ingest, code, analyse, brief) work in a minute without
fetching anything.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from shiftwatch.errors import ShiftwatchError

CORPUS_FILE = "corpus.jsonl"


def corpus_path() -> Path:
    """The bundled illustrative corpus (JSONL, one item a line) as a file on disk.

    Ingest reads paths, so this returns a real :class:`~pathlib.Path`; the package is always
    installed as files (never zipped), which the check below makes explicit.
    """
    resource = files(__package__).joinpath(CORPUS_FILE)
    path = Path(str(resource))
    if not path.is_file():
        raise ShiftwatchError(
            f"{path}: the bundled demo corpus is missing; reinstall Shiftwatch "
            "(pip install --force-reinstall shiftwatch)"
        )
    return path


__all__ = ["CORPUS_FILE", "corpus_path"]
