"""The one-pass term matcher, table-driven, through the path production runs (`Linker.link_page`)."""

from __future__ import annotations

import html
import re

import pytest

from glossary_plugin.core.linker import Linker
from glossary_plugin.core.matcher import Matcher, english_plurals
from glossary_plugin.core.model import Glossary, Term

TERMS = (
    Term("token", "d"),
    Term("tokenizer", "d"),
    Term("prompt", "d"),
    Term("prompt engineering", "d"),
    Term("embedding", "d"),
    Term("model", "d"),
    Term("policy", "d"),
    Term("loss", "d"),
    Term("LLM", "d", case_sensitive=True),
    Term("self-supervised learning", "d"),
    Term("fine-tuning", "d", aliases=("fine-tune",), avoid=("finetuning", "fine tuning")),
    Term("مدل زبانی", "d"),
    Term("変換器", "d"),
    Term("C++", "d"),
    Term(".NET", "d"),
    Term("k-means", "d"),
    Term("R&D", "d"),
)
LINKER = Linker(Glossary(TERMS))
_LINK = re.compile(r'<a class="glossary-term" href="[^"]*" data-glossary-term="([^"]*)" title="[^"]*">(.*?)</a>', re.S)


def spotted(linker: Linker, text: str) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Linking `<p>text</p>` in mode "all": (HTML, term) of each link, (spelling, term) of each avoided one."""
    result = linker.link_page(f"<p>{text}</p>", lambda term: "#", "all")
    links = [(inner, html.unescape(name)) for name, inner in _LINK.findall(result.html)]
    avoided = [(finding.needle, finding.suggestion or "") for finding in result.findings]
    return links, avoided


def linked(terms: tuple[Term, ...], text: str, plurals: bool = True) -> list[str]:
    """The HTML of every link in `<p>text</p>` (mode "all")."""
    return [inner for inner, _ in spotted(Linker(Glossary(terms), plurals=plurals), text)[0]]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a tokenizer splits text", [("tokenizer", "tokenizer", False)], id="not-inside-longer-word"),
        pytest.param("tokenization", [], id="no-partial-word"),
        pytest.param("subtoken", [], id="no-word-suffix"),
        pytest.param(
            "prompt engineering beats a prompt",
            [("prompt engineering", "prompt engineering", False), ("prompt", "prompt", False)],
            id="longest-first",
        ),
        pytest.param("prompt engineers", [("prompt", "prompt", False)], id="falls-back-to-shorter"),
        pytest.param(
            "tokens, embeddings and models",
            [("tokens", "token", False), ("embeddings", "embedding", False), ("models", "model", False)],
            id="plurals",
        ),
        pytest.param("policies and losses", [("policies", "policy", False), ("losses", "loss", False)], id="es-ies"),
        pytest.param("Tokens and MODEL", [("Tokens", "token", False), ("MODEL", "model", False)], id="any-case"),
        pytest.param("LLM, LLMs, llm, Llm", [("LLM", "LLM", False), ("LLMs", "LLM", False)], id="case-sensitive"),
        pytest.param(
            "self-supervised\nlearning",
            [("self-supervised\nlearning", "self-supervised learning", False)],
            id="across-line-break",
        ),
        pytest.param(
            "self-supervised\u00a0learning",
            [("self-supervised\u00a0learning", "self-supervised learning", False)],
            id="non-breaking-space",
        ),
        pytest.param(
            "prompt&nbsp;engineering",
            [("prompt&nbsp;engineering", "prompt engineering", False)],
            id="nbsp-entity",
        ),
        pytest.param("fine\u2011tuning", [("fine\u2011tuning", "fine-tuning", False)], id="non-breaking-hyphen"),
        pytest.param("این یک مدل زبانی است", [("مدل زبانی", "مدل زبانی", False)], id="persian"),
        pytest.param("この変換器は速い", [("変換器", "変換器", False)], id="cjk-without-spaces"),
        pytest.param(
            "C++ and .NET and k-means",
            [("C++", "C++", False), (".NET", ".NET", False), ("k-means", "k-means", False)],
            id="punctuation",
        ),
        pytest.param("ASP.NET and C++11", [], id="punctuation-not-inside-words"),
        pytest.param("R&amp;D teams", [("R&amp;D", "R&D", False)], id="html-escaped-term"),
        pytest.param(
            "finetuning and fine tuning, not fine-tuning",
            [
                ("finetuning", "fine-tuning", True),
                ("fine tuning", "fine-tuning", True),
                ("fine-tuning", "fine-tuning", False),
            ],
            id="avoided-spellings",
        ),
        pytest.param(
            "fine-tune the model", [("fine-tune", "fine-tuning", False), ("model", "model", False)], id="alias"
        ),
        pytest.param("pre-token", [], id="not-after-hyphen"),
        pytest.param("token-level", [("token", "token", False)], id="before-hyphen"),
        pytest.param("the model's output", [("model", "model", False)], id="possessive"),
    ],
)
def test_matches(text: str, expected: list[tuple[str, str, bool]]):
    links, avoided = spotted(LINKER, text)
    assert links == [(spelling, term) for spelling, term, is_avoided in expected if not is_avoided]
    assert avoided == [(spelling, term) for spelling, term, is_avoided in expected if is_avoided]


@pytest.mark.parametrize(
    ("word", "plurals"),
    [
        ("model", ["models"]),
        ("loss", ["losses"]),
        ("policy", ["policies"]),
        ("day", ["days"]),
        ("means", []),
        ("a", []),
        ("I", []),
        ("AI", ["AIs"]),
    ],
)
def test_english_plurals(word: str, plurals: list[str]):
    assert english_plurals(word) == plurals


def test_one_letter_names_have_no_plural():
    # "as" is not the plural of `a`, nor "is" of `I`.
    assert linked((Term("a", "d"), Term("I", "d", case_sensitive=True)), "as is a I") == ["a", "I"]


def test_plurals_can_be_turned_off():
    assert linked((Term("model", "d"),), "model and models", plurals=False) == ["model"]


def test_regex_metacharacters_in_terms_are_literal():
    terms = (Term("a.b", "d"), Term("(x)", "d"), Term("[y]*", "d"))
    assert linked(terms, "axb a.b (x) [y]* yyy") == ["a.b", "(x)", "[y]*"]


def test_pattern_is_a_prefix_tree_not_an_alternation_of_terms():
    # A flat alternation repeats shared prefixes; the tree states each once.
    glossary = Glossary(tuple(Term(f"transformer variant {i:03d}", "d") for i in range(300)))
    words = Matcher(glossary).sources.words
    assert words is not None and words.count("transformer") == 1


def test_never_matches_inside_a_character_reference():
    terms = (Term("lt", "d"), Term("amp", "d"), Term("x27", "d"), Term("nbsp", "d"))
    assert linked(terms, "a &lt; b &amp; c &#x27; d&nbsp;e, but lt and amp") == ["lt", "amp"]


APPLE = (Term("Apple Pie", "d", case_sensitive=True), Term("apple", "d"), Term("pie", "d"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("apple pie", ["apple", "pie"], id="wrong-case-longer-name"),
        pytest.param("Apple Pie", ["Apple Pie"], id="right-case-longer-name"),
        pytest.param("apple pie, Apple Pie, apple", ["apple", "pie", "Apple Pie", "apple"], id="both-in-one-run"),
        pytest.param("apple Pies", ["apple", "Pies"], id="wrong-case-plural"),
        # A page that lower case would lengthen ('İ') is searched without case folding.
        pytest.param("\u0130 apple pie", ["apple", "pie"], id="page-searched-ignoring-case"),
    ],
)
def test_a_shorter_spelling_is_kept_when_a_longer_one_is_rejected(text: str, expected: list[str]):
    assert linked(APPLE, text) == expected


def test_an_avoided_spelling_that_starts_a_case_sensitive_name_is_found():
    terms = (Term("Apple Pie", "d", case_sensitive=True), Term("apple", "d", avoid=("appel",)), Term("pie", "d"))
    links, avoided = spotted(Linker(Glossary(terms)), "appel pie")
    assert (links, avoided) == ([("pie", "pie")], [("appel", "apple")])


def test_a_shorter_spelling_is_kept_when_a_mark_attaches_to_the_longer_one():
    # U+0301 (a combining accent) after "engineering" continues that word; "prompt" stands alone.
    assert linked(TERMS, "prompt engineering\u0301 and prompt engineering") == ["prompt", "prompt engineering"]
