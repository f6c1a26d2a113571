"""Stable, readable, unique anchors for glossary entries.

An anchor is derived from the term's name alone, so it stays the same from
build to build and writers can link to it by hand (``glossary.md#fine-tuning``).
Letters of every script are kept, so Persian and CJK terms get readable
anchors too. Names that reduce to the same anchor are told apart by a
numbered suffix, given in the glossary's order.

An anchor never takes an id the glossary page holds anyway: the A-Z bar's
letter targets, the generated page's heading, the themes' own ids, and any
id the caller reserves (the headings of a hand-written page, see
`page_ids`); a term named ``Glossary`` is ``glossary-2``. Ids inside
definitions carry the entry's anchor and a ':', which no anchor holds.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

from .model import Glossary, Term

LETTER_PREFIX = "glossary-letter-"
# The generated page's heading, and the ids of the mkdocs and readthedocs
# themes' pages that a slug can spell (Material's and Zensical's start with
# '__', which no slug does).
PAGE_IDS = frozenset(
    {"glossary", "main-content", "navbar-collapse", "toc-collapse", "theme-menu"}
    | {"mkdocs-search-query", "mkdocs-search-results", "hljs-light", "hljs-dark"}
)
_ID = re.compile(r"""<[a-zA-Z][^<>]*?\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))""", re.IGNORECASE)

_SYMBOLS = {"+": " plus ", "#": " sharp ", "&": " and ", "@": " at "}
_NOT_SLUG = re.compile(r"[^\w\s-]")
_DASHES = re.compile(r"[\s_-]+")


def slugify(name: str) -> str:
    """``Prompt engineering`` -> ``prompt-engineering``; ``C++`` -> ``c-plus-plus``."""
    text = unicodedata.normalize("NFKC", name).casefold()
    for symbol, word in _SYMBOLS.items():
        text = text.replace(symbol, word)
    text = _NOT_SLUG.sub(" ", text)
    slug = _DASHES.sub("-", text).strip("-")
    return slug or "term"


def initial(name: str) -> str:
    """The A-Z bar letter of a name: its first letter, or '#' for digits and symbols."""
    for char in unicodedata.normalize("NFKD", name):
        if char.isalpha():
            return char.upper()
        if char.isdigit():
            return "#"
    return "#"


def letter_anchor(letter: str) -> str:
    """The id of a letter's first entry on the glossary page."""
    return LETTER_PREFIX + ("other" if letter == "#" else letter.lower())


def page_ids(page_html: str) -> set[str]:
    """Every id that the elements of `page_html` hold, to pass to `term_anchors` as reserved."""
    return {html.unescape("".join(found)) for found in _ID.findall(page_html)}


def term_anchors(glossary: Glossary | Iterable[Term], reserved: Iterable[str] = ()) -> dict[str, str]:
    """Term name -> anchor, unique across the glossary and apart from the page's own ids.

    `reserved` adds ids the glossary page holds besides its entries (its
    headings); `PAGE_IDS` and the letter targets are always reserved.
    """
    terms = glossary.terms if isinstance(glossary, Glossary) else tuple(glossary)
    anchors: dict[str, str] = {}
    taken = set(PAGE_IDS).union(reserved, (letter_anchor(initial(term.name)) for term in terms))
    for term in terms:
        base = slugify(term.name)
        anchor, number = base, 1
        while anchor in taken:
            number += 1
            anchor = f"{base}-{number}"
        taken.add(anchor)
        anchors[term.name] = anchor
    return anchors
