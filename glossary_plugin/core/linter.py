"""The checks of one build or one lint run, shared by the plugin and `glossary-lint`.

A `LintRun` takes each page's rendered HTML, links it, turns the findings
into `Diagnostic`s placed in the Markdown source, and remembers which pages
use which terms. `finish()` adds the terms no page used. The plugin logs the
diagnostics; the CLI prints them: one source of truth for every check.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .findings import DEFAULT_SEVERITY, UNUSED_TERM, Diagnostic, Finding
from .linker import Linker, LinkMode
from .model import Glossary, Term
from .sourcemap import locate, read_source


@dataclass(frozen=True)
class PageInfo:
    """What the checks need to know about a page."""

    path: str
    """Source path as reported, relative to the folder of mkdocs.yml (``docs/training.md``)."""
    abs_path: str | None
    """Where to read the Markdown source; None for generated pages."""
    url: str
    title: str = ""
    autolink: bool = True
    """False when the page opted out (front matter or `exclude`)."""
    nav_path: tuple[str, ...] = ()
    """The titles of the navigation sections above the page, outermost first."""


@dataclass
class LintRun:
    """The state of one build (or lint run): rebuilt from scratch every time."""

    glossary: Glossary
    linker: Linker
    glossary_path: str
    """The glossary file as reported (``glossary.yaml``)."""
    severity: Mapping[str, str] = field(default_factory=lambda: dict(DEFAULT_SEVERITY))
    glossary_page_name: str = "glossary.md"
    diagnostics: list[Diagnostic] = field(default_factory=list)
    usage: dict[str, list[PageInfo]] = field(default_factory=dict)
    """Term name -> pages that use it, in build order."""
    last_used: set[str] = field(default_factory=set)
    """Names of the terms the page checked last uses."""
    last_prose: list[tuple[int, int]] = field(default_factory=list)
    """Where the page checked last holds prose (see `PageResult.prose`)."""
    first_use: dict[tuple[str, str], str] = field(default_factory=dict)
    """(term name, page URL) -> the id of the term's first link on that page."""

    def level(self, code: str) -> str:
        return self.severity.get(code, DEFAULT_SEVERITY[code])

    def add(
        self, code: str, path: str, line: int, column: int, message: str, suggestion: str | None = None
    ) -> Diagnostic | None:
        severity = self.level(code)
        if severity == "ignore":
            return None
        diagnostic = Diagnostic(code, severity, path, line, column, message, suggestion)
        self.diagnostics.append(diagnostic)
        return diagnostic

    def check_page(
        self,
        html: str,
        page: PageInfo,
        href: Callable[[Term], str],
        mode: LinkMode = "first",
        glossary_url: str | None = None,
    ) -> tuple[str, list[Diagnostic]]:
        """Link one page; return its new HTML and the diagnostics found on it."""
        result = self.linker.link_page(html, href, mode if page.autolink else "off", glossary_url, mark_first_use=True)
        self.last_used = result.used
        self.last_prose = result.prose
        for name in result.used:
            self.usage.setdefault(name, []).append(page)
        for name, element_id in result.first_use.items():
            self.first_use[name, page.url] = element_id
        if not result.findings:
            return result.html, []
        source = read_source(page.abs_path)
        found = []
        for finding in result.findings:
            line, column = self.place(source, finding)
            added = self.add(finding.code, page.path, line, column, finding.message, finding.suggestion)
            if added:
                found.append(added)
        return result.html, found

    def place(self, source: str | None, finding: Finding) -> tuple[int, int]:
        if source is None:
            return 1, 1
        return locate(source, finding, Path(self.glossary_page_name).name)

    def finish(self) -> list[Diagnostic]:
        """After the last page: the terms that no page uses."""
        found = []
        for term in self.glossary.terms:
            if term.name in self.usage:
                continue
            added = self.add(
                UNUSED_TERM,
                self.glossary_path,
                term.location.line,
                term.location.column,
                f"term '{term.name}' is not used on any page; use it, or remove it from the glossary",
            )
            if added:
                found.append(added)
        return found
