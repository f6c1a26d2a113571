"""Did-you-mean suggestions from an index, at a bounded cost per question.

`difflib.get_close_matches` compares a word with every choice: 16 ms at 2,000
terms, 120 ms at 20,000, for each new undefined name on a page. `Suggester`
keeps the choices' letter pairs and triples; a question looks only at the
choices that share its rarest ones, and ranks the best few of them with difflib's own
ratio and cutoff, so its answers are difflib's whenever the best choice shares
a letter pair with the word (a typo, a missing or extra letter, a plural), and
its work does not grow with the number of choices.
"""

from __future__ import annotations

import difflib
import itertools
from collections import Counter
from collections.abc import Iterable

from .model import fold

CUTOFF = 0.6
"""difflib's default: a ratio below it is no suggestion."""
MAX_POSTINGS = 256
"""A letter pair or triple shared by more choices than this says little; it is read only when no rarer one is there."""
MAX_READ = 256
"""Postings read for one question at most (the rarest first): the bound on its work."""
MAX_CANDIDATES = 12
"""Choices ranked by difflib for each question: those sharing the most letter pairs and triples with it."""


def _grams(folded: str) -> set[str]:
    """Letter pairs and triples (with the ends marked), words and pairs of words: what two spellings share.

    Words and word pairs keep a glossary of similar names (`alpha beta 10`,
    `alpha beta 110`...) searchable when every letter triple is in thousands of them.
    """
    padded = f" {folded} "
    grams = {padded[index : index + size] for size in (2, 3) for index in range(len(padded) - size + 1)}
    words = folded.split()
    grams.update("\0" + word for word in words)
    grams.update(f"\0{first} {second}" for first, second in itertools.pairwise(words))
    return grams


class Suggester:
    """The closest of a fixed list of names to a word, by difflib's ratio (case and spacing folded)."""

    def __init__(self, choices: Iterable[str]) -> None:
        self._by_fold: dict[str, str] = {fold(choice): choice for choice in choices}
        self._postings: dict[str, list[str]] = {}
        for folded in self._by_fold:
            for gram in _grams(folded):
                self._postings.setdefault(gram, []).append(folded)

    def suggest(self, word: str) -> str | None:
        """The choice closest to `word`, if its ratio reaches CUTOFF."""
        query = fold(word)
        if query in self._by_fold:
            return self._by_fold[query]
        # As difflib does: the word's side of the comparison is prepared once.
        matcher = difflib.SequenceMatcher()
        matcher.set_seq2(query)
        best = max(
            ((_ratio(matcher, candidate), candidate) for candidate in self._candidates(query)), default=(0.0, "")
        )
        return self._by_fold[best[1]] if best[0] >= CUTOFF else None

    def _candidates(self, query: str) -> list[str]:
        """The choices sharing the most letter pairs and triples with `query` (rarest first, bounded)."""
        # In a fixed order (a set's order changes from run to run), so that the answer does not.
        lists = sorted(
            (len(postings), gram, postings) for gram in _grams(query) if (postings := self._postings.get(gram))
        )
        shared: Counter[str] = Counter()
        read = 0
        for size, _, postings in lists:
            if shared and (size > MAX_POSTINGS or read + size > MAX_READ):
                break
            shared.update(postings[:MAX_POSTINGS])
            read += min(size, MAX_POSTINGS)
        # A ratio of at least CUTOFF needs lengths within this factor of each other; among
        # choices that share as much, the closest in length can reach the highest ratio.
        low, high = len(query) * CUTOFF / (2 - CUTOFF), len(query) * (2 - CUTOFF) / CUTOFF
        close = [
            (-count, abs(len(name) - len(query)), name) for name, count in shared.items() if low <= len(name) <= high
        ]
        close.sort()
        return [name for _, _, name in close[:MAX_CANDIDATES]]


def _ratio(matcher: difflib.SequenceMatcher[str], candidate: str) -> float:
    """difflib's ratio of `candidate` to the matcher's word (0 when its cheap bounds say it is under CUTOFF)."""
    matcher.set_seq1(candidate)
    if matcher.real_quick_ratio() < CUTOFF or matcher.quick_ratio() < CUTOFF:
        return 0.0
    return matcher.ratio()
