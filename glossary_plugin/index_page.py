"""The glossary page: every term A-Z with its definition, aliases, see-also and backlinks.

The entries are HTML put where the page holds ``<!-- glossary -->`` (or at
its end). Which pages use a term is only known after every page has been
linked, so each entry holds a placeholder that `fill_backlinks` replaces
once the whole site has been processed.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Protocol

from .anchors import initial, letter_anchor
from .model import Glossary, Term, fold
from .sanitize import sanitize_definition

MARKER = "<!-- glossary -->"
GENERATED_PAGE = "# Glossary\n\n" + MARKER + "\n"
_BACKLINKS = "<!--glossary-backlinks:{anchor}-->"
_BACKLINKS_FOUND = re.compile(r"<!--glossary-backlinks:([^>]*?)-->")


class Backlink(Protocol):
    """A page that uses a term: its title and its URL in the site."""

    @property
    def title(self) -> str: ...

    @property
    def url(self) -> str: ...


def render_definitions(
    definitions: list[str],
    convert: Callable[[str], str],
    id_prefixes: Sequence[str] | None = None,
) -> list[str]:
    """Each definition as sanitised HTML, converted as a document of its own.

    One conversion per definition, so that references, footnotes and
    abbreviations stay in their entry, and every site-wide extension (such
    as snippets' ``auto_append``) applies to each. `convert` should reuse
    one converter, reset between calls: building one costs far more than
    converting a definition.

    The ids in definition ``i`` get ``id_prefixes[i]`` (the entry's anchor
    and a ':', which no anchor holds): footnotes of different entries stay
    apart and none takes an id of the page. Without prefixes, entries are
    numbered instead.
    """
    if id_prefixes is None:
        id_prefixes = [f"glossary-definition-{number}:" for number in range(1, len(definitions) + 1)]
    if len(id_prefixes) != len(definitions):
        raise ValueError(f"{len(definitions)} definitions but {len(id_prefixes)} id prefixes")
    return [
        sanitize_definition(convert(definition).strip(), id_prefix=prefix)
        for definition, prefix in zip(definitions, id_prefixes, strict=True)
    ]


def definition_id_prefix(anchor: str) -> str:
    """The prefix of the ids inside an entry's definition: no term anchor holds ':'."""
    return anchor + ":"


def sort_key(name: str) -> tuple[str, str]:
    """Case-insensitive, accent-insensitive order, stable for names that differ only by case."""
    base = "".join(char for char in unicodedata.normalize("NFKD", fold(name)) if not unicodedata.combining(char))
    return base, name


def render_entries(
    glossary: Glossary,
    anchors: Mapping[str, str],
    definitions: Mapping[str, str],
) -> str:
    """HTML of the A-Z bar and the list of entries.

    `definitions` maps each term name to its definition rendered as HTML
    (with the site's Markdown extensions, done by the caller).
    """
    terms = sorted(glossary.terms, key=lambda term: sort_key(term.name))
    letters: list[str] = []
    for term in terms:
        if initial(term.name) not in letters:
            letters.append(initial(term.name))
    bar = " ".join(f'<a href="#{letter_anchor(letter)}">{htmllib.escape(letter)}</a>' for letter in letters)
    parts = [f'<nav class="glossary-az no-glossary" aria-label="Glossary index">{bar}</nav>']
    parts.append('<dl class="glossary-list">')
    seen_letters: set[str] = set()
    for term in terms:
        letter = initial(term.name)
        letter_id = ""
        if letter not in seen_letters:
            seen_letters.add(letter)
            letter_id = f' data-glossary-letter="{htmllib.escape(letter)}"'
        parts.append(_entry(term, anchors, definitions.get(term.name, ""), letter_id, letter))
    parts.append("</dl>")
    return "\n".join(parts)


def _entry(term: Term, anchors: Mapping[str, str], definition: str, letter_attr: str, letter: str) -> str:
    anchor = anchors[term.name]
    head = ""
    if letter_attr:
        head = f'<span id="{letter_anchor(letter)}" class="glossary-letter-target"></span>'
    lines = [f'<dt id="{htmllib.escape(anchor)}"{letter_attr}>{head}{htmllib.escape(term.name)}</dt>', "<dd>"]
    lines.append(f'<div class="glossary-definition">{definition}</div>')
    if term.aliases:
        aliases = ", ".join(htmllib.escape(alias) for alias in term.aliases)
        lines.append(f'<p class="glossary-meta glossary-aliases no-glossary">Also: {aliases}</p>')
    if term.see:
        links = ", ".join(
            f'<a href="#{htmllib.escape(anchors[name])}">{htmllib.escape(name)}</a>'
            for name in term.see
            if name in anchors
        )
        lines.append(f'<p class="glossary-meta glossary-see no-glossary">See also: {links}</p>')
    lines.append(_BACKLINKS.format(anchor=htmllib.escape(anchor)))
    lines.append("</dd>")
    return "\n".join(lines)


def insert_entries(page_html: str, entries: str) -> str:
    """Put the entries where the page holds the marker, or at its end."""
    if MARKER in page_html:
        return page_html.replace(MARKER, entries, 1)
    return page_html + "\n" + entries


def fill_backlinks(
    page_html: str,
    anchors: Mapping[str, str],
    usage: Mapping[str, Iterable[Backlink]],
    relative: Callable[[str], str],
) -> str:
    """Replace each entry's placeholder with links to the pages that use the term.

    `relative(url)` turns a site URL into one relative to the glossary page.
    """
    name_by_anchor = {anchor: name for name, anchor in anchors.items()}
    # A page that uses many terms is linked from many entries: write its link once.
    link_to: dict[str, str] = {}

    def link(page: Backlink) -> str:
        written = link_to.get(page.url)
        if written is None:
            href, title = htmllib.escape(relative(page.url)), htmllib.escape(page.title)
            written = link_to[page.url] = f'<a href="{href}">{title}</a>'
        return written

    def backlinks(placeholder: re.Match[str]) -> str:
        pages: dict[str, Backlink] = {}
        for backlink in usage.get(name_by_anchor.get(placeholder.group(1), ""), ()):
            pages.setdefault(backlink.url, backlink)
        if not pages:
            return ""
        links = ", ".join(map(link, pages.values()))
        return f'<p class="glossary-meta glossary-backlinks no-glossary">Used on: {links}</p>'

    return _BACKLINKS_FOUND.sub(backlinks, page_html)
