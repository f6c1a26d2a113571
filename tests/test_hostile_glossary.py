"""Hostile glossaries (issue 13 #1, #5, #6, #9, #14; issue 12): each row's exact outcome.

A pull request that changes only `glossary.yaml` must not make a link run
script, crash or hang the build, or link words it should not: every bad input
is a one-line error at its place (or a warning, for harmless repetition).
"""

from __future__ import annotations

import html
import os
import re
import threading
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary_plugin.core import matcher
from glossary_plugin.core.findings import GLOSSARY_INVALID, REDUNDANT_ALIAS
from glossary_plugin.core.linker import Linker
from glossary_plugin.core.loader import file_problem, load_glossary, parse_glossary
from glossary_plugin.core.model import Glossary, Term, fold
from glossary_plugin.core.urls import is_safe_url, link_problem

_LINK = re.compile(r'<a class="glossary-term" href="[^"]*" data-glossary-term="([^"]*)" title="[^"]*">(.*?)</a>', re.S)


def linked(glossary: Glossary, text: str) -> list[tuple[str, str]]:
    """(term, HTML) of every link in `<p>text</p>`, mode "all"."""
    out = Linker(glossary).link_page(f"<p>{text}</p>", lambda term: "#", "all").html
    return [(html.unescape(name), inner) for name, inner in _LINK.findall(out)]


def errors_of(text: str) -> list[tuple[str, str]]:
    """(code, "path:line:col: message") of every error and warning in a glossary file."""
    return [(error.code, str(error)) for error in parse_glossary(text, "glossary.yaml")[1]]


# -- #1: `link:` that would run script, or leave the site --------------------------------------

_ACCEPTED = "a page of the site (such as training.md#fine-tuning or #anchor) or an http, https or mailto URL"
_JAVASCRIPT = "its scheme 'javascript:' is not allowed"
_OFF_SITE = "it starts with '//' or a backslash, which browsers read as a link to another site (write https://...)"


@pytest.mark.parametrize(
    ("written", "problem"),
    [
        ('"javascript:alert(1)"', _JAVASCRIPT),
        ('"JaVaScRiPt:alert(1)"', _JAVASCRIPT),
        ('"  javascript:alert(1)"', _JAVASCRIPT),
        ('"java\\tscript:alert(1)"', _JAVASCRIPT),
        ('"java\\nscript:alert(1)"', _JAVASCRIPT),
        ('"\\x01javascript:alert(1)"', _JAVASCRIPT),
        ('"javascript:alert(1)\\x01 "', _JAVASCRIPT),
        ('"&#106;avascript:alert(1)"', _JAVASCRIPT),
        ('"jav&#x09;ascript:alert(1)"', _JAVASCRIPT),
        ('"javascript&colon;alert(1)"', _JAVASCRIPT),
        ('"data:text/html,<script>alert(1)</script>"', "its scheme 'data:' is not allowed"),
        ('"vbscript:msgbox(1)"', "its scheme 'vbscript:' is not allowed"),
        ('"file:///etc/passwd"', "its scheme 'file:' is not allowed"),
        ('"training.md:x"', "its scheme 'training.md:' is not allowed"),
        ('"//evil.example"', _OFF_SITE),
        ('"\\\\\\\\evil.example"', _OFF_SITE),
        ('"/\\\\evil.example"', _OFF_SITE),
        ('" \\t//evil.example"', _OFF_SITE),
    ],
)
def test_a_link_that_is_not_a_page_or_an_allowed_url_is_an_error_at_its_value(written: str, problem: str):
    text = f"terms:\n  token:\n    definition: The unit.\n    link: {written}\n"
    assert errors_of(text) == [
        (GLOSSARY_INVALID, f"glossary.yaml:4:11: `link` of 'token' cannot be used: {problem}; use {_ACCEPTED}")
    ]


@pytest.mark.parametrize(
    "target",
    [
        "training.md#fine-tuning",
        "../a/b.md",
        "#anchor",
        "/abs/page/",
        "https://example.com/x",
        "HTTP://x",
        "mailto:a@b",
    ],
)
def test_pages_and_http_https_mailto_urls_are_allowed_links(target: str):
    glossary, errors = parse_glossary(f"terms:\n  token:\n    definition: The unit.\n    link: '{target}'\n")
    assert errors == []
    assert glossary.get("token").link == target


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("java\rscript:alert(1)", False),
        ("\x01javascript:alert(1)", False),
        ("\x00 javascript:alert(1)", False),
        ("data:image/svg+xml,<svg onload=alert(1)>", False),
        ("vbscript:msgbox(1)", False),
        ("&#106;avascript:alert(1)", False),
        ("&#0000106;avascript:alert(1)", False),
        ("jav&#x09;ascript:alert(1)", False),
        ("jav&Tab;ascript:alert(1)", False),
        ("javascript&colon;alert(1)", False),
        ("blob:https://x/y", False),
        ("https://example.com/", True),
        ("http://example.com/", True),
        ("mailto:someone@example.com", True),
        ("training.md#fine-tuning", True),
        ("../a/b.md", True),
        ("#anchor", True),
        ("", True),
        ("//cdn.example.com/a.png", True),  # loads over http(s): no script
        ("page.md?next=javascript:x", True),  # a query, not a scheme
        ("\u00a0javascript:alert(1)", True),  # browsers strip only ASCII: a relative path
    ],
)
def test_urls_in_rendered_html_are_judged_as_browsers_read_them(url: str, safe: bool):
    assert is_safe_url(url) is safe


def test_link_targets_are_stricter_than_rendered_urls():
    assert is_safe_url("//evil.example") and link_problem("//evil.example") == _OFF_SITE
    assert link_problem("  ") == "it is empty"
    assert link_problem("training.md#x") is None


# -- #5: names that nest the prefix tree deeply ----------------------------------------------


def _chain(count: int, unit: str = "a") -> Glossary:
    return Glossary(tuple(Term(unit * length, "d") for length in range(1, count + 1)))


@pytest.mark.parametrize("count", [500, 2000])
def test_names_that_are_each_a_prefix_of_the_next_compile_and_link(count: int):
    # Was: RecursionError from the regex compiler at 500 names.
    lengths = [1, 2, 149, 150, 151, 152, 300, count - 1, count, count + 1]
    found = linked(_chain(count), " ".join("a" * length for length in lengths))
    assert [len(inner) for _, inner in found] == [length for length in lengths if length <= count]
    assert all(name == inner for name, inner in found)


_MIXED = Glossary(
    (
        Term("token", "d", aliases=("token id",)),
        Term("prompt engineering", "d"),
        Term("prompt", "d"),
        Term("fine-tuning", "d", aliases=("fine-tune",), avoid=("finetuning", "fine tuning")),
        Term("LLM", "d", case_sensitive=True),
        Term("Apple Pie", "d", case_sensitive=True),
        Term("apple", "d", avoid=("appel",)),
        Term("R&D", "d"),
        Term("C++", "d"),
        Term("k-means", "d"),
        Term("model's head", "d"),
        Term("self-supervised learning", "d"),
        Term("変換器", "d"),
        Term("変換", "d"),
        Term("مدل زبانی", "d"),
        *_chain(30, "z").terms,
    )
)
_MIXED_TEXT = (
    "A token id, tokens; prompt engineering&nbsp;works, prompt engineers. fine\u2011tuning, finetuning, "
    "fine tuning and fine-tunes. LLM llm LLMs. apple pie, Apple Pie, appel pie. R&amp;D C++ k-means. "
    "the model&#x27;s head and model\u2019s head. self-supervised\nlearning. この変換器と変換は。"
    " این مدل زبانی است. zzz " + "z" * 30 + " " + "z" * 31 + " prompt engineering\u0301 token\u0301"
)


@pytest.mark.parametrize("nesting", [0, 1, 2, 5])
@pytest.mark.parametrize("lead", ["", "\u0130 "], ids=["lower-cased", "searched-ignoring-case"])
def test_a_tree_cut_at_any_depth_links_as_the_whole_pattern_does(
    nesting: int, lead: str, monkeypatch: pytest.MonkeyPatch
):
    # Below the cut the matcher walks the tree itself: it must find what the whole pattern finds.
    # ('İ' lengthens in lower case, so that page is searched as written, ignoring case.)
    page = f"<p>{lead}{_MIXED_TEXT}</p>"
    whole = Linker(_MIXED).link_page(page, lambda term: "#", "all")
    monkeypatch.setattr(matcher, "_MAX_NESTING", nesting)
    cut = Linker(_MIXED).link_page(page, lambda term: "#", "all")
    assert cut.html == whole.html
    assert cut.findings == whole.findings
    assert (len(_LINK.findall(whole.html)), len(whole.findings)) == (22, 3)


def test_a_deep_branching_tree_links_correctly():
    # `ab`, `aab`, `aaab`, ...: each level branches, and no name is a prefix of another.
    glossary = Glossary(tuple(Term("a" * length + "b", "d") for length in range(1, 600)))
    found = linked(glossary, "aab " + "a" * 400 + "b " + "a" * 400 + "c " + "a" * 700 + "b")
    assert [len(inner) for _, inner in found] == [3, 401]


@pytest.mark.parametrize(
    ("unit", "text", "lengths"),
    [
        pytest.param("é", " ".join(["é" * 300, "e\u0301" * 300, "É" * 250]), [300, 600, 250], id="accents-nfc-nfd"),
        pytest.param("漢", "これは" + "漢" * 250 + "字です", [250], id="cjk-without-spaces"),
        pytest.param("я", "Я" * 450 + " " + "я" * 700, [450], id="cyrillic-any-case"),
    ],
)
def test_deep_unicode_names_link(unit: str, text: str, lengths: list[int]):
    assert [len(inner) for _, inner in linked(_chain(500, unit), text)] == lengths


def test_a_deep_case_sensitive_name_falls_back_to_the_longest_shorter_one():
    long_name = "a" * 300 + " B"
    glossary = Glossary((*_chain(400).terms, Term(long_name, "d", case_sensitive=True)))
    found = linked(glossary, "a" * 300 + " b, " + long_name)
    assert found == [("a" * 300, "a" * 300), (long_name, long_name)]


def test_a_glossary_file_of_chained_names_loads_and_links():
    text = "terms:\n" + "".join(f"  {'a' * length}: d\n" for length in range(1, 501))
    glossary, errors = parse_glossary(text)
    assert errors == [] and len(glossary) == 500
    assert linked(glossary, "a" * 500) == [("a" * 500, "a" * 500)]


# -- #6: what is at the glossary file's path ---------------------------------------------------

_SET_IT = "set `glossary_file` in mkdocs.yml to a YAML file, or put one at this path"


def _load_within(path: Path, seconds: float = 10) -> list[str]:
    """The errors of loading `path`, failing the test (instead of hanging it) if it takes too long."""
    result: list[list[str]] = []
    worker = threading.Thread(target=lambda: result.append([str(e) for e in load_glossary(path, "g.yaml")[1]]))
    worker.daemon = True
    worker.start()
    worker.join(seconds)
    assert result, "loading the glossary hangs"
    return result[0]


def test_a_named_pipe_is_an_error_not_a_hang(tmp_path: Path):
    os.mkfifo(tmp_path / "glossary.yaml")
    assert _load_within(tmp_path / "glossary.yaml") == [
        f"g.yaml:1:1: the glossary file is a named pipe, not a regular file; {_SET_IT}"
    ]


def test_a_folder_is_an_error(tmp_path: Path):
    (tmp_path / "glossary.yaml").mkdir()
    assert _load_within(tmp_path / "glossary.yaml") == [
        f"g.yaml:1:1: the glossary file is a folder, not a regular file; {_SET_IT}"
    ]


def test_a_symbolic_link_loop_is_an_error(tmp_path: Path):
    (tmp_path / "glossary.yaml").symlink_to(tmp_path / "other.yaml")
    (tmp_path / "other.yaml").symlink_to(tmp_path / "glossary.yaml")
    assert _load_within(tmp_path / "glossary.yaml") == [
        "g.yaml:1:1: the glossary file is a loop of symbolic links; point the link at a YAML file, "
        "or set `glossary_file`"
    ]


def test_a_dangling_symbolic_link_is_an_error(tmp_path: Path):
    (tmp_path / "glossary.yaml").symlink_to("gone.yaml")
    assert _load_within(tmp_path / "glossary.yaml") == [
        "g.yaml:1:1: the glossary file is a symbolic link to 'gone.yaml', which does not exist; "
        f"fix the link, or {_SET_IT}"
    ]


def test_a_symbolic_link_to_a_file_loads(tmp_path: Path):
    (tmp_path / "real.yaml").write_text("terms:\n  token: The unit.\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").symlink_to("real.yaml")
    glossary, errors = load_glossary(tmp_path / "glossary.yaml")
    assert errors == [] and [term.name for term in glossary.terms] == ["token"]


# -- #9: names that YAML reads as numbers or booleans; one-letter names ---------------------------


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (
            "aliases: [1, 2]",
            [
                "glossary.yaml:4:15: an entry of `aliases` of 'token' is a number in YAML, but it must be text; "
                'write it in quotes: "1"',
                "glossary.yaml:4:18: an entry of `aliases` of 'token' is a number in YAML, but it must be text; "
                'write it in quotes: "2"',
            ],
        ),
        (
            "aliases: 1.5",
            [
                "glossary.yaml:4:14: `aliases` of 'token' is a number in YAML, but it must be text; "
                'write it in quotes: "1.5"'
            ],
        ),
        (
            "avoid: [true]",
            [
                "glossary.yaml:4:13: an entry of `avoid` of 'token' is a boolean (true or false) in YAML, but it must "
                'be text; write it in quotes: "true"'
            ],
        ),
        (
            "see: [2024-01-01]",
            [
                "glossary.yaml:4:11: an entry of `see` of 'token' is a date in YAML, but it must be text; "
                'write it in quotes: "2024-01-01"'
            ],
        ),
        (
            "link: 404",
            [
                "glossary.yaml:4:11: `link` of 'token' is a number in YAML, but it must be text; "
                'write it in quotes: "404"'
            ],
        ),
    ],
)
def test_a_name_that_yaml_reads_as_a_number_or_boolean_is_an_error(field: str, expected: list[str]):
    text = f"terms:\n  token:\n    definition: The unit.\n    {field}\n"
    glossary, errors = parse_glossary(text)
    assert [str(error) for error in errors] == expected
    assert glossary.terms == ()  # nothing links every "1" in prose


def test_quoted_numbers_are_names_and_keys_stay_text():
    glossary, errors = parse_glossary("terms:\n  1.0: A version.\n  token:\n    definition: d\n    aliases: ['1']\n")
    assert errors == []
    assert [term.name for term in glossary.terms] == ["1.0", "token"]
    assert glossary.get("token").aliases == ("1",)


def test_one_letter_names_have_no_plural():
    glossary = Glossary((Term("a", "d"), Term("I", "d", case_sensitive=True)))
    assert linked(glossary, "as is a I") == [("a", "a"), ("I", "I")]


# -- #14: aliases that repeat within one term ----------------------------------------------------


def test_a_repeated_alias_is_a_warning_and_the_term_links():
    text = "terms:\n  Pydantic model:\n    definition: d\n    aliases: [Pydantic models, pydantic models]\n"
    assert errors_of(text) == [
        (
            REDUNDANT_ALIAS,
            "glossary.yaml:4:32: alias 'pydantic models' of term 'Pydantic model' repeats 'Pydantic models' "
            "(the same after case folding and Unicode normalisation); remove it",
        )
    ]
    glossary, _ = parse_glossary(text)
    assert linked(glossary, "two pydantic models") == [("Pydantic model", "pydantic models")]


@pytest.mark.parametrize(
    ("aliases", "expected"),
    [
        ("[token]", "glossary.yaml:4:15: alias 'token' of term 'token' repeats 'token'"),
        ("[TOKEN]", "glossary.yaml:4:15: alias 'TOKEN' of term 'token' repeats 'token'"),
        ("[unit, unit]", "glossary.yaml:4:21: alias 'unit' of term 'token' repeats 'unit'"),
        ("[caf\u00e9, cafe\u0301]", "glossary.yaml:4:21: alias 'cafe\u0301' of term 'token' repeats 'caf\u00e9'"),
    ],
)
def test_each_repetition_is_named_at_its_place(aliases: str, expected: str):
    errors = errors_of(f"terms:\n  token:\n    definition: d\n    aliases: {aliases}\n")
    assert [code for code, _ in errors] == [REDUNDANT_ALIAS]
    assert errors[0][1].startswith(expected + " (the same after case folding and Unicode normalisation)")


def test_two_terms_that_collide_stay_an_error():
    assert errors_of("terms:\n  token: d\n  Token: e\n") == [
        (
            GLOSSARY_INVALID,
            "glossary.yaml:3:3: 'Token' of term 'Token' collides with 'token' of term 'token' (line 2) after case "
            "folding and Unicode normalisation; remove one or make them differ",
        )
    ]


# -- issue 12: a shorter spelling when a longer match is rejected ------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("apple pie", [("apple", "apple")]),
        ("Apple Pie", [("Apple Pie", "Apple Pie")]),
        ("an apple pie and an Apple Pie", [("apple", "apple"), ("Apple Pie", "Apple Pie")]),
    ],
)
def test_a_shorter_name_is_linked_when_a_case_sensitive_longer_one_is_not(text: str, expected: list[tuple[str, str]]):
    glossary = Glossary((Term("Apple Pie", "d", case_sensitive=True), Term("apple", "d")))
    assert linked(glossary, text) == expected


def test_file_problem_says_what_the_loader_says(tmp_path: Path):
    # The CLI can check the path first with the same words (a configuration error, exit 2).
    (tmp_path / "glossary.yaml").mkdir()
    assert file_problem(tmp_path / "glossary.yaml") == f"the glossary file is a folder, not a regular file; {_SET_IT}"
    assert file_problem(tmp_path / "missing.yaml") == (
        "glossary file not found; create it (see the README) or set `glossary_file` in mkdocs.yml"
    )
    assert file_problem("glossary\x00.yaml") == (
        "the glossary file's path holds a NUL character; fix `glossary_file` in mkdocs.yml"
    )
    (tmp_path / "real.yaml").write_text("terms:\n  token: d\n", encoding="utf-8")
    assert file_problem(tmp_path / "real.yaml") is None


_LETTERS = st.sampled_from(["a", "b", "A", "B", "-", " ", "'", "&", "é", "変"])
_NAMES = st.text(_LETTERS, min_size=1, max_size=6).map(str.strip).filter(bool)
_MARKS_AND_REFERENCES = ["\u2011", "e\u0301", "\u0301", "&#x27;", "&amp;", "&nbsp;", "\n", "İ"]
_PIECES = st.sampled_from(["a", "b", "A", "B", "-", " ", "'", "é", "変", *_MARKS_AND_REFERENCES])


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(_NAMES, st.booleans(), st.booleans()), min_size=1, max_size=8),
    st.lists(_PIECES, max_size=40),
    st.sampled_from([0, 1, 3]),
)
def test_any_cut_tree_links_as_the_whole_pattern_does(
    specs: list[tuple[str, bool, bool]], pieces: list[str], nesting: int
):
    terms: dict[str, Term] = {}
    for name, case_sensitive, avoided in specs:
        if fold(name) not in terms:
            spelling = (f"{name}x",) if avoided else ()
            terms[fold(name)] = Term(name, "d", avoid=spelling, case_sensitive=case_sensitive)
    glossary = Glossary(tuple(terms.values()))
    page = "<p>" + "".join(pieces) + "</p>"
    whole = Linker(glossary).link_page(page, lambda term: "#", "all")
    original = matcher._MAX_NESTING
    matcher._MAX_NESTING = nesting  # (not monkeypatch: hypothesis runs the body many times per fixture)
    try:
        cut = Linker(glossary).link_page(page, lambda term: "#", "all")
    finally:
        matcher._MAX_NESTING = original
    assert (cut.html, cut.findings) == (whole.html, whole.findings)
