"""Rendered definitions, cut down to markup that cannot run script.

A definition is Markdown rendered with the site's extensions, and an
extension can put nearly anything into HTML: ``attr_list`` adds any
attribute (``{: onerror=...}``), links take any URL (``javascript:``), and a
``title`` is turned into markup by the tooltips of Material and Zensical,
which insert it as HTML. `sanitize_definition` parses the HTML and writes it
again from scratch, keeping only an allow-list:

- elements that Markdown and its common extensions produce, each with its
  own attributes; other elements are dropped but their text is kept (script,
  style and the like lose their content too);
- URLs (``href``, ``src``, ``cite``) only when `is_safe_url` says a browser
  would read them as http, https, mailto or relative; a link left without
  one becomes a ``span``;
- ``title`` with each ``<`` (and each ``&`` that starts a character
  reference) escaped twice, so that a tooltip inserting the decoded value
  as HTML still shows it as text: ``<img>`` is written ``&amp;lt;img>``;
- ``style`` only as a table cell's ``text-align``;
- ``id`` only with the entry's prefix, so no definition can take one of the
  page's ids (or a global name such as ``window.x``); in-definition links
  to such ids (footnotes, permalinks) follow them;
- elements nested as a browser would keep them: every element written is
  closed, in order, and list items, table parts and ``dt``/``dd`` only
  inside their own container, so no definition can close the entry
  around it.

Every name and value is written out escaped, so what the browser reads is
exactly what was checked, whatever quirks the parser has.
"""

from __future__ import annotations

import re
from collections import Counter
from html import entities
from html.parser import HTMLParser

from .urls import is_safe_url

_COMMON = frozenset({"class", "id", "title", "lang", "dir"})
# Elements that keep only the _COMMON attributes.
# fmt: off
_PLAIN_ELEMENTS = (
    "p", "br", "hr", "em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
    "code", "kbd", "samp", "var", "pre", "blockquote", "q", "cite", "dfn", "abbr", "span", "div", "label",
    "h1", "h2", "h3", "h4", "h5", "h6", "ul", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
    "tr", "caption", "colgroup", "col", "summary", "figure", "figcaption", "wbr",
)
# fmt: on
# Elements that keep more, beyond _COMMON.
_ELEMENTS: dict[str, frozenset[str]] = {
    **dict.fromkeys(_PLAIN_ELEMENTS, frozenset()),
    "a": frozenset({"href"}),
    "img": frozenset({"src", "alt", "width", "height"}),
    "ol": frozenset({"start", "type", "reversed"}),
    "th": frozenset({"colspan", "rowspan", "align", "style", "scope"}),
    "td": frozenset({"colspan", "rowspan", "align", "style"}),
    "details": frozenset({"open"}),
    "input": frozenset({"type", "checked", "disabled"}),  # task lists' check boxes only: see _is_checkbox
    # Material's and pymdownx.emoji's inline icons.
    "svg": frozenset({"viewbox", "xmlns", "width", "height", "aria-hidden", "focusable"}),
    "path": frozenset({"d", "fill-rule", "clip-rule"}),
}
_URLS = frozenset({"href", "src", "cite"})
_VOID = frozenset({"br", "hr", "img", "col", "wbr", "input"})
# Dropped with everything inside them.
_DROP_CONTENT = frozenset(
    {"script", "style", "template", "noscript", "iframe", "object", "embed", "textarea", "title", "select"}
    | {"xmp", "noembed", "noframes", "plaintext", "math", "foreignobject"}
)
# An element a browser only keeps inside one of these (else it may close the entry's own dd).
_PARENTS: dict[str, frozenset[str]] = {
    "li": frozenset({"ul", "ol"}),
    "dt": frozenset({"dl"}),
    "dd": frozenset({"dl"}),
    "tr": frozenset({"table", "thead", "tbody", "tfoot"}),
    "td": frozenset({"tr"}),
    "th": frozenset({"tr"}),
    "thead": frozenset({"table"}),
    "tbody": frozenset({"table"}),
    "tfoot": frozenset({"table"}),
    "caption": frozenset({"table"}),
    "colgroup": frozenset({"table"}),
    "col": frozenset({"colgroup", "table"}),
    "path": frozenset({"svg"}),
    "summary": frozenset({"details"}),
    "figcaption": frozenset({"figure"}),
}
_TEXT_ALIGN = re.compile(r"\s*text-align\s*:\s*(left|right|center|justify)\s*;?\s*\Z", re.IGNORECASE)
_CASED = {"viewbox": "viewBox"}
# The plugin's own class names: a definition may not pass for the plugin's markup.
_OWN_CLASS = "glossary-"


def _escape_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _escape_attribute(value: str) -> str:
    return _escape_text(value).replace('"', "&quot;")


# An '&' that HTML would read as the start of a character reference, in text.
_LEGACY = sorted((name for name in entities.html5 if not name.endswith(";")), key=len, reverse=True)
_REFERENCE_START = re.compile(r"&(?=#|[a-zA-Z][a-zA-Z0-9]*;|(?:" + "|".join(_LEGACY) + "))")


def _escape_title(value: str) -> str:
    """A title that shows the same text after being decoded and then inserted as HTML.

    Only '<' can start markup in HTML text, and only a character reference
    can change what '&' shows: those are escaped once more, the rest stays
    readable in the browser's own tooltip too (``R&D``, ``a > b``).
    """
    return _escape_attribute(_REFERENCE_START.sub("&amp;", value).replace("<", "&lt;"))


class _Sanitizer(HTMLParser):
    """Collects the allowed tokens; `result` writes them, once every id of the definition is known."""

    def __init__(self, id_prefix: str) -> None:
        super().__init__(convert_charrefs=False)
        self.id_prefix = id_prefix
        self.tokens: list[str | tuple[str, list[tuple[str, str]]]] = []
        self.ids: set[str] = set()
        self.open: list[str] = []  # the open elements' names as the input has them
        self.written: list[str] = []  # and as written
        # How many of each name are open: asking `open` itself would read the whole stack at
        # each tag, time that grows with the square of the nesting depth.
        self.open_count: Counter[str] = Counter()
        self.skipping: str | None = None
        self.skip_depth = 0

    # -- tokens ------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._skipped_start(tag):
            return
        allowed = _ELEMENTS.get(tag)
        if allowed is None or not self._fits(tag) or (tag == "input" and not _is_checkbox(attrs)):
            return
        kept = [(name, value or "") for name, value in attrs if name in _COMMON or name in allowed]
        kept = [(name, value) for name, value in kept if _allowed_value(name, value)]
        if self.id_prefix:
            self.ids.update(value for name, value in kept if name == "id")
        # A link without a (safe) target is no link; themes' scripts also expect an href on every link.
        written = "span" if tag == "a" and not any(name == "href" for name, _ in kept) else tag
        self.tokens.append((written, kept))
        if tag not in _VOID:
            self.open.append(tag)
            self.open_count[tag] += 1
            self.written.append(written)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        depth = len(self.open)
        self.handle_starttag(tag, attrs)
        if len(self.open) > depth:
            self.handle_endtag(tag)  # self-closing in XHTML style (svg's <path/>)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping is not None:
            if tag == self.skipping:
                self.skip_depth -= 1
                if self.skip_depth == 0:
                    self.skipping = None
            return
        if not self.open_count[tag]:
            return  # never opened, or dropped: nothing to close
        while self.open:
            closed = self.open.pop()
            self.open_count[closed] -= 1
            self.tokens.append(f"</{self.written.pop()}>")
            if closed == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.skipping is None:
            self.tokens.append(_escape_text(data))

    def handle_entityref(self, name: str) -> None:
        if self.skipping is None:
            # Markdown escapes every '&' but those of references written with ';'.
            self.tokens.append(f"&{name};" if f"{name};" in entities.html5 else f"&amp;{name};")

    def handle_charref(self, name: str) -> None:
        if self.skipping is None:
            self.tokens.append(_character_reference(name))

    # Comments, declarations, processing instructions and CDATA are dropped
    # (HTMLParser's defaults ignore them).

    # -- rules -------------------------------------------------------

    def _skipped_start(self, tag: str) -> bool:
        """Inside a dropped element (or at its start): count its nesting, keep nothing."""
        if self.skipping is not None:
            if tag == self.skipping:
                self.skip_depth += 1
            return True
        if tag in _DROP_CONTENT:
            self.skipping, self.skip_depth = tag, 1
            return True
        return False

    def _fits(self, tag: str) -> bool:
        parents = _PARENTS.get(tag)
        if parents is None:
            return not self.open_count["svg"] or tag == "path"  # only icon paths inside an svg
        return bool(self.open) and self.open[-1] in parents

    # -- output ------------------------------------------------------

    def result(self) -> str:
        while self.written:
            self.tokens.append(f"</{self.written.pop()}>")
        self.open.clear()
        self.open_count.clear()
        out: list[str] = []
        for token in self.tokens:
            out.append(token if isinstance(token, str) else self._start_tag(*token))
        return "".join(out)

    def _start_tag(self, tag: str, attrs: list[tuple[str, str]]) -> str:
        parts = [tag]
        for name, value in attrs:
            written = self._attribute(name, value)
            if written is not None:
                parts.append(written)
        return "<" + " ".join(parts) + ">"

    def _attribute(self, name: str, value: str) -> str | None:
        if name == "id":
            if not self.id_prefix or not value:
                return None  # without a prefix an id could take one of the page's own
            return f'id="{_escape_attribute(self.id_prefix + value)}"'
        if name == "href" and value.startswith("#") and value[1:] in self.ids:
            value = "#" + self.id_prefix + value[1:]
        if name == "class":
            value = " ".join(word for word in value.split() if not word.startswith(_OWN_CLASS))
            if not value:
                return None
        if name == "title":
            return f'title="{_escape_title(value)}"'
        return f'{_CASED.get(name, name)}="{_escape_attribute(value)}"'


def _allowed_value(name: str, value: str) -> bool:
    if name in _URLS:
        return is_safe_url(value)
    if name == "style":
        return _TEXT_ALIGN.match(value) is not None
    return True


def _is_checkbox(attrs: list[tuple[str, str | None]]) -> bool:
    """pymdownx.tasklist's disabled check boxes are the only inputs a definition keeps."""
    return any(name == "type" and (value or "").lower() == "checkbox" for name, value in attrs)


def _character_reference(number: str) -> str:
    """A numeric reference (``&#106;``, given as ``106`` or ``x6a``) kept as written, if it is valid."""
    try:
        code = int(number[1:], 16) if number[:1] in "xX" else int(number)
    except ValueError:
        return "&amp;#" + _escape_text(number)
    if code <= 0 or code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return "\ufffd"  # what a browser shows for it
    return f"&#{number};"


def sanitize_definition(html: str, *, id_prefix: str = "") -> str:
    """`html` with only allowed elements, attributes and URLs; see the module's docstring.

    Each id becomes ``id_prefix + id`` (and so do links within the
    definition to it); with no prefix, ids are dropped. Not idempotent: a
    title is escaped again on each pass, so sanitise each definition once.
    """
    parser = _Sanitizer(id_prefix)
    parser.feed(html)
    parser.close()
    return parser.result()
