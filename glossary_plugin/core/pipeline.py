"""One build of a glossary site, for every front end: the MkDocs plugin, the Markdown extension and the CLI.

This module knows nothing of MkDocs or Zensical. A front end hands it the
pages as it meets them (source path, URL, front matter, rendered HTML) and
a way to find other pages' URLs; the pipeline owns every rule: what links,
where it links to, what is a finding, how the glossary page looks. The front
end only shows the findings its own way.

    cache = GlossaryCache()                    # kept across `serve` rebuilds
    build = Build(cache.load(...), options, pages)
    html, found = build.check_page(page, html)  # every page, the glossary page last
    html = build.glossary_page(page, html, convert)
    output = build.fill_backlinks(output, page)
    found = build.finish()
"""

from __future__ import annotations

import fnmatch
import hashlib
import html as htmllib
import json
import os
import posixpath
import re
import stat
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from . import index_page
from .anchors import page_ids, term_anchors
from .candidates import Collector
from .findings import BROKEN_LINK, INVALID_OPTION, MISSING_TERM, UNUSED_TERM, Diagnostic, Finding, Report
from .labels import labels_for, text_direction
from .linker import REFERENCE_TEXT, Linker, needle_pattern, reference_key
from .loader import GlossaryError, load_glossary
from .model import Glossary, Term, glob_matches
from .options import ASSET_FOLDER, Options
from .references import shown_text
from .sourcemap import body_start, line_column, locate, locate_all, read_source, text_view
from .urls import href_between, is_safe_url

_MD_LINK = re.compile(r'href="([^"#:?]+\.md)(#[^"]*)?"')
_FRONT_MATTER_KEY = re.compile(r"^glossary[ \t]*:", re.MULTILINE)
DEFINITIONS_FILE = f"{ASSET_FOLDER}/definitions.json"
"""The rich definitions the tap popovers show: one file for the site, beside the script that reads it."""


@dataclass(frozen=True)
class Page:
    """A page as the pipeline sees it."""

    src_uri: str
    """Source path relative to the docs folder, with '/' (``guide/setup.md``)."""
    url: str
    """Its URL relative to the site root (``guide/setup/`` or ``guide/setup.html``)."""
    path: str
    """Source path as reported, relative to the folder of the config file (``docs/guide/setup.md``)."""
    abs_path: str | None = None
    """Where its Markdown source is; None for a generated page."""
    title: str = ""
    meta: Mapping[str, object] = field(default_factory=dict)
    """Its front matter."""
    nav_path: tuple[str, ...] = ()
    """The titles of the navigation sections above it, outermost first (to tell pages of one title apart)."""


class PageUrls(Protocol):
    """How the front end finds the pages of the site."""

    def url_of(self, src_uri: str) -> str | None:
        """The URL of the page with this source path (relative to the docs folder), or None."""


@dataclass(frozen=True)
class Loaded:
    """A glossary file as last read, and what was compiled from it."""

    key: tuple[str, str, bool]
    glossary: Glossary
    errors: list[GlossaryError]
    linker: Linker
    rendered: dict[Hashable, RenderedDefinitions] = field(default_factory=dict, compare=False)
    """The definitions as rendered by earlier builds of this glossary (`mkdocs serve`), by what they
    were rendered with (see `Build.render_definitions`): kept with the glossary, dropped with it."""


@dataclass(frozen=True)
class RenderedDefinitions:
    """Every definition of a glossary rendered for its glossary page, and what was found in them."""

    html: dict[str, str]
    """Term name -> its definition (sanitised, terms linked)."""
    findings: list[tuple[Term, Finding]]


class GlossaryCache:
    """The compiled glossary, read again only when the file changes.

    The file's status (inode, size, modification and change times: the
    change time cannot be set back) is checked first, which costs nothing;
    only when it differs is the content hashed, and only when the content
    differs is it parsed and compiled again. So a file replaced by one of
    the same size with its times kept (``cp -p``) is still read again, and
    a host that asks on every page (Zensical) pays almost nothing.
    """

    def __init__(self) -> None:
        self.loaded: Loaded | None = None
        self._stamp: tuple[object, ...] | None = None

    def load(self, path: Path, display: str, plurals: bool = True, config_name: str = "mkdocs.yml") -> Loaded:
        stamp = _stamp(path, plurals)
        if stamp is not None and stamp == self._stamp and self.loaded is not None:
            return self.loaded
        key = (str(path), _digest(path), plurals)
        if self.loaded is None or self.loaded.key != key:
            glossary, errors = load_glossary(path, display, config_name)
            self.loaded = Loaded(key, glossary, errors, Linker(glossary, plurals=plurals))
        self._stamp = stamp
        return self.loaded


def _stamp(path: Path, plurals: bool) -> tuple[object, ...] | None:
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return (str(path), plurals, status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def _digest(path: Path) -> str:
    """The content's hash; '' when it cannot be read as a regular file (the loader says why)."""
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return ""
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except (OSError, RuntimeError, ValueError):
        return ""


class Build:
    """The state of one build or lint run: made anew every time."""

    def __init__(self, loaded: Loaded, options: Options, urls: PageUrls, glossary_path: str) -> None:
        self.options = options
        self.urls = urls
        self.labels = labels_for(options.language, options.labels)
        """The words the glossary puts on pages, in their language."""
        self.linker = loaded.linker.skipping(options.skip).speaking(self.labels.not_in_glossary)
        self.glossary = loaded.glossary
        self.glossary_path = glossary_path
        """The glossary file as reported (``glossary.yaml``)."""
        self.report = Report(options.severity)
        self.usage: dict[str, list[Page]] = {}
        """Term name -> the pages that use it, in build order."""
        self.terms_on_page: dict[str, list[str]] = {}
        """Page URL -> the names of the terms it uses, in name order (the other way round from `usage`)."""
        self.first_use: dict[tuple[str, str], str] = {}
        """(term name, page URL) -> the id of the term's first link on that page."""
        self.glossary_errors = self._glossary_errors(loaded.errors)
        self.glossary_url = urls.url_of(options.glossary_page)
        self._page_ids: dict[str, set[str]] = {}
        """The ids on the glossary page and on the pages a term's `link` names an anchor of (for `finish`)."""
        self._pages_linked_with_anchors = {
            _linked_page(term.link, options.glossary_page) for term in loaded.glossary.terms if term.link
        }
        self.definitions: dict[str, str] = {}
        """Term name -> its definition as rendered for the glossary page (sanitised, terms linked)."""
        self._definitions_page: Page | None = None
        self._rendered = loaded.rendered
        self.anchors: Mapping[str, str] = loaded.linker.anchors
        """Term name -> the id of its entry on the glossary page (see `reserve_ids`)."""
        self._matched_excludes: set[str] = set()
        self._pages_checked: set[str] = set()
        """Source paths of the pages checked (for `only_on` and `not_on` patterns that match none)."""
        self.missing_terms = Collector(loaded.glossary, options.missing_terms)
        self._collect_missing_terms = options.whole_site and self.report.level(MISSING_TERM) != "ignore"
        """Candidate terms the prose uses and the glossary lacks (reported by `finish`)."""

    # -- the glossary file ----------------------------------------------

    def _glossary_errors(self, errors: list[GlossaryError]) -> list[Diagnostic]:
        found = []
        for error in errors:
            added = self.report.add(error.code, error.path, error.line, error.column, error.message)
            if added:
                found.append(added)
        return found

    @property
    def fatal(self) -> list[Diagnostic]:
        """The glossary's errors that stop the build."""
        return [diagnostic for diagnostic in self.glossary_errors if diagnostic.severity == "error"]

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """Everything found so far, in the order found."""
        return self.report.diagnostics

    # -- pages ------------------------------------------------------------

    def href(self, term: Term, page: Page, glossary_url: str | None = None) -> str:
        """Where a link to `term` on `page` goes: its own `link`, or its glossary entry.

        `glossary_url` is the glossary page's URL relative to `page`, if known
        (one page's links all share it)."""
        if term.link:
            return self._own_link(term.link, page)
        anchor = self.anchors[term.name]
        if self.glossary_url is None:
            return f"#{anchor}"
        if glossary_url is None:
            glossary_url = href_between(self.glossary_url, page.url)
        return f"{glossary_url}#{anchor}"

    def _own_link(self, link: str, page: Page) -> str:
        """A term's `link`, made relative to the page when it names a Markdown page of the site."""
        target, hash_sign, fragment = link.partition("#")
        if not target.endswith(".md") or "://" in target:
            return link
        url = self.urls.url_of(posixpath.normpath(target.lstrip("/")))
        if url is None:
            return link
        return href_between(url, page.url) + hash_sign + fragment

    def check_page(self, page: Page, html: str) -> tuple[str, list[Diagnostic]]:
        """Link one page's rendered HTML; return it and the findings on it."""
        found = self._front_matter(page)
        autolink = self._autolinks(page)
        glossary_url = None if self.glossary_url is None else href_between(self.glossary_url, page.url)
        self._pages_checked.add(page.src_uri)
        # The terms' `only_on` and `not_on` are judged per page.
        linker = self.linker.on_page(page.src_uri)
        mode = self.options.link if autolink else "off"
        result = linker.link_page(
            html, lambda term: self.href(term, page, glossary_url), mode, glossary_url, mark_first_use=True
        )
        for name in result.used:
            self.usage.setdefault(name, []).append(page)
        self.terms_on_page[page.url] = sorted(result.used)
        for name, element_id in result.first_use.items():
            self.first_use[name, page.url] = element_id
        if self._collect_missing_terms:  # the prose the linker found, read again only where it matters
            self.missing_terms.add_page(page.path, page.abs_path, html, result.prose)
        if page.src_uri in self._pages_linked_with_anchors or self.is_glossary_page(page):
            self._page_ids[page.src_uri] = page_ids(result.html)
        linked = self._placed(page, result.findings)
        return result.html, found + linked

    def _placed(self, page: Page, findings: list[Finding]) -> list[Diagnostic]:
        """The findings on a page, each at its line and column in the page's Markdown source.

        A finding in text that the source does not hold (a docstring that mkdocstrings renders
        for `::: pkg.Client`, a page with no source) says so, at the first `:::` directive."""
        if not findings:
            return []
        source = read_source(page.abs_path)
        if source is None:
            places = [(1, 1)] * len(findings)
        else:
            places = locate_all(source, findings, posixpath.basename(self.options.glossary_page))
        placed = []
        for finding, place in zip(findings, places, strict=True):
            line, column, message = _worded(source, finding, place)
            added = self.report.add(finding.code, page.path, line, column, message, finding.suggestion)
            if added:
                placed.append(added)
        return placed

    def place(self, source: str | None, finding: Finding) -> tuple[int, int, str]:
        """Where a finding is in a page's Markdown source, and its message: one in text that the
        source does not hold is at the first `:::` directive (else 1:1) and says it is generated."""
        place = (1, 1) if source is None else locate(source, finding, posixpath.basename(self.options.glossary_page))
        return _worded(source, finding, place)

    def _autolinks(self, page: Page) -> bool:
        if page.meta.get("glossary", True) is False:
            return False
        excluded = False
        for pattern in self.options.exclude:
            if fnmatch.fnmatchcase(page.src_uri, pattern):
                self._matched_excludes.add(pattern)
                excluded = True
        return not excluded

    def _front_matter(self, page: Page) -> list[Diagnostic]:
        """A `glossary:` front matter value other than true or false is reported, not guessed at."""
        value = page.meta.get("glossary", True)
        if isinstance(value, bool):
            return []
        line, column = self._front_matter_place(page)
        added = self.report.add(
            INVALID_OPTION,
            page.path,
            line,
            column,
            f"front matter 'glossary: {value!r}' is not understood; write 'glossary: false' to turn off "
            "automatic links on this page, or 'glossary: true'",
        )
        return [added] if added else []

    @staticmethod
    def _front_matter_place(page: Page) -> tuple[int, int]:
        source = read_source(page.abs_path)
        if source is None:
            return 1, 1
        found = _FRONT_MATTER_KEY.search(source, 0, body_start(source))
        return line_column(source, found.start()) if found else (1, 1)

    # -- the glossary page ------------------------------------------------

    def reserve_ids(self, ids: set[str]) -> None:
        """Keep the entries' anchors off ids the glossary page holds anyway (its own headings).

        Call before linking any page: the links carry the anchors. Only a
        heading that a term's slug would spell changes anything.
        """
        anchors = term_anchors(self.glossary, reserved=ids)
        if anchors != self.anchors:
            self.anchors = anchors
            self.linker = self.linker.with_anchors(anchors)

    def is_glossary_page(self, page: Page) -> bool:
        return page.src_uri == self.options.glossary_page

    def ids_of(self, page: Page) -> set[str]:
        """The ids on a page linked in this build (its headings, and the entries on the glossary page)."""
        return self._page_ids.get(page.src_uri, set())

    def glossary_page(self, page: Page, html: str, convert: Callable[[str], str]) -> tuple[str, list[Diagnostic]]:
        """The glossary page: its own text linked and checked like any page, then every entry.

        `convert(markdown)` renders one definition with the site's Markdown
        extensions, as the glossary page itself is rendered.
        """
        html, found = self.check_page(page, html)
        found += self.render_definitions(page, convert)
        entries = index_page.render_entries(
            self.glossary, self.anchors, self.definitions, self.labels, self.options.language
        )
        self._page_ids.setdefault(page.src_uri, set()).update(page_ids(entries))
        return index_page.insert_entries(html, entries), found

    def render_definitions(
        self, page: Page, convert: Callable[[str], str], renderer: Hashable = None
    ) -> list[Diagnostic]:
        """Render every definition for the glossary page `page`, once a build; return the findings in them.

        Call it before linking the other pages to give their tooltips the rich
        definitions (see `definitions_data`); `glossary_page` calls it otherwise.

        `renderer` says what `convert` and the site's page URLs depend on besides a
        definition's text (the Markdown extensions and their options, the site's
        files), if the host can tell: a later build of the same glossary (`mkdocs serve`) with the same
        renderer, page and anchors reuses the definitions rendered, and renders none.
        """
        if self._definitions_page is not None:
            return []
        terms = self.glossary.terms
        prefixes = [index_page.definition_id_prefix(self.anchors[term.name]) for term in terms]
        key = None if renderer is None else (renderer, page.src_uri, page.url, tuple(prefixes), self.options.skip)
        rendered = None if key is None else self._rendered.get(key)
        if rendered is None:
            rendered = self._render(page, convert, prefixes)
            if key is not None:
                self._rendered.clear()  # the last one only: a rebuild renders as the one before
                self._rendered[key] = rendered
        self.definitions = dict(rendered.html)
        found: list[Diagnostic] = []
        for term, finding in rendered.findings:
            added = self.report.add(
                finding.code,
                self.glossary_path,
                term.location.line,
                term.location.column,
                f"in the definition of '{term.name}': {finding.message}",
                finding.suggestion,
            )
            if added:
                found.append(added)
        self._definitions_page = page
        return found

    def _render(self, page: Page, convert: Callable[[str], str], prefixes: list[str]) -> RenderedDefinitions:
        terms = self.glossary.terms
        rendered = index_page.render_definitions([term.definition for term in terms], convert, prefixes)
        html: dict[str, str] = {}
        findings: list[tuple[Term, Finding]] = []
        for term, definition in zip(terms, rendered, strict=True):
            definition = self.fix_links(definition, page)
            result = self.linker.link_page(definition, lambda target: f"#{self.anchors[target.name]}")
            html[term.name] = result.html
            findings.extend((term, finding) for finding in result.findings)
        return RenderedDefinitions(html, findings)

    def definitions_data(self, file_url: str = DEFINITIONS_FILE) -> str:
        """The rich definitions as one JSON document for the whole site (`DEFINITIONS_FILE`); '' before
        `render_definitions`.

        ``{"glossary": URL, "terms": {name: html}}``: each definition exactly as
        on the glossary page (sanitised, its links relative to that page), and
        the glossary page's URL relative to this file (at `file_url`: a translated
        site has one per language). The tooltip script
        resolves every link against that page with the browser's own URL
        parser, so no link is ever rebased by string, and keeps only those
        whose final URL is http, https or mailto.
        """
        page = self._definitions_page
        if page is None:
            return ""
        return definitions_document(
            href_between(page.url, file_url), self.definitions, self.labels.open_in_glossary, self.options.language
        )

    def fix_links(self, html: str, page: Page) -> str:
        """Links to .md pages (in a definition), as URLs relative to `page`."""

        def replace(found: re.Match[str]) -> str:
            base = posixpath.dirname(page.src_uri)
            target = posixpath.normpath(posixpath.join(base, htmllib.unescape(found.group(1))))
            url = self.urls.url_of(target)
            href = None if url is None else href_between(url, page.url) + (found.group(2) or "")
            if href is None or not is_safe_url(href):
                return found.group(0)
            return f'href="{htmllib.escape(href)}"'

        return _MD_LINK.sub(replace, html)

    def fill_backlinks(self, output: str, page: Page) -> str:
        """The glossary page's "Used on" lists, once every page has been linked."""
        return index_page.fill_backlinks(
            output,
            self.anchors,
            self.usage,
            lambda url: href_between(url, page.url),
            self.first_use,
            self.labels.used_on,
        )

    # -- end of the build -------------------------------------------------

    def finish(
        self, config_path: str = "mkdocs.yml", config_text: str | None = None, every_page_seen: bool = True
    ) -> list[Diagnostic]:
        """After the last page: unused terms, `link:` targets, `exclude` patterns that match nothing.

        The checks over every page run only when every page was checked and
        seen (`every_page_seen` is False when a host took some from a cache)."""
        whole_site = self.options.whole_site and every_page_seen
        found = self._unused_terms() if whole_site else []
        found += self._check_links()
        if whole_site:
            found += self._unmatched_excludes(config_path, config_text)
            found += self._unmatched_page_patterns()
            found += self.missing_terms.report(self.report, self.place)
        return found

    def _unused_terms(self) -> list[Diagnostic]:
        found = []
        for term in self.glossary.terms:
            if term.name in self.usage:
                continue
            line, column = term.location.line, term.location.column
            message = f"term '{term.name}' is not used on any page; use it, or remove it from the glossary"
            added = self.report.add(UNUSED_TERM, self.glossary_path, line, column, message)
            if added:
                found.append(added)
        return found

    def _check_links(self) -> list[Diagnostic]:
        found = []
        for term in self.glossary.terms:
            problem = self._link_problem(term.link) if term.link else None
            if problem is None:
                continue
            line, column = term.location.line, term.location.column
            added = self.report.add(BROKEN_LINK, self.glossary_path, line, column, f"term '{term.name}': {problem}")
            if added:
                found.append(added)
        return found

    def _link_problem(self, link: str) -> str | None:
        """Why a term's `link` to a page of the site leads nowhere, or None."""
        src_uri = _linked_page(link, self.options.glossary_page)
        if src_uri is None:
            return None
        fragment = link.partition("#")[2]
        if self.urls.url_of(src_uri) is None:
            return f"link '{link}' names no page of the site; fix the path (relative to the docs folder)"
        ids = self._page_ids.get(src_uri)
        if fragment and ids is not None and fragment not in ids:
            return f"link '{link}': the page has no anchor '#{fragment}'; fix the anchor or remove it"
        return None

    def _unmatched_page_patterns(self) -> list[Diagnostic]:
        """A term's `only_on` or `not_on` pattern that matches no page is reported, as `exclude`'s are."""
        found = []
        for term in self.glossary.terms:
            for field_name, patterns in (("only_on", term.only_on), ("not_on", term.not_on)):
                for pattern in patterns:
                    if any(glob_matches(pattern, page) for page in self._pages_checked):
                        continue
                    hint = " (patterns are relative to the docs folder)" if pattern.startswith(("docs/", "/")) else ""
                    message = (
                        f"term '{term.name}': `{field_name}` pattern '{pattern}' matches no page{hint}; "
                        "fix it or remove it"
                    )
                    line, column = term.location.line, term.location.column
                    added = self.report.add(INVALID_OPTION, self.glossary_path, line, column, message)
                    if added:
                        found.append(added)
        return found

    def _unmatched_excludes(self, config_path: str, config_text: str | None) -> list[Diagnostic]:
        found = []
        for pattern in self.options.exclude:
            if pattern in self._matched_excludes:
                continue
            line, column = 1, 1
            if config_text is not None and pattern in config_text:
                line, column = line_column(config_text, config_text.index(pattern))
            hint = " (patterns are relative to the docs folder)" if pattern.startswith(("docs/", "/")) else ""
            added = self.report.add(
                INVALID_OPTION,
                config_path,
                line,
                column,
                f"exclude pattern '{pattern}' matches no page{hint}; fix it or remove it",
            )
            if added:
                found.append(added)
        return found


GENERATED = " (in text generated on this page, not written in its Markdown)"
"""Added to the message of a finding in text that the page's source does not hold."""
# A directive of mkdocstrings (`::: pkg.Client`), which renders an object's documentation there.
_DIRECTIVE = re.compile(r"^[ \t]*(:::)[ \t]*\S", re.MULTILINE)


def _worded(source: str | None, finding: Finding, place: tuple[int, int]) -> tuple[int, int, str]:
    """A finding's place and message; one in text the source does not hold (`locate` then gives 1:1) is at
    the first `:::` directive and says it is generated."""
    if place != (1, 1) or _written_at_start(source, finding):
        return *place, finding.message
    return *_directive_place(source), finding.message + GENERATED


def _written_at_start(source: str | None, finding: Finding) -> bool:
    """Whether what a finding placed at 1:1 is about is written there (`locate` gives 1:1 also when the
    source does not hold it): the needle's pattern matches at the very start of the source's text."""
    if source is None or finding.anchor:  # an anchor's fragment follows the page's name: never at 1:1
        return False
    view = text_view(source)
    if finding.case_sensitive and REFERENCE_TEXT.fullmatch(finding.needle):
        found = REFERENCE_TEXT.match(view)
        return found is not None and reference_key(found.group()) == reference_key(finding.needle)
    return needle_pattern(finding.needle, finding.case_sensitive).match(view) is not None


def _directive_place(source: str | None) -> tuple[int, int]:
    """The line and column of the page's first `:::` directive, the closest place to generated text; else 1:1."""
    found = None if source is None else _DIRECTIVE.search(source, body_start(source))
    return (1, 1) if found is None or source is None else line_column(source, found.start(1))


def _linked_page(link: str, glossary_page: str) -> str | None:
    """The source path of the site's page that a term's `link` names (the glossary page for a bare
    `#anchor`), or None for a link elsewhere."""
    target = link.partition("#")[0]
    if "://" in target or target.startswith("mailto:") or not (target.endswith(".md") or not target):
        return None
    return posixpath.normpath(target.lstrip("/")) if target else glossary_page


def reference_text(text: str) -> str:
    """Text with each ``[[name|label]]`` shown as its label (for tables of contents built before linking)."""
    return shown_text(text)


def definitions_document(glossary: str, terms: Mapping[str, str], open_label: str, language: str | None) -> str:
    """The definitions file's JSON (see `Build.definitions_data`): the glossary page's URL relative to the
    file, each term's definition HTML, and the tap popover's words and direction in the pages' language."""
    data = {
        "glossary": glossary,
        "terms": terms,
        "labels": {"open": open_label, "dir": text_direction(language)},
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
