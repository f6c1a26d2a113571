"""Find every term, alias and avoided spelling in a text in one pass.

All spellings go into one prefix tree, compiled to a single regular
expression. At each position the regex engine walks the tree one character
at a time, so the cost per character does not grow with the number of terms
(unlike one regex per term, or one flat alternation of all terms). Longer
spellings are tried before shorter ones at every branch, so the longest
spelling wins (``prompt engineering`` over ``prompt``).

The text searched is HTML: spellings are matched in their HTML-escaped form,
white space may be a line break or ``&nbsp;``, and hyphens and apostrophes
may be their typographic variants.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from .model import Glossary, Term, fold, squash

# Fragments for characters whose spelling in HTML text varies. Entities for
# non-breaking spaces are turned into white space of the same length before
# searching (see `finditer`), which keeps the white space fragment short.
_UNIT_PATTERNS = {
    " ": r"\s+",
    "-": "[-\u2010\u2011]",
    "'": "(?:'|&&39;|&&x27;|\u2019|&rsquo;)",  # '&#' is searched as '&&' (see `searchable`)
    '"': '(?:"|&quot;|&&34;)',
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
}
# Scripts written without spaces between words: no word boundary is required there.
_SPACELESS_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN", "HALFWIDTH")
_NBSP_ENTITIES = ("&nbsp;", "&#160;", "&#xa0;")
_NBSP_SAME_LENGTH = "\u00a0" * 6
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")


class Match(NamedTuple):
    """A spelling of a term found at ``text[start:end]``."""

    start: int
    end: int
    term: Term
    avoided: bool
    """True when the spelling is one of the term's `avoid` spellings."""


@dataclass(frozen=True)
class _Entry:
    term: Term
    avoided: bool
    exact: frozenset[str] | None
    """Case-sensitive spellings (squashed); None when any case matches."""


def _is_spaceless(unit: str) -> bool:
    return len(unit) == 1 and unicodedata.name(unit, "").startswith(_SPACELESS_SCRIPTS)


def english_plurals(word: str) -> list[str]:
    """Regular English plurals of a spelling's last word; none for non-Latin endings.

    ``model`` -> ``models``, ``loss`` -> ``losses``, ``policy`` -> ``policies``.
    A word already ending in a single ``s`` (``means``, ``RLHFs``) gets none.
    """
    if not word or not ("a" <= word[-1].lower() <= "z"):
        return []
    lower = word.lower()
    if lower.endswith(("ss", "x", "z", "ch", "sh")):
        return [word + "es"]
    if lower.endswith("s"):
        return []
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


def _units(spelling: str) -> tuple[str, ...]:
    """A spelling as prefix-tree keys: one per character in lower case, white space as one key."""
    spelling = " ".join(spelling.split())
    lowered = spelling.lower()
    if len(lowered) == len(spelling):
        return tuple(lowered)
    return tuple(char.lower() if len(char.lower()) == 1 else char for char in spelling)


@cache
def _fragment(unit: str) -> str:
    return _UNIT_PATTERNS.get(unit, re.escape(unit))


class Matcher:
    """Compiled matcher for one glossary."""

    def __init__(self, glossary: Glossary, plurals: bool = True) -> None:
        self.glossary = glossary
        self._entries: dict[str, _Entry] = {}
        trie: set[tuple[str, ...]] = set()
        spellings: list[tuple[str, Term, bool]] = []
        for term in glossary.terms:
            if term.autolink:
                spellings += [(name, term, False) for name in term.names]
            spellings += [(spelling, term, True) for spelling in term.avoid]
        # Explicit spellings first, so that a generated plural never shadows one.
        variants = list(spellings)
        if plurals:
            variants += [(p, t, a) for s, t, a in spellings for p in english_plurals(s)]
        exact: dict[str, set[str]] = {}
        for spelling, term, avoided in variants:
            key = fold(spelling)
            if key not in self._entries:
                self._entries[key] = _Entry(term, avoided, None)
            entry = self._entries[key]
            if entry.term is not term or entry.avoided != avoided:
                continue
            if term.case_sensitive and not avoided:
                exact.setdefault(key, set()).add(squash(spelling))
            forms = {unicodedata.normalize("NFC", spelling), unicodedata.normalize("NFD", spelling)}
            if not (term.case_sensitive and not avoided):
                forms.add(unicodedata.normalize("NFC", spelling.casefold()))  # "Straße" is also "STRASSE"
            for form in forms:
                trie.add(_units(form))
        for key, forms in exact.items():
            entry = self._entries[key]
            self._entries[key] = _Entry(entry.term, entry.avoided, frozenset(forms))
        self.sources = _sources(trie)
        self.source = _compile_root(self.sources)
        """Regex source for every spelling, to search the text that `searchable` gives."""
        self._patterns: dict[bool, re.Pattern[str]] = {}
        # Matched HTML -> (term, avoided); the same spellings recur on every page.
        self._identified: dict[str, tuple[Term, bool] | None] = {}

    def searchable(self, text: str) -> tuple[str, bool]:
        """The text to search with `source`, at the same offsets, and whether to ignore case.

        Usually `text` in lower case, with `&nbsp;` as white space, references
        to letters (`&eacute;`) as word characters and '&#' as '&&'. When lower
        case would change the length (a rare character such as 'İ'), it is
        `text` itself, to be searched with re.IGNORECASE.
        """
        lowered = text.lower()
        ignore_case = len(lowered) != len(text)
        if ignore_case:
            lowered = text
            if "&" in lowered:
                for entity in _NBSP_ENTITIES:
                    lowered = re.sub(re.escape(entity), _NBSP_SAME_LENGTH, lowered, flags=re.IGNORECASE)
        elif "&" in lowered:
            for entity in _NBSP_ENTITIES:
                lowered = lowered.replace(entity, _NBSP_SAME_LENGTH)
        if "&" in lowered:
            lowered = _REFERENCE.sub(_mask_letter, lowered)
            # The digits of a numeric reference (`&#8220;`) are not a word either: after
            # '&&' no spelling can start, as after any '&'.
            lowered = lowered.replace("&#", "&&")
        return lowered, ignore_case

    def finditer(self, text: str) -> Iterator[Match]:
        """Every non-overlapping match in `text`, left to right, longest first."""
        searched, ignore_case = self.searchable(text)
        pattern = self._patterns.get(ignore_case)
        if pattern is None:
            pattern = self._patterns[ignore_case] = re.compile(self.source, re.IGNORECASE if ignore_case else 0)
        search = pattern.search
        found = search(searched)
        while found is not None:
            start, end = found.span()
            match = self.identify(text, start, end)
            if match is None:
                found = search(searched, start + 1)
                continue
            yield match
            found = search(searched, end)

    def identify(self, text: str, start: int, end: int) -> Match | None:
        """The match that the pattern found at `text[start:end]`, or None when it is not one.

        It is not when a neighbour attaches to the spelling (a combining mark,
        say), or when the case is wrong for a case-sensitive term. The search
        then goes on from `start + 1`, as a shorter spelling may start inside.
        """
        # Nothing below U+0300 attaches: most neighbours are decided by one comparison.
        before = text[start - 1] if start else ""
        after = text[end] if end < len(text) else ""
        if (before >= "\u0300" and attaches(before)) or (after >= "\u0300" and attaches(after)):
            return None
        raw = text[start:end]
        if raw in self._identified:
            known = self._identified[raw]
        else:
            known = self._identified[raw] = self._entry_for(raw)
        if known is None:
            return None
        return Match(start, end, known[0], known[1])

    def _entry_for(self, raw: str) -> tuple[Term, bool] | None:
        """The term a matched piece of HTML spells, or None (a wrong-case match of a case-sensitive term)."""
        spelling = html.unescape(raw)
        entry = self._entries.get(fold(spelling))
        if entry is None:
            return None
        if entry.exact is not None and squash(spelling) not in entry.exact:
            return None
        return entry.term, entry.avoided


def _mask_letter(found: re.Match[str]) -> str:
    """A reference to a letter (`&eacute;`) as as many `_`: a word character, so `caf&eacute;` is one word."""
    char = html.unescape(found.group(0))
    return "_" * len(found.group(0)) if len(char) == 1 and (char.isalnum() or attaches(char)) else found.group(0)


def attaches(char: str) -> bool:
    """True for a character that attaches to the one before it, and so continues its word.

    Combining marks (accents written separately, the vowel signs of Indic
    scripts, Arabic diacritics), the zero-width joiner, variation selectors
    and emoji skin tones: a spelling next to one of them is part of a longer
    word (or emoji), as if a letter were there.
    """
    code = ord(char)
    return (
        code == 0x200D
        or 0x1F3FB <= code <= 0x1F3FF
        or 0xE0100 <= code <= 0xE01EF
        or unicodedata.category(char).startswith("M")
    )


class Sources(NamedTuple):
    """Regex sources for the spellings, in the parts that a larger pattern needs."""

    words: str | None
    """Spellings in scripts with spaces, and the word boundary after them; the
    boundary before them is the user's to check (see `NOT_AFTER`)."""
    spaceless: str | None
    """Spellings in scripts without spaces (CJK, Thai), which need no boundary."""
    spaceless_starts: str
    """The characters that begin a spaceless spelling."""


# A spelling in a script with spaces may not start after a word, a hyphen or
# the start of a character reference (`&lt;`, `&#160;`, searched as `&&160;`):
# entity names are not words of the text. Combining marks and joiners continue a word too; a
# character class of them would double the cost of the search, so `identify`
# checks the two neighbours of each match for them instead.
NOT_AFTER = r"(?<![\w&-])"


def _sources(spellings: set[tuple[str, ...]]) -> Sources:
    words = _prefix_tree(units for units in spellings if not _is_spaceless(units[0]))
    spaceless = _prefix_tree(units for units in spellings if _is_spaceless(units[0]))
    return Sources(
        words=_compile_tree(words) + r"(?!\w)" if words else None,
        spaceless=_compile_tree(spaceless) if spaceless else None,
        spaceless_starts="".join(sorted(spaceless)),
    )


def _compile_root(sources: Sources) -> str:
    """Regex source for all spellings: a match must neither continue nor be continued by a word.

    The boundary assertions sit outside the tree: when a long spelling is
    followed by more word characters, the engine backtracks into the tree to
    the next shorter spelling.
    """
    parts = []
    if sources.words:
        parts.append(NOT_AFTER + sources.words)
    if sources.spaceless:
        parts.append(sources.spaceless)
    return "|".join(parts) or r"(?!)"


_END = ""  # the key that marks the end of a spelling in a prefix-tree node (no unit is empty)
_Node = dict[str, "_Node"]


def _prefix_tree(spellings: Iterable[tuple[str, ...]]) -> _Node:
    root: _Node = {}
    for units in spellings:
        node = root
        for unit in units:
            node = node.setdefault(unit, {})
        node[_END] = {}
    return root


def _compile_tree(node: _Node) -> str:
    """Regex source for the spellings below a prefix-tree node.

    The end of a shorter spelling is made optional, so the engine tries the
    longer continuations first.
    """
    branches = []
    for unit in sorted(node):
        if unit == _END:
            continue
        child = node[unit]
        fragments = [_fragment(unit)]
        while len(child) == 1 and _END not in child:  # no branching: a plain sequence
            ((unit, child),) = child.items()
            fragments.append(_fragment(unit))
        if len(child) > 1:
            fragments.append(_compile_tree(child))
        branches.append("".join(fragments))
    if all(len(branch) == 1 for branch in branches) and len(branches) > 1:
        body = "[" + "".join(branches) + "]"
    elif len(branches) == 1:
        body = branches[0]
    else:
        body = "(?:" + "|".join(branches) + ")"
    if _END not in node or not branches:
        return body
    # One character, one character class ("[-‐‑]tokens" is more) or one group can take the "?" as they are.
    single = (
        len(body) == 1
        or (body[0] == "[" and body.find("]") == len(body) - 1)
        or (body.startswith("(?:") and len(branches) > 1)
    )
    return body + "?" if single else f"(?:{body})?"
