"""The event coder: triggers, dependency roles, modality and attributes -> PLOVER/CAMEO events."""

from shiftwatch.coder.coder import CODER_VERSION, CodedDocument, Coder

__all__ = ["CODER_VERSION", "CodedDocument", "Coder"]
