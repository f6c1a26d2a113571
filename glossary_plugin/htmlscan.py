"""Reading rendered HTML as a stream: where the markup is, and what encloses a position.

The linker only needs to know, for a position in the page, whether it is text
(not markup) and whether an enclosing element forbids linking or linting
there. `markup_source` gives the markup as regex alternatives (the linker
puts them into its own single-pass pattern); `Context` tracks the enclosing
elements that matter from the tags in order; `scan` lists a page's text
runs. No tree is built, and the page is never re-serialised: the linker
splices its markup into the original string, so everything it does not touch
stays byte-identical."""

from __future__ import annotations

import re
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

_NAME = r"[a-zA-Z][^\t\n\f\r />]*"
# A start tag's attributes end at '>' outside quotes. A '<' ends them too:
# without that, a page of '<b ' with no '>' would cost quadratic time.
_ATTRS = r"""(?:[^<>"']|"[^"]*"|'[^']*')*"""


# Code whose whole content is text, or text in the balanced spans of a highlighter: nothing in
# it is linked or checked, and it opens no region that outlives it (see `markup_source`).
_END_OF_NAME = r"(?![^\t\n\f\r />])"
_PLAIN_SPAN = rf"<span{_END_OF_NAME}{_ATTRS}>[^<]*</span>"
_CODE = (
    rf"code{_END_OF_NAME}{_ATTRS}>[^<]*</code"
    rf"|pre{_END_OF_NAME}{_ATTRS}>(?:<span></span>)?<code{_END_OF_NAME}{_ATTRS}>"
    rf"(?:[^<]|{_PLAIN_SPAN})*</code></pre"
)


def markup_source(last: str = ">", whole_code: bool = False, lower_case: bool = False) -> str:
    """The markup of a page, as a group of regex alternatives for what follows a '<'.

    The last group a match sets says what it is: `attrs` for a start tag (its
    name in `name`), `closename` for an end tag. Comments, doctypes and
    raw-text elements (script, style, ...) match whole and set no group but
    `raw`: they are not text, and enclose none. `last` is what ends each
    piece of markup; the linker passes a look-ahead, to leave the final '>'
    for its own pattern to start from.

    With `whole_code`, a code element holding only text (or a code block of
    highlighted spans) matches whole, also with no group: its start and end
    tags cancel out, and the text inside is neither linked nor checked, so a
    caller that only links and checks need not look inside. A code element
    with anything else in it is read tag by tag.

    With `lower_case`, the pattern is for text already in lower case (and
    cheaper for the regex engine, which need not fold case).
    """
    return (
        ("(?s:" if lower_case else "(?si:")
        + rf"!--.*?(?:--!?{last}|\Z)"  # comment
        + (r"|!\[cdata\[" if lower_case else r"|!\[CDATA\[")
        + rf".*?(?:\]\]{last}|\Z)"
        r"|[!?][^>]*"
        + (">?" if last == ">" else "")  # doctype, processing instruction
        + rf"|(?P<raw>{_RAW_TEXT})(?![^\s/>])(?:[^>\"']|\"[^\"]*\"|'[^']*')*>.*?(?:</(?P=raw)\s*{last}|\Z)"
        + (rf"|(?:{_CODE}){last}" if whole_code else "")
        + rf"|(?P<name>{_NAME})(?P<attrs>{_ATTRS}){last}"
        rf"|/(?P<closename>{_NAME}){_ATTRS}{last}"
        r")"
    )


MARKUP = "<" + markup_source()
_MARKUP = re.compile(MARKUP)
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


class _Region(NamedTuple):
    base: int
    """How many elements of its name were open before it (counted since the oldest such region)."""
    no_link: bool
    no_lint: bool


# Start tags that may open a region without a class attribute.
SKIPPING_TAGS = NO_LINK_TAGS | NO_LINT_TAGS


class Context:
    """Whether the elements enclosing the current position allow linking and linting.

    Fed the page's tags in order (`start_tag`, `end_tag`), it keeps the open
    elements that forbid something ("regions"). Nested elements of a
    region's name are counted, so that the right end tag closes it. Each
    tag costs the same however many regions are open, so that a page of
    unclosed elements still takes linear time.
    """

    __slots__ = ("_no_link", "_no_lint", "_open", "link", "lint", "regions")

    def __init__(self) -> None:
        self.regions: dict[str, list[_Region]] = {}
        """The open regions by element name, oldest first."""
        self._open: dict[str, int] = {}
        """Elements of each region's name open since its oldest region opened."""
        self._no_link = self._no_lint = 0
        self.link = True
        """Terms may be linked here."""
        self.lint = True
        """This is prose: avoided spellings count here."""

    def start_tag(self, name: str, attrs: str) -> None:
        """After a start tag; `name` in lower case, `attrs` as written.

        A caller may leave out start tags that cannot matter: those whose name
        is not in SKIPPING_TAGS and that have no class attribute, while
        `regions` is empty.
        """
        if name in VOID_TAGS or (name in ("svg", "math") and attrs.rstrip().endswith("/")):
            return
        if name in self.regions:
            self._open[name] += 1
        classes = _classes(attrs) if "class" in attrs.lower() else set()
        no_link = name in NO_LINK_TAGS or bool(classes & NO_LINK_CLASSES)
        no_lint = name in NO_LINT_TAGS or bool(classes & NO_LINT_CLASSES)
        if not (no_link or no_lint):
            return
        if name not in self.regions:
            self.regions[name] = []
            self._open[name] = 1
        self.regions[name].append(_Region(self._open[name] - 1, no_link, no_lint))
        self._no_link += no_link
        self._no_lint += no_lint
        self.link = self.link and not no_link
        self.lint = self.lint and not no_lint

    def end_tag(self, name: str) -> None:
        """After an end tag; `name` in lower case. Only needed while `regions` is not empty."""
        stack = self.regions.get(name)
        if stack is None:
            return
        still_open = self._open[name] = self._open[name] - 1
        while stack and stack[-1].base >= still_open:
            region = stack.pop()
            self._no_link -= region.no_link
            self._no_lint -= region.no_lint
        if not stack:
            del self.regions[name], self._open[name]
        self.link = not self._no_link
        self.lint = not self._no_lint


class Tag(NamedTuple):
    """A start tag."""

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


def scan(html: str) -> list[Text]:
    """The text runs of `html` in document order, with what their context allows."""
    texts: list[Text] = []
    context = Context()
    position = 0
    for markup in _MARKUP.finditer(html):
        start, end = markup.span()
        if start > position:
            texts.append(Text(position, start, context.link, context.lint))
        position = end
        kind = markup.lastgroup
        if kind == "attrs":
            context.start_tag(markup.group("name").lower(), markup.group("attrs"))
        elif kind == "closename":
            context.end_tag(markup.group("closename").lower())
    if position < len(html):
        texts.append(Text(position, len(html), context.link, context.lint))
    return texts
