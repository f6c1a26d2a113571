"""Find every term, alias and avoided spelling in a text in one pass.

All spellings go into one prefix tree, compiled to a single regular
expression. At each position the regex engine walks the tree one character
at a time, so the cost per character does not grow with the number of terms
(unlike one regex per term, or one flat alternation of all terms). Longer
spellings are tried before shorter ones at every branch, so the longest
spelling wins (``prompt engineering`` over ``prompt``). The page pattern of
`linker` embeds these sources; `Matcher.identify` turns what it matched into a
term, and falls back to a shorter spelling at the same start when the longer
one is not a match after all (wrong case, a combining mark after it). A tree
too deep for Python's regex compiler is cut, and walked on in Python below
the cut (see `_MAX_NESTING`).

The text searched is HTML: spellings are matched in their HTML-escaped form,
white space may be a line break or ``&nbsp;``, and hyphens and apostrophes
may be their typographic variants.
"""

from __future__ import annotations

import html
import itertools
import math
import re
import sys
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import NamedTuple

from .model import Glossary, Term, fold, squash

JOINT = "\x00"
"""The prefix-tree key for a space or hyphen between two words of a spelling (no text holds a NUL)."""
# Fragments for characters whose spelling in HTML text varies. Entities for
# non-breaking spaces are turned into white space of the same length before
# searching (see `Matcher.searchable`), which keeps the white space fragment short.
_UNIT_PATTERNS = {
    " ": r"\s+",
    "-": "[-\u2010\u2011]",
    # Between two words of a spelling, a space and a hyphen are alike ("tool-call" for `tool call`).
    JOINT: "(?:\\s+|[-\u2010\u2011])",
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
    blocked: bool = False
    """True for a `not_inside` phrase: nothing in it links (`term` is its term, or `PHRASE`)."""


PHRASE = Term("", "")
"""The term of a match of a glossary-wide `not_inside` phrase."""


@dataclass(frozen=True)
class _Entry:
    term: Term
    avoided: bool
    exact: frozenset[str] | None
    """Case-sensitive spellings (see `loose`); None when any case matches."""
    blocked: bool = False


class _Spelling(NamedTuple):
    text: str
    term: Term
    avoided: bool
    blocked: bool
    exact: bool
    """Matched only in the case written."""


_JOINED = re.compile(r"(?<=\w)[-\s](?=\w)")


def loose(squashed: str) -> str:
    """A squashed spelling with a space for each hyphen between two words: the matcher takes them as equal."""
    if "-" not in squashed and squashed.isascii() and squashed.isprintable():
        return squashed  # its only white space is ' ': nothing to replace
    return _JOINED.sub(" ", squashed)


def _is_spaceless(unit: str) -> bool:
    return len(unit) == 1 and unicodedata.name(unit, "").startswith(_SPACELESS_SCRIPTS)


def english_plurals(word: str) -> list[str]:
    """Regular English plurals of a spelling's last word; none for non-Latin endings.

    ``model`` -> ``models``, ``loss`` -> ``losses``, ``policy`` -> ``policies``.
    A word already ending in a single ``s`` (``means``, ``RLHFs``) gets none,
    and so does a one-letter name: ``as`` is not the plural of ``a``, nor
    ``is`` of ``I``.
    """
    if len(word) < 2 or not ("a" <= word[-1].lower() <= "z"):
        return []
    lower = word.lower()
    if lower.endswith(("ss", "x", "z", "ch", "sh")):
        return [word + "es"]
    if lower.endswith("s"):
        return []
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return [word[:-1] + "ies"]
    return [word + "s"]


_ASCII_JOINT = re.compile(r"(?<=[a-z0-9])[ -](?=[a-z0-9])")


def _ascii_units(spelling: str) -> tuple[str, ...]:
    """`_units` of an ASCII spelling, with no loop in Python."""
    return tuple(_ASCII_JOINT.sub(JOINT, " ".join(spelling.split()).lower()))


def _units(spelling: str) -> tuple[str, ...]:
    """A spelling as prefix-tree keys: one per character in lower case, white space as one key,
    and `JOINT` for a space or hyphen between two words."""
    spelling = " ".join(spelling.split())
    lowered = spelling.lower()
    if len(lowered) == len(spelling):
        units = list(lowered)
    else:
        units = [char.lower() if len(char.lower()) == 1 else char for char in spelling]
    for index in range(1, len(units) - 1):
        if units[index] in " -\u2010\u2011" and units[index - 1].isalnum() and units[index + 1].isalnum():
            units[index] = JOINT
    return tuple(units)


_WORD_GAPS = re.compile(r"(\s+|-)")
_MAX_FOLDED_FORMS = 16


def _folded_forms(text: str) -> set[str]:
    """The spellings of `text` that a page in another case can show, in NFC.

    Pages are searched in lower case, and lower case keeps 'ß' and a final 'ς'
    where case folding writes 'ss' and 'σ': "STRASSE" lowers to the folded
    form, "ΛΌΓΟΣ" to the unfolded one. Each word may be either, so "λόγος
    straße" is also "λόγος strasse" (at most `_MAX_FOLDED_FORMS` mixes; past
    that, the whole spelling folded or not).
    """
    parts = _WORD_GAPS.split(unicodedata.normalize("NFC", text))
    choices = [{part, unicodedata.normalize("NFC", part.casefold())} for part in parts]
    whole = {unicodedata.normalize("NFC", text.casefold())}
    if math.prod(len(choice) for choice in choices) > _MAX_FOLDED_FORMS:
        return whole
    return whole | {"".join(mix) for mix in itertools.product(*choices)}


def _trie_keys(text: str, exact: bool) -> set[tuple[str, ...]]:
    """The prefix-tree keys of a spelling: its `_units` in NFC and in NFD, and, unless it is matched only
    in the case written (`exact`), in each of its `_folded_forms` ("Straße" is also "STRASSE")."""
    if text.isascii():
        # Most spellings. ASCII is the same in NFC and NFD, and its folded forms differ from it only
        # in case, which `_units` lowers: every form has the same keys.
        return {_ascii_units(text)}
    return _trie_keys_unicode(text, exact)


def _trie_keys_unicode(text: str, exact: bool) -> set[tuple[str, ...]]:
    """`_trie_keys` for any text (the general path that its ASCII shortcut must agree with)."""
    forms = {unicodedata.normalize("NFC", text), unicodedata.normalize("NFD", text)}
    if not exact:
        forms.update(_folded_forms(text))
    return {_units(form) for form in forms}


@cache
def _fragment(unit: str) -> str:
    return _UNIT_PATTERNS.get(unit, re.escape(unit))


def _spellings(glossary: Glossary) -> list[_Spelling]:
    """Every spelling to look for: names and aliases, avoided spellings, then `not_inside` phrases."""
    spellings: list[_Spelling] = []
    for term in glossary.terms:
        if term.autolink:
            spellings += [_Spelling(name, term, False, False, term.is_case_sensitive(name)) for name in term.names]
        spellings += [_Spelling(spelling, term, True, False, False) for spelling in term.avoid]
    for term in glossary.terms:
        spellings += [_Spelling(phrase, term, False, True, False) for phrase in term.not_inside]
    spellings += [_Spelling(phrase, PHRASE, False, True, False) for phrase in glossary.not_inside]
    return spellings


class Matcher:
    """Compiled matcher for one glossary."""

    def __init__(self, glossary: Glossary, plurals: bool = True) -> None:
        self.glossary = glossary
        self._entries: dict[str, _Entry] = {}
        self._loose: dict[str, _Entry] = {}
        """Entries by `loose` key: a spelling with hyphens for spaces, or the reverse."""
        trie: set[tuple[str, ...]] = set()
        spellings = _spellings(glossary)
        # Explicit spellings first, so that a generated plural never shadows one.
        variants = list(spellings)
        if plurals:
            variants += [
                _Spelling(plural, *spelling[1:]) for spelling in spellings for plural in english_plurals(spelling.text)
            ]
        exact: dict[str, set[str]] = {}
        for spelling in variants:
            key = fold(spelling.text)
            entry = self._entries.get(key)
            if entry is None:
                entry = self._entries[key] = _Entry(spelling.term, spelling.avoided, None, spelling.blocked)
            elif entry.term is not spelling.term or (entry.avoided, entry.blocked) != (
                spelling.avoided,
                spelling.blocked,
            ):
                continue
            self._loose.setdefault(loose(key), entry)
            if spelling.exact:
                exact.setdefault(key, set()).add(loose(squash(spelling.text)))
            trie |= _trie_keys(spelling.text, spelling.exact)
        for key, forms in exact.items():
            entry = self._entries[key]
            self._entries[key] = replaced = _Entry(entry.term, entry.avoided, frozenset(forms), entry.blocked)
            if self._loose.get(loose(key)) is entry:
                self._loose[loose(key)] = replaced
        words: list[tuple[str, ...]] = []
        spaceless: list[tuple[str, ...]] = []
        for units in trie:
            (spaceless if _is_spaceless(units[0]) else words).append(units)
        self._keys = (words, spaceless)
        self._trees: tuple[_Node, _Node, frozenset[int]] | None = None
        # Units of more than one character (a rare letter such as 'İ') are found by trying every unit.
        self._irregular = any(len("".join(units)) != len(units) for units in trie)
        if self._irregular:
            words_tree, spaceless_tree, _ = self._prefix_trees()
            self.sources, self._deep = _sources(words_tree, spaceless_tree)
        else:
            self.sources, self._deep = _sources_from_keys(words, spaceless)
        self._shorter: dict[tuple[str, bool, bool, bool], Match | None] = {}
        # Matched HTML -> what it spells, at offset 0; the same spellings recur on every page.
        self._identified: dict[str, Match | None] = {}

    def _prefix_trees(self) -> tuple[_Node, _Node, frozenset[int]]:
        """The prefix trees of the spellings in scripts with spaces and without, and their special nodes
        (see `_prefix_tree`): built when a match first needs a walk (most pages need none)."""
        if self._trees is None:
            special: set[int] = set()
            words, spaceless = self._keys
            self._trees = (_prefix_tree(words, special), _prefix_tree(spaceless, special), frozenset(special))
            self._keys = ([], [])  # the trees hold them now
        return self._trees

    @property
    def deep(self) -> int:
        """The length from which the page pattern may stop short of a match (see `identify`)."""
        return self._deep

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

    def identify(self, text: str, start: int, end: int, searched: str, ignore_case: bool) -> Match | None:
        """The longest spelling at `text[start:]`, given that the page pattern matched `text[start:end]`.

        `searched` is `searchable(text)`'s text, optionally after some padding
        (its offsets are those of `text` plus the padding's length). The match
        found is usually `text[start:end]` itself. It is not when a neighbour
        attaches to it (a combining mark, say) or the case is wrong for a
        case-sensitive term: then the longest shorter spelling at `start` is
        the match (`apple` in "apple pie" when `Apple Pie` is case-sensitive),
        and None when there is none (the search then goes on from `start + 1`,
        as a spelling may start inside). Past a deep part of the prefix tree
        (see `_MAX_NESTING`) the pattern stops early, and the match may be
        longer than `text[start:end]`.
        """
        # Nothing below U+0300 attaches: most neighbours are decided by one comparison.
        before = text[start - 1] if start else ""
        if before >= "\u0300" and attaches(before):
            return None
        if before in JOINERS and start > 1 and _is_word(text[start]) and not _may_follow(text, start, before):
            return None
        padding = len(searched) - len(text)
        if end - start >= self._deep:  # the pattern may have stopped short: walk on from the start
            return self._walk(text, start, None, searched, padding, ignore_case)
        raw = text[start:end]
        attached = _attached(text, end)
        known = self._known(raw)
        if known is not None and not attached:
            return Match(start, end, known.term, known.avoided, known.blocked)
        # The same rejected HTML recurs: remember its longest shorter spelling.
        key = (raw, ignore_case, attached, _after_word(searched, start + padding))
        if key not in self._shorter:
            found = self._walk(text, start, end, searched, padding, ignore_case)
            self._shorter[key] = None if found is None else found._replace(start=0, end=found.end - start)
        shorter = self._shorter[key]
        return None if shorter is None else shorter._replace(start=start, end=start + shorter.end)

    def _known(self, raw: str) -> Match | None:
        if raw in self._identified:
            return self._identified[raw]
        known = self._identified[raw] = self._entry_for(raw)
        return known

    def _walk(
        self, text: str, start: int, limit: int | None, searched: str, padding: int, ignore_case: bool
    ) -> Match | None:
        """The longest spelling at `start` (ending by `limit`, if given), found by walking the prefix trees."""
        at = start + padding
        words, spaceless, special = self._prefix_trees()
        walk = _Walk(searched, ignore_case, every=ignore_case or self._irregular, special=special)
        ends = [] if _after_word(searched, at) else [(end, True) for end in walk.ends(words, at)]
        ends += [(end, False) for end in walk.ends(spaceless, at)]
        for end, bounded in sorted(ends, reverse=True):
            if limit is not None and end > limit + padding:
                continue
            if bounded and end < len(searched) and _WORD.match(searched, end):
                continue  # the spelling goes on as a longer word
            stop = end - padding
            if _attached(text, stop):
                continue
            known = self._known(text[start:stop])
            if known is not None:
                return known._replace(start=start, end=stop)
        return None

    def _entry_for(self, raw: str) -> Match | None:
        """What a matched piece of HTML spells (at offsets 0 to its length), or None (a wrong-case match
        of a case-sensitive term)."""
        spelling = html.unescape(raw)
        key = fold(spelling)
        entry = self._entries.get(key) or self._loose.get(loose(key))
        if entry is None:
            return None
        if entry.exact is not None and loose(squash(spelling)) not in entry.exact:
            return None
        return Match(0, len(raw), entry.term, entry.avoided, entry.blocked)


# What may join a spelling to the word before it: hyphens (see `_may_follow`) and a dot.
JOINERS = frozenset("-\u2010\u2011.")


def _may_follow(text: str, start: int, joiner: str) -> bool:
    """Whether a spelling may start at `start`, right after a hyphen or a dot.

    After a dot that follows a word, never: `dspy.Tool` and `a.token` are
    identifiers. After a hyphen that follows a word, only an acronym: what is
    written there starts with two capital letters (`sub-LLMs`, `non-JSON`);
    a lower-case word after a hyphen is part of a compound that means
    something else (`pre-training`, `self-attention`, `multi-agent`).
    """
    if not _is_word(text[start - 2]):
        return joiner == "."  # "...token", or a hyphen as a dash or a flag ("--token")
    if joiner == ".":
        return False
    return text[start : start + 2].isupper() and text[start : start + 2].isalpha()


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def _attached(text: str, end: int) -> bool:
    """Whether what follows `text[:end]` continues its word: a combining mark, or a dot and a word
    after a word (`token.b`)."""
    after = text[end] if end < len(text) else ""
    if after == ".":
        return end + 1 < len(text) and _is_word(text[end + 1]) and _is_word(text[end - 1])
    return after >= "\u0300" and attaches(after)


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


# A spelling in a script with spaces may not start after a word or the start of
# a character reference (`&lt;`, `&#160;`, searched as `&&160;`): entity names
# are not words of the text. Combining marks and joiners continue a word too; a
# character class of them would double the cost of the search, so `identify`
# checks the two neighbours of each match for them instead, and for a hyphen or a
# dot before it (see `_may_follow`).
NOT_AFTER = r"(?<![\w&])"


_WORD = re.compile(r"\w")
_NOT_AFTER = re.compile(r"[\w&]")


def _after_word(searched: str, at: int) -> bool:
    """True when a spelling in a script with spaces may not start at `at` (see `NOT_AFTER`)."""
    return at > 0 and _NOT_AFTER.match(searched, at - 1) is not None


def _sources(words: _Node, spaceless: _Node) -> tuple[Sources, int]:
    """The regex sources, and the length from which a match may have been cut short (see `_MAX_NESTING`)."""
    words_source, words_deep = _compile_tree(words, r"\w*") if words else ("", _NEVER)
    spaceless_source, spaceless_deep = _compile_tree(spaceless, "") if spaceless else ("", _NEVER)
    sources = Sources(
        words=words_source + r"(?!\w)" if words else None,
        spaceless=spaceless_source if spaceless else None,
        spaceless_starts="".join(sorted(spaceless)),
    )
    return sources, min(words_deep, spaceless_deep)


# `_fragment` of each character as a table for `str.translate`: `re.escape` changes ASCII only.
_FRAGMENTS = {code: _fragment(chr(code)) for code in range(128)}


def _sources_from_keys(words: list[tuple[str, ...]], spaceless: list[tuple[str, ...]]) -> tuple[Sources, int]:
    """`_sources` of the prefix trees of these keys, without building the trees: for keys of one
    character per unit (all but a few), where a key's units can be read as one string."""
    words_keys = sorted("".join(units) for units in words)
    spaceless_keys = sorted("".join(units) for units in spaceless)
    words_source, words_deep = _compile_sorted(words_keys, r"\w*") if words_keys else ("", _NEVER)
    spaceless_source, spaceless_deep = _compile_sorted(spaceless_keys, "") if spaceless_keys else ("", _NEVER)
    sources = Sources(
        words=words_source + r"(?!\w)" if words_keys else None,
        spaceless=spaceless_source if spaceless_keys else None,
        spaceless_starts="".join(sorted({key[0] for key in spaceless_keys})),
    )
    return sources, min(words_deep, spaceless_deep)


def _compile_sorted(keys: list[str], cut: str) -> tuple[str, int]:
    """`_compile_tree` of the prefix tree of `keys` (distinct, sorted, one character per unit).

    In sorted keys, those below a node of the tree are a run, and so are those
    below each of its branches; a branch runs on without branching for as long
    as the run's first and last keys agree. Each node costs a few searches in
    the keys, not a step per character. Recursive, but no deeper than
    `_MAX_NESTING`.
    """
    deep = _NEVER

    def node(low: int, high: int, length: int, depth: int) -> str:
        """The source for `keys[low:high]`, which share their first `length` characters."""
        nonlocal deep
        ends = len(keys[low]) == length  # a key ends here: the shortest, so the first
        start = low + 1 if ends else low
        branches = []
        while start < high:
            first = keys[start]
            unit = first[length]
            stop = high if unit == "\U0010ffff" else bisect_left(keys, first[:length] + chr(ord(unit) + 1), start, high)
            shared = len(first) if stop - start == 1 else _common_length(first, keys[stop - 1], length + 1)
            text = first[length:shared].translate(_FRAGMENTS)
            if stop - start > 1 and depth < _MAX_NESTING:
                text += node(start, stop, shared, depth + 1)
            elif stop - start > 1:
                text += cut
                deep = min(deep, shared)
            branches.append(text)
            start = stop
        return _alternatives(branches, ends)

    return node(0, len(keys), 0, 0), deep


def _common_length(first: str, last: str, known: int) -> int:
    """The length of the longest common prefix of two strings, given that it is at least `known`."""
    low, high = known, min(len(first), len(last))
    while low < high:  # by halves: comparing slices is quick, stepping through characters is not
        middle = (low + high + 1) // 2
        if first[:middle] == last[:middle]:
            low = middle
        else:
            high = middle - 1
    return low


_END = ""  # the key that marks the end of a spelling in a prefix-tree node (no unit is empty)
_Node = dict[str, "_Node"]


def _prefix_tree(spellings: Iterable[tuple[str, ...]], special: set[int]) -> _Node:
    """The spellings' prefix tree; adds to `special` the ids of nodes with a unit that stands
    for several spellings (white space, hyphens, `&`...), for `_Walk`."""
    root: _Node = {}
    for units in spellings:
        node = root
        for unit in units:
            child = node.get(unit)
            if child is None:  # a node's keys are only added here: mark the node as its key is
                if unit in _UNIT_PATTERNS:
                    special.add(id(node))
                child = node[unit] = {}
            node = child
        node[_END] = {}
    return root


# How deeply the pattern may nest groups. Each node of the prefix tree where a
# spelling ends or branches opens one group, and Python's regex parser takes two
# stack frames per nested group: 500 names that are each a prefix of the next
# (`a`, `aa`, `aaa`, ...) exceed the default limit of 1,000 frames (measured:
# at most 496 nested groups compile from the top of the stack). Below this
# depth the pattern stops, and `Matcher.identify` walks the rest of the tree.
_MAX_NESTING = 150
_NEVER = sys.maxsize
_Branch = tuple[str, "_Node | None"]


def _compile_tree(root: _Node, cut: str) -> tuple[str, int]:
    """Regex source for the spellings below a prefix-tree node, and the length of its shortest cut.

    The end of a shorter spelling is made optional, so the engine tries the
    longer continuations first. A node deeper than `_MAX_NESTING` groups is
    written as `cut` (which matches whatever may follow it); the length is
    that of the shortest path to one, the fewest characters of a match that
    may have been cut short (`_NEVER` when none is). Built without recursion,
    as a tree may be as deep as its longest spelling.
    """
    deep = _NEVER
    order: list[tuple[_Node, list[_Branch]]] = []  # parents before children
    stack: list[tuple[_Node, int, int]] = [(root, 0, 0)]
    while stack:
        node, depth, length = stack.pop()
        branches: list[_Branch] = []
        for unit in sorted(node):
            if unit == _END:
                continue
            child, fragments, units = node[unit], [_fragment(unit)], length + 1
            while len(child) == 1 and _END not in child:  # no branching: a plain sequence
                ((unit, child),) = child.items()
                fragments.append(_fragment(unit))
                units += 1
            below: _Node | None = None
            if len(child) > 1 and depth < _MAX_NESTING:
                below = child
                stack.append((child, depth + 1, units))
            elif len(child) > 1:
                fragments.append(cut)
                deep = min(deep, units)
            branches.append(("".join(fragments), below))
        order.append((node, branches))
    sources: dict[int, str] = {}
    for node, branches in reversed(order):
        parts = [text + (sources.pop(id(child)) if child is not None else "") for text, child in branches]
        sources[id(node)] = _alternatives(parts, _END in node)
    return sources[id(root)], deep


def _alternatives(branches: list[str], optional: bool) -> str:
    """One node's branches as a regex (at most one group), optional when a spelling ends there."""
    if all(len(branch) == 1 for branch in branches) and len(branches) > 1:
        body = "[" + "".join(branches) + "]"
    elif len(branches) == 1:
        body = branches[0]
    else:
        body = "(?:" + "|".join(branches) + ")"
    if not optional or not branches:
        return body
    # One character, one character class ("[-‐‑]tokens" is more) or one group can take the "?" as they are.
    single = (
        len(body) == 1
        or (body[0] == "[" and body.find("]") == len(body) - 1)
        or (body.startswith("(?:") and len(branches) > 1)
    )
    return body + "?" if single else f"(?:{body})?"


@cache
def _unit_pattern(unit: str, ignore_case: bool) -> re.Pattern[str]:
    return re.compile(_fragment(unit), re.IGNORECASE if ignore_case else 0)


@dataclass(frozen=True)
class _Walk:
    """The prefix trees' regex, step by step, on one searched text.

    Each node is reached at most once: a node's units differ, and each unit's
    fragment matches one length at a place.
    """

    searched: str
    ignore_case: bool
    every: bool
    """Match every unit of each node as a regex (on text searched without case, or with units
    longer than one character), not only the one the next character spells."""
    special: frozenset[int]
    """Nodes with units that stand for several spellings (see `_prefix_tree`)."""

    def ends(self, root: _Node, at: int) -> list[int]:
        """Where the spellings of the tree that start at `searched[at]` end."""
        searched, every, special = self.searched, self.every, self.special
        found = []
        stack = [(root, at)]
        while stack:
            node, position = stack.pop()
            if _END in node:
                found.append(position)
            if every:
                for unit, child in node.items():
                    if unit != _END:
                        self.step(unit, child, position, stack)
                continue
            if position < len(searched):
                char = searched[position]
                following = node.get(char)
                if following is not None and char not in _UNIT_PATTERNS:
                    stack.append((following, position + 1))
            if id(node) in special:
                for unit in _UNIT_PATTERNS:
                    if unit in node:
                        self.step(unit, node[unit], position, stack)
        return found

    def step(self, unit: str, child: _Node, position: int, stack: list[tuple[_Node, int]]) -> None:
        matched = _unit_pattern(unit, self.ignore_case).match(self.searched, position)
        if matched is not None:
            stack.append((child, matched.end()))
