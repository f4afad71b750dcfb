"""Actors: who a piece of news text names, as codes of ``shared/eval/GUIDELINES.md``.

``load_knowledge_base`` reads the data files (and a user's YAML file) once;
``ActorResolver(kb).resolve(doc, when=...)`` turns a parsed article into :class:`Mention` s.
"""

from __future__ import annotations

from shiftwatch.actors.kb import KnowledgeBase, load_knowledge_base
from shiftwatch.actors.resolver import ActorResolver, Mention

__all__ = ["ActorResolver", "KnowledgeBase", "Mention", "load_knowledge_base"]
