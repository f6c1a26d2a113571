"""Reading rendered HTML as a stream: where the markup is, and what encloses a position.

The linker only needs to know, for a position in the page, whether it is text
(not markup) and whether an enclosing element forbids linking or linting
there. `markup_source` gives the markup as regex alternatives (the linker
puts them into its own single-pass pattern); `Context` tracks the enclosing
elements that matter from the tags in order; `scan` lists a page's text
runs. No tree is built, and the page is never re-serialised: the linker
splices its markup into the original string, so everything it does not touch
stays byte-identical.

Both follow the HTML standard's parsing rules where they decide what readers
see: a tag ends where the browser's tokenizer ends it (a quote only opens a
value after `=`; a tag or comment left open runs to the end of the page),
and an element ends where its tree construction ends it (a `</p>` closes the
`kbd` left open inside it; a `<div>` closes an open `p`)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

# Elements in which no term is linked.
NO_LINK_TAGS = frozenset(
    {"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "button", "svg", "math", "abbr", "autoref"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "select", "option", "label", "dt", "summary", "th"}
)
# Elements whose text is not prose: no avoided spelling is reported there.
NO_LINT_TAGS = frozenset(["code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math"])
# Classes that mark math, diagrams, labels and explicit opt-outs: admonition titles, and
# Material's code annotations (the marker and the list of their texts) whose own tooltip a
# link's would cover.
NO_LINK_CLASSES = frozenset(
    {"no-glossary", "mermaid", "arithmatex", "math", "katex", "MathJax", "admonition-title"}
    | {"md-annotation", "md-annotation__index", "md-annotation-list"}
)
NO_LINT_CLASSES = frozenset(("no-glossary", "mermaid", "arithmatex", "math", "katex", "MathJax"))
VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
    | {"param", "keygen", "command", "basefont", "frame", "bgsound"}
)
# Elements whose content is raw text: it is consumed whole, with the element (`noscript` too:
# readers' browsers run scripts). `plaintext` never ends.
_RAW_TEXT = "script|style|textarea|title|xmp|iframe|noembed|noframes|noscript"

_WS = "\t\n\f\r "
_NAME = rf"[a-zA-Z][^{_WS}/>]*"
# A tag's attributes as the browser's tokenizer reads them: a name runs to white space, '/',
# '>' or '=' (a quote or '<' in it is part of it), and only after '=' does a quote open a
# value. Nothing ends a tag but '>' outside such a value, or the end of the page (the
# browser then drops the tag). Every piece is forced, so reading a tag never backtracks.
_ATTRS = (
    rf"(?:[{_WS}/]+|[^{_WS}/>][^{_WS}/>=]*"
    rf"(?:[{_WS}]*=[{_WS}]*(?:\"[^\"]*(?:\"|\Z)|'[^']*(?:'|\Z)|[^{_WS}>]*))?)*"
)
# The attributes of code written by Markdown and highlighters (class="...", id=...): a
# cheap check that may fail, for the whole-code shortcut below.
_SIMPLE_ATTRS = rf"(?:[{_WS}]+[^{_WS}/>\"'=]+(?:=\"[^\"<>]*\")?)*[{_WS}]*"


# Code whose whole content is text, or text in the balanced spans of a highlighter: nothing in
# it is linked or checked, and it opens no region that outlives it (see `markup_source`).
_END_OF_NAME = rf"(?![^{_WS}/>])"
_PLAIN_SPAN = rf"<span{_END_OF_NAME}{_SIMPLE_ATTRS}>[^<]*</span>"
_CODE = (
    rf"code{_END_OF_NAME}{_SIMPLE_ATTRS}>[^<]*</code"
    rf"|(?P<wholepre>pre){_END_OF_NAME}{_SIMPLE_ATTRS}>(?:<span></span>)?<code{_END_OF_NAME}{_SIMPLE_ATTRS}>"
    rf"(?:[^<]|{_PLAIN_SPAN})*</code></pre"
)


def markup_source(last: str = ">", whole_code: bool = False, lower_case: bool = False) -> str:
    """The markup of a page, as a group of regex alternatives for what follows a '<'.

    The last group a match sets says what it is: `attrs` for a start tag (its
    name in `name`), `closename` for an end tag, `cdata` for `<![CDATA[`
    (a comment up to the first '>', except in svg and math, where it ends at
    ']]>': the caller decides, see `cdata_end`). Comments, doctypes and
    raw-text elements (script, style, ...) match whole and set no group but
    `raw`: they are not text, and enclose none. `last` is what ends each
    piece of markup; the linker passes a look-ahead, to leave the final '>'
    for its own pattern to start from. Markup left open runs to the end of
    the page, as in browsers.

    With `whole_code`, a code element holding only text (or a code block of
    highlighted spans) matches whole, setting no group (`wholepre` for a
    code block, whose `pre` closes an open paragraph): its start and end tags
    cancel out, and the text inside is neither linked nor checked, so a
    caller that only links and checks need not look inside. A code element
    with anything else in it is read tag by tag.

    With `lower_case`, the pattern is for text already in lower case (and
    cheaper for the regex engine, which need not fold case).
    """
    end = rf"(?:{last}|\Z)"
    return (
        ("(?s:" if lower_case else "(?si:")
        # A comment; '<!-->' and '<!--->' are empty ones.
        + rf"!--(?:-?{last}|.*?(?:--!?{last}|\Z))"
        + (r"|(?P<cdata>!\[cdata\[)" if lower_case else r"|(?P<cdata>!\[CDATA\[)")
        + rf"[^>]*{end}"
        # Doctype, processing instruction, bogus comment ('</' and no name), '</>'.
        + rf"|(?:[!?]|/(?![a-zA-Z]))[^>]*{end}"
        + rf"|(?P<raw>{_RAW_TEXT}){_END_OF_NAME}{_ATTRS}(?:>.*?(?:</(?P=raw){_END_OF_NAME}{_ATTRS}{end}|\Z)|\Z)"
        + rf"|plaintext{_END_OF_NAME}.*"
        + (rf"|(?:{_CODE}){last}" if whole_code else "")
        + rf"|(?P<name>{_NAME})(?P<attrs>{_ATTRS}){end}"
        rf"|/(?P<closename>{_NAME}){_ATTRS}{end}"
        r")"
    )


MARKUP = "<" + markup_source()
_MARKUP = re.compile(MARKUP)
# One attribute of a start tag, read as `_ATTRS` reads them: a name, and maybe a value. Read one
# after the other from the start, so that text inside a value (`title="see class=x"`) is never
# taken for an attribute.
_ATTRIBUTE = re.compile(
    rf"[{_WS}/]*(?P<attr>(?P<attrname>[^{_WS}/>][^{_WS}/>=]*)"
    rf"(?:[{_WS}]*=[{_WS}]*(?:\"(?P<dq>[^\"]*)(?:\"|\Z)|'(?P<sq>[^']*)(?:'|\Z)|(?P<uq>[^{_WS}>]*)))?)"
)


def find_attribute(attrs: str, name: str) -> re.Match[str] | None:
    """The first attribute called `name` (in any case) in a start tag's attribute text.

    Its span is the match's `attr` group."""
    for found in _ATTRIBUTE.finditer(attrs):
        if found.group("attrname").lower() == name:
            return found
    return None


def attribute(attrs: str, name: str) -> str | None:
    """The raw (still escaped) value of attribute `name` in a start tag's attribute text."""
    found = find_attribute(attrs, name)
    if found is None:
        return None
    return next((value for value in found.group("dq", "sq", "uq") if value is not None), "")


def _classes(attrs: str) -> set[str]:
    return set((attribute(attrs, "class") or "").split())


Skip = frozenset[tuple[str, str]]
"""Simple selectors, each (tag or "", class or ""): elements in which no term is linked."""
NO_SKIP: Skip = frozenset()
_SELECTOR = re.compile(r"(?P<tag>[a-zA-Z][a-zA-Z0-9-]*)?(?:\.(?P<cls>-?[_a-zA-Z][_a-zA-Z0-9-]*))?")


def parse_skip(selectors: Iterable[str]) -> Skip:
    """The `skip` option's selectors: `tag`, `.class` or `tag.class`; ValueError naming a bad one."""
    parsed = set()
    for selector in selectors:
        found = _SELECTOR.fullmatch(selector.strip()) if isinstance(selector, str) else None
        if found is None or not (found.group("tag") or found.group("cls")):
            raise ValueError(
                f"'{selector}' is not a simple selector; write a tag (figcaption), a class "
                "(.tabbed-labels) or both (span.keys), one per entry"
            )
        parsed.add(((found.group("tag") or "").lower(), found.group("cls") or ""))
    return frozenset(parsed)


def skip_selectors(value: object) -> tuple[str, ...]:
    """The `skip` option as written: a list of simple selectors, each checked (see `parse_skip`)."""
    if isinstance(value, str) or not isinstance(value, (list, tuple)):
        raise ValueError(f"Expected a list of selectors, such as [figcaption, .tabbed-labels], but got {value!r}.")
    parse_skip(value)
    return tuple(value)


# Inside a code block as Markdown and highlighters write it, every '<' starts a tag of one of
# these elements. Anything else (comments, raw text, svg, another `pre`, a `kbd`, an upper-case
# tag...) means the block is read tag by tag. Searched for, not matched: the engine jumps from
# one '<' to the next.
_NOT_PLAIN_CODE = re.compile(r"<(?!/?(?:span|a|code|em|strong|b|i|mark|sub|sup|small|u|s|del|ins|br|wbr)[\t\n\f\r />])")


def plain_code_end(text: str, at: int) -> int:
    """Where the `</pre` of a code block is, when its content (from the `>` of its start tag at
    `text[at]`) holds only text and balanced simple tags in lower case, as Markdown and
    highlighters write them; -1 otherwise (an upper-case tag too).

    In such a block nothing links and nothing is checked, and every element in it also ends
    in it: a reader may go on from its end tag. Code line anchors (`anchor_linenums`) put a
    link and two spans on every line, and reading them one by one made such pages cost
    more per byte than others.
    """
    end = text.find("</pre", at)
    if end < 0 or _NOT_PLAIN_CODE.search(text, at, end) is not None:
        return -1
    for start_tag, end_tag in (("<a", "</a>"), ("<code", "</code>")):
        if text.count(start_tag, at, end) != text.count(end_tag, at, end):
            return -1
    return end


def skip_tags(skip: Skip) -> frozenset[str]:
    """The tags the selectors name: a caller must pass their start tags to `Context` even without a class."""
    return frozenset(tag for tag, _ in skip if tag)


def cdata_end(text: str, start: int) -> int:
    """Where a CDATA section that starts at `start` ends in svg or math: after ']]>' (or the end)."""
    end = text.find("]]>", start)
    return len(text) if end < 0 else end + 3


# -- where elements end: the HTML standard's tree construction, without the tree --------------

_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements of the standard's "special" category that have content (the void ones hold nothing).
_SPECIAL = (
    frozenset(
        {"address", "applet", "article", "aside", "blockquote", "body", "button", "caption", "center", "colgroup"}
        | {"dd", "details", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form"}
        | {"frameset", "head", "header", "hgroup", "html", "iframe", "li", "listing", "main", "marquee", "menu"}
        | {"nav", "noembed", "noframes", "noscript", "object", "ol", "p", "plaintext", "pre", "script", "search"}
        | {"section", "select", "style", "summary", "table", "tbody", "td", "template", "textarea", "tfoot"}
        | {"th", "thead", "title", "tr", "ul", "xmp"}
    )
    | _HEADINGS
)
# Start tags that close an open `p` (in button scope).
_CLOSES_P = (
    frozenset(
        {"address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl"}
        | {"fieldset", "figcaption", "figure", "footer", "header", "hgroup", "main", "menu", "nav", "ol", "p"}
        | {"search", "section", "summary", "ul", "pre", "listing", "form", "li", "dd", "dt", "plaintext"}
        | {"table", "hr", "xmp"}
    )
    | _HEADINGS
)
# Elements that are re-opened after an end tag of an enclosing element closed them, until
# their own end tag (the standard's "formatting elements").
_FORMATTING = frozenset(
    {"a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u"}
)
_MARKERS = frozenset({"applet", "caption", "marquee", "object", "template", "td", "th"})
_SCOPE = frozenset({"applet", "caption", "html", "table", "td", "th", "marquee", "object", "template"})
_TABLE_PARTS = frozenset({"td", "th", "tr", "tbody", "thead", "tfoot", "caption", "table"})
# The elements of svg and math whose content is HTML again.
_INTEGRATION_POINTS = frozenset({"foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext"})

# Start and end tags a caller must always pass to `Context` (the others only while
# `regions` is not zero, or when the start tag has a class attribute): they open and close
# paragraphs.
TRACKED_TAGS = _SPECIAL | _CLOSES_P


@lru_cache(maxsize=512)
def _keys(name: str, foreign: bool, integration_point: bool) -> tuple[str, ...]:
    """The lists of open elements an element is counted in: its name, and the kinds that bound scopes."""
    if foreign:
        bounds = ("#special", "#scope", "#button", "#list", "#barrier") if integration_point else ()
        return (name, *bounds)
    keys = [name]
    if name in _SPECIAL:
        keys.append("#special")
        if name not in ("address", "div", "p"):
            keys.append("#barrier")  # stops the search for an open `li`, `dd` or `dt`
    if name in _SCOPE:
        keys += ["#scope", "#button", "#list"]
    elif name == "button":
        keys.append("#button")
    elif name in ("ol", "ul"):
        keys.append("#list")
    if name in ("html", "table", "template"):
        keys.append("#table")
    if name in _MARKERS:
        keys.append("#marker")
    if name in _HEADINGS:
        keys.append("#h")
    if name in ("dd", "dt"):
        keys.append("#ddt")
    if name in ("td", "th"):
        keys.append("#cell")
    if name in ("tbody", "thead", "tfoot"):
        keys.append("#section")
    return tuple(keys)


class _Open:
    """An open element (only those that can matter are kept)."""

    __slots__ = ("active", "foreign", "formatting", "index", "keys", "marker", "name", "no_link", "no_lint", "run")

    def __init__(self, name: str, keys: tuple[str, ...], no_link: bool, no_lint: bool) -> None:
        self.name = name
        self.keys = keys
        self.no_link = no_link
        self.no_lint = no_lint
        self.active = False
        """A region in force: on the stack, or (formatting) still to be re-opened."""
        self.formatting = False
        self.foreign = False
        self.index = 0
        self.marker = -1
        """The innermost open marker element (`td`, ...) when it opened: its end ends this one."""
        self.run = -1
        """In svg or math: the innermost element below it where HTML rules apply."""


class Context:
    """Whether the elements enclosing the current position allow linking and linting.

    Fed the page's tags in order (`start_tag`, `end_tag`), it decides where
    each skipped element ends as the HTML standard's tree construction does
    ("in body"): which end tags close it (a `</p>`, `</li>`, `</td>`,
    `</div>` around it), which start tags close an open `p` and what is in
    it (a `<div>`, `<p>`, `<ul>`...), an `li` or a table cell; formatting
    elements (`a`, `code`, `b`...) stay in force until their own end tag, as
    browsers re-open them; svg and math content is foreign.

    While no skipped element is open, it keeps only whether a paragraph is
    open and how many special elements (`div`, `li`, `td`...) are: that is
    cheap on every page. From the first skipped element on, it keeps a stack
    of the open elements; those it did not keep are taken to be around it
    (`_in_p`, `_outside`): an end tag with no match on the stack closes the
    stack when such an element is open outside it (for an element that is
    not special, when none is open since the innermost special one). Not modelled: foster
    parenting in tables, the adoption agency's moves, `select`'s own rules,
    quirks mode; and where browsers end an element early that a reader of the
    markup takes to go on (a `<p>` in svg, a heading start tag in a heading),
    it goes on here: a missed link at worst. Every tag costs the same however
    many elements are open (a list per name and per kind of scope boundary),
    so any page takes linear time.
    """

    __slots__ = (
        "_formatting",
        "_formatting_by_name",
        "_in_p",
        "_no_link",
        "_no_lint",
        "_outside",
        "_skip",
        "_stack",
        "_tops",
        "link",
        "lint",
        "regions",
    )

    def __init__(self, skip: Skip = NO_SKIP) -> None:
        self._skip = skip
        """The `skip` option's selectors."""
        self._stack: list[_Open] = []
        self._tops: dict[str, list[int]] = {}
        """For each name and kind: the stack positions of such open elements, innermost last."""
        self._formatting: list[_Open] = []
        self._formatting_by_name: dict[str, list[_Open]] = {}
        self._no_link = self._no_lint = 0
        self._outside: dict[str, int] = {}
        """Special elements (`div`, `li`, `td`...) opened while no region was in force and not closed since."""
        self._in_p = False
        """While no region is in force: whether a paragraph is open (a block start would close it)."""
        self.regions = 0
        """How many open elements forbid linking or linting."""
        self.link = True
        """Terms may be linked here."""
        self.lint = True
        """This is prose: avoided spellings count here."""

    @property
    def foreign(self) -> bool:
        """In svg or math content (where a CDATA section is one)."""
        return bool(self._stack) and self._stack[-1].foreign and self._stack[-1].run < len(self._stack) - 1

    def start_tag(self, name: str, attrs: str) -> None:
        """After a start tag; `name` in lower case, `attrs` as written.

        A caller may leave out start tags that cannot matter: those whose name
        is not in TRACKED_TAGS or SKIPPING_TAGS and that have no class
        attribute, while `regions` is zero.
        """
        no_link, no_lint = _forbids(name, attrs, self._skip)
        if not self.regions:  # the common case: only whether a paragraph is open is kept
            if self._stack:
                self._reset()
            outer_p = self._in_p and name not in _CLOSES_P
            self.block_start(name)
            if not (no_link or no_lint) or name in VOID_TAGS or attrs.rstrip().endswith("/"):
                return
            self._in_p = outer_p  # from now on: a paragraph open around the stack
        elif self.foreign:
            # Browsers leave svg and math at a `<p>`, `<em>`... start tag; kept inside here (no
            # link where a reader of the markup sees svg: a missed link at worst).
            if not attrs.rstrip().endswith("/"):
                self._push_foreign(name, attrs)
            return
        if name in ("html", "body", "head"):
            return
        self._close_implied(name)
        if name in VOID_TAGS or (name in ("svg", "math") and attrs.rstrip().endswith("/")):
            return
        entry = self._push(_Open(name, _keys(name, False, False), no_link, no_lint))
        if name in ("svg", "math"):
            entry.foreign = True
            entry.run = entry.index - 1
        elif name in _FORMATTING and entry.active:
            entry.formatting = True
            entry.marker = self._top("#marker")
            self._formatting.append(entry)
            self._formatting_by_name.setdefault(name, []).append(entry)

    def block_start(self, name: str) -> None:
        """After a start tag that opens no region while `regions` is zero (a cheaper `start_tag`)."""
        if self._stack:
            self._reset()
        if name in _CLOSES_P:
            self._in_p = name == "p"
        if name in _SPECIAL and name != "p":
            self._outside[name] = self._outside.get(name, 0) + 1

    def end_tag(self, name: str) -> None:
        """After an end tag; `name` in lower case.

        A caller may leave out those whose name is not in TRACKED_TAGS while
        `regions` is zero.
        """
        if not self.regions:
            if self._stack:
                self._reset()
            if name in _SPECIAL:
                self._in_p = False
                if self._outside.get(name):
                    self._outside[name] -= 1
            return
        if self.foreign:
            if name not in ("p", "br"):
                found, run = self._top(name), self._stack[-1].run
                if found > run:
                    self._pop_to(found)
                    return
            else:
                self._pop_to(self._stack[-1].run + 1)
        if name in ("br", "html", "body", "head"):
            return
        if name in _FORMATTING:
            entry = self._formatting_region(name)
            if entry is not None:
                self._end_formatting(entry)
                return
        # An element not opened since the outermost skipped one is taken to be open around it
        # (what is outside is not kept: see the class's docstring).
        if name == "p":
            self._close_in_scope(self._top("p"), "#button", "p")
        elif name == "li":
            self._close_in_scope(self._top("li"), "#list", name)
        elif name in _HEADINGS:
            self._close_in_scope(self._top("#h"), "#scope", name)
        elif name in _TABLE_PARTS:
            self._close_in_scope(self._top(name), "#table", name)
        elif name in _SPECIAL:
            self._close_in_scope(self._top(name), "#scope", name)
        else:
            found, special = self._top(name), self._top("#special")
            if found >= 0 and found >= special:
                self._pop_to(found)
            elif found < 0:
                self._pop_to(special + 1 if special >= 0 else 0)

    # -- the rules ----------------------------------------------------------------------

    def _close_implied(self, name: str) -> None:
        """The elements a start tag closes before it opens."""
        if name in ("li", "dd", "dt"):
            found = self._top("li" if name == "li" else "#ddt")
            if found >= 0 and found >= self._top("#barrier"):
                self._pop_to(found)
            elif found < 0 and self._top("#barrier") < 0 and self._outside.get(name):
                self._close_outside(name)  # the item open around the skipped element
        if name in _CLOSES_P:
            self._close_in_scope(self._top("p"), "#button", "p")
        elif name == "button":
            self._close_in_scope(self._top("button"), "#scope")
        elif name in ("td", "th", "tr", "tbody", "thead", "tfoot", "caption", "colgroup", "col"):
            self._close_in_scope(self._top("#cell"), "#table", "td" if self._outside.get("td") else "th")
            if name not in ("td", "th"):
                self._close_in_scope(self._top("tr"), "#table")
            if name in ("caption", "colgroup", "col", "tbody", "thead", "tfoot"):
                self._close_in_scope(self._top("#section"), "#table")
        elif name in ("option", "optgroup") and self._stack and self._stack[-1].name == "option":
            self._pop_to(len(self._stack) - 1)
        elif name in ("a", "nobr"):
            entry = self._formatting_region(name)
            if entry is not None:
                self._end_formatting(entry)

    def _close_in_scope(self, found: int, scope: str, outside: str = "") -> None:
        """Close the element at `found` if no boundary of `scope` is open inside it.

        Without one (`found` < 0), an element called `outside` that is open
        around the stack is closed, and the stack with it.
        """
        if found >= 0 and found >= self._top(scope):
            self._pop_to(found)
        elif found < 0 and outside and self._top(scope) < 0 and self._open_outside(outside):
            self._close_outside(outside)

    def _open_outside(self, name: str) -> bool:
        return self._in_p if name == "p" else bool(self._outside.get(name))

    def _close_outside(self, name: str) -> None:
        """An element open around the stack ends: everything on it with it."""
        if name != "p":
            self._outside[name] -= 1
        self._in_p = False
        self._pop_to(0)
        if name in _MARKERS:  # formatting regions opened inside it are not re-opened
            formatting = self._formatting
            while formatting and (formatting[-1].marker < 0 or not formatting[-1].active):
                self._deactivate(formatting.pop())

    def _reset(self) -> None:
        """No region is in force any more: forget the stack, keeping whether a paragraph is open."""
        self._in_p = self._in_p or self._top("p") >= 0
        for entry in self._stack:  # still open: now outside any region
            if entry.name in _SPECIAL and entry.name != "p":
                self._outside[entry.name] = self._outside.get(entry.name, 0) + 1
        self._pop_to(0)

    def _formatting_region(self, name: str) -> _Open | None:
        """The innermost formatting region called `name` since the last marker, if any."""
        entries = self._formatting_by_name.get(name)
        while entries and not entries[-1].active:
            entries.pop()
        if entries and entries[-1].marker == self._top("#marker"):
            return entries[-1]
        return None

    def _end_formatting(self, entry: _Open) -> None:
        self._deactivate(entry)
        on_stack = entry.index < len(self._stack) and self._stack[entry.index] is entry
        if on_stack and self._top("#special") < entry.index:
            self._pop_to(entry.index)

    # -- the stack ----------------------------------------------------------------------

    def _top(self, key: str) -> int:
        positions = self._tops.get(key)
        return positions[-1] if positions else -1

    def _push(self, entry: _Open) -> _Open:
        entry.index = len(self._stack)
        self._stack.append(entry)
        tops = self._tops
        for key in entry.keys:
            positions = tops.get(key)
            if positions is None:
                tops[key] = [entry.index]
            else:
                positions.append(entry.index)
        if entry.no_link or entry.no_lint:
            entry.active = True
            self.regions += 1
            self._no_link += entry.no_link
            self._no_lint += entry.no_lint
            self.link = self.link and not entry.no_link
            self.lint = self.lint and not entry.no_lint
        return entry

    def _push_foreign(self, name: str, attrs: str) -> None:
        parent = self._stack[-1]
        point = name in _INTEGRATION_POINTS
        no_link, no_lint = _forbids(name, attrs, self._skip)
        entry = self._push(_Open(name, _keys(name, True, point), no_link, no_lint))
        entry.foreign = not point
        entry.run = entry.index if point else parent.run

    def _pop_to(self, index: int) -> None:
        """Close the open elements from position `index` on."""
        stack, tops = self._stack, self._tops
        while len(stack) > index:
            entry = stack.pop()
            for key in entry.keys:
                tops[key].pop()
            if not entry.formatting:
                self._deactivate(entry)
            if "#marker" in entry.keys:
                formatting = self._formatting
                while formatting and (formatting[-1].marker >= entry.index or not formatting[-1].active):
                    self._deactivate(formatting.pop())

    def _deactivate(self, entry: _Open) -> None:
        if not entry.active:
            return
        entry.active = False
        self.regions -= 1
        self._no_link -= entry.no_link
        self._no_lint -= entry.no_lint
        self.link = not self._no_link
        self.lint = not self._no_lint


def _forbids(name: str, attrs: str, skip: Skip = NO_SKIP) -> tuple[bool, bool]:
    """Whether an element forbids linking, and linting, inside it (`skip`: linking, see `parse_skip`)."""
    if "class" in attrs.lower():
        return _forbids_with_classes(name, attrs, skip)
    return _forbids_by_name(name, skip)  # a link's attributes are seldom seen twice: not kept by them


@lru_cache(maxsize=1024)
def _forbids_by_name(name: str, skip: Skip) -> tuple[bool, bool]:
    return _forbids_with_classes.__wrapped__(name, "", skip)


@lru_cache(maxsize=1024)  # highlighted code repeats the same few tags
def _forbids_with_classes(name: str, attrs: str, skip: Skip) -> tuple[bool, bool]:
    classes = _classes(attrs) if "class" in attrs.lower() else set()
    no_link = name in NO_LINK_TAGS or bool(classes & NO_LINK_CLASSES)
    if skip and not no_link:
        no_link = any((not tag or tag == name) and (not cls or cls in classes) for tag, cls in skip)
    no_lint = name in NO_LINT_TAGS or bool(classes & NO_LINT_CLASSES)
    return no_link, no_lint


# Start tags that may open a region without a class attribute.
SKIPPING_TAGS = NO_LINK_TAGS | NO_LINT_TAGS


class Tag(NamedTuple):
    """A start tag."""

    start: int
    end: int
    name: str
    """Lower-case element name."""
    attrs: str


class Text(NamedTuple):
    """A run of text between two pieces of markup."""

    start: int
    end: int


def text_spans(html: str) -> list[Text]:
    """The text runs of `html` in document order, wherever they are (code and headings too): what
    the findings' places are counted in. Only svg and math are told apart, where a CDATA section
    holds text (elsewhere it is a bogus comment)."""
    texts: list[Text] = []
    foreign = 0
    position = 0
    search = _MARKUP.search
    found = search(html)
    while found is not None:
        start, end = found.span()
        if start > position:
            texts.append(Text(position, start))
        position = end
        kind = found.lastgroup
        if kind == "attrs" and found.group("name").lower() in ("svg", "math"):
            foreign += not found.group("attrs").rstrip().endswith("/")
        elif kind == "closename" and foreign and found.group("closename").lower() in ("svg", "math"):
            foreign -= 1
        elif kind == "cdata" and foreign:
            close = html.find("]]>", start)
            texts.append(Text(start + 9, len(html) if close < 0 else close))
            position = len(html) if close < 0 else close + 3
        found = search(html, position)
    if position < len(html):
        texts.append(Text(position, len(html)))
    return texts
