"""Which characters of a Markdown source are prose that `--fix` may rewrite.

A conservative, line-based scan: block states (front matter, fences, indented
code, HTML blocks, comments, snippet includes, definitions of references,
footnotes and abbreviations, admonition headers) and then, inside paragraphs,
inline masking (code spans, tags, link and image parts, attribute lists, URLs).
Every character gets a class:

- PROSE: text readers see and the fixer may change;
- SHOWN: text readers see (so the linter reports spellings in it) but which
  must not be edited: it is also markup (a URL, an HTML block, an admonition
  type that doubles as its title, a reference label that doubles as the text);
- HIDDEN: source that renders as no checked text (code, labels, paths, alt text...);
- UNSURE: the scan cannot tell.

Where the scan is unsure, callers must leave the place alone. Time is linear in
the size of the source: every search stops at the next delimiter it could not
cross, and no regex can backtrack over more than one such run.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .sourcemap import body_start

HIDDEN, PROSE, UNSURE = 0, 1, 2
URL, HTML_BLOCK, ADMONITION_TYPE, LINK_LABEL = 3, 4, 5, 6
"""The SHOWN classes, by why the text may not be edited."""

WHY_SHOWN = {
    URL: "it is in a URL",
    HTML_BLOCK: "it is in an HTML block",
    ADMONITION_TYPE: "it is an admonition's type (shown as its title)",
    LINK_LABEL: "it is a link text that is also the reference label",
}

_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})")
_BLOCK_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9-]*)")
_BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "canvas",
        "center",
        "del",
        "details",
        "dialog",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "iframe",
        "ins",
        "li",
        "main",
        "map",
        "math",
        "menu",
        "nav",
        "noscript",
        "ol",
        "p",
        "pre",
        "script",
        "section",
        "style",
        "summary",
        "svg",
        "table",
        "tbody",
        "td",
        "template",
        "textarea",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "video",
        "audio",
    ]
)
_RAW_TEXT_TAGS = frozenset(("script", "style", "pre", "code", "textarea", "svg", "math"))
_SNIPPET = re.compile(r";?-{2,}8<-{2,}")
_ABBREVIATION = re.compile(r"\*\[[^\]\n]*\]:")
_FOOTNOTE_DEFINITION = re.compile(r"\[\^[^\]\n]+\]:")
_REFERENCE_DEFINITION = re.compile(r"\[([^\]\n]+)\]:")
_ADMONITION = re.compile(r"(?:!!!|\?{3}\+?)[ \t]+")
_ATTRIBUTE_LINE = re.compile(r"\{[^{}\n]*\}[ \t]*")
_LIST_ITEM = re.compile(r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_HEADING = re.compile(r"#{1,6}(?:[ \t]|$)")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*")
# Inline: a tag (it ends at the first '>', or fails at the next '<'), an autolink, an attribute list.
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:[ \t\n/][^<>]*)?>")
_AUTOLINK = re.compile(r"<[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*>|<[^<>\s@]+@[^<>\s@]+>")
_ATTRIBUTES = re.compile(r"\{(?::[^{}\n]*|[ \t]*[#.][^{}\n]*|[ \t]*[\w-]+=[^{}\n]*)\}")
_URL_CHARS = re.compile(r"[^\s<>()\[\]\"'`]*")
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-")


def classify(text: str) -> bytearray:
    """The class of every character of `text` (a source with '\\n' line endings and no byte order mark)."""
    classes = bytearray(len(text))  # HIDDEN until shown otherwise
    _Blocks(text, classes).scan()
    return classes


@dataclass(frozen=True)
class Occurrence:
    start: int
    end: int
    kind: int
    """PROSE, UNSURE or a SHOWN class (HIDDEN occurrences are not listed)."""


def occurrences(text: str, classes: bytearray, pattern: re.Pattern[str]) -> list[Occurrence]:
    """Every match of `pattern` in `text` that may be read as text, with its class."""
    found = []
    for match in pattern.finditer(text):
        kind = _kind(text, classes, match.start(), match.end())
        if kind is not None:
            found.append(Occurrence(match.start(), match.end(), kind))
    return found


def _kind(text: str, classes: bytearray, start: int, end: int) -> int | None:
    kinds = set(classes[start:end])
    if kinds == {PROSE}:
        return PROSE
    if kinds == {HIDDEN}:
        return None
    if UNSURE in kinds:
        return UNSURE
    if HIDDEN in kinds:
        hidden = (text[index] for index in range(start, end) if classes[index] == HIDDEN)
        # Words that blocks keep apart (a blank line between them) are not one spelling.
        return None if all(char.isspace() for char in hidden) else UNSURE
    return min(kinds - {PROSE})


def _mark(classes: bytearray, start: int, end: int, kind: int) -> None:
    classes[start:end] = bytes([kind]) * max(0, end - start)


def _indent(line: str) -> tuple[int, int]:
    """The width of the line's leading white space (tabs to the next multiple of 4), and its length."""
    width = length = 0
    for char in line:
        if char == " ":
            width += 1
        elif char == "\t":
            width += 4 - width % 4
        else:
            break
        length += 1
    return width, length


def _label(text: str) -> str:
    return " ".join(text.split()).casefold()


class _Blocks:
    """The line-based pass: block states, and the paragraphs for the inline pass."""

    def __init__(self, text: str, classes: bytearray) -> None:
        self.text = text
        self.classes = classes
        self.labels: set[str] = set()
        self.fence = ""
        self.comment = False
        self.snippets = False
        self.html = ""  # the tag name of the open HTML block
        self.html_depth = 0
        self.html_kind = HTML_BLOCK
        self.bases = [0]  # content indents of the open containers (lists, admonitions, footnotes)
        self.previous = "blank"  # blank, prose, code or other
        self.paragraph: tuple[int, int] | None = None

    def lines(self) -> list[tuple[int, str]]:
        start = body_start(self.text)
        found, offset = [], start
        for line in self.text[start:].split("\n"):
            found.append((offset, line))
            offset += len(line) + 1
        return found

    def scan(self) -> None:
        lines = self.lines()
        for _, line in lines:  # reference labels first: a shortcut link may come before its definition
            stripped = line.lstrip(" ")
            definition = _REFERENCE_DEFINITION.match(stripped)
            if definition and not stripped.startswith("[^"):
                self.labels.add(_label(definition.group(1)))
        for offset, line in lines:
            self.line(offset, line)
        self.flush()

    def line(self, offset: int, line: str) -> None:
        if self.fence or self.comment or self.snippets:
            self.inside_hidden_block(line)
        elif self.html:
            self.html_line(offset, line)
        elif not line.strip():
            self.flush()
            self.previous = "blank"
        else:
            self.block_line(offset, line)

    def inside_hidden_block(self, line: str) -> None:
        if self.fence:
            closing = _FENCE.match(line)
            if closing and closing.group(1)[0] == self.fence[0] and len(closing.group(1)) >= len(self.fence):
                self.fence = ""
        elif self.comment:
            self.comment = "-->" not in line
        elif _SNIPPET.fullmatch(line.strip()):
            self.snippets = False
        self.previous = "other"

    def block_line(self, offset: int, line: str) -> None:
        width, length = _indent(line)
        while len(self.bases) > 1 and width < self.bases[-1] and self.previous != "prose":
            self.bases.pop()
        relative = width - self.bases[-1]
        if relative >= 4 and self.previous in ("blank", "code"):
            self.flush()
            self.previous = "code"  # indented code: hidden
            return
        if relative >= 4 and self.previous != "prose":
            self.flush()
            _mark(self.classes, offset, offset + len(line), UNSURE)
            self.previous = "other"
            return
        start = offset + length
        self.block_start(start, line[length:], width)

    def block_start(self, start: int, rest: str, width: int) -> None:
        """A line that is not inside a fence, a comment, a snippet block or an HTML block."""
        if _FENCE.match(rest):
            self.flush()
            fence = _FENCE.match(rest)
            assert fence is not None
            self.fence, self.previous = fence.group(1), "other"
        elif self.hidden_line(rest):
            self.flush()
            self.previous = "other"
        elif self.html_start(start, rest):
            pass
        elif footnote := _FOOTNOTE_DEFINITION.match(rest):
            self.flush()
            self.bases.append(width + 4)
            self.prose(start + footnote.end(), start + len(rest), new=True)
        elif admonition := _ADMONITION.match(rest):
            self.flush()
            self.bases.append(width + 4)
            self.admonition(start + admonition.end(), rest[admonition.end() :])
            self.previous = "other"
        elif item := _LIST_ITEM.match(rest):
            self.bases.append(width + 4)
            self.prose(start + item.end(), start + len(rest), new=True)
        elif _HEADING.match(rest) or (rest.startswith("|") and self.previous != "prose"):
            self.prose(start, start + len(rest), new=True)
            self.flush()
            self.previous = "other"
        elif _SETEXT.fullmatch(rest) and self.previous == "prose":
            self.flush()
            self.previous = "other"
        else:
            self.prose(start, start + len(rest), new=self.previous != "prose")

    def hidden_line(self, rest: str) -> bool:
        """Lines that render no checked text: snippet includes, definitions, attribute lists, comments."""
        if _SNIPPET.match(rest):
            self.snippets = _SNIPPET.fullmatch(rest.strip()) is not None  # a block of paths until the next one
            return True
        if rest.startswith("<!--"):
            self.comment = "-->" not in rest[4:]
            return True
        if _ABBREVIATION.match(rest) or _ATTRIBUTE_LINE.fullmatch(rest):
            return True
        return _REFERENCE_DEFINITION.match(rest) is not None and not rest.startswith("[^")

    def admonition(self, start: int, header: str) -> None:
        """`!!! type "title"`: the title is prose; the type is shown only when it stands for the title."""
        quote = header.find('"')
        title = quote if quote > 0 and header[quote - 1] in " \t" else -1
        if title < 0:
            words = header.split()
            if words:
                first = start + header.index(words[0])
                _mark(self.classes, first, first + len(words[0]), ADMONITION_TYPE)
            return
        closing = header.rfind('"')
        if closing > title + 1:
            self.prose(start + title + 1, start + closing, new=True)
            self.flush()

    def html_start(self, start: int, rest: str) -> bool:
        tag = _BLOCK_TAG.match(rest)
        if tag is None or tag.group(1).lower() not in _BLOCK_TAGS:
            return False
        self.flush()
        self.html = tag.group(1).lower()
        self.html_depth = 0
        # Markdown inside (md_in_html) is shown too: never edited, but it may hold code the linter skips.
        self.html_kind = UNSURE if self.html in _RAW_TEXT_TAGS else HTML_BLOCK
        self.html_line(start, rest)
        return True

    def html_line(self, offset: int, line: str) -> None:
        """A line of an HTML block: its tags and comments hidden, its text shown (never edited)."""
        if not line.strip() and self.html_depth <= 0:
            self.html, self.previous = "", "blank"
            return
        _mark(self.classes, offset, offset + len(line), self.html_kind)
        _hide_markup(line, offset, self.classes)
        for tag in _BLOCK_TAG.finditer(line):
            if tag.group(1).lower() == self.html:
                self.html_depth += -1 if tag.group().startswith("</") else 1
        self.previous = "other"

    def prose(self, start: int, end: int, new: bool) -> None:
        if new or self.paragraph is None:
            self.flush()
            self.paragraph = (start, end)
        else:
            self.paragraph = (self.paragraph[0], end)
        self.previous = "prose"

    def flush(self) -> None:
        if self.paragraph is not None:
            _Inline(self.text, self.paragraph[0], self.paragraph[1], self.classes, self.labels).scan()
            self.paragraph = None


def _hide_markup(line: str, offset: int, classes: bytearray) -> None:
    """Tags and comments in a line of an HTML block."""
    position = 0
    while (found := line.find("<", position)) >= 0:
        if line.startswith("<!--", found):
            end = line.find("-->", found)
            end = len(line) if end < 0 else end + 3
        else:
            tag = _TAG.match(line, found)
            end = tag.end() if tag else found + 1
        _mark(classes, offset + found, offset + end, HIDDEN)
        position = end


class _Inline:
    """The inline pass over one paragraph (or title): everything but plain text is masked."""

    def __init__(self, text: str, start: int, end: int, classes: bytearray, labels: set[str]) -> None:
        self.text = text
        self.start = start
        self.end = end
        self.classes = classes
        self.labels = labels
        self.jumps: dict[int, int] = {}  # a link text's ']' -> after its destination or label
        self.ticks: dict[int, list[int]] = {}  # length of a run of backticks -> where such runs start
        position = start
        while (found := text.find("`", position, end)) >= 0:
            run = found
            while run < end and text[run] == "`":
                run += 1
            self.ticks.setdefault(run - found, []).append(found)
            position = run

    def scan(self) -> None:
        _mark(self.classes, self.start, self.end, PROSE)
        index = self.start
        while index < self.end:
            index = self.step(index)
        self.urls()

    def step(self, index: int) -> int:
        """Mask what starts at `index`; where to go on."""
        text, char = self.text, self.text[index]
        if index in self.jumps:
            return self.jumps[index]
        if char == "\\":
            _mark(self.classes, index, index + 1, HIDDEN)
            return index + 2
        if char == "`":
            return self.code_span(index)
        if char == "<":
            return self.markup(index)
        if char == "{" and self.text.startswith(("{{", "{%"), index):  # a template (mkdocs-macros): not sure
            closing = self.text.find("}}" if self.text[index + 1] == "{" else "%}", index + 2, self.end)
            end = self.end if closing < 0 else closing + 2
            _mark(self.classes, index, end, UNSURE)
            return end
        if char == "{":
            attributes = _ATTRIBUTES.match(text, index, self.end)
            if attributes:
                _mark(self.classes, index, attributes.end(), HIDDEN)
                return attributes.end()
        if char == "!" and text.startswith("[", index + 1):
            return self.image(index)
        if char == "[":
            return self.bracket(index)
        return index + 1

    def code_span(self, index: int) -> int:
        length = 0
        while index + length < self.end and self.text[index + length] == "`":
            length += 1
        starts = self.ticks.get(length, [])
        later = bisect_right(starts, index)
        if later == len(starts):
            return index + length  # no closing run: the backticks are text
        end = starts[later] + length
        _mark(self.classes, index, end, HIDDEN)
        return end

    def markup(self, index: int) -> int:
        if self.text.startswith("<!--", index):
            end = self.text.find("-->", index + 4, self.end)
            end = self.end if end < 0 else end + 3
            _mark(self.classes, index, end, HIDDEN)
            return end
        autolink = _AUTOLINK.match(self.text, index, self.end)
        if autolink:
            _mark(self.classes, index, autolink.end(), URL)
            return autolink.end()
        tag = _TAG.match(self.text, index, self.end)
        if tag:
            _mark(self.classes, index, tag.end(), HIDDEN)
            return tag.end()
        return index + 1

    def close_bracket(self, index: int) -> int | None:
        """The ']' that closes the '[' at `index`; None when another '[' comes first (nesting: not placed)."""
        position = index + 1
        while position < self.end:
            char = self.text[position]
            if char == "\\":
                position += 2
                continue
            if char == "]":
                return position
            if char == "[":
                return None
            position += 1
        return None

    def image(self, index: int) -> int:
        """`![alt](src)` or `![alt][label]`: none of it is text."""
        close = self.close_bracket(index + 1)
        if close is None:
            return index + 1
        after = self.after_link(close)
        end = after if after is not None else close + 1
        _mark(self.classes, index, end, HIDDEN)
        return end

    def bracket(self, index: int) -> int:
        close = self.close_bracket(index)
        if close is None:
            return index + 1
        if self.text.startswith("^", index + 1):  # a footnote reference: a number on the page
            _mark(self.classes, index, close + 1, HIDDEN)
            return close + 1
        after = self.after_link(close)
        if after is not None:
            _mark(self.classes, close, after, HIDDEN)
            if self.text.startswith("[]", close + 1):
                _mark(self.classes, index + 1, close, LINK_LABEL)
            self.jumps[close] = after
        elif _label(self.text[index + 1 : close]) in self.labels:
            _mark(self.classes, index + 1, close, LINK_LABEL)
        return index + 1

    def after_link(self, close: int) -> int | None:
        """After `](destination "title")` or `][label]`; None when neither follows the ']' at `close`."""
        following = close + 1
        if self.text.startswith("[", following):
            label_end = self.close_bracket(following)
            return None if label_end is None else label_end + 1
        if self.text.startswith("(", following):
            return self.destination_end(following)
        return None

    def destination_end(self, opening: int) -> int | None:
        """After the ')' that ends the destination (and title) opened at `opening`."""
        text, position, depth = self.text, opening + 1, 0
        while position < self.end and text[position] in " \t\n":
            position += 1
        if text.startswith("<", position):
            position = text.find(">", position, self.end)
            if position < 0:
                return None
            position += 1
        while position < self.end and text[position] not in " \t\n[]<":
            if text[position] == "(":
                depth += 1
            elif text[position] == ")":
                if depth == 0:
                    return position + 1
                depth -= 1
            position += 1
        while position < self.end and text[position] in " \t\n":
            position += 1
        if position < self.end and text[position] in "\"'":
            closing = text.find(text[position], position + 1, self.end)
            if closing < 0:
                return None
            position = closing + 1
            while position < self.end and text[position] in " \t\n":
                position += 1
        return position + 1 if text.startswith(")", position) else None

    def urls(self) -> None:
        """Bare URLs are shown as they are written: never edited."""
        text, position = self.text, self.start
        upcoming = {mark: text.find(mark, position, self.end) for mark in ("://", "www.", "mailto:")}
        while True:
            for mark, at in upcoming.items():  # each mark is searched for again only once passed: linear
                if 0 <= at < position:
                    upcoming[mark] = text.find(mark, position, self.end)
            found = min((at for at in upcoming.values() if at >= 0), default=-1)
            if found < 0:
                return
            begin = found
            while begin > position and text[begin - 1] in _SCHEME_CHARS:
                begin -= 1
            rest = _URL_CHARS.match(text, found, self.end)
            end = rest.end() if rest else found + 1
            for index in range(begin, max(end, found + 1)):
                if self.classes[index] == PROSE:
                    self.classes[index] = URL
            position = max(end, found + 1)
