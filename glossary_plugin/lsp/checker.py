"""The core's checks on a site as the editor holds it: open pages and glossary with their unsaved text.

Two runs. `check_page` checks one page on every change: the page rendered as
the build renders it, then `Build.check_page`, so its findings are the
build's for that page (the checks that need every page are off). `check_site`
is the whole build: every page (open ones from the editor, the others from
disk) and the end of the build, which adds the whole-site findings
(`unused-term`, `missing-term`, `broken-link`, ...). It runs when a page is
opened or saved and when the glossary changes.

The core places a finding by reading the page's Markdown source from its
file; an open page's unsaved text is written to a private temporary file for
it, so the places are those of the text on screen.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import replace
from pathlib import Path

from ..core.anchors import page_ids
from ..core.candidates import Candidate
from ..core.findings import MISSING_TERM, Diagnostic
from ..core.index_page import GENERATED_PAGE
from ..core.linker import Linker
from ..core.loader import parse_glossary
from ..core.pipeline import Build, GlossaryCache, Loaded, Page
from ..core.project import display_path
from ..core.sourcemap import body_start
from .sections import sections
from .site import Rendered, Site

MAX_PAGE_CHARACTERS = 2_000_000
"""A page longer than this is not checked in the editor (rendering it would hold the server for seconds)."""
SITE_ONLY = (MISSING_TERM,)
"""Findings on a page that only the whole build knows (a candidate counted over every page)."""


class Checker:
    """One site's glossary, compiled once per version, and its pages' findings."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self._cache = GlossaryCache()
        self._buffer: tuple[str, Loaded] | None = None
        """The glossary compiled from the editor's unsaved text, by that text's hash."""
        self._glossary_text: str | None = None
        self._rendered: dict[str, tuple[str, Rendered]] = {}
        self._sections: dict[str, dict[str, str]] = {}
        """Each page's sections as last rendered alone, by their Markdown."""
        self._reserved: tuple[str, set[str]] | None = None
        self._converter: Callable[[str], str] | None = None
        self._folder = tempfile.TemporaryDirectory(prefix="glossary-ls-")
        self._sources: dict[tuple[bool, str], Path] = {}
        self._page_build: tuple[Loaded, Build] | None = None
        """The build that checks single pages, kept while the glossary is the same (making one costs
        as much as checking a page)."""
        self.candidates: list[Candidate] = []
        """The missing-term candidates the last whole build reported."""

    def close(self) -> None:
        self._folder.cleanup()

    # -- the glossary -------------------------------------------------------

    def set_glossary_text(self, text: str | None) -> None:
        """The glossary as the editor holds it (None: as saved)."""
        self._glossary_text = text

    def loaded(self) -> Loaded:
        site = self.site
        plurals = site.settings.options.plurals
        if self._glossary_text is None:
            return self._cache.load(site.glossary_file, site.glossary_display, plurals, site.config_file.name)
        digest = hashlib.sha256(self._glossary_text.encode("utf-8", "surrogatepass")).hexdigest()
        if self._buffer is None or self._buffer[0] != digest:
            glossary, errors = parse_glossary(self._glossary_text, site.glossary_display)
            key = (str(site.glossary_file), digest, plurals)
            self._buffer = (digest, Loaded(key, glossary, errors, Linker(glossary, plurals=plurals)))
        return self._buffer[1]

    def new_build(self, whole_site: bool) -> Build:
        site = self.site
        options = replace(site.settings.options, whole_site=whole_site)
        build = Build(self.loaded(), options, site, site.glossary_display)
        if not build.fatal:
            build.reserve_ids(self._glossary_page_ids())
        return build

    def _glossary_page_ids(self) -> set[str]:
        """The glossary page's own heading ids, which the entries' anchors keep off (as the build does)."""
        src_uri = self.site.settings.options.glossary_page
        path = self.site.docs_dir / src_uri
        text = _read(path)
        if text is None:
            return set()
        if self._reserved is None or self._reserved[0] != text:
            if self.site.kind == "zensical":  # as the extension does: with the definitions' Markdown
                ids = page_ids(self.converter()(text[body_start(text) :]))
            else:
                ids = page_ids(self.render(src_uri, text).html)
            self._reserved = (text, ids)
        return self._reserved[1]

    def converter(self) -> Callable[[str], str]:
        if self._converter is None:
            self._converter = self.site.definition_converter()
        return self._converter

    # -- pages ----------------------------------------------------------------

    def render(self, src_uri: str, text: str, by_sections: bool = False) -> Rendered:
        """The page rendered whole, as the build renders it (kept for the text last rendered); with
        `by_sections`, while typing, only the sections that changed since the last time (see `sections`)."""
        kept = self._rendered.get(src_uri)
        if kept is not None and kept[0] == text:
            return kept[1]
        if by_sections:
            body, meta = self.site.split(text)
            parts = sections(body)
            if parts is not None:
                known = self._sections.get(src_uri, {})
                html = [known[part] if part in known else self.site.render_body(src_uri, part) for part in parts]
                self._sections[src_uri] = dict(zip(parts, html, strict=True))
                return Rendered("\n".join(piece for piece in html if piece), meta)
        rendered = self.site.render(src_uri, text)
        self._rendered[src_uri] = (text, rendered)
        return rendered

    def page(self, src_uri: str, text: str | None, rendered: Rendered, whole_site: bool = False) -> Page:
        """The core's page; an open page's source is its unsaved text, in a file of its own (one for the
        whole build, which runs in a thread of its own, and one for the page's own check)."""
        site = self.site
        abs_path = str(site.docs_dir / src_uri)
        if text is not None:
            abs_path = str(self._source_file((whole_site, src_uri), text))
        return Page(
            src_uri=src_uri,
            url=site.url_of(src_uri) or src_uri,
            path=f"{site.docs_display}/{src_uri}",
            abs_path=abs_path,
            title=os.path.splitext(os.path.basename(src_uri))[0],
            meta=rendered.meta,
        )

    def _source_file(self, key: tuple[bool, str], text: str) -> Path:
        path = self._sources.get(key)
        if path is None:
            path = Path(self._folder.name) / f"{len(self._sources)}.md"
            self._sources[key] = path
        path.write_text(text, encoding="utf-8")
        return path

    def check_page(self, src_uri: str, text: str) -> list[Diagnostic]:
        """The findings on one page (the whole-site ones excepted), from the text given."""
        loaded = self.loaded()
        if self._page_build is None or self._page_build[0] is not loaded:
            self._page_build = (loaded, self.new_build(whole_site=False))
        build = self._page_build[1]
        if build.fatal:  # the build stops before any page: the errors are on the glossary
            return []
        rendered = self.render(src_uri, text, by_sections=True)
        page = self.page(src_uri, text, rendered)
        _, found = build.check_page(page, rendered.html)
        # What the build keeps of each page is for the end of a build, which this one never reaches.
        build.report.diagnostics.clear()
        build.usage.clear()
        build.terms_on_page.clear()
        return found

    def check_site(self, open_pages: Mapping[str, str]) -> list[Diagnostic]:
        """The whole build's findings: every page (open ones as the editor holds them) and the end of the build."""
        site = self.site
        self._page_build = None  # the glossary page may have changed: its ids with it
        build = self.new_build(whole_site=True)
        if build.fatal:
            return build.diagnostics
        glossary_src = site.settings.options.glossary_page
        sources = {src_uri: open_pages.get(src_uri) for src_uri in site.pages()}
        sources.update(open_pages)
        convert = self.converter()
        glossary_page = None
        if glossary_src in sources or site.kind == "mkdocs":  # MkDocs generates a missing glossary page
            text = sources.get(glossary_src)
            text = text if text is not None else _read(site.docs_dir / glossary_src)
            rendered = self.render(glossary_src, text if text is not None else GENERATED_PAGE)
            page = self.page(glossary_src, open_pages.get(glossary_src), rendered, whole_site=True)
            glossary_page = (page, rendered.html)
            build.render_definitions(glossary_page[0], convert)  # before the pages, as the build does
        for src_uri in sorted(sources):
            if src_uri != glossary_src:
                self._check(build, src_uri, sources[src_uri])
        if glossary_page is not None:
            build.glossary_page(*glossary_page, convert)
        config_text = _read(site.config_file)
        build.finish(display_path(site.config_file, site.root), config_text)
        self.candidates = build.missing_terms.reported()
        return build.diagnostics

    def _check(self, build: Build, src_uri: str, open_text: str | None) -> None:
        text = open_text if open_text is not None else _read(self.site.docs_dir / src_uri)
        if text is None or len(text) > MAX_PAGE_CHARACTERS:
            return
        try:
            rendered = self.render(src_uri, text)
        except Exception:  # a page the site's extensions cannot render is left out, as a page that fails
            return
        build.check_page(self.page(src_uri, open_text, rendered, whole_site=True), rendered.html)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
