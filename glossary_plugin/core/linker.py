"""Link glossary terms in a page's rendered HTML and collect what is wrong there.

`Linker.link_page(html, ...)` returns the new HTML and the findings. One
regular expression reads the page from start to end: its alternatives are the
markup (see `htmlscan`), the `[[references]]` and the matcher's spellings, so
that no spelling is ever looked for inside a tag. Each alternative starts
with the character before it, one that cannot continue a word (see
`_page_source`): the regex engine skips the letters in between without
trying a match there. The plugin's markup is spliced into the original
string, so the text a reader sees never changes and everything else stays
byte-identical. Running it again on its own output adds nothing.
"""

from __future__ import annotations

import copy
import dataclasses
import html as htmllib
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Literal
from urllib.parse import quote, unquote

from . import references
from .anchors import term_anchors
from .bare_urls import TRIGGER, url_spans
from .findings import AVOIDED_SPELLING, UNDEFINED_TERM, Finding
from .htmlscan import (
    NO_SKIP,
    SKIPPING_TAGS,
    TRACKED_TAGS,
    Context,
    Tag,
    Text,
    attribute,
    cdata_end,
    find_attribute,
    markup_source,
    parse_skip,
    plain_code_end,
    skip_tags,
    text_spans,
)
from .matcher import JOINERS, NOT_AFTER, Match, Matcher, Sources
from .model import Glossary, Term
from .suggest import Suggester
from .text import markdown_to_text

LinkMode = Literal["first", "all", "off"]
LINK_MODES: tuple[LinkMode, ...] = ("first", "all", "off")

# [[name]] or [[name|label]] within one run of text (no markup inside), after its first '['
# and before its last ']' (see `_page_source`).
_REFERENCE = rf"\[(?P<refname>{references.NAME})(?:\|(?P<reflabel>{references.LABEL}))?\](?=\])"
# Put before the page, so that a spelling at its very start has a character before it too.
_SENTINEL = "\n"
TERM_CLASS = "glossary-term"
BROKEN_CLASS = "glossary-broken"
_TERM_ATTR = "data-glossary-term"
# What a broken reference's text can be found as in a page's text or source: each occurrence of
# it is one of these (it holds no other bracket), so one pass counts them all.
REFERENCE_TEXT = references.REFERENCE_TEXT
FEW_NEEDLES = 8
"""Up to this many distinct needles, each is searched for with its own pattern (one pass per needle);
more are found together (see `needle_matches`)."""


# A comment of highlighted code that holds a marker of Material's code annotations: `# (1)!`.
_ANNOTATION_MARKER = re.compile(r'class="c[m1]?"[^>]*>[^<]*\(\d+\)')
# What may stand between a code block and its list of annotations: white space, empty paragraphs.
_BEFORE_ANNOTATIONS = re.compile(r">?\s*(?:<p>\s*</p>\s*)*")
# The class Material's script gives the list of a code block's annotations (the built page has none).
_ANNOTATION_LIST = ' class="md-annotation-list"'


# Where a stretch of text ends (`end`: a '<' or '>'), or a trigger of a URL (see `bare_urls.TRIGGER`).
# Each alternative starts with a character: the regex engine skips to the next '<', '>', ':', '@' or '.'.
_END_OR_TRIGGER = re.compile(f"<|>|{TRIGGER.pattern}")


class _Urls:
    """Where the bare URLs of a page's text are (see `bare_urls`), asked in page order.

    No URL holds '<' or '>', so a place in the text is only ever inside a URL of its own stretch
    of text between two of them, and only if that stretch holds a trigger (see `bare_urls.TRIGGER`),
    which few do. Only the stretches asked about are searched for one (a page's links and the rest
    of its markup are not), each once; only those with one are read for URLs: the time stays linear."""

    __slots__ = ("end", "html", "index", "spans", "start")

    def __init__(self, html: str) -> None:
        self.html = html
        self.start = self.end = 0
        """The stretch read last: from after a '<' or '>' (or the page's start) to the next (or the end)."""
        self.spans: list[tuple[int, int]] = []
        """Its URLs."""
        self.index = 0
        """The first of them not ending before the last place asked about."""

    def overlap(self, start: int, end: int) -> bool:
        """Whether `html[start:end]` (text, no '<' or '>' in it) is part of a longer URL (places asked about
        never go back).

        A spelling that holds the whole "URL" itself (a term named `x-@home`) is the writer's term,
        not an address: it still links."""
        if start >= self.end:
            self.read(start, end)
        spans, index = self.spans, self.index
        while index < len(spans) and spans[index][1] <= start:
            index += 1
        self.index = index
        if index == len(spans):
            return False
        span = spans[index]
        return span[0] < end and not (start <= span[0] and span[1] <= end)

    def read(self, start: int, end: int) -> None:
        """Read the stretch of text that holds `start:end` (after the stretch read last)."""
        html, done = self.html, self.end
        self.start = max(html.rfind("<", done, start), html.rfind(">", done, start), done - 1) + 1
        # The first trigger or the stretch's end, whichever is first: the text from `self.start` to
        # `end` holds neither '<' nor '>', and most stretches hold no trigger (one search, not two).
        found = _END_OR_TRIGGER.search(html, self.start)
        if found is not None and found.group() not in "<>":  # a trigger: where the stretch ends is still to find
            found = _END_OR_TRIGGER.search(html, max(found.end(), end))
            while found is not None and found.group() not in "<>":
                found = _END_OR_TRIGGER.search(html, found.end())
            self.end = len(html) if found is None else found.start()
            self.spans = list(url_spans(html, self.start, self.end))
        else:
            self.end = len(html) if found is None else found.start()
            self.spans = []
        self.index = 0


class _CodeBlocks:
    """Where the lists of Material's code annotations are, in a page read as a stream.

    Material's script takes the `ol` right after a code block (`div.highlight`, maybe
    after empty paragraphs) whose comments hold markers such as `# (1)!`, and shows
    each item as a tooltip on its marker: a link there would cover it. The built page
    marks neither, so such a list is recognised here from that shape.
    """

    __slots__ = ("annotated_end", "depth", "start")

    def __init__(self) -> None:
        self.depth = 0
        """How many `div` elements are open since the outermost `div.highlight` (0: none)."""
        self.start = 0
        self.annotated_end = -1
        """Where the last code block with markers ended, until the next `ol` is seen."""

    def div_start(self, at: int, attrs: str) -> None:
        if self.depth:
            self.depth += 1
        elif "highlight" in attrs:
            self.depth, self.start = 1, at

    def div_end(self, html: str, at: int) -> None:
        if self.depth:
            self.depth -= 1
            if not self.depth and _ANNOTATION_MARKER.search(html, self.start, at):
                self.annotated_end = at

    def annotations_at(self, html: str, at: int) -> bool:
        """Whether the `ol` that starts at `at` is the list of the code block just ended."""
        end, self.annotated_end = self.annotated_end, -1
        return _BEFORE_ANNOTATIONS.fullmatch(html, end, at) is not None


def reference_key(text: str) -> str:
    """What two writings of a reference share when `needle_pattern` takes them as the same."""
    return re.sub(r"\s+", " ", text).replace("\\|", "|")


@dataclass
class PageResult:
    """The linked page and what was found on it."""

    html: str
    findings: list[Finding] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    """Names of the terms this page uses (linked, referenced or mentioned in prose)."""
    first_use: dict[str, str] = field(default_factory=dict)
    """Term name -> the id given to its first link on the page (with `mark_first_use`), for "Used on"."""
    prose: list[tuple[int, int]] = field(default_factory=list)
    """The spans of the page (offsets in the HTML given) where terms may be linked, in order: each
    starts at the page's start or after a tag, and ends at a tag or the page's end. The missing-term
    check reads these (see `candidates.Collector.add_page`) instead of scanning the page again."""


FIRST_USE_PREFIX = "glossary-use:"
"""The id of a term's first link on a page is this and its entry's anchor: no anchor holds ':', and a
heading's id does not either unless written by hand."""


class Linker:
    """Links one glossary's terms into pages."""

    def __init__(self, glossary: Glossary, plurals: bool = True) -> None:
        self.glossary = glossary
        self.matcher = Matcher(glossary, plurals=plurals)
        self._patterns: dict[tuple[bool, bool], re.Pattern[str]] = {}
        """The page patterns made so far, by (ignore case, narrow lead) (see `page_pattern`)."""
        self.page_pattern(ignore_case=False, narrow=True)  # the one nearly every page is read with
        self.anchors = term_anchors(glossary)
        self._term_by_anchor = {anchor: glossary.get(name) for name, anchor in self.anchors.items()}
        self._tooltips: dict[str, str] = {}
        self._link_attributes: dict[str, str] = {}
        self._suggestions: dict[str, str | None] = {}
        self._name_index: Suggester | None = None
        self._anchor_index: Suggester | None = None
        self.skip = NO_SKIP
        """The `skip` option's selectors (see `skipping`)."""
        self._region_tags = SKIPPING_TAGS
        """Start tags that may open a region without a class attribute."""
        self.page: str | None = None
        """The source path of the page linked (see `on_page`), for the terms' `only_on` and `not_on`."""
        self.not_in_glossary = NOT_IN_GLOSSARY
        """The title of a broken reference (see `speaking`)."""
        self._scoped = any(term.only_on or term.not_on for term in glossary.terms)

    def skipping(self, selectors: tuple[str, ...]) -> Linker:
        """The same compiled linker, linking nothing inside the elements `selectors` names (see `parse_skip`)."""
        if not selectors:
            return self
        linker = copy.copy(self)
        linker.skip = parse_skip(selectors)
        linker._region_tags = SKIPPING_TAGS | skip_tags(linker.skip)
        return linker

    def speaking(self, not_in_glossary: str) -> Linker:
        """The same compiled linker, titling a broken reference with `not_in_glossary` (``{name}`` filled in):
        the page's language."""
        if not_in_glossary == self.not_in_glossary:
            return self
        linker = copy.copy(self)
        linker.not_in_glossary = not_in_glossary
        return linker

    def on_page(self, page: str) -> Linker:
        """The same linker, for the page with this source path (``guide/setup.md``): terms scoped to other
        pages are not auto-linked there. Itself when no term is scoped."""
        if not self._scoped or page == self.page:
            return self
        linker = copy.copy(self)
        linker.page = page
        return linker

    def tooltip(self, term: Term) -> str:
        """The definition as plain text (computed once per term)."""
        text = self._tooltips.get(term.name)
        if text is None:
            text = self._tooltips[term.name] = markdown_to_text(term.definition)
        return text

    def link_markup(self, term: Term, href: str, inner: str, extra_class: str = "", element_id: str = "") -> str:
        """An `a` element linking `inner` to `href`, the term's entry (with the id `element_id`, if any)."""
        attributes = self._link_attributes.get(term.name)
        if attributes is None:  # the same for every link to the term
            attributes = self._link_attributes[term.name] = (
                f'{_TERM_ATTR}="{htmllib.escape(term.name)}" title="{htmllib.escape(self.tooltip(term))}"'
            )
        classes = f"{TERM_CLASS} {extra_class}" if extra_class else TERM_CLASS
        own_id = f' id="{htmllib.escape(element_id)}"' if element_id else ""
        return f'<a class="{classes}"{own_id} href="{htmllib.escape(href)}" {attributes}>{inner}</a>'

    def suggest(self, name: str) -> str | None:
        """The closest name or alias to a name that is not in the glossary (remembered per name)."""
        if name not in self._suggestions:
            if self._name_index is None:
                self._name_index = Suggester(self.glossary.all_names())
            self._suggestions[name] = self._name_index.suggest(name)
        return self._suggestions[name]

    def suggest_anchor(self, fragment: str) -> str | None:
        """The closest entry anchor to one that does not exist (remembered per anchor)."""
        key = "#" + fragment
        if key not in self._suggestions:
            if self._anchor_index is None:
                self._anchor_index = Suggester(self.anchors.values())
            self._suggestions[key] = self._anchor_index.suggest(fragment)
        return self._suggestions[key]

    def with_anchors(self, anchors: dict[str, str]) -> Linker:
        """The same compiled linker, with other entry anchors (see `pipeline.Build.reserve_ids`)."""
        linker = copy.copy(self)
        linker.anchors = anchors
        linker._term_by_anchor = {anchor: self.glossary.get(name) for name, anchor in anchors.items()}
        linker._suggestions = {key: value for key, value in self._suggestions.items() if not key.startswith("#")}
        linker._anchor_index = None
        return linker

    def resolve_anchor(self, fragment: str) -> Term | None:
        """The term a glossary anchor names: its own anchor, or a name or alias written as one."""
        fragment = unquote(fragment)
        return (
            self._term_by_anchor.get(fragment)
            or self.glossary.lookup(fragment)
            or self.glossary.lookup(fragment.replace("-", " "))
        )

    def link_page(
        self,
        html: str,
        href: Callable[[Term], str],
        mode: LinkMode = "first",
        glossary_url: str | None = None,
        page: str | None = None,
        mark_first_use: bool = False,
    ) -> PageResult:
        """Link terms in `html` (a page's rendered content).

        `href(term)` gives the URL of a term's entry as seen from this page.
        `glossary_url` is the URL of the glossary page from this page, so that
        hand-written links to its anchors can be checked. `page` is the page's
        source path (``guide/setup.md``), for the terms' `only_on` and `not_on`
        (by default the one given to `on_page`; None: every term links).
        `mark_first_use` gives each term's first link an id (`FIRST_USE_PREFIX`
        and its anchor), for a whole page only: two definitions on one page
        would give the same id twice.
        """
        page = self.page if page is None else page
        return _PageLinker(self, html, href, mode, glossary_url, page, mark_first_use).run()

    def page_pattern(self, ignore_case: bool, narrow: bool = False) -> re.Pattern[str]:
        """The pattern that reads a page: references, spellings and markup.

        `narrow`: for a searched text with no letter or digit past U+FFFF (see `_narrow_lead`)."""
        key = (ignore_case, narrow and not ignore_case)
        pattern = self._patterns.get(key)
        if pattern is None:
            source = _page_source(self.matcher.sources, _narrow_lead() if key[1] else _LEAD)
            pattern = self._patterns[key] = re.compile(source, re.IGNORECASE if ignore_case else 0)
        return pattern


NOT_IN_GLOSSARY = "'{name}' is not in the glossary"


def _broken_markup(name: str, inner: str, title_template: str = NOT_IN_GLOSSARY) -> str:
    title = htmllib.escape(title_template.replace("{name}", name))
    return f'<span class="{TERM_CLASS} {BROKEN_CLASS}" title="{title}">{inner}</span>'


_LEAD = r"[^\w&]"  # a hyphen leads too: `sub-LLMs` (the matcher decides, see `matcher._may_follow`)


@cache
def _narrow_lead() -> str:
    """`_LEAD` for a text with no letter or digit past U+FFFF: the same characters there, as a class the
    regex engine tests with two table look-ups, where `\\w` takes up to four look-ups in Unicode's
    tables for each character it rejects. The page pattern tries every character of a page against
    its lead: this made reading a page about 15% cheaper. (Every character past U+FFFF is a lead
    here: right for emoji, wrong for a letter such as '𝐀', hence `_is_narrow`.)"""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        char = chr(code)
        if char.isalnum() or char in "_&":  # what `\w` is in a str pattern, and '&'
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    spans = (re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high > low else "") for low, high in ranges)
    return "[^" + "".join(spans) + "]"


def _is_narrow(text: str) -> bool:
    """Whether `text` has no letter or digit past U+FFFF (for `_narrow_lead`); emoji are past it too."""
    if text.isascii() or max(text) <= "\uffff":
        return True
    return not any(found.group().isalnum() for found in _PAST_BMP.finditer(text))


_PAST_BMP = re.compile("[\U00010000-\U0010ffff]")


def _page_source(sources: Sources, lead: str = _LEAD) -> str:
    """The regex that reads a page: markup, references and spellings, each after its lead character.

    A match starts with one character that no word continues (not a letter,
    digit or '&'), and the alternatives look behind at it: '<' for markup,
    '[' for a reference, anything for a spelling. Since the pattern starts
    with a character class, the engine skips every position inside a word in
    a tight loop instead of trying the whole pattern there. Markup and
    references leave their last character ('>', ']') unmatched, to be the lead
    character of whatever follows. Spellings in scripts without spaces may
    follow a letter, so when there are any, a position where one starts is a
    lead too (without the fast skipping).
    """
    alternatives = [r"(?<=<)" + markup_source("(?=>)", whole_code=True, lower_case=True), r"(?<=\[)" + _REFERENCE]
    if sources.words:
        # The lead character already rules out what NOT_AFTER does, unless it may be a spaceless one.
        before = NOT_AFTER if sources.spaceless else ""
        alternatives.append(f"(?P<term>{before}{sources.words})")
    if sources.spaceless:
        lead = f"(?:{lead}|(?=[{re.escape(sources.spaceless_starts)}]))"
        alternatives.append(f"(?P<spaceless>{sources.spaceless})")
    return lead + "(?:" + "|".join(alternatives) + ")"


def needle_pattern(needle: str, case_sensitive: bool) -> re.Pattern[str]:
    """A regex for `needle` in page text or Markdown source.

    White space may be any run of white space (the source may wrap lines
    where the HTML does not) and ``|`` may be escaped (as in Markdown tables).
    """
    parts = []
    for piece in re.split(r"(\s+|\|)", needle):
        if not piece:
            continue
        if piece.isspace():
            parts.append(r"\s+")
        elif piece == "|":
            parts.append(r"\\?\|")
        else:
            parts.append(re.escape(piece))
    return re.compile("".join(parts), 0 if case_sensitive else re.IGNORECASE)


def count_needle(text: str, needle: str, case_sensitive: bool, upto: int) -> int:
    """How often `needle` occurs in `text` before `upto`, as every count of a finding's needle is made."""
    if case_sensitive and not re.search(r"[\s|]", needle):  # a literal: the same count, much faster
        return text.count(needle, 0, upto)
    return len(needle_pattern(needle, case_sensitive).findall(text, 0, upto))


class _PageLinker:
    """The state of linking one page."""

    def __init__(
        self,
        linker: Linker,
        html: str,
        href: Callable[[Term], str],
        mode: LinkMode,
        glossary_url: str | None,
        page: str | None = None,
        mark_first_use: bool = False,
    ) -> None:
        self.linker = linker
        self.page = page
        self.mark_first_use = mark_first_use
        self.scoped: dict[str, bool] = {}
        """Term name -> whether it may be auto-linked on this page."""
        self.html = html
        self.href = href
        self.mode = mode
        self.glossary_url = glossary_url
        self.result = PageResult(html)
        self.linked: set[str] = set()
        self.edits: list[tuple[int, int, str]] = []
        self.texts: list[Text] | None = None
        self.run_ends: list[int] = []
        self.counts: dict[tuple[str, bool], tuple[re.Pattern[str], int, int]] = {}
        self.anchor_links: Counter[str] = Counter()
        self.references: Counter[str] = Counter()
        """Reference texts in the page's text before `references_upto`, by `reference_key`."""
        self.references_upto = 0
        self.references_run = 0
        self.settled: set[str] = set()
        """Matched HTML that can change nothing more on this page (see `settle`)."""
        self.pending: list[tuple[int, str, bool, int]] = []
        """Findings whose needle is counted when the page is read (see `count_pending`): the index of each
        in the findings, its needle, whether that is case sensitive, and where it is in the page."""

    def run(self) -> PageResult:
        html = self.html
        searched, ignore_case = self.linker.matcher.searchable(html)
        finditer = self.linker.page_pattern(ignore_case, _is_narrow(searched)).finditer
        identify = self.linker.matcher.identify
        context = Context(self.linker.skip)
        region_tags = self.linker._region_tags
        blocks = _CodeBlocks()
        urls = _Urls(html)
        settled = self.settled
        prose = self.result.prose
        prose_start = 0  # where the current span of prose started; -1 outside prose
        # Offsets in `searched` are one more than in `html`, for the sentinel.
        searched = _SENTINEL + searched
        position = 0
        while position >= 0:
            restart, position = position, -1
            for found in finditer(searched, restart):
                kind = found.lastgroup
                if kind == "term" or kind == "spaceless":
                    if not (context.link or context.lint):
                        continue  # in code
                    start, end = found.span(kind)
                    if settled and html[start - 1 : end - 1] in settled and _plain_neighbours(html, start - 1, end - 1):
                        continue  # the same word again, where it can change nothing (see `settle`)
                    match = identify(html, start - 1, end - 1, searched, ignore_case)
                    if match is None:  # not a whole word after all: a shorter spelling may start inside
                        # Go on from the next character (as the lead of the next match when this
                        # one had its own lead, as the start of one when it did not).
                        position = start if found.start() < start else start + 1
                        break
                    if not urls.overlap(match.start, match.end):  # a URL holds no term
                        self.term(match, context.link, context.lint)
                    if match.end == end - 1 and match.start == start - 1:
                        self.settle(match)
                    else:  # a shorter spelling (or a longer one, see `identify`)
                        position = match.end + 1  # the character after it leads the next match
                        break
                elif kind == "attrs":
                    name, attrs = found.group("name", "attrs")
                    if ignore_case:
                        name, attrs = name.lower(), attrs.lower()
                    if name == "div":
                        blocks.div_start(found.start() - 1, attrs)
                    annotations = (
                        name == "ol" and blocks.annotated_end >= 0 and blocks.annotations_at(html, found.start() - 1)
                    )
                    if name in region_tags or context.regions or "class" in attrs or annotations:  # 'a' skips
                        written = html[found.start("attrs") - 1 : found.end("attrs") - 1]
                        if annotations:
                            written = _ANNOTATION_LIST + written  # an earlier `class` attribute wins
                        context.start_tag(name, written)
                        if context.link != (prose_start >= 0):  # prose ends at this tag, or starts after it
                            prose_start = _end_prose(prose, prose_start, found, context.link)
                        if name == "pre" and not ignore_case:
                            skipped = self.code_end(searched, found.end())
                            if skipped > 0:  # nothing in it links or is checked: on from its end tag
                                position = skipped
                                break
                        if name == "a" and (_TERM_ATTR in attrs or ("#" in attrs and self.may_link_glossary(attrs))):
                            self.anchor_tag(Tag(found.start() - 1, found.end(), name, written))
                    elif name in TRACKED_TAGS:  # it opens no region: only whether a paragraph is open changes
                        context.block_start(name)
                elif kind == "closename":
                    name = found.group("closename")
                    if ignore_case:
                        name = name.lower()
                    if name == "div":
                        blocks.div_end(html, found.end() - 1)
                    if context.regions or name in TRACKED_TAGS:
                        context.end_tag(name)
                        if context.link != (prose_start >= 0):
                            prose_start = _end_prose(prose, prose_start, found, context.link)
                elif kind == "wholepre":  # a code block read whole: its `pre` closes an open paragraph
                    context.start_tag("pre", "")
                    context.end_tag("pre")
                    prose_start = _end_prose(prose, prose_start, found, context.link)  # it may close a skipped element
                elif kind == "cdata" and context.foreign:  # in svg or math it ends at ']]>'
                    position = max(cdata_end(searched, found.start()) - 1, found.end())
                    break
                elif (kind == "refname" or kind == "reflabel") and context.lint:  # in code it stays literal
                    self.reference(found, context.link)
                elif (kind is None or kind == "raw" or kind == "cdata") and prose_start >= 0:
                    # A comment, a code element read whole, a script: not prose, and prose goes on after it.
                    prose_start = _end_prose(prose, prose_start, found, True)
        if 0 <= prose_start < len(html):
            prose.append((prose_start, len(html)))
        self.count_pending()
        self.result.html = _apply(html, self.edits)
        return self.result

    def term(self, match: Match, link: bool, lint: bool) -> None:
        if match.blocked:  # a `not_inside` phrase: nothing in it links
            return
        term = match.term
        if match.avoided:
            if lint:
                spelling = htmllib.unescape(self.html[match.start : match.end])
                self.finding(
                    AVOIDED_SPELLING,
                    f"'{spelling}' is a spelling to avoid; write '{term.name}'",
                    needle=spelling,
                    at=match.start,
                    suggestion=term.name,
                    case_sensitive=False,
                )
            return
        if lint:
            self.result.used.add(term.name)
        if not link or self.mode == "off" or not self.may_autolink(term):
            return
        if self.mode == "first" and term.name in self.linked:
            return
        self.linked.add(term.name)
        self.result.used.add(term.name)
        inner = self.html[match.start : match.end]
        markup = self.linker.link_markup(term, self.href(term), inner, element_id=self.first_use_id(term))
        self.edits.append((match.start, match.end, markup))

    def first_use_id(self, term: Term) -> str:
        """The id for a link to `term`: its first-use id on the first one (with `mark_first_use`), else ''."""
        if not self.mark_first_use or term.name in self.result.first_use:
            return ""
        element_id = self.result.first_use[term.name] = FIRST_USE_PREFIX + self.linker.anchors[term.name]
        return element_id

    def settle(self, match: Match) -> None:
        """Remember the HTML of a match that nothing written the same way can change any more: its term
        is used, and linked already (link mode "first") or never linked here. Such a word between
        plain neighbours is then passed over without being identified again."""
        term = match.term
        if match.avoided or match.blocked or term.name not in self.result.used or self.mode == "all":
            return
        if match.end - match.start >= self.linker.matcher.deep:  # the pattern may stop short there
            return
        if self.mode == "off" or term.name in self.linked or not self.may_autolink(term):
            self.settled.add(self.html[match.start : match.end])

    def may_autolink(self, term: Term) -> bool:
        """Whether the term's `only_on` and `not_on` let it be auto-linked on this page."""
        if self.page is None or not (term.only_on or term.not_on):
            return True
        allowed = self.scoped.get(term.name)
        if allowed is None:
            allowed = self.scoped[term.name] = term.links_on(self.page)
        return allowed

    def reference(self, reference: re.Match[str], link: bool) -> None:
        """A reference found by the page pattern (offsets one more than in the page, see `run`)."""
        start, end = reference.start() - 1, reference.end()  # from the first '[' to after the last ']'
        raw_name = self.html[reference.start("refname") - 1 : reference.end("refname") - 1]
        label_start = reference.start("reflabel")
        raw_label = None if label_start < 0 else self.html[label_start - 1 : reference.end("reflabel") - 1]
        name = htmllib.unescape(raw_name).strip()
        if not name:
            return  # `[[ ]]` names nothing: it stays as written
        if raw_label is None or not htmllib.unescape(raw_label).strip():
            raw_label = raw_name  # `[[term| ]]`: a blank label would hide the link
        inner = raw_label.strip()
        term = self.linker.glossary.lookup(name)
        if term is None:
            suggestion = self.linker.suggest(name)
            hint = f" (did you mean '{suggestion}'?)" if suggestion else ""
            self.finding(
                UNDEFINED_TERM,
                f"'{name}' is not in the glossary{hint}",
                needle=htmllib.unescape(self.html[start:end]),
                at=start,
                suggestion=suggestion,
            )
            self.edits.append((start, end, _broken_markup(name, inner, self.linker.not_in_glossary)))
            return
        self.result.used.add(term.name)
        if not link:  # in a heading or a link: the label alone
            self.edits.append((start, end, inner))
            return
        self.linked.add(term.name)
        markup = self.linker.link_markup(term, self.href(term), inner, "glossary-ref", self.first_use_id(term))
        self.edits.append((start, end, markup))

    def code_end(self, searched: str, at: int) -> int:
        """Where the `</pre` of the code block whose start tag ends at `searched[at]` is, when nothing in
        it matters (see `htmlscan.plain_code_end`) and it links nowhere but to this page's fragments,
        which cannot be glossary entries here; -1 otherwise."""
        end = plain_code_end(searched, at)
        if end < 0:
            return -1
        if searched.find("href=", at, end) >= 0:  # line numbers link to their lines: any other link?
            links = searched.count("href=", at, end)
            if not self.glossary_url or links != searched.count('href="#', at, end):
                return -1
        return -1 if searched.find(_TERM_ATTR, at, end) >= 0 else end

    def may_link_glossary(self, attrs: str) -> bool:
        """False for a link to a fragment of this page (a code line anchor, say), unless this is the glossary.

        `attrs` is the start tag's attribute text as searched (maybe lower case).
        """
        if not self.glossary_url:
            return self.glossary_url is not None
        return attrs.count("href") != 1 or 'href="#' not in attrs

    def anchor_tag(self, tag: Tag) -> None:
        """Note links made by an earlier run; check hand-written links to glossary anchors."""
        existing = attribute(tag.attrs, _TERM_ATTR)
        if existing is not None:
            self.linked.add(htmllib.unescape(existing))
            self.result.used.add(htmllib.unescape(existing))
            return
        if self.glossary_url is None:
            return
        href = attribute(tag.attrs, "href")
        if href is None or "#" not in href:
            return
        target, _, fragment = htmllib.unescape(href).partition("#")
        if target != self.glossary_url or not fragment:
            return
        occurrence = self.anchor_links[fragment]
        self.anchor_links[fragment] += 1
        term = self.linker.resolve_anchor(fragment)
        if term is not None:
            self.result.used.add(term.name)
            anchor = self.linker.anchors[term.name]
            if anchor != unquote(fragment):
                self.replace_attribute(tag, "href", f"{target}#{quote(anchor)}")
            return
        suggestion = self.linker.suggest_anchor(unquote(fragment))
        hint = f" (did you mean '#{suggestion}'?)" if suggestion else ""
        self.result.findings.append(
            Finding(
                UNDEFINED_TERM,
                f"'#{unquote(fragment)}' is not an entry of the glossary{hint}",
                needle=fragment,
                occurrence=occurrence,
                suggestion=suggestion,
                anchor=True,
            )
        )
        self.add_class(tag, BROKEN_CLASS)

    def replace_attribute(self, tag: Tag, name: str, value: str) -> None:
        """Set attribute `name` of `tag` (written first when the tag has none)."""
        written = f'{name}="{htmllib.escape(value)}"'
        found = find_attribute(tag.attrs, name)
        if found is None:
            attrs = f" {written}{tag.attrs}"
        else:
            attrs = tag.attrs[: found.start("attr")] + written + tag.attrs[found.end("attr") :]
        self.edits.append((tag.start, tag.end, f"<{tag.name}{attrs}>"))

    def add_class(self, tag: Tag, name: str) -> None:
        classes = htmllib.unescape(attribute(tag.attrs, "class") or "").split()
        if name not in classes:
            self.replace_attribute(tag, "class", " ".join([*classes, name]))

    def finding(
        self, code: str, message: str, needle: str, at: int, suggestion: str | None = None, case_sensitive: bool = True
    ) -> None:
        if case_sensitive and REFERENCE_TEXT.fullmatch(needle):
            occurrence = self.count_reference(needle, at)
        else:  # counted with the others when the page is read (see `count_pending`)
            self.pending.append((len(self.result.findings), needle, case_sensitive, at))
            occurrence = 0
        self.result.findings.append(Finding(code, message, needle, occurrence, suggestion, case_sensitive))

    def count_pending(self) -> None:
        """Give each pending finding its count (as `count_before`): with up to `FEW_NEEDLES` distinct needles
        one by one, else all at once, from the matches of every needle in one reading of the page's text."""
        pending, findings = self.pending, self.result.findings
        keys = list(dict.fromkeys((needle, case_sensitive) for _, needle, case_sensitive, _ in pending))
        counts: list[int] = []
        if len(keys) <= FEW_NEEDLES:
            counts = [self.count_before(needle, case_sensitive, at) for _, needle, case_sensitive, at in pending]
        elif pending:
            text, spans, offsets = self.text_with_cuts(sorted({at for *_, at in pending}))
            matches = needle_matches(text, spans, keys, few=0)
            starts = {key: [start for start, _ in found] for key, found in matches.items()}
            by_hand: set[NeedleKey] = set()
            for _, needle, case_sensitive, at in pending:
                key, offset = (needle, case_sensitive), offsets[at]
                before = bisect_left(starts[key], offset)
                if before and matches[key][before - 1][1] > offset:
                    by_hand.add(key)  # a match runs over the finding: the page's text is cut there (see below)
                counts.append(self.count_before(needle, case_sensitive, at) if key in by_hand else before)
        for (index, *_), count in zip(pending, counts, strict=True):
            findings[index] = dataclasses.replace(findings[index], occurrence=count)
        pending.clear()

    def text_with_cuts(self, cuts: list[int]) -> tuple[str, list[tuple[int, int]], dict[int, int]]:
        """The page's text (its text runs unescaped, one after the other), the span of each run in it, and
        where each of `cuts` (offsets in the page) is in it. Each run is unescaped in pieces cut at those
        places, as `count_before` does.

        The counts match `count_before`'s: it reads the text of a needle in pieces cut where the needle
        was found, which changes nothing unless a match of the needle runs over such a place (a needle
        that overlaps itself, as 'go go' in 'xgo go go'); `count_pending` counts those needles one by one.
        """
        html, pieces, spans, offsets = self.html, [], [], {}
        length = index = 0
        for start, end in self.text_runs():
            while index < len(cuts) and cuts[index] <= start:
                offsets[cuts[index]] = length
                index += 1
            span_start, position = length, start
            while True:
                cut = cuts[index] if index < len(cuts) and cuts[index] < end else end
                piece = htmllib.unescape(html[position:cut])
                pieces.append(piece)
                length += len(piece)
                if cut == end:
                    break
                offsets[cut], position = length, cut
                index += 1
            spans.append((span_start, length))
        for cut in cuts[index:]:
            offsets[cut] = length
        return "".join(pieces), spans, offsets

    def text_runs(self) -> list[Text]:
        """The page's text runs (made the first time a finding needs them)."""
        if self.texts is None:
            self.texts = text_spans(self.html)
            self.run_ends = [text.end for text in self.texts]
        return self.texts

    def count_reference(self, needle: str, at: int) -> int:
        """How often the reference text `needle` occurs in the page's text before `at` (as `count_before`).

        One pass for all references: the text from the previous reference on
        is read once, and every reference text in it counted.
        """
        texts, upto, index = self.text_runs(), self.references_upto, self.references_run
        while index < len(texts) and texts[index].start < at:
            start, end = max(texts[index].start, upto), min(texts[index].end, at)
            for found in REFERENCE_TEXT.finditer(htmllib.unescape(self.html[start:end])):
                self.references[reference_key(found.group())] += 1
            if texts[index].end > at:
                break
            index += 1
        self.references_upto, self.references_run = max(upto, at), index
        return self.references[reference_key(needle)]

    def count_before(self, needle: str, case_sensitive: bool, at: int) -> int:
        """How often `needle` occurs in the page's text before `at` (code and headings included).

        Findings arrive in page order, so each needle's count carries on from
        its previous finding: the text is counted once, not once per finding.
        """
        texts = self.text_runs()  # only pages with findings need their text runs
        key = (needle, case_sensitive)
        pattern, upto, count = self.counts.get(key) or (needle_pattern(needle, case_sensitive), 0, 0)
        first_run = bisect_right(self.run_ends, upto)
        for start, end in texts[first_run:]:
            if start >= at:
                break
            count += len(pattern.findall(htmllib.unescape(self.html[max(start, upto) : min(end, at)])))
        self.counts[key] = (pattern, at, count)
        return count


def _plain_neighbours(html: str, start: int, end: int) -> bool:
    """Whether the characters around `html[start:end]` leave it a word as it stands: not after a hyphen
    or a dot, not before a dot, and no combining mark on either side (see `Matcher.identify`)."""
    before = html[start - 1] if start else " "
    after = html[end] if end < len(html) else " "
    return before not in JOINERS and before < "\u0300" and after != "." and after < "\u0300"


def _end_prose(prose: list[tuple[int, int]], start: int, markup: re.Match[str], link: bool) -> int:
    """After a piece of markup that is not prose itself, matched by the page pattern: the span of prose
    before it (from `start`, -1 outside prose) goes into `prose`, and the start of the next one is
    returned (after the markup if terms may be linked there, else -1)."""
    if 0 <= start < markup.start() - 1:  # offsets in the searched text are one more than in the page
        prose.append((start, markup.start() - 1))
    return markup.end() if link else -1


def _apply(html: str, edits: list[tuple[int, int, str]]) -> str:
    """Replace the spans of `html` named by `edits` (which never overlap)."""
    if not edits:
        return html
    edits.sort()
    pieces = []
    position = 0
    for start, end, replacement in edits:
        pieces.append(html[position:start])
        pieces.append(replacement)
        position = end
    pieces.append(html[position:])
    return "".join(pieces)


# -- many needles at once ------------------------------------------------------------------------

_SEPARATOR = re.compile(r"[\s|]")
_TOKEN = re.compile(r"[^\s|]+")
# What `_loosen` changes: a run of white space (to one space) and backslashes (to none; '|' may be escaped).
_LOOSE = re.compile(r"\s+|\\+")
NeedleKey = tuple[str, bool]
"""A needle and whether it is case sensitive, as `needle_pattern` takes them."""


def _fold_char(char: str) -> str:
    """One character for every character that `re.IGNORECASE` may take as this one (and maybe a few more):
    the first character of the upper case of its lower case (see `tests/test_many_needles.py`)."""
    return char.lower()[0].upper()[0]


def _folded(text: str) -> str:
    """`text` with `_fold_char` applied to each character (same length)."""
    return text.translate({ord(char): _fold_char(char) for char in set(text)})


class _Loose:
    """A folded text with white-space runs as one space and backslashes dropped, and where each
    offset of the text is in it: a needle's pattern matches only where its own loose form starts."""

    def __init__(self, folded: str) -> None:
        self.dropped_starts: list[int] = []
        self.dropped_ends: list[int] = []
        self.dropped_before: list[int] = []
        """Where each dropped stretch starts and ends in the text, and how many were dropped before it."""
        pieces, done, dropped = [], 0, 0
        for found in _LOOSE.finditer(folded):
            keep = 1 if found.group()[0] != "\\" else 0
            pieces += [folded[done : found.start()], " " * keep]
            done = found.end()
            if found.end() - found.start() > keep:
                self.dropped_starts.append(found.start() + keep)
                self.dropped_ends.append(found.end())
                self.dropped_before.append(dropped)
                dropped += found.end() - found.start() - keep
        pieces.append(folded[done:])
        self.text = "".join(pieces)

    def offset(self, at: int) -> int:
        """Where `at` of the text is here (a dropped character: where what follows it is)."""
        index = bisect_right(self.dropped_starts, at) - 1
        if index < 0:
            return at
        start, end, before = self.dropped_starts[index], self.dropped_ends[index], self.dropped_before[index]
        return start - before if at < end else at - before - (end - start)


def _loosen(folded: str) -> str:
    return _Loose(folded).text


class _Automaton:
    """Aho-Corasick over the first words of the needles: every place each occurs in a word, in one pass."""

    def __init__(self, words: set[str]) -> None:
        self.goto: list[dict[str, int]] = [{}]
        self.word: list[str | None] = [None]
        for word in words:
            state = 0
            for char in word:
                following = self.goto[state].get(char)
                if following is None:
                    following = self.goto[state][char] = len(self.goto)
                    self.goto.append({})
                    self.word.append(None)
                state = following
            self.word[state] = word
        self.fail = [0] * len(self.goto)
        self.output = [0] * len(self.goto)
        """The nearest state on the chain of failure links (itself excluded) that ends a word; 0: none."""
        queue = list(self.goto[0].values())
        for state in queue:  # breadth first: a state's failure link is done before its children's
            for char, child in self.goto[state].items():
                fallback = self.fail[state]
                while fallback and char not in self.goto[fallback]:
                    fallback = self.fail[fallback]
                target = self.goto[fallback].get(char, 0)
                self.fail[child] = target if target != child else 0
                self.output[child] = target if self.word[target] is not None else self.output[target]
                queue.append(child)

    def find(self, text: str) -> list[tuple[int, str]]:
        """Each (start, word) where a word occurs in `text`, overlapping ones included."""
        goto, fail, word, output = self.goto, self.fail, self.word, self.output
        found = []
        state = 0
        for index, char in enumerate(text):
            while state and char not in goto[state]:
                state = fail[state]
            state = goto[state].get(char, 0)
            ending = state if word[state] is not None else output[state]
            while ending:
                ended = word[ending]
                assert ended is not None
                found.append((index + 1 - len(ended), ended))
                ending = output[ending]
        return found


def _same_pattern_key(needle: str, case_sensitive: bool) -> tuple[str, bool]:
    """The needle in lower case when that is the same pattern (so that 'Finetuning' and 'finetuning' are
    searched for once), else the needle itself."""
    if case_sensitive:
        return needle, True
    lowered = needle.lower()
    if lowered != needle and (
        len(lowered) != len(needle)
        or not needle_pattern(needle, False).fullmatch(lowered)
        or not needle_pattern(lowered, False).fullmatch(needle)
    ):
        return needle, False
    return lowered, False


def needle_matches(
    text: str, spans: list[tuple[int, int]], keys: list[NeedleKey], few: int = FEW_NEEDLES
) -> dict[NeedleKey, list[tuple[int, int]]]:
    """For each needle, the (start, end) of its matches in `text`, as `needle_pattern(...).finditer(text,
    start, end)` gives them for each of `spans` (in order, not overlapping).

    Up to `few` distinct needles, each is searched for on its own. More are found in one pass: the
    needles' first words are looked for in the page's distinct words (folded, see `_fold_char`) at
    once, a needle of several words is looked up by the loose text that follows its first word there
    (`_Loose`), and only at the places found is its pattern tried. The time is linear in the text and
    the needles (and in the places where first words occur inside other words).
    """
    keys = list(dict.fromkeys(keys))
    if len(keys) <= few:
        return {key: _finditer(needle_pattern(*key), text, spans) for key in keys}
    same = {key: _same_pattern_key(*key) for key in keys}
    patterns = {shared: needle_pattern(*shared) for shared in set(same.values())}
    by_loose: dict[str, list[NeedleKey]] = {}
    lengths: dict[str, set[int]] = {}
    """A first word (folded) -> the loose lengths of the needles of several words that start with it."""
    whole: dict[str, list[NeedleKey]] = {}
    """A word (folded) -> the needles of that one word."""
    result: dict[NeedleKey, list[tuple[int, int]]] = {}
    for shared, pattern in patterns.items():
        first = _SEPARATOR.split(shared[0], 1)[0]
        if not first:  # it starts with white space or '|': no word to look for
            result[shared] = _finditer(pattern, text, spans)
            continue
        lengths.setdefault(_folded(first), set())
        if first == shared[0]:
            whole.setdefault(_folded(first), []).append(shared)
        else:
            loose = _loosen(_folded(shared[0]))
            by_loose.setdefault(loose, []).append(shared)
            lengths[_folded(first)].add(len(loose))
    if lengths:
        folded = _folded(text)
        places: dict[str, list[int]] = {}
        for found in _TOKEN.finditer(folded):
            places.setdefault(found.group(), []).append(found.start())
        candidates: dict[NeedleKey, list[int]] = {}
        loose_text = _Loose(folded) if any(lengths.values()) else None
        automaton = _Automaton(set(lengths))
        for word, starts in places.items():
            for offset, first in automaton.find(word):
                for start in starts:
                    at = start + offset
                    for shared in whole.get(first, ()):
                        candidates.setdefault(shared, []).append(at)
                    for length in lengths[first]:
                        assert loose_text is not None
                        position = loose_text.offset(at)
                        for shared in by_loose.get(loose_text.text[position : position + length], ()):
                            candidates.setdefault(shared, []).append(at)
        span_starts = [start for start, _ in spans]
        for shared_keys in [*whole.values(), *by_loose.values()]:
            for shared in shared_keys:
                places_of = sorted(candidates.get(shared, ()))
                result[shared] = _verified(patterns[shared], text, spans, span_starts, places_of)
    return {key: result[same[key]] for key in keys}


def _finditer(pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return [found.span() for start, end in spans for found in pattern.finditer(text, start, end)]


def _verified(
    pattern: re.Pattern[str], text: str, spans: list[tuple[int, int]], span_starts: list[int], candidates: list[int]
) -> list[tuple[int, int]]:
    """What `_finditer` gives, trying the pattern only at `candidates` (sorted; every place it may match).

    Only the spans that hold a candidate are visited: the time is in the candidates, not the spans."""
    found: list[tuple[int, int]] = []
    end = position = -1  # the end of the span of the last candidate (-1: none), and where finditer is there
    for at in candidates:
        if at >= end:  # another span: spans are in order and do not overlap
            index = bisect_right(span_starts, at) - 1
            if index < 0 or at >= spans[index][1]:
                end = -1  # in no span
                continue
            position, end = spans[index]
        if at < position:
            continue
        match = pattern.match(text, at, end)
        if match is not None:
            found.append(match.span())
            position = max(match.end(), at + 1)
    return found
