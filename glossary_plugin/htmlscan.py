"""A small streaming scanner for rendered HTML: where the text is, and what encloses it.

The linker only needs to know, for a position in the page, whether it is text
(not markup) and whether an enclosing element forbids linking or linting
there. One regular expression finds the markup; a short stack of "skip
regions" tracks the enclosing elements that matter. No tree is built, and
the page is never re-serialised: the linker splices its markup into the
original string, so everything it does not touch stays byte-identical.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

# Elements in which no term is linked.
NO_LINK_TAGS = frozenset(
    {"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "button", "svg", "math", "abbr", "autoref"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "select", "option", "label", "dt", "summary"}
)
# Elements whose text is not prose: no avoided spelling is reported there.
NO_LINT_TAGS = frozenset(["code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math"])
# Classes that mark math, diagrams and explicit opt-outs.
NO_LINK_CLASSES = frozenset(("no-glossary", "mermaid", "arithmatex", "math", "katex", "MathJax"))
NO_LINT_CLASSES = frozenset(("no-glossary", "mermaid", "arithmatex", "math", "katex", "MathJax"))
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    | {"param", "keygen", "command", "basefont", "frame"}
)
# Elements whose content is raw text: it is consumed whole, with the element.
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes|plaintext"

_MARKUP = re.compile(
    r"<!--.*?(?:--!?>|\Z)"  # comment
    r"|<!\[CDATA\[.*?(?:\]\]>|\Z)"
    r"|<[!?][^>]*>?"  # doctype, processing instruction
    rf"|<(?P<raw>{_RAW_TEXT})(?![^\s/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?(?:</(?P=raw)\s*>|\Z)"
    # A start tag's attributes end at '>' outside quotes. A '<' ends them too:
    # without that, a page of '<b ' with no '>' would cost quadratic time.
    r"|<(?P<end>/)?(?P<name>[a-zA-Z][^\t\n\f\r />]*)(?P<attrs>(?:[^<>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL | re.IGNORECASE,
)
# One attribute of a start tag: a name, and maybe a value. Read one after the other from the
# start, so that text inside a value (`title="see class=x"`) is never taken for an attribute.
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


def find_attribute(attrs: str, name: str) -> re.Match[str] | None:
    """The first attribute called `name` (in any case) in a start tag's attribute text."""
    for found in _ATTRIBUTE.finditer(attrs):
        if found.group(1).lower() == name:
            return found
    return None


def attribute(attrs: str, name: str) -> str | None:
    """The raw (still escaped) value of attribute `name` in a start tag's attribute text."""
    found = find_attribute(attrs, name)
    if found is None:
        return None
    return next((group for group in found.groups()[1:] if group is not None), None)


def _classes(attrs: str) -> set[str]:
    return set((attribute(attrs, "class") or "").split())


@dataclass
class _Region:
    name: str
    depth: int
    no_link: bool
    no_lint: bool


class Tag(NamedTuple):
    """A start tag that the caller asked the scanner to report."""

    start: int
    end: int
    name: str
    """Lower-case element name."""
    attrs: str


class Text(NamedTuple):
    """A run of text between two pieces of markup, with what its context allows."""

    start: int
    end: int
    link: bool
    """Terms may be linked here."""
    lint: bool
    """This is prose: avoided spellings count here."""


_SKIPPING = NO_LINK_TAGS | NO_LINT_TAGS


def scan(
    html: str, until: int | None = None, report: frozenset[str] = frozenset({"a"})
) -> tuple[list[Text], list[Tag]]:
    """The text runs of `html` in document order, and its start tags named in `report`.

    Comments, doctype and raw-text elements (script, style, ...) give
    nothing: they are neither text nor tags that can enclose text. With
    `until`, the scan stops at the first markup from that offset on.
    This loop runs over every tag of every page, so it does as little as it
    can for the many tags that change nothing.
    """
    texts: list[Text] = []
    tags: list[Tag] = []
    regions: list[_Region] = []
    link = lint = True
    position = 0
    for markup in _MARKUP.finditer(html):
        start, end = markup.span()
        if start > position:
            texts.append(Text(position, start, link, lint))
        if until is not None and start >= until:
            return texts, tags
        position = end
        closing, name, attrs = markup.group("end", "name", "attrs")
        if name is None:
            continue
        name = name.lower()
        if closing:
            if regions:
                for region in regions:
                    if region.name == name:
                        region.depth -= 1
                if any(region.depth <= 0 for region in regions):
                    regions = [region for region in regions if region.depth > 0]
                    link = not any(region.no_link for region in regions)
                    lint = not any(region.no_lint for region in regions)
            continue
        if name in report:
            tags.append(Tag(start, end, name, attrs))
        if name in VOID_TAGS or (name in ("svg", "math") and attrs.rstrip().endswith("/")):
            continue
        for region in regions:
            if region.name == name:
                region.depth += 1
        has_class = "class" in attrs or "CLASS" in attrs.upper()
        if name not in _SKIPPING and not has_class:
            continue
        classes = _classes(attrs) if has_class else set()
        no_link = name in NO_LINK_TAGS or bool(classes & NO_LINK_CLASSES)
        no_lint = name in NO_LINT_TAGS or bool(classes & NO_LINT_CLASSES)
        if no_link or no_lint:
            regions.append(_Region(name, 1, no_link, no_lint))
            link = link and not no_link
            lint = lint and not no_lint
    if position < len(html):
        texts.append(Text(position, len(html), link, lint))
    return texts, tags
