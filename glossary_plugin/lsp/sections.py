"""A page cut into sections that render alone as they render in the whole page: as-you-type speed.

Python-Markdown reads a page block by block; a heading that follows a blank line
outside fenced code starts a block that no earlier block reaches into, unless the
page holds something that spans the page: a link, footnote or abbreviation
defined in one place and used in another, a `[TOC]` marker, raw HTML blocks
(which may enclose headings), Markdown inside HTML, or two headings alike (the
second one's id gets a suffix in the page). Such a page is not cut.
Rendering only the section that changed makes a keystroke cost a section, not
the page; the whole build (which renders every page whole) runs once typing
pauses, so what stays on screen is always the build's own result.
"""

from __future__ import annotations

import itertools
import re

_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_FENCE = re.compile(r"[ \t]{0,3}(`{3,}|~{3,})")
_SPANS_THE_PAGE = re.compile(
    r"^[ ]{0,3}\[[^\]\n]+\]:"  # a reference definition
    r"|\[\^"  # a footnote
    r"|^\*\["  # an abbreviation
    r"|\[TOC\]"
    r"|^[ ]{0,3}<"  # a raw HTML block
    r"|\bmarkdown\s*=",  # Markdown in HTML
    re.MULTILINE,
)


def sections(body: str) -> list[str] | None:
    """`body` cut before each heading that starts a block (joined with a line break, they are `body`);
    None when the page holds something that spans it."""
    if _SPANS_THE_PAGE.search(body):
        return None
    lines = body.split("\n")
    cuts = [0]
    titles: list[str] = []
    fence: str | None = None
    for index, line in enumerate(lines):
        opening = _FENCE.match(line)
        if fence is not None:
            if opening is not None and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = None
            continue
        if opening is not None:
            fence = opening.group(1)
        elif _HEADING.match(line) and (index == 0 or not lines[index - 1].strip()):
            titles.append(line.strip("# \t"))
            if index > 0:
                cuts.append(index)
    cuts.append(len(lines))
    if len(set(titles)) < len(titles):  # the build gives the second one's id a suffix; alone it would not
        return None
    return ["\n".join(lines[start:end]) for start, end in itertools.pairwise(cuts) if end > start]
