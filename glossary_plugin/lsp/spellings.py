"""Which term a spelling in the editor's text names: hover, go to definition, and a finding's extent.

The build links a term's name, its aliases and their plurals, and flags its
avoided spellings; a `[[reference]]` names a term explicitly. At a place in a
line, the longest run of words around it that is one of those spellings (case
folded, a hyphen and a space alike, unless the term is case-sensitive) names
the term.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.matcher import english_plurals
from ..core.model import Glossary, Term, spaced, squash
from ..core.references import REFERENCE_TEXT

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
MAX_WORDS = 8
"""The longest spelling looked for, in words (longer names are rare; the cost stays bounded)."""


@dataclass(frozen=True)
class Found:
    """A spelling at `line[start:end]` and the term it names."""

    start: int
    end: int
    term: Term
    kind: str
    """'name', 'alias', 'plural', 'avoided' or 'reference'."""
    spelling: str


class Spellings:
    """Every spelling of a glossary's terms, by its folded form."""

    def __init__(self, glossary: Glossary, plurals: bool = True) -> None:
        self.glossary = glossary
        self._index: dict[str, list[tuple[Term, str, str]]] = {}
        longest = 1
        for term in glossary.terms:
            for spelling in term.names:
                kind = "name" if spelling == term.name else "alias"
                longest = max(longest, self._add(spelling, term, kind, spelling))
                if plurals:
                    head, _, last = spelling.rpartition(" ")
                    for plural in english_plurals(last):
                        written = f"{head} {plural}" if head else plural
                        self._add(written, term, "plural", written)
            for spelling in term.avoid:
                longest = max(longest, self._add(spelling, term, "avoided", spelling))
        self.longest = min(longest, MAX_WORDS)

    def _add(self, text: str, term: Term, kind: str, spelling: str) -> int:
        key = spaced(text)
        if key:
            self._index.setdefault(key, []).append((term, kind, spelling))
        return len(key.split())

    def _lookup(self, text: str) -> tuple[Term, str, str] | None:
        for term, kind, spelling in self._index.get(spaced(text), []):
            if kind == "avoided" or not term.is_case_sensitive(spelling if kind != "plural" else term.name):
                return term, kind, spelling
            if _joined(text) == _joined(spelling):  # a case-sensitive spelling: only as written
                return term, kind, spelling
        return None

    def at(self, line: str, column: int) -> Found | None:
        """The spelling of a term that covers `line[column]` (or ends right before it), if any."""
        for found in REFERENCE_TEXT.finditer(line):
            if found.start() <= column <= found.end():
                name = found.group()[2:-2].partition("|")[0]
                term = self.glossary.lookup(name)
                return None if term is None else Found(found.start(), found.end(), term, "reference", name)
        words = [(match.start(), match.end()) for match in _WORD.finditer(line)]
        hit = next((index for index, (start, end) in enumerate(words) if start <= column <= end), None)
        if hit is None:
            return None
        best: Found | None = None
        for first in range(max(0, hit - self.longest + 1), hit + 1):
            for last in range(hit, min(len(words), first + self.longest)):
                start, end = words[first][0], words[last][1]
                if best is not None and end - start <= best.end - best.start:
                    continue
                named = self._lookup(line[start:end])
                if named is not None:
                    best = Found(start, end, *named)
        return best


def _joined(text: str) -> str:
    return squash(text).replace("-", " ")
