"""Plain text from a definition's inline Markdown, for tooltips and `title` attributes.

Tooltips show text, never HTML. A full Markdown render per term would cost
more than linking a whole page, so the inline syntax that definitions use
(emphasis, code, links, explicit references) is reduced to its text with a
few regular expressions. Raw HTML is not markup in a definition: it stays
literal text, as on the glossary page.
"""

from __future__ import annotations

import html
import re

_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    # Definitions of references, footnotes and abbreviations render as no text where they stand.
    (re.compile(r"^[ ]{0,3}(?:\[\^?[^\]]+\]|\*\[[^\]]+\]):.*(?:\n(?:[ ]{4}|\t).*)*$", re.MULTILINE), ""),
    (re.compile(r"\[\^[^\]\s]+\]"), ""),  # footnote markers
    (re.compile(r"`+\s?(.*?)\s?`+", re.DOTALL), r"\1"),  # code spans
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),  # images: their alt text
    (re.compile(r"\[\[([^\[\]|]+)\|([^\[\]]+)\]\]"), r"\2"),  # [[term|label]]
    (re.compile(r"\[\[([^\[\]|]+)\]\]"), r"\1"),  # [[term]]
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # [text](url)
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),  # [text][ref]
    (re.compile(r"(\*\*|__)(.+?)\1", re.DOTALL), r"\2"),  # strong
    (re.compile(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", re.DOTALL), r"\2"),  # emphasis
    (re.compile(r"~~(.+?)~~", re.DOTALL), r"\1"),
    (re.compile(r"\\([\\`*_{}\[\]()#+\-.!|])"), r"\1"),  # backslash escapes
)


def markdown_to_text(markdown: str) -> str:
    """The text a reader sees when `markdown` (a short definition) is rendered."""
    text = markdown
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    text = html.unescape(text)
    return " ".join(text.split())
