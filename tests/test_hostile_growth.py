"""Hostile glossaries and pages (security issue, items 3 and 4): time linear in every input, no amplification.

Growth tests time one input at n and 4n and check the exponent of the growth
(1 is linear, 2 quadratic). They use CPU time, the best of a few runs, and
enough repetitions that the smaller size takes at least 50 ms, so that a busy
machine does not make them fail.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort

from glossary_plugin.core import loader
from glossary_plugin.core.findings import Finding
from glossary_plugin.core.loader import parse_glossary
from glossary_plugin.core.matcher import Matcher
from glossary_plugin.core.sanitize import sanitize_definition
from glossary_plugin.core.sourcemap import locate, text_view
from glossary_plugin.core.text import markdown_to_text

from .conftest import PluginLog, Site

# Quadratic growth is 2; linear growth measures 0.9 to 1.3 on a loaded machine.
MAX_EXPONENT = 1.5


def _seconds(work: Callable[[], object], repeats: int) -> float:
    """CPU seconds of `repeats` runs, with Python's cyclic garbage collector held off: when it runs
    depends on what earlier tests left behind, not on the code timed (it made a linear loader measure
    1.6 on a loaded CI machine)."""
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        for _ in range(repeats):
            work()
        return time.process_time() - start
    finally:
        gc.enable()


def growth_exponent(run: Callable[[str], object], make: Callable[[int], str], size: int) -> float:
    """How the time of `run` grows from input `make(size)` to `make(4 * size)`, as an exponent."""
    small, large = make(size), make(4 * size)
    once = _seconds(lambda: run(small), 1)
    repeats = max(1, math.ceil(0.05 / max(once, 1e-6)))
    small_time = min(_seconds(lambda: run(small), repeats) for _ in range(3))
    exponent = math.inf
    for _ in range(3):  # a slow run may be the machine; a much slower one is the code (stop at once)
        large_time = _seconds(lambda: run(large), repeats)
        exponent = min(exponent, math.log(large_time / small_time, 4))
        if exponent < MAX_EXPONENT or exponent > MAX_EXPONENT + 0.3:
            break
    return exponent


# -- item 3: the source map ----------------------------------------------------------------------


def _place_a_finding(source: str) -> tuple[int, int]:
    text_view.cache_clear()  # the view is what is timed
    return locate(source, Finding("avoided-spelling", "m", "finetuning", 0))


@pytest.mark.slow
@pytest.mark.parametrize("unit", ["<a ", "<!--", '<a "', "{#", "[\n", "<!-- <a"])
def test_placing_a_finding_is_linear_in_unclosed_tags_and_comments(unit: str):
    def page(count: int) -> str:
        return "# Page\n\nSome finetuning.\n\n```\n" + unit * count + "\n```\n"

    assert _place_a_finding(page(10)) == (3, 6)
    assert growth_exponent(_place_a_finding, page, 5_000) < MAX_EXPONENT


def test_the_source_map_still_blanks_what_renders_as_no_text():
    source = (
        "A <a title='x > y' href=\"z\">link</a>, <!-- a\ncomment --> [text](url 'title') {: #id }\n"
        '[ref]: http://example.com\n<br/> <a <b x="<"> {#open <!-- open\n'
    )
    blank = {index for index, char in enumerate(text_view(source)) if char == "\0"}
    kept = "".join(char for index, char in enumerate(source) if index not in blank)
    assert kept == "A link, \n [text \n\n  {#open <!-- open\n"


# -- item 3: tooltip text ------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("unit", ["*a ", "_a ", "[", "![", "[[", "[a](", "[^"])
def test_tooltip_text_is_linear_in_unclosed_marks(unit: str):
    assert growth_exponent(markdown_to_text, lambda count: unit * count, 5_000) < MAX_EXPONENT


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("A *b* and _c_ with **d** and *e * f*.", "A b and c with d and e * f."),
        ("*a *b* c", "a *b c"),
        # Link text holds no bracket: "[a " stays text, as Markdown renders it.
        ("[a [b](c) and [d][e] and ![alt](i.png)", "[a b and d and alt"),
        ("x\n\n[ref]: http://x\n[^1]: note\n\nA[^1].", "x A."),
    ],
)
def test_tooltip_text_keeps_reading_markdown_as_before(markdown: str, text: str):
    assert markdown_to_text(markdown) == text


# -- item 3: the sanitiser -----------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    ("opening", "closing"),
    [("<em>", "</em>"), ("<blockquote>", "</blockquote>"), ("<ul><li>", "</li></ul>"), ("<em>", "</b>")],
)
def test_sanitising_is_linear_in_nesting_depth(opening: str, closing: str):
    def nested(depth: int) -> str:
        return opening * depth + "x" + closing * depth

    assert growth_exponent(sanitize_definition, nested, 4_000) < MAX_EXPONENT


def test_deep_nesting_is_still_closed_in_order():
    assert sanitize_definition("<em><strong>" * 3 + "x</em>") == "<em><strong>" * 3 + "x" + "</strong></em>" * 3


# -- item 3: avoided spellings -------------------------------------------------------------------


def _avoiding(count: int) -> str:
    return "terms:\n  token:\n    definition: x\n    avoid:\n" + "".join(
        f"      - spelling{n}x\n" for n in range(count)
    )


@pytest.mark.slow
def test_loading_and_compiling_distinct_avoided_spellings_is_linear():
    def load_and_compile(text: str) -> Matcher:
        glossary, errors = parse_glossary(text)
        assert errors == []
        return Matcher(glossary)

    assert growth_exponent(load_and_compile, _avoiding, 2_000) < MAX_EXPONENT


# -- item 4: amplification -----------------------------------------------------------------------

ALIASED = "terms:\n  token:\n    definition: &s " + "x" * 100_000 + "\n" + "".join(f"  d{n}: *s\n" for n in range(300))


def test_a_yaml_alias_is_an_error_at_the_alias_that_says_what_to_do():
    glossary, errors = parse_glossary(ALIASED)
    assert len(glossary) == 0
    assert [(error.line, error.column, error.code) for error in errors] == [(4, 7, "glossary-invalid")]
    assert "YAML alias '*s' (and 299 more) repeats the value anchored on line 3" in errors[0].message
    assert "write the definition out instead of using a YAML alias" in errors[0].message


def test_a_single_alias_of_a_short_value_is_an_error_too():
    _, errors = parse_glossary(
        "terms:\n  token:\n    definition: x\n    see: &s [word]\n  word:\n    definition: y\n    see: *s\n"
    )
    assert [(error.line, error.column) for error in errors] == [(7, 10)]


def test_billion_laughs_is_an_error_at_once():
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 12):  # 10 ** 12 leaves if expanded
        name, below = f"l{level}", "a" if level == 1 else f"l{level - 1}"
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{below}"] * 10) + "]")
    start = time.process_time()
    _, errors = parse_glossary("\n".join([*lines, "terms:", "  token: x"]) + "\n")
    assert time.process_time() - start < 1
    assert [(error.line, error.column) for error in errors] == [(2, 10)]


def test_a_recursive_alias_is_an_error_not_a_hang():
    _, errors = parse_glossary("terms:\n  token:\n    definition: x\n    see: &r [*r]\n")
    assert [(error.line, error.column) for error in errors] == [(4, 14)]
    assert "YAML alias '*r'" in errors[0].message


def test_a_definition_over_the_limit_is_an_error_at_it_and_other_terms_load():
    limit = loader.MAX_DEFINITION_LENGTH
    too_long = "y" * (limit + 1)
    glossary, errors = parse_glossary(f"terms:\n  token:\n    definition: {too_long}\n  short: {'z' * limit}\n")
    assert [term.name for term in glossary.terms] == ["short"]
    assert [(error.line, error.column) for error in errors] == [(3, 17)]
    assert "is 10,001 characters long; the limit is 10,000" in errors[0].message


def test_deep_nesting_is_an_error_without_libyaml_too(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(loader, "_YAML_LOADER", yaml.SafeLoader)  # the pure-Python parser recurses
    _, errors = parse_glossary("terms:\n  token:\n    definition: x\n    see: " + "[" * 1_000 + "]" * 1_000 + "\n")
    assert len(errors) == 1
    assert "nested too deeply" in errors[0].message


def test_a_build_with_a_yaml_alias_stops_at_the_alias(
    site: Site, plugin_log: PluginLog, caplog: pytest.LogCaptureFixture, tmp_path: Path
):
    site.glossary(ALIASED)
    site.page("index.md", "# Home\n\nA token, d1 and d2.\n")
    with pytest.raises(Abort):
        site.build()
    errors = [r.getMessage() for r in caplog.records if r.name == "mkdocs.commands.build" and r.levelname == "ERROR"]
    assert len(errors) == 1
    assert "glossary.yaml:4:7: glossary-invalid: YAML alias '*s'" in errors[0]
    assert "write the definition out instead of using a YAML alias" in errors[0]
    assert not (site.site_dir / "index.html").exists()
    plugin_log.take()
