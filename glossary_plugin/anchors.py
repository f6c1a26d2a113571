"""Stable, readable, unique anchors for glossary entries.

An anchor is derived from the term's name alone, so it stays the same from
build to build and writers can link to it by hand (``glossary.md#fine-tuning``).
Letters of every script are kept, so Persian and CJK terms get readable
anchors too. Names that reduce to the same anchor are told apart by a
numbered suffix, given in the glossary's order.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from .model import Glossary, Term

_SYMBOLS = {"+": " plus ", "#": " sharp ", "&": " and ", "@": " at "}
_NOT_SLUG = re.compile(r"[^\w\s-]")
_DASHES = re.compile(r"[\s_-]+")


def slugify(name: str) -> str:
    """``Prompt engineering`` -> ``prompt-engineering``; ``C++`` -> ``c-plus-plus``."""
    text = unicodedata.normalize("NFKC", name).casefold()
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    text = _NOT_SLUG.sub(" ", text)
    slug = _DASHES.sub("-", text).strip("-")
    return slug or "term"


def term_anchors(glossary: Glossary | Iterable[Term]) -> dict[str, str]:
    """Term name -> anchor, unique across the glossary."""
    terms = glossary.terms if isinstance(glossary, Glossary) else tuple(glossary)
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for term in terms:
        base = slugify(term.name)
        anchor, number = base, 1
        while anchor in taken:
            number += 1
            anchor = f"{base}-{number}"
        taken.add(anchor)
        anchors[term.name] = anchor
    return anchors
