"""Place findings made on rendered HTML at their line and column in the Markdown source.

A finding carries the text it is about and how many times that text occurred
earlier in the page's text. The same count is taken in the source, over the
parts of it that become text (front matter, comments, link targets and HTML
tags do not), and the matching occurrence gives the place. Code blocks,
admonitions, tables and lists keep their text, so they do not shift the count.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from .findings import Finding
from .linker import REFERENCE_TEXT, needle_pattern, reference_key

# MkDocs' own rule for YAML front matter.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(?:.*?\r?\n)?(?:\.{3}|-{3})[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Source that renders as no text: comments, link targets, raw HTML tags,
# reference definitions and attribute lists.
_NOT_TEXT = re.compile(
    r"<!--.*?-->"
    r"|\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
    r"|</?[a-zA-Z][a-zA-Z0-9-]*(?:\s(?:[^>\"']|\"[^\"]*\"|'[^']*')*)?/?>"
    r"|^[ ]{0,3}\[[^\]]+\]:[^\n]*"
    r"|\{:?[ \t]*[#.][^}\n]*\}",
    re.DOTALL | re.MULTILINE,
)


def body_start(source: str) -> int:
    """Offset where the Markdown body begins, after any front matter."""
    front = _FRONT_MATTER.match(source)
    return front.end() if front else 0


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", "\0", match.group(0))


@lru_cache(maxsize=2)  # a page's findings are placed one after the other: its views are made once
def text_view(source: str) -> str:
    """`source` with everything that renders as no text blanked out, keeping offsets."""
    start = body_start(source)
    return "\0" * start + _NOT_TEXT.sub(_blank, source[start:])


@lru_cache(maxsize=2)
def _body_view(source: str) -> str:
    return "\0" * body_start(source) + source[body_start(source) :]


@lru_cache(maxsize=2)
def _line_starts(source: str) -> list[int]:
    return [0, *(found.end() for found in re.finditer("\n", source))]


@lru_cache(maxsize=64)
def _starts(pattern: re.Pattern[str], view: str, group: int) -> list[int]:
    return [found.start(group) for found in pattern.finditer(view)]


# A fragment that the anchor pattern in `locate` ends where this ends.
_FRAGMENT = re.compile(r"[\w%-]+")


@lru_cache(maxsize=2)
def _reference_starts(view: str) -> dict[str, list[int]]:
    """Where each reference text occurs in `view`, by `reference_key`: one pass for all of them.

    Every match of a reference's `needle_pattern` is one of these, so looking
    it up here gives the same places as searching for it, at no cost per name.
    """
    starts: dict[str, list[int]] = {}
    for found in REFERENCE_TEXT.finditer(view):
        starts.setdefault(reference_key(found.group()), []).append(found.start())
    return starts


@lru_cache(maxsize=4)
def _anchor_starts(view: str, glossary_page_name: str) -> dict[str, list[int]]:
    """Where each fragment of a link to the glossary page starts in `view`, by fragment."""
    starts: dict[str, list[int]] = {}
    for found in re.finditer(re.escape(glossary_page_name) + "#(" + _FRAGMENT.pattern + ")", view):
        starts.setdefault(found.group(1), []).append(found.start(1))
    return starts


def line_column(source: str, offset: int) -> tuple[int, int]:
    """1-based line and column of `offset` in `source`."""
    starts = _line_starts(source)
    line = bisect_right(starts, offset)
    return line, offset - starts[line - 1] + 1


def locate(source: str, finding: Finding, glossary_page_name: str = "glossary.md") -> tuple[int, int]:
    """Line and column in `source` of what `finding` is about."""
    # Many distinct names on a page (broken references or anchors) are looked up in one index
    # per page; other needles are searched for one by one.
    if finding.anchor and _FRAGMENT.fullmatch(finding.needle):
        # Link targets are blanked in the text view; search the body itself.
        found = _anchor_starts(_body_view(source), glossary_page_name).get(finding.needle, [])
    elif finding.anchor:
        pattern = re.compile(re.escape(glossary_page_name) + "#" + "(" + re.escape(finding.needle) + r")(?![\w%-])")
        found = _starts(pattern, _body_view(source), 1)
    elif finding.case_sensitive and REFERENCE_TEXT.fullmatch(finding.needle):
        found = _reference_starts(text_view(source)).get(reference_key(finding.needle), [])
    else:
        found = _starts(needle_pattern(finding.needle, finding.case_sensitive), text_view(source), 0)
    if not found:
        return 1, 1
    return line_column(source, found[min(finding.occurrence, len(found) - 1)])


def read_source(path: str | None) -> str | None:
    """A page's Markdown source, to place findings in; None for a generated page or one that cannot be read."""
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
