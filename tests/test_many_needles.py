"""Many distinct needles on one page (security issue: time linear in every input).

A page that holds thousands of distinct avoided spellings gets one finding for
each; counting each needle in the page's text and placing it in the Markdown
source used to read the page once per distinct needle. Both now read it once
for all of them (`linker.needle_matches`), with the same counts and places.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary_plugin.core import linker as linker_module
from glossary_plugin.core.findings import Finding
from glossary_plugin.core.linker import Linker, _fold_char, needle_matches, needle_pattern
from glossary_plugin.core.model import Glossary, Term
from glossary_plugin.core.options import Options
from glossary_plugin.core.pipeline import Build
from glossary_plugin.core.sourcemap import locate, locate_all

from .test_hostile import Loaded, Page, _NoOtherPages
from .test_hostile_growth import MAX_EXPONENT, growth_exponent


def _spelling(number: int) -> str:
    letters = ""
    while True:
        number, digit = divmod(number, 26)
        letters += chr(ord("a") + digit)
        if not number:
            return "zq" + letters + "x"


def _check_page_with_distinct_avoided_spellings(tmp_path: Path, count: int) -> tuple[Build, Page, str]:
    spellings = [_spelling(number) for number in range(count)]
    glossary = Glossary((Term("token", "The unit.", avoid=tuple(spellings)),))
    lines = [
        f"Here the handbook writes {spelling} in prose, line {number}." for number, spelling in enumerate(spellings)
    ]
    source = tmp_path / f"page{count}.md"
    source.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    html = "".join(f"<p>{line}</p>\n" for line in lines)
    loaded = Loaded(("glossary.yaml", "", True), glossary, [], Linker(glossary))
    build = Build(loaded, Options(severity={"missing-term": "ignore"}), _NoOtherPages(), "glossary.yaml")
    page = Page(src_uri=source.name, url="page/", path=f"docs/{source.name}", abs_path=str(source))
    return build, page, html


@pytest.mark.slow
def test_checking_a_page_is_linear_in_its_distinct_avoided_spellings(tmp_path: Path):
    pages = {}

    def make(count: int) -> str:
        pages[str(count)] = _check_page_with_distinct_avoided_spellings(tmp_path, count)
        return str(count)

    def check(key: str) -> None:
        build, page, html = pages[key]
        build.report.diagnostics.clear()
        _, diagnostics = build.check_page(page, html)
        assert len(diagnostics) == int(key)

    assert growth_exponent(check, make, 1_000) < MAX_EXPONENT


def test_many_distinct_avoided_spellings_are_placed_at_their_lines(tmp_path: Path):
    build, page, html = _check_page_with_distinct_avoided_spellings(tmp_path, 300)
    _, diagnostics = build.check_page(page, html)
    assert [(d.line, d.column) for d in diagnostics] == [(2 * number + 1, 26) for number in range(300)]


# -- the same matches, counts and places as one needle at a time -----------------------------------

_ALPHABET = "aAbB  \n|\\-ßẞſsİiıK\u212a\xa0"
_texts = st.text(alphabet=_ALPHABET, max_size=60)
_needles = st.text(alphabet=_ALPHABET, min_size=1, max_size=6).filter(lambda needle: needle.strip() != "")


@settings(max_examples=400, deadline=None)
@given(_texts, st.lists(st.tuples(_needles, st.booleans()), min_size=1, max_size=8), st.lists(st.integers(0, 60)))
def test_needles_found_together_match_each_found_alone(text: str, keys: list[tuple[str, bool]], cuts: list[int]):
    points = sorted({min(cut, len(text)) for cut in cuts})
    spans = list(zip([0, *points], [*points, len(text)], strict=True))
    alone = {key: [m.span() for s, e in spans for m in needle_pattern(*key).finditer(text, s, e)] for key in keys}
    assert needle_matches(text, spans, keys, few=0) == alone


_words = st.sampled_from(["finetuning", "Finetuning", "fine tuning", "fine-tuning", "go go", "go", "x|y", "ßa", "ẞA"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "x", "re", "-"]), _words, st.sampled_from([" ", "\n", "s ", ". "]))))
def test_findings_are_placed_where_one_needle_at_a_time_places_them(pieces: list[tuple[str, str, str]]):
    """The counts on the page and the places in the source, found together and one needle at a time."""
    source = "".join(before + word + after for before, word, after in pieces)
    avoided = ("finetuning", "fine tuning", "go go", "x|y", "ßa")
    glossary = Glossary((Term("fine-tuning", "More training.", avoid=avoided),))
    html = "<p>" + source.replace("&", "&amp;") + "</p>"
    one_by_one, together = _findings_alone_and_together(Linker(glossary), html)
    assert together == one_by_one
    placed_alone = [locate(source, finding) for finding in one_by_one]
    assert locate_all(source, one_by_one, few=0) == placed_alone


def _findings_alone_and_together(page_linker: Linker, html: str) -> tuple[list[Finding], list[Finding]]:
    """A page's findings counted one needle at a time (the few-needles path) and all needles together."""
    one_by_one = page_linker.link_page(html, lambda term: "#x").findings
    few = linker_module.FEW_NEEDLES
    try:
        linker_module.FEW_NEEDLES = 0
        together = page_linker.link_page(html, lambda term: "#x").findings
    finally:
        linker_module.FEW_NEEDLES = few
    return one_by_one, together


def test_a_needle_that_overlaps_itself_is_counted_as_before():
    html = "<p>xgo go go, go go go go</p>"
    glossary = Glossary((Term("go", "Go.", avoid=("go go",)),))
    one_by_one, together = _findings_alone_and_together(Linker(glossary), html)
    assert together == one_by_one
    assert [finding.occurrence for finding in together] == [0, 1, 2]  # the text is cut at each finding of the needle


@pytest.mark.slow
def test_the_fold_is_coarser_than_ignoring_case_in_re():
    """Every character that `re.IGNORECASE` matches with another has the same fold: the folded text shows
    every place where a needle may match (`needle_matches` verifies each with the needle's pattern)."""
    sre = pytest.importorskip("_sre")
    casefix = pytest.importorskip("re._casefix")
    for code in range(sys.maxunicode + 1):
        if 0xD800 <= code < 0xE000:
            continue
        char = chr(code)
        assert _fold_char(char) == _fold_char(chr(sre.unicode_tolower(code))), hex(code)
    for code, others in casefix._EXTRA_CASES.items():
        assert {_fold_char(chr(other)) for other in others} == {_fold_char(chr(code))}
    assert re.fullmatch("k", "\u212a", re.IGNORECASE) and _fold_char("\u212a") == _fold_char("k")


def test_a_finding_is_not_placed_by_an_other_needle():
    finding = Finding("avoided-spelling", "m", "ab", 0, None, False)
    assert locate_all("x ab\n", [finding] * 3, few=0) == [(1, 3)] * 3
