"""Link glossary terms in a page's rendered HTML and collect what is wrong there.

`Linker.link_page(html, ...)` returns the new HTML and the findings. The page
is scanned once (see `htmlscan`); terms are found by one pass of the matcher
over the whole page and kept only where the scan says they are prose. The
plugin's markup is spliced into the original string, so the text a reader
sees never changes and everything else stays byte-identical. Running it
again on its own output adds nothing.
"""

from __future__ import annotations

import html as htmllib
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import quote, unquote

from .anchors import term_anchors
from .findings import AVOIDED_SPELLING, UNDEFINED_TERM, Finding
from .htmlscan import Tag, Text, attribute, find_attribute, scan
from .loader import did_you_mean
from .matcher import Match, Matcher
from .model import Glossary, Term
from .text import markdown_to_text

LinkMode = Literal["first", "all", "off"]
LINK_MODES: tuple[LinkMode, ...] = ("first", "all", "off")

# [[name]] or [[name|label]] within one run of text (no markup inside).
REFERENCE = re.compile(r"\[\[([^\[\]|<>]+)(?:\|([^\[\]<>]+))?\]\]")
TERM_CLASS = "glossary-term"
BROKEN_CLASS = "glossary-broken"
_TERM_ATTR = "data-glossary-term"


@dataclass
class PageResult:
    """The linked page and what was found on it."""

    html: str
    findings: list[Finding] = field(default_factory=list)
    used: set[str] = field(default_factory=set)
    """Names of the terms this page uses (linked, referenced or mentioned in prose)."""


class Linker:
    """Links one glossary's terms into pages."""

    def __init__(self, glossary: Glossary, plurals: bool = True) -> None:
        self.glossary = glossary
        self.matcher = Matcher(glossary, plurals=plurals)
        self.anchors = term_anchors(glossary)
        self._term_by_anchor = {anchor: glossary.get(name) for name, anchor in self.anchors.items()}
        self._tooltips: dict[str, str] = {}
        self._suggestions: dict[str, str | None] = {}

    def tooltip(self, term: Term) -> str:
        """The definition as plain text (computed once per term)."""
        text = self._tooltips.get(term.name)
        if text is None:
            text = self._tooltips[term.name] = markdown_to_text(term.definition)
        return text

    def suggest(self, name: str) -> str | None:
        """The closest name or alias to a name that is not in the glossary (remembered per name)."""
        if name not in self._suggestions:
            self._suggestions[name] = did_you_mean(name, self.glossary.all_names())
        return self._suggestions[name]

    def suggest_anchor(self, fragment: str) -> str | None:
        """The closest entry anchor to one that does not exist (remembered per anchor)."""
        key = "#" + fragment
        if key not in self._suggestions:
            self._suggestions[key] = did_you_mean(fragment, list(self.anchors.values()))
        return self._suggestions[key]

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
    ) -> PageResult:
        """Link terms in `html` (a page's rendered content).

        `href(term)` gives the URL of a term's entry as seen from this page.
        `glossary_url` is the URL of the glossary page from this page, so that
        hand-written links to its anchors can be checked.
        """
        matches = list(self.matcher.finditer(html))
        has_references = "[[" in html
        has_anchor_links = glossary_url is not None and f"{glossary_url}#" in html
        if not matches and not has_references and not has_anchor_links:
            return PageResult(html)
        return _PageLinker(self, html, href, mode, glossary_url, matches).run()


def _link_markup(term: Term, href: str, tooltip: str, inner: str, extra_class: str = "") -> str:
    classes = f"{TERM_CLASS} {extra_class}".strip()
    return (
        f'<a class="{classes}" href="{htmllib.escape(href)}" {_TERM_ATTR}="{htmllib.escape(term.name)}"'
        f' title="{htmllib.escape(tooltip)}">{inner}</a>'
    )


def _broken_markup(name: str, inner: str) -> str:
    title = htmllib.escape(f"'{name}' is not in the glossary")
    return f'<span class="{TERM_CLASS} {BROKEN_CLASS}" title="{title}">{inner}</span>'


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


class _PageLinker:
    """The state of linking one page."""

    def __init__(
        self,
        linker: Linker,
        html: str,
        href: Callable[[Term], str],
        mode: LinkMode,
        glossary_url: str | None,
        matches: list[Match],
    ) -> None:
        self.linker = linker
        self.html = html
        self.href = href
        self.mode = mode
        self.glossary_url = glossary_url
        self.matches = matches
        self.result = PageResult(html)
        self.linked: set[str] = set()
        self.edits: list[tuple[int, int, str]] = []
        self.texts: list[Text] = []
        self.run_ends: list[int] = []
        self.counts: dict[tuple[str, bool], tuple[re.Pattern[str], int, int]] = {}
        self.anchor_links: Counter[str] = Counter()

    def run(self) -> PageResult:
        references = list(REFERENCE.finditer(self.html)) if "[[" in self.html else []
        texts, anchors = scan(self.html, until=self.last_candidate(references))
        self.texts, self.run_ends = texts, [text.end for text in texts]
        for tag in anchors:
            self.anchor_tag(tag)
        next_match = next_reference = 0
        for item in texts:
            # References in this run, then the term matches outside them.
            taken: list[tuple[int, int]] = []
            while next_reference < len(references) and references[next_reference].start() < item.end:
                reference = references[next_reference]
                next_reference += 1
                if reference.start() >= item.start and reference.end() <= item.end:
                    taken.append(reference.span())
                    self.reference(reference, item)
            while next_match < len(self.matches) and self.matches[next_match].start < item.end:
                match = self.matches[next_match]
                next_match += 1
                if match.start < item.start or match.end > item.end:
                    continue  # inside markup, e.g. an attribute value
                if taken and any(start < match.end and match.start < end for start, end in taken):
                    continue
                self.term(match, item)
        self.result.html = _apply(self.html, self.edits)
        return self.result

    def last_candidate(self, references: list[re.Match[str]]) -> int:
        """Where the last thing that may need an edit ends: the scan can stop there."""
        ends = [0]
        if self.matches:
            ends.append(self.matches[-1].end)
        if references:
            ends.append(references[-1].end())
        if self.glossary_url is not None:
            found = self.html.rfind(self.glossary_url + "#")
            if found >= 0:
                ends.append(self.html.find(">", found) + 1 or len(self.html))
        return max(ends)

    def term(self, match: Match, run: Text) -> None:
        term = match.term
        if match.avoided:
            if run.lint:
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
        if run.lint:
            self.result.used.add(term.name)
        if not run.link or self.mode == "off":
            return
        if self.mode == "first" and term.name in self.linked:
            return
        self.linked.add(term.name)
        self.result.used.add(term.name)
        inner = self.html[match.start : match.end]
        self.edits.append(
            (match.start, match.end, _link_markup(term, self.href(term), self.linker.tooltip(term), inner))
        )

    def reference(self, reference: re.Match[str], run: Text) -> None:
        if not run.lint:
            return  # in code: stays literal
        raw_name, raw_label = reference.group(1), reference.group(2)
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
                needle=htmllib.unescape(reference.group(0)),
                at=reference.start(),
                suggestion=suggestion,
            )
            self.edits.append((reference.start(), reference.end(), _broken_markup(name, inner)))
            return
        self.result.used.add(term.name)
        if not run.link:  # in a heading or a link: the label alone
            self.edits.append((reference.start(), reference.end(), inner))
            return
        self.linked.add(term.name)
        markup = _link_markup(term, self.href(term), self.linker.tooltip(term), inner, "glossary-ref")
        self.edits.append((reference.start(), reference.end(), markup))

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
            attrs = tag.attrs[: found.start()] + written + tag.attrs[found.end() :]
        self.edits.append((tag.start, tag.end, f"<{tag.name}{attrs}>"))

    def add_class(self, tag: Tag, name: str) -> None:
        classes = htmllib.unescape(attribute(tag.attrs, "class") or "").split()
        if name not in classes:
            self.replace_attribute(tag, "class", " ".join([*classes, name]))

    def finding(
        self, code: str, message: str, needle: str, at: int, suggestion: str | None = None, case_sensitive: bool = True
    ) -> None:
        occurrence = self.count_before(needle, case_sensitive, at)
        self.result.findings.append(Finding(code, message, needle, occurrence, suggestion, case_sensitive))

    def count_before(self, needle: str, case_sensitive: bool, at: int) -> int:
        """How often `needle` occurs in the page's text before `at` (code and headings included).

        Findings arrive in page order, so each needle's count carries on from
        its previous finding: the text is counted once, not once per finding.
        """
        key = (needle, case_sensitive)
        pattern, upto, count = self.counts.get(key) or (needle_pattern(needle, case_sensitive), 0, 0)
        first_run = bisect_right(self.run_ends, upto)
        for start, end, _, _ in self.texts[first_run:]:
            if start >= at:
                break
            count += len(pattern.findall(htmllib.unescape(self.html[max(start, upto) : min(end, at)])))
        self.counts[key] = (pattern, at, count)
        return count


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
