"""The shortcuts that make loading a large glossary cheap agree with the general code they skip.

Most spellings are ASCII, and for them `squash`, `loose` and the matcher's
prefix-tree keys take shortcuts (issues 23 and 24). Each is checked here
against the general path on generated text in many scripts, and a whole
`Matcher` built with the shortcuts against one built without them: the same
entries, prefix trees and regex sources, so a later change to either path
cannot make them differ unnoticed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary_plugin.core import matcher as matcher_module
from glossary_plugin.core import model
from glossary_plugin.core.linker import Linker
from glossary_plugin.core.matcher import Matcher, Sources, _Node
from glossary_plugin.core.model import Glossary, Term

# Characters that the general paths treat specially: case folding that changes length ('ß', 'İ',
# final 'ς'), compatibility forms ('ﬁ', full-width letters), combining marks, typographic hyphens
# and apostrophes, white space of every kind, HTML metacharacters and scripts without spaces.
_TRICKY = "ßſİıΣσςΛΌΓΟéèe\u0301\u0308ﬁＡｂ\u2010\u2011\u2018\u2019\u02bc\u00a0\u2009\t\n\x1c'\"&<>-_ 機械学習ปัญญา"
_ASCII = st.text(st.characters(max_codepoint=127), max_size=30)
_ANY = st.text(st.one_of(st.characters(), st.sampled_from(_TRICKY)), max_size=30)
_WORDS = st.text(
    st.one_of(st.sampled_from("abcdefXYZ019 -'&"), st.sampled_from(_TRICKY)), min_size=1, max_size=20
).filter(str.strip)
_EXAMPLES = settings(max_examples=300, deadline=None)


def _general_loose(squashed: str) -> str:
    return matcher_module._JOINED.sub(" ", squashed)


@_EXAMPLES
@given(st.one_of(_ASCII, _ANY))
def test_squash_shortcut_is_the_general_squash(text: str) -> None:
    assert model.squash(text) == model._squash_unicode(text)
    assert model.fold(text) == model._squash_unicode(text).casefold()


@_EXAMPLES
@given(st.one_of(_ASCII, _ANY))
def test_loose_shortcut_is_the_general_loose(text: str) -> None:
    assert matcher_module.loose(text) == _general_loose(text)
    assert matcher_module.loose(model.squash(text)) == _general_loose(model.squash(text))


@_EXAMPLES
@given(st.one_of(_ASCII, _ANY), st.booleans())
def test_prefix_tree_keys_shortcut_is_the_general_path(text: str, exact: bool) -> None:
    assert matcher_module._trie_keys(text, exact) == matcher_module._trie_keys_unicode(text, exact)


def test_the_shortcuts_are_taken_for_ascii_only() -> None:
    # The examples above compare both paths; these say which path a spelling takes.
    assert matcher_module._trie_keys("Fine-Tuning  RLHF", False) == {tuple("fine\x00tuning\x00rlhf")}
    assert matcher_module._trie_keys("Straße", False) == {tuple("straße"), tuple("strasse")}
    assert model.squash(" a\t\nb ") == "a b"
    assert model.squash("a\u2011b\u00a0c") == "a-b c"


def _sources_from_trees(words: list[tuple[str, ...]], spaceless: list[tuple[str, ...]]) -> tuple[Sources, int]:
    return matcher_module._sources(
        matcher_module._prefix_tree(words, set()), matcher_module._prefix_tree(spaceless, set())
    )


@contextmanager
def _general_paths() -> Iterator[None]:
    """Build matchers with every shortcut replaced by its general path."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model, "squash", model._squash_unicode)
        patch.setattr(matcher_module, "squash", model._squash_unicode)
        patch.setattr(matcher_module, "loose", _general_loose)
        patch.setattr(matcher_module, "_trie_keys", matcher_module._trie_keys_unicode)
        patch.setattr(matcher_module, "_sources_from_keys", _sources_from_trees)
        yield


def _shape(root: _Node, special: frozenset[int]) -> dict[tuple[str, ...], tuple[bool, tuple[str, ...]]]:
    """A prefix tree as data: each node's path, whether `_Walk` treats it as special, and its keys."""
    shape = {}
    stack: list[tuple[tuple[str, ...], _Node]] = [((), root)]
    while stack:
        path, node = stack.pop()
        shape[path] = (id(node) in special, tuple(sorted(node)))
        stack.extend(((*path, unit), child) for unit, child in node.items())
    return shape


def _picture(matcher: Matcher) -> object:
    words, spaceless, special = matcher._prefix_trees()
    return (
        list(matcher._entries.items()),
        list(matcher._loose.items()),
        _shape(words, special),
        _shape(spaceless, special),
        matcher.sources,
        matcher.deep,
        matcher._irregular,
    )


@st.composite
def _glossaries(draw: st.DrawFn) -> Glossary:
    terms = []
    for number in range(draw(st.integers(1, 6))):
        names = draw(st.lists(_WORDS, min_size=1, max_size=3))
        sensitive = draw(st.booleans())
        terms.append(
            Term(
                names[0],
                f"definition {number}",
                aliases=tuple(names[1:]),
                avoid=tuple(draw(st.lists(_WORDS, max_size=2))),
                case_sensitive=sensitive,
                case=tuple((alias, not sensitive) for alias in names[1:2] if draw(st.booleans())),
                not_inside=tuple(draw(st.lists(_WORDS, max_size=1))),
            )
        )
    return Glossary(tuple(terms), not_inside=tuple(draw(st.lists(_WORDS, max_size=2))))


@settings(max_examples=200, deadline=None)
@given(_glossaries(), st.booleans())
def test_a_matcher_built_with_shortcuts_is_the_one_built_without(glossary: Glossary, plurals: bool) -> None:
    fast = Matcher(glossary, plurals)
    with _general_paths():
        general = Matcher(glossary, plurals)
    assert _picture(fast) == _picture(general)


def test_a_large_ascii_glossary_builds_the_same_matcher_either_way() -> None:
    words = ["token", "fine-tuning", "O'Brien", "AT&T", "a < b", "Large  Language Model", "RLHF", "policy"]
    terms = tuple(
        Term(f"{words[number % len(words)]} {number}", "d", aliases=(f"alias-{number}",), case_sensitive=number % 3 < 1)
        for number in range(300)
    )
    glossary = Glossary(terms, not_inside=("Pydantic AI",))
    fast = Matcher(glossary)
    with _general_paths():
        general = Matcher(glossary)
    assert _picture(fast) == _picture(general)


def test_a_glossary_too_deep_for_one_pattern_builds_the_same_matcher_either_way() -> None:
    # Names that are each a prefix of the next nest one group per name: past `_MAX_NESTING` the pattern
    # is cut, and where it is cut must not depend on how the pattern was built.
    names = [("ab" * 200)[:length] + suffix for length in range(1, 400) for suffix in ("", "x")]
    glossary = Glossary(tuple(Term(name, "d") for name in [*names, "機械学習", "機械"]))
    fast = Matcher(glossary, plurals=False)
    with _general_paths():
        general = Matcher(glossary, plurals=False)
    assert fast.deep < 400
    assert _picture(fast) == _picture(general)


@_EXAMPLES
@given(st.one_of(_ASCII, _ANY))
def test_the_fragment_table_writes_what_fragment_writes(text: str) -> None:
    # Sources from sorted spellings translate a run of characters at once; every ASCII character too.
    for sample in (text, "".join(map(chr, range(128)))):
        assert sample.translate(matcher_module._FRAGMENTS) == "".join(map(matcher_module._fragment, sample))


def test_the_prefix_trees_are_built_for_the_first_walk_only() -> None:
    # Most pages never walk the trees: compiling a glossary builds none (a dict per character
    # of every spelling), and the first rejected match builds them once.
    terms = (Term("Apple Pie", "d", case_sensitive=True), Term("apple", "d"), Term("pie", "d"))
    linker = Linker(Glossary(terms))

    def links(text: str) -> list[str]:
        result = linker.link_page(f"<p>{text}</p>", lambda term: "#", "all")
        return re.findall(r"<a [^>]*>([^<]*)</a>", result.html)

    assert links("Apple Pie, apple") == ["Apple Pie", "apple"]
    assert linker.matcher._trees is None
    assert links("apple pie") == ["apple", "pie"]  # the wrong case: a shorter spelling, found by a walk
    built = linker.matcher._trees
    assert built is not None
    assert links("apple pie") == ["apple", "pie"]
    assert linker.matcher._trees is built
