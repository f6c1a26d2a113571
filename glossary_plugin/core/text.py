"""Plain text from a definition's inline Markdown, for tooltips and `title` attributes.

Tooltips show text, never HTML. A full Markdown render per term would cost
more than linking a whole page, so the inline syntax that definitions use
(emphasis, code, links, explicit references) is reduced to its text with a
few regular expressions. Raw HTML is not markup in a definition: it stays
literal text, as on the glossary page.

Every rule runs in time linear in the definition: what a bracketed rule reads
stops at the next '[' (where the next try starts), and emphasis is tried only
where a closing mark follows (see `_emphasis`), so no run of unclosed marks
(`[` or `*a ` a thousand times) makes each try read on to the end.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

from .references import REFERENCE, label_of

_RULES: tuple[tuple[tuple[str, ...], re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    # Each rule after what every match of it holds (one of them): a definition without it is not
    # searched (most hold little or no markup, and each search reads the whole definition).
    # Definitions of references, footnotes and abbreviations render as no text where they stand.
    (("[",), re.compile(r"^[ ]{0,3}(?:\[\^?[^\[\]]+\]|\*\[[^\[\]]+\]):.*(?:\n(?:[ ]{4}|\t).*)*$", re.MULTILINE), ""),
    (("[^",), re.compile(r"\[\^[^\[\]\s]+\]"), ""),  # footnote markers
    (("`",), re.compile(r"`+\s?(.*?)\s?`+", re.DOTALL), r"\1"),  # code spans
    (("![",), re.compile(r"!\[([^\[\]]*)\]\([^)\[]*\)"), r"\1"),  # images: their alt text
    (("[[",), REFERENCE, label_of),  # [[term]], [[term|label]]
    (("](",), re.compile(r"\[([^\[\]]*)\]\([^)\[]*\)"), r"\1"),  # [text](url)
    (("][",), re.compile(r"\[([^\[\]]*)\]\[[^\[\]]*\]"), r"\1"),  # [text][ref]
    (("**", "__"), re.compile(r"(\*\*|__)(.+?)\1", re.DOTALL), r"\2"),  # strong
)
_AFTER_EMPHASIS: tuple[tuple[tuple[str, ...], re.Pattern[str], str], ...] = (
    (("~~",), re.compile(r"~~(.+?)~~", re.DOTALL), r"\1"),
    (("\\",), re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"),  # backslash escapes
)
# Emphasis: a mark that opens (not after a word or a '*', not before white space),
# text, and the same mark that closes (not after white space, not before a word or a '*').
_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", re.DOTALL)
_OPENING_MARK = re.compile(r"(?<![\w*])[*_](?!\s)")
_CLOSING_MARK = re.compile(r"(?<!\s)[*_](?![\w*])")


def _emphasis(text: str) -> str:
    """`text` with `_EMPHASIS` replaced by its text, as `_EMPHASIS.sub` would do it.

    The regex tried at a mark with no closing mark after it reads to the end
    of the text; a mark past the last closing one is not tried at all.
    """
    last_close = {"*": -1, "_": -1}
    for closing in _CLOSING_MARK.finditer(text):
        last_close[closing.group()] = closing.start()
    pieces, done, position = [], 0, 0
    while (opening := _OPENING_MARK.search(text, position)) is not None:
        position = opening.start() + 1
        if opening.start() + 2 > last_close[opening.group()]:
            continue  # no closing mark after the text it needs
        found = _EMPHASIS.match(text, opening.start())
        if found is not None:
            pieces += [text[done : found.start()], found.group(2)]
            done = position = found.end()
    pieces.append(text[done:])
    return "".join(pieces)


def markdown_to_text(markdown: str) -> str:
    """The text a reader sees when `markdown` (a short definition) is rendered."""
    text = markdown
    for needed, pattern, replacement in _RULES:
        if any(marks in text for marks in needed):
            text = pattern.sub(replacement, text)
    if "*" in text or "_" in text:
        text = _emphasis(text)
    for needed, pattern, replacement in _AFTER_EMPHASIS:
        if any(marks in text for marks in needed):
            text = pattern.sub(replacement, text)
    text = html.unescape(text)
    return " ".join(text.split())
