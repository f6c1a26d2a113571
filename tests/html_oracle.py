"""An independent reading of HTML for the property and hostile-input tests.

The plugin scans HTML with its own regular expressions; these helpers parse it
with Python's `html.parser` (through BeautifulSoup) and compare what a reader
would get: the visible text, the element tree, and where the plugin's links are.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from bs4 import BeautifulSoup
from bs4.element import NavigableString, Tag, TemplateString

# Where the plugin must never put a link, written from the promises (PRODUCT.md, "Linking", and the
# README's "Linking and references"), never from the package's own lists: a gap in those is what
# this oracle is here to find.
SKIPPED_TAGS = frozenset(
    # PRODUCT.md: code, links, raw text, controls, graphics and maths, headings, abbreviations.
    {"a", "code", "pre", "kbd", "samp", "script", "style", "textarea", "button", "svg", "math", "abbr"}
    | {"h1", "h2", "h3", "h4", "h5", "h6"}
    | {"th"}  # table headers
    | {"summary"}  # the title of a `details` block (Material's collapsible admonitions)
    # The README adds: form labels and lists, definition-list terms, mkdocs-autorefs' placeholders.
    | {"label", "select", "dt", "autoref"}
)
SKIPPED_CLASSES = frozenset(
    {"no-glossary"}  # the writer's opt-out
    | {"admonition-title"}  # `p.admonition-title`, the title of an admonition
    | {"arithmatex", "mermaid"}  # math and diagram blocks
    | {"md-annotation"}  # Material's code annotation markers
)
# A code block's annotations: the `ol` right after a code block whose comments hold `(1)` markers.
# Pygments' classes for comments (Comment, .Single, .Multiline, .Hashbang, .Special, .PreprocFile).
_COMMENT_CLASSES = frozenset({"c", "c1", "cm", "ch", "cs", "cpf"})
_ANNOTATION_MARKER = re.compile(r"\(\d+\)")
LINK_ATTRIBUTES = frozenset({"class", "href", "data-glossary-term", "title"})
LINK_CLASSES = ("glossary-term", "glossary-term glossary-ref")
BROKEN_CLASS = "glossary-term glossary-broken"

_WORD = re.compile(r"\w")
# Strings that are text (in a `template` too), not comments, scripts or styles.
_TEXT = (NavigableString, TemplateString)
_SKIN_TONES = range(0x1F3FB, 0x1F400)
_SPACELESS_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR", "TIBETAN", "HALFWIDTH")


def parse(html: str) -> BeautifulSoup:
    """`html` parsed by html.parser; attribute values kept as written (`class` is one string).

    Every string keeps its white space: by default BeautifulSoup shortens a
    string of only white space (' \\n ' becomes '\\n'), which would make a
    page whose spaces were split by new links read differently.
    """
    return BeautifulSoup(html, "html.parser", multi_valued_attributes=None, preserve_whitespace_tags={"[document]"})


def visible_text(html: str) -> str:
    """The text a reader sees: text nodes, without comments, scripts and styles."""
    return parse(html).get_text()


def is_plugin_link(element: Tag) -> bool:
    """The plugin's own link markup: `<a class="glossary-term" ... data-glossary-term=...>`."""
    return element.name == "a" and "data-glossary-term" in element.attrs and element.get("class") in LINK_CLASSES


def is_broken_reference(element: Tag) -> bool:
    return element.name == "span" and element.get("class") == BROKEN_CLASS


def plugin_links(html: str) -> list[Tag]:
    return [element for element in parse(html).find_all("a") if is_plugin_link(element)]


def browser_plugin_links(html: str) -> list[Tag]:
    """The plugin's links in the tree a browser builds (html5lib follows the HTML standard): where an
    element ends without its end tag (`<dt>` at a `<dd>`), html.parser would nest them instead."""
    tree = BeautifulSoup(html, "html5lib", multi_valued_attributes=None)
    return [element for element in tree.find_all("a") if is_plugin_link(element)]


def text_of(element: Tag) -> str:
    """The text inside `element`, in a `template` too."""
    return element.get_text(types=_TEXT)


def term_links(html: str) -> list[tuple[str, str]]:
    """(term name, link text) of each of the plugin's links, in document order."""
    return [(str(link["data-glossary-term"]), text_of(link)) for link in plugin_links(html)]


def tree(html: str, unwrap_plugin_links: bool = True) -> list[Any]:
    """A comparable form of the parsed tree: nested (name, attributes, children); text merged.

    With `unwrap_plugin_links`, each of the plugin's links is replaced by its
    content, so that the output's tree can be compared with the input's.
    """
    return _children(parse(html), unwrap_plugin_links)


def _children(node: Tag, unwrap: bool) -> list[Any]:
    out: list[Any] = []
    for child in node.children:
        if isinstance(child, Tag):
            if unwrap and is_plugin_link(child):
                items = _children(child, unwrap)
            else:
                attrs = tuple(sorted((name, str(value)) for name, value in child.attrs.items()))
                items = [(child.name, attrs, tuple(_children(child, unwrap)))]
        elif type(child) in _TEXT:
            items = [("#text", str(child))]
        else:  # comment, doctype, script or style text...
            items = [(f"#{type(child).__name__}", str(child))]
        for item in items:
            if item[0] == "#text" and out and out[-1][0] == "#text":
                out[-1] = ("#text", out[-1][1] + item[1])
            elif item != ("#text", ""):
                out.append(item)
    return out


def skipped_ancestor(element: Tag) -> str | None:
    """The first enclosing element where links are not allowed, if any (as `tag.class`)."""
    for parent in element.parents:
        if parent.name in SKIPPED_TAGS:
            return parent.name
        classes = set(str(parent.get("class") or "").split())
        if classes & SKIPPED_CLASSES:
            return f"{parent.name}.{'.'.join(sorted(classes & SKIPPED_CLASSES))}"
        if parent.name == "ol" and _annotates(_previous_block(parent)):
            return "ol (code annotations)"
    return None


def _previous_block(element: Tag) -> Tag | None:
    """The element before `element`, past white space, comments and empty paragraphs."""
    for sibling in element.previous_siblings:
        if isinstance(sibling, Tag):
            if sibling.name == "p" and not sibling.get_text().strip():
                continue
            return sibling
        if type(sibling) in _TEXT and str(sibling).strip():
            return None
    return None


def _annotates(block: Tag | None) -> bool:
    """Whether `block` is a code block with an annotation marker such as `# (1)` in a comment."""
    if block is None or not (block.name == "pre" or block.find("pre") is not None):
        return False
    for span in block.find_all(True):
        if set(str(span.get("class") or "").split()) & _COMMENT_CLASSES and _ANNOTATION_MARKER.search(span.get_text()):
            return True
    return False


def continues_word(char: str) -> bool:
    """True for a character that belongs to the word next to it.

    Letters and digits, and the characters that attach to the one before: combining
    marks (accents written separately, Indic vowel signs), the zero-width joiner and
    emoji skin tones.
    """
    return bool(
        _WORD.match(char) or unicodedata.category(char).startswith("M") or char == "\u200d" or ord(char) in _SKIN_TONES
    )


def is_spaceless(char: str) -> bool:
    """A character of a script written without spaces between words (no word boundaries there)."""
    return unicodedata.name(char, "").startswith(_SPACELESS_SCRIPTS)


def neighbours(link: Tag) -> tuple[str, str]:
    """The visible characters just before and just after `link` in the same run of text ('' at markup)."""
    before = link.previous_sibling
    after = link.next_sibling
    left = str(before)[-1:] if type(before) in _TEXT else ""
    right = str(after)[:1] if type(after) in _TEXT else ""
    return left, right
