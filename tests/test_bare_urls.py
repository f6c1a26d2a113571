"""Bare URLs in text are found as the regex finds them, without trying it at every position."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from glossary_plugin.core.bare_urls import URL_IN_TEXT, url_spans

# Pieces that make and break URLs: schemes (one with the long s that matches 's' case-insensitively),
# their marks, local parts, what ends a URL, and letters that share a case fold with ASCII ones.
PIECES = [
    "http", "https", "HTTPS", "ftp", "sftps", "file", "\u017fftp", "://", "www.", "WwW.", "mailto:",
    "MAILTO:", "@", "a", "x.y", "-", "+", "_", " ", "\n", "<", ">", "&amp;", "&lt;", "&", '"', "'",
    "o:", "w.", ".", "\u00e9", "\u0131", "\u212a", "/",
]  # fmt: skip


def expected(text: str, start: int) -> list[tuple[int, int]]:
    return [found.span() for found in URL_IN_TEXT.finditer(text, start)]


@pytest.mark.slow  # a property run
@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=14), st.integers(min_value=0, max_value=60))
def test_the_same_spans_as_the_regex_from_any_start(pieces: list[str], start: int) -> None:
    text = "".join(pieces)
    start = min(start, len(text))
    assert list(url_spans(text, start)) == expected(text, start)


def test_urls_and_addresses_in_a_rendered_paragraph() -> None:
    text = (
        "<p>See https://platform.example.com/docs/guides/structured-outputs, write to "
        'first.last+docs@example.org or <a href="mailto:team@example.org">us</a>; www.example.com '
        "is not sftp://x but ftps://files.example.com/a?b=1&amp;c=2 is.</p>"
    )
    spans = list(url_spans(text))
    assert [text[start:end] for start, end in spans] == [
        "https://platform.example.com/docs/guides/structured-outputs,",
        "first.last+docs@example.org",
        "mailto:team@example.org",
        "www.example.com",
        "sftp://x",
        "ftps://files.example.com/a?b=1&amp;c=2",
    ]
    assert spans == expected(text, 0)


def test_a_dot_before_www_or_a_word_before_an_address_is_no_start() -> None:
    for text in ("a.www.example.com", "xhttps://example.com", "name.www.x@example.com", "a@@b"):
        assert list(url_spans(text)) == expected(text, 0)


def _seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.process_time()
        list(url_spans(text))
        best = min(best, time.process_time() - start)
    return best


@pytest.mark.slow  # timings
@pytest.mark.parametrize("unit", ["a", "a@", "w.", "o:", "://", "x.www.", "a-b+c.d_", "@@", "http://a "])
def test_time_is_linear_in_runs_of_what_starts_a_url(unit: str) -> None:
    # Local parts walked back from each '@', triggers that start no URL, URLs one after another.
    small, large = unit * (4_000 // len(unit)) + "@x", unit * (32_000 // len(unit)) + "@x"
    assert list(url_spans(large)) == expected(large, 0)
    assert _seconds(large) < 8 * 3 * max(_seconds(small), 0.001)  # 8 times the text: at most ~8 times the time
