"""The one-pass term matcher, table-driven."""

from __future__ import annotations

import pytest

from glossary_plugin.matcher import Matcher, english_plurals
from glossary_plugin.model import Glossary, Term

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
MATCHER = Matcher(Glossary(TERMS))


def found(text: str) -> list[tuple[str, str, bool]]:
    return [(text[m.start : m.end], m.term.name, m.avoided) for m in MATCHER.finditer(text)]


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
    assert found(text) == expected


@pytest.mark.parametrize(
    ("word", "plurals"),
    [("model", ["models"]), ("loss", ["losses"]), ("policy", ["policies"]), ("day", ["days"]), ("means", [])],
)
def test_english_plurals(word: str, plurals: list[str]):
    assert english_plurals(word) == plurals


def test_plurals_can_be_turned_off():
    matcher = Matcher(Glossary((Term("model", "d"),)), plurals=False)
    assert [m.term.name for m in matcher.finditer("model and models")] == ["model"]


def test_regex_metacharacters_in_terms_are_literal():
    glossary = Glossary((Term("a.b", "d"), Term("(x)", "d"), Term("[y]*", "d")))
    matcher = Matcher(glossary)
    text = "axb a.b (x) [y]* yyy"
    assert [text[m.start : m.end] for m in matcher.finditer(text)] == ["a.b", "(x)", "[y]*"]


def test_pattern_is_a_prefix_tree_not_an_alternation_of_terms():
    # A flat alternation repeats shared prefixes; the tree states each once.
    glossary = Glossary(tuple(Term(f"transformer variant {i:03d}", "d") for i in range(300)))
    source = Matcher(glossary).source
    assert source.count("transformer") == 1


def test_never_matches_inside_a_character_reference():
    matcher = Matcher(Glossary((Term("lt", "d"), Term("amp", "d"), Term("x27", "d"), Term("nbsp", "d"))))
    text = "a &lt; b &amp; c &#x27; d&nbsp;e, but lt and amp"
    assert [text[m.start : m.end] for m in matcher.finditer(text)] == ["lt", "amp"]
