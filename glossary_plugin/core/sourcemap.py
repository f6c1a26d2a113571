"""Place findings made on rendered HTML at their line and column in the Markdown source.

A finding carries the text it is about and how many times that text occurred
earlier in the page's text. The same count is taken in the source, over the
parts of it that become text (front matter, comments, link targets and HTML
tags do not), and the matching occurrence gives the place. Code blocks,
admonitions, tables and lists keep their text, so they do not shift the count.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from .findings import Finding
from .linker import FEW_NEEDLES, REFERENCE_TEXT, NeedleKey, needle_matches, needle_pattern, reference_key

# MkDocs' own rule for YAML front matter.
_FRONT_MATTER = re.compile(r"\A-{3}[ \t]*\r?\n(?:.*?\r?\n)?(?:\.{3}|-{3})[ \t]*(?:\r?\n|\Z)", re.DOTALL)
# Source that renders as no text: comments, link targets, raw HTML tags,
# reference definitions and attribute lists. Each is looked for where it may
# start (`_OPENER`), as one regex of them all would, but its end is found by
# `_Ends`: a page may hold thousands of starts that never end (`<a` or `<!--`
# over and over, with no `>` or `-->`), and a regex reads on to the end of the
# page from each of them.
_OPENER = re.compile(r"<|\]\(|^[ ]{0,3}\[|\{", re.MULTILINE)
_LINK_TARGET = re.compile(r"\]\((?:[^()\s]|\([^()]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)")
_TAG_NAME = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*")
_ATTRIBUTE_LIST = re.compile(r"\{:?[ \t]*[#.]")
_SPACE = re.compile(r"\s")
_IN_TAG = re.compile("[>\"']")  # what ends a tag, or starts a quoted value in it
_NOT_NEWLINE = re.compile(r"[^\n]")


class _Ahead:
    """The next place of a pattern at or after a position.

    One search answers every later question up to the place it found, so
    starts that share an end (every `<!--` before one `-->`) read the text once.
    """

    def __init__(self, text: str, pattern: str) -> None:
        self.text = text
        self.pattern = re.compile(re.escape(pattern))
        self.searched_from = -1
        self.place: int | None = None  # None: nowhere from `searched_from` on

    def at(self, position: int) -> int | None:
        if not (0 <= self.searched_from <= position and (self.place is None or position <= self.place)):
            found = self.pattern.search(self.text, position)
            self.searched_from, self.place = position, (found.start() if found else None)
        return self.place


class _Ends:
    """Where each kind of source that renders as no text ends, given where it starts (None: it does not)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.comment_ends = _Ahead(text, "-->")
        self.brackets = _Ahead(text, "]")
        self.braces = _Ahead(text, "}")
        self.newlines = _Ahead(text, "\n")
        self.tag_marks: list[int] | None = None  # where `_IN_TAG` matches, made for the first tag with attributes
        self.tag_closes: dict[int, int | None] = {}  # such a place, read outside quotes -> the '>' that ends the tag

    def at(self, opener: re.Match[str]) -> int | None:
        first = self.text[opener.start()]
        if first == "<":
            return self.comment(opener.start()) or self.tag(opener.start())
        if first == "]":
            target = _LINK_TARGET.match(self.text, opener.start())
            return target.end() if target else None
        if first == "{":
            return self.attribute_list(opener.start())
        return self.reference_definition(opener.end() - 1)

    def comment(self, start: int) -> int | None:
        if not self.text.startswith("<!--", start):
            return None
        close = self.comment_ends.at(start + 4)
        return None if close is None else close + 3

    def tag(self, start: int) -> int | None:
        name = _TAG_NAME.match(self.text, start)
        if name is None:
            return None
        after = name.end()
        for ending in (">", "/>"):
            if self.text.startswith(ending, after):
                return after + len(ending)
        if not _SPACE.match(self.text, after):
            return None
        close = self.tag_close(after + 1)
        return None if close is None else close + 1

    def tag_close(self, start: int) -> int | None:
        """The first '>' from `start` that is not inside a quoted value; each mark is read once."""
        if self.tag_marks is None:
            self.tag_marks = [found.start() for found in _IN_TAG.finditer(self.text)]
        marks, visited, close = self.tag_marks, [], None
        index = bisect_left(marks, start)
        while index < len(marks):
            mark = marks[index]
            if mark in self.tag_closes:
                close = self.tag_closes[mark]
                break
            visited.append(mark)
            if self.text[mark] == ">":
                close = mark
                break
            quote_end = self.text.find(self.text[mark], mark + 1)  # reads up to the next like quote only
            if quote_end < 0:
                break
            index = bisect_left(marks, quote_end + 1, index)
        self.tag_closes.update(dict.fromkeys(visited, close))
        return close

    def attribute_list(self, start: int) -> int | None:
        opening = _ATTRIBUTE_LIST.match(self.text, start)
        if opening is None:
            return None
        brace, newline = self.braces.at(opening.end()), self.newlines.at(opening.end())
        if brace is None or (newline is not None and newline < brace):
            return None
        return brace + 1

    def reference_definition(self, bracket: int) -> int | None:
        close = self.brackets.at(bracket + 1)
        if close is None or close == bracket + 1 or not self.text.startswith(":", close + 1):
            return None
        line_end = self.text.find("\n", close + 2)
        return len(self.text) if line_end < 0 else line_end


def _not_text(text: str) -> Iterator[tuple[int, int]]:
    """The spans of `text` that render as no text, in order."""
    ends = _Ends(text)
    position = 0
    while (opener := _OPENER.search(text, position)) is not None:
        end = ends.at(opener)
        if end is None:
            position = opener.start() + 1
        else:
            yield opener.start(), end
            position = end


def body_start(source: str) -> int:
    """Offset where the Markdown body begins, after any front matter."""
    front = _FRONT_MATTER.match(source)
    return front.end() if front else 0


@lru_cache(maxsize=2)  # a page's findings are placed one after the other: its views are made once
def text_view(source: str) -> str:
    """`source` with everything that renders as no text blanked out, keeping offsets."""
    start = body_start(source)
    body = source[start:]
    pieces, done = ["\0" * start], 0
    for blank_start, blank_end in _not_text(body):
        pieces += [body[done:blank_start], _NOT_NEWLINE.sub("\0", body[blank_start:blank_end])]
        done = blank_end
    pieces.append(body[done:])
    return "".join(pieces)


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


def _searched(finding: Finding) -> bool:
    """Whether `locate` searches for the finding's needle by its own pattern (not an anchor or a reference)."""
    return not finding.anchor and not (finding.case_sensitive and REFERENCE_TEXT.fullmatch(finding.needle))


def locate_all(
    source: str, findings: list[Finding], glossary_page_name: str = "glossary.md", few: int = FEW_NEEDLES
) -> list[tuple[int, int]]:
    """`locate` for each of a page's findings, with one reading of the source for all their needles.

    `locate` reads the source once for each distinct needle; with more than `few` of them, all are found
    at once (see `needle_matches`), so that a page with thousands of distinct avoided spellings is read
    once, not thousands of times.
    """
    keys: list[NeedleKey] = list(dict.fromkeys((f.needle, f.case_sensitive) for f in findings if _searched(f)))
    if len(keys) <= few:
        return [locate(source, finding, glossary_page_name) for finding in findings]
    view = text_view(source)
    matches = needle_matches(view, [(0, len(view))], keys, few=0)
    starts = {key: [start for start, _ in found] for key, found in matches.items()}
    places = []
    for finding in findings:
        if not _searched(finding):
            places.append(locate(source, finding, glossary_page_name))
            continue
        found = starts[(finding.needle, finding.case_sensitive)]
        places.append(line_column(source, found[min(finding.occurrence, len(found) - 1)]) if found else (1, 1))
    return places


def read_source(path: str | None) -> str | None:
    """A page's Markdown source, to place findings in; None for a generated page or one that cannot be read."""
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
