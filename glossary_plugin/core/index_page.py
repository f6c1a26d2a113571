"""The glossary page: every term A-Z with its definition, aliases, see-also and backlinks.

The entries are HTML put where the page holds ``<!-- glossary -->`` (or at
its end). Which pages use a term is only known after every page has been
linked, so each entry holds a placeholder that `fill_backlinks` replaces
once the whole site has been processed.
"""

from __future__ import annotations

import html as htmllib
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple, Protocol

from .anchors import letter_anchor
from .collation import in_language_order
from .labels import BUILT_IN, Labels, text_direction
from .model import Glossary, Term
from .sanitize import sanitize_definition

MARKER = "<!-- glossary -->"
GENERATED_PAGE = "# Glossary\n\n" + MARKER + "\n"


def generated_page(labels: Labels) -> str:
    """The glossary page made when the site has none, titled in the page's language."""
    return f"# {markdown_text(labels.glossary)}\n\n{MARKER}\n"


# Python-Markdown's own escapable characters (`markdown.Markdown.ESCAPED_CHARS`, '>' aside: it is an entity here).
_MARKDOWN_SYNTAX = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def markdown_text(text: str) -> str:
    """`text` as Markdown that renders as that very text: markup characters as entities, Markdown's own
    syntax escaped (a site's label text is text, never a link, an image or raw HTML)."""
    one_line = " ".join(text.split())  # a line break would end the heading
    return _MARKDOWN_SYNTAX.sub(r"\\\1", htmllib.escape(one_line, quote=False))


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


def render_entries(
    glossary: Glossary,
    anchors: Mapping[str, str],
    definitions: Mapping[str, str],
    labels: Labels = BUILT_IN["en"],
    language: str | None = None,
) -> str:
    """HTML of the A-Z bar, the filter box and the entries, a section per letter.

    `definitions` maps each term name to its definition rendered as HTML
    (with the site's Markdown extensions, done by the caller).

    Each letter is an ``h2`` and each entry an ``h3`` with the entry's anchor
    as id, in a section of its own: tables of contents and heading navigation
    find them, and the search plugins make one record per entry, located at
    its anchor. The heading is a child of the entry's section (Material's
    search ends a heading's record where the heading's parent ends) and holds
    only the term's name (MkDocs' takes a heading's last text as its title);
    the permalink after it has no text of its own.

    The labels, the order and the letter groups are the page language's
    (see `collation`); a right-to-left language's entries say so (``dir``),
    whatever the theme sets.
    """
    groups = letter_groups(glossary, language)
    direction = f' dir="{text_direction(language)}"' if language else ""
    bar = "".join(f'<li><a href="#{letter_anchor(letter)}">{htmllib.escape(letter)}</a></li>' for letter, _ in groups)
    said = {key: htmllib.escape(getattr(labels, key)) for key in ("glossary_index", "filter_glossary", "filter_terms")}
    parts = [
        f'<nav class="glossary-az no-glossary" aria-label="{said["glossary_index"]}"{direction} data-search-exclude>'
        f"<ul>{bar}</ul></nav>",
        # Shown by glossary.js: without JavaScript it could not filter. Its words are
        # attributes, not text, so they stay out of the search index.
        f'<div class="glossary-filter no-glossary"{direction} hidden><input type="search" class="glossary-filter-input"'
        f' aria-label="{said["filter_glossary"]}" placeholder="{said["filter_terms"]}" autocomplete="off"'
        f' spellcheck="false" data-no-match="{htmllib.escape(labels.no_match)}"'
        f' data-matches="{htmllib.escape(labels.matches)}">'
        '<output class="glossary-filter-status" aria-live="polite"></output></div>',
        f'<div class="glossary-list"{direction}>',
    ]
    for letter, terms in groups:
        letter_id = letter_anchor(letter)
        parts.append(f'<section class="glossary-group" aria-labelledby="{letter_id}">')
        parts.append(f'<h2 id="{letter_id}" class="glossary-letter">{htmllib.escape(letter)}</h2>')
        parts.extend(_entry(term, anchors, definitions.get(term.name, ""), labels) for term in terms)
        parts.append("</section>")
    parts.append("</div>")
    return "\n".join(parts)


def letter_groups(glossary: Glossary, language: str | None = None) -> list[tuple[str, list[Term]]]:
    """The terms in the language's order, grouped by their A-Z bar letter, letters in the order met."""
    return in_language_order(glossary.terms, lambda term: term.name, language, lambda term: term.sort_as)


class TocEntry(NamedTuple):
    """A heading the entries add to the glossary page: for its table of contents."""

    title: str
    id: str
    level: int
    children: tuple[TocEntry, ...] = ()


def toc_entries(glossary: Glossary, anchors: Mapping[str, str], language: str | None = None) -> list[TocEntry]:
    """The letters (level 2), each with its entries (level 3), as `render_entries` writes them.

    MkDocs' search makes a record only for a heading in the page's table of
    contents, so the front end adds these to it.
    """
    return [
        TocEntry(
            letter,
            letter_anchor(letter),
            2,
            tuple(TocEntry(term.name, anchors[term.name], 3) for term in terms),
        )
        for letter, terms in letter_groups(glossary, language)
    ]


def _entry(term: Term, anchors: Mapping[str, str], definition: str, labels: Labels) -> str:
    anchor = htmllib.escape(anchors[term.name])
    name = htmllib.escape(term.name)
    link_to, also, see_also = (
        htmllib.escape(text) for text in (labels.link_to_term(term.name), labels.also, labels.see_also)
    )
    # The names the filter box matches, one a line (no name holds a line break).
    names = htmllib.escape("\n".join((term.name, *term.aliases)))
    lines = [
        f'<section class="glossary-entry" data-glossary-names="{names}">',
        f'<h3 id="{anchor}" class="glossary-name">{name}</h3>',
        f'<a class="glossary-permalink no-glossary" href="#{anchor}" aria-label="{link_to}"></a>',
        f'<div class="glossary-definition">{definition}</div>',
    ]
    if term.aliases:
        aliases = ", ".join(htmllib.escape(alias) for alias in term.aliases)
        lines.append(f'<p class="glossary-meta glossary-aliases no-glossary">{also}: {aliases}</p>')
    if term.see:
        links = ", ".join(
            f'<a href="#{htmllib.escape(anchors[name])}">{htmllib.escape(name)}</a>'
            for name in term.see
            if name in anchors
        )
        lines.append(f'<p class="glossary-meta glossary-see no-glossary">{see_also}: {links}</p>')
    lines.append(_BACKLINKS.format(anchor=anchor))
    lines.append("</section>")
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
    first_use: Mapping[tuple[str, str], str] | None = None,
    used_on: str = BUILT_IN["en"].used_on,
) -> str:
    """Replace each entry's placeholder with links to the pages that use the term.

    `relative(url)` turns a site URL into one relative to the glossary page.
    `first_use[(name, url)]` is the id of the term's first link on that page:
    the backlink lands there (at the page's top where the term is used but not
    linked). A page is named by its title, or where other pages that use terms
    share that title, by its place: its navigation path (a backlink's
    `nav_path`, the titles of the sections above it) or else its URL.
    """
    name_by_anchor = {anchor: name for name, anchor in anchors.items()}
    label = htmllib.escape(used_on)
    labels = backlink_labels(usage)
    first_use = first_use or {}
    # A page that uses many terms is linked from many entries: its URL and label are escaped once.
    escaped: dict[str, tuple[str, str]] = {}

    def link(name: str, page: Backlink) -> str:
        written = escaped.get(page.url)
        if written is None:
            written = escaped[page.url] = (htmllib.escape(relative(page.url)), htmllib.escape(labels[page.url]))
        href, label = written
        element_id = first_use.get((name, page.url))
        if element_id:
            href += "#" + htmllib.escape(element_id)
        return f'<a href="{href}">{label}</a>'

    def backlinks(placeholder: re.Match[str]) -> str:
        name = name_by_anchor.get(placeholder.group(1), "")
        pages: dict[str, Backlink] = {}
        for backlink in usage.get(name, ()):
            pages.setdefault(backlink.url, backlink)
        if not pages:
            return ""
        links = ", ".join(link(name, page) for page in pages.values())
        return f'<p class="glossary-meta glossary-backlinks no-glossary">{label}: {links}</p>'

    return _BACKLINKS_FOUND.sub(backlinks, page_html)


def backlink_labels(usage: Mapping[str, Iterable[Backlink]]) -> dict[str, str]:
    """URL -> how "Used on" names the page: its title, made unique where titles repeat."""
    pages: dict[str, Backlink] = {}
    for backlinks in usage.values():
        for backlink in backlinks:
            pages.setdefault(backlink.url, backlink)
    labels = _unique_by(pages, lambda page: page.title, _place)
    # Two pages at one place in the navigation (or none): their URLs tell them apart.
    return _unique_by(pages, lambda page: labels[page.url], lambda page: f"{labels[page.url]} ({page.url or '/'})")


def _unique_by(
    pages: Mapping[str, Backlink],
    label: Callable[[Backlink], str],
    instead: Callable[[Backlink], str],
) -> dict[str, str]:
    """URL -> `label(page)`, or `instead(page)` for pages whose label another page has too."""
    count: dict[str, int] = {}
    for page in pages.values():
        count[label(page)] = count.get(label(page), 0) + 1
    return {url: label(page) if count[label(page)] == 1 else instead(page) for url, page in pages.items()}


def _place(page: Backlink) -> str:
    """A page named by where it is: 'Guide › Setup › Overview', or 'Overview (guide/setup/)'."""
    path = [str(title) for title in getattr(page, "nav_path", ()) or () if str(title).strip()]
    if path:
        return " › ".join([*path, page.title])
    return f"{page.title} ({page.url or '/'})"


def missing_page_message(page: str) -> str:
    """What a host that cannot generate the glossary page says when `page` (as shown) does not exist."""
    return (
        f"{page} does not exist, so term links have no glossary entry to land on. Create {page} holding a "
        f"title and the line '{MARKER}' (the list of every term goes there), for example:\n"
        f"    # Glossary\n\n    {MARKER}"
    )


def entries_go_under_the_title(top_levels: Sequence[int]) -> bool:
    """Whether the glossary's letters and entries go under the page's title in its table of contents: when
    the page has one `h1` and nothing beside it (as its own `h2`s are); else beside its top entries."""
    return len(top_levels) == 1 and top_levels[0] == 1
