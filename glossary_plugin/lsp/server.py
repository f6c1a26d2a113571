"""`glossary-ls`: the language server, a host of the core like the plugin, the extension and the linter.

Documents are Markdown pages of a site and the site's glossary file. The
server finds a document's site as `glossary-lint` does (the first config file
in its folder or the nearest folder above), keeps one `Checker` per site, and
turns the core's findings into LSP diagnostics. Whatever fails (a config that
does not load, a glossary that does not parse, a page that does not render)
becomes a diagnostic; the server keeps answering and tries again on the next
change.
"""

from __future__ import annotations

import asyncio
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path
from pygls.workspace import TextDocument

from .. import __version__
from ..core.candidates import Candidate
from ..core.findings import Diagnostic
from ..core.model import fold
from ..core.project import CONFIG_FILES
from .checker import MAX_PAGE_CHARACTERS, SITE_ONLY, Checker
from .site import Site, SiteError, open_site
from .spellings import Spellings

SOURCE = "glossary"
_QUOTED = re.compile(r"'([^']+)'")
"""What a finding's message names first: the spelling or reference it is about."""
_SEVERITY = {
    "error": types.DiagnosticSeverity.Error,
    "warn": types.DiagnosticSeverity.Warning,
    "info": types.DiagnosticSeverity.Information,
}


@dataclass
class SiteState:
    """One site the editor has a document of."""

    config_file: Path
    checker: Checker | None = None
    error: SiteError | None = None
    stamp: object = None
    """The config file's status when it was read (to read it again when it changes)."""
    site_found: dict[str, list[Diagnostic]] = field(default_factory=dict)
    """The last whole build's findings, by path as reported."""
    site_texts: dict[str, str] = field(default_factory=dict)
    """The open pages' texts that build saw (its findings on a page hold while the page is unchanged)."""
    candidates: dict[str, Candidate] = field(default_factory=dict)
    """The last whole build's missing-term candidates, by their first use, `path:line:col` (for the quick fix)."""
    spellings: tuple[object, Spellings] | None = None
    running: bool = False
    """A whole build is running in a worker thread."""
    again: bool = False
    """Something changed while it ran: run it once more."""


class GlossaryServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("glossary-ls", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.sites: dict[Path, SiteState] = {}

    # -- sites ----------------------------------------------------------------

    def state_for(self, path: Path) -> SiteState | None:
        """The site of a file: the nearest folder at or above it with a config file."""
        folder = path.parent
        while True:
            for name in CONFIG_FILES:
                candidate = folder / name
                if candidate.is_file():
                    return self._state(Path(os.path.abspath(candidate)))
            if folder.parent == folder:
                return None
            folder = folder.parent

    def _state(self, config_file: Path) -> SiteState:
        state = self.sites.get(config_file)
        if state is None:
            state = self.sites[config_file] = SiteState(config_file)
        stamp = _stamp(config_file)
        if state.stamp != stamp:
            state.stamp = stamp
            if state.checker is not None:
                state.checker.close()
            state.checker, state.error, state.spellings = None, None, None
            try:
                state.checker = Checker(open_site(config_file.parent))
            except SiteError as error:
                state.error = error
            except Exception as error:  # a plugin or theme that fails while the config loads
                state.error = SiteError(f"{config_file.name}: {type(error).__name__}: {error}", config_file)
        return state

    def site_of(self, uri: str) -> tuple[SiteState, Checker] | None:
        path = uri_path(uri)
        if path is None:
            return None
        state = self.state_for(path)
        if state is None or state.checker is None:
            return None
        return state, state.checker

    def spellings(self, state: SiteState, checker: Checker) -> Spellings:
        loaded = checker.loaded()
        if state.spellings is None or state.spellings[0] is not loaded:
            state.spellings = (loaded, Spellings(loaded.glossary, checker.site.settings.options.plurals))
        return state.spellings[1]

    def open_pages(self, site: Site) -> dict[str, str]:
        pages = {}
        for uri, document in self.workspace.text_documents.items():
            path = uri_path(uri)
            src_uri = None if path is None else site.src_uri(path)
            if src_uri is not None:
                pages[src_uri] = document.source
        return pages

    def glossary_document(self, site: Site) -> TextDocument | None:
        uri = from_fs_path(str(site.glossary_file))
        return self.workspace.text_documents.get(uri) if uri else None

    # -- checking ------------------------------------------------------------------

    def check_document(self, uri: str) -> None:
        """Publish the findings on one document from its text as the editor holds it."""
        path = uri_path(uri)
        if path is None:
            return
        state = self.state_for(path)
        if state is None:
            return
        if state.checker is None:
            self.publish_site_error(state)
            return
        site = state.checker.site
        if path == site.glossary_file or path == site.config_file:
            self.publish_path(state, path)
            return
        src_uri = site.src_uri(path)
        if src_uri is None:
            return
        document = self.workspace.get_text_document(uri)
        self.publish(uri, document, self.page_findings(state, state.checker, src_uri, document.source))

    def page_findings(self, state: SiteState, checker: Checker, src_uri: str, text: str) -> list[Diagnostic]:
        site = checker.site
        shown = f"{site.docs_display}/{src_uri}"
        if len(text) > MAX_PAGE_CHARACTERS:  # the whole build leaves it out too
            message = (
                f"the page has {len(text):,} characters, more than the {MAX_PAGE_CHARACTERS:,} checked as you type; "
                "run glossary-lint to check it"
            )
            return [Diagnostic("too-large", "info", shown, 1, 1, message)]
        try:
            found = checker.check_page(src_uri, text)
        except Exception as error:  # an extension that fails on this text: say so, keep serving
            reason = " ".join(str(error).split()) or type(error).__name__
            return [Diagnostic("page-not-rendered", "error", shown, 1, 1, f"the page cannot be rendered: {reason}")]
        if state.site_texts.get(src_uri) == text:  # the whole build saw this very text
            found += [d for d in state.site_found.get(shown, []) if d.code in SITE_ONLY]
        return found

    def check_site(self, state: SiteState) -> None:
        """The whole build in a worker thread (a large site takes seconds: the server keeps answering), then
        every open document of the site published again. One at a time per site: a request while one runs
        runs once more after it."""
        checker = state.checker
        if checker is None:
            self.publish_site_error(state)
            self.protocol.notify("glossary/siteChecked", {"config": str(state.config_file), "error": str(state.error)})
            return
        if state.running:
            state.again = True
            return
        site = checker.site
        glossary = self.glossary_document(site)
        checker.set_glossary_text(glossary.source if glossary is not None else None)
        checker.loaded()  # compiled here, once, rather than in both threads
        pages = self.open_pages(site)
        state.running = True
        loop = asyncio.get_running_loop()
        future = loop.run_in_executor(None, checker.check_site, pages)
        future.add_done_callback(lambda done: self._site_checked(state, checker, pages, done))

    def _site_checked(
        self, state: SiteState, checker: Checker, pages: dict[str, str], done: asyncio.Future[list[Diagnostic]]
    ) -> None:
        state.running = False
        if state.checker is not checker:  # the config changed meanwhile: that site is gone
            self.check_site(state)
            return
        error = done.exception()
        if error is not None:  # keep the last findings; say why there are no new ones
            self.window_log_message(
                types.LogMessageParams(types.MessageType.Error, f"glossary-ls: the site check failed: {error}")
            )
        else:
            by_path: dict[str, list[Diagnostic]] = {}
            for diagnostic in done.result():
                by_path.setdefault(diagnostic.path, []).append(diagnostic)
            state.site_found, state.site_texts = by_path, pages
            state.candidates = {candidate.where or "": candidate for candidate in checker.candidates}
        for uri in list(self.workspace.text_documents):
            path = uri_path(uri)
            if path is not None and self.state_for(path) is state:
                self.check_document(uri)
        self.publish_path(state, checker.site.glossary_file)
        self.publish_path(state, checker.site.config_file)
        if state.again:
            state.again = False
            self.check_site(state)
        else:
            self.protocol.notify("glossary/siteChecked", {"config": str(state.config_file)})

    def publish_path(self, state: SiteState, path: Path) -> None:
        """The whole build's findings on a file that is no page (the glossary, the config file)."""
        checker = state.checker
        if checker is None:
            return
        shown = _shown(path, checker.site.root)
        uri = from_fs_path(str(path))
        if uri is None:
            return
        document = self.workspace.text_documents.get(uri)
        self.publish(uri, document, state.site_found.get(shown, []))

    def publish_site_error(self, state: SiteState) -> None:
        """Why the site cannot be read: at its place in the config file, and at the top of each open page."""
        error = state.error
        if error is None:
            return
        path = error.path or state.config_file
        config_uri = from_fs_path(str(path))
        shown = path.name
        for uri, document in list(self.workspace.text_documents.items()):
            document_path = uri_path(uri)
            if document_path is None or self.state_for(document_path) is not state or uri == config_uri:
                continue
            message = f"the glossary cannot check this site: {error} ({shown}:{error.line}:{error.column})"
            self.publish(uri, document, [Diagnostic("site-not-loaded", "error", "", 1, 1, message)])
        if config_uri is not None:
            diagnostic = Diagnostic("site-not-loaded", "error", shown, error.line, error.column, str(error))
            self.publish(config_uri, self.workspace.text_documents.get(config_uri), [diagnostic])

    def publish(self, uri: str, document: TextDocument | None, found: Sequence[Diagnostic]) -> None:
        lines = document.lines if document is not None else _lines(uri)
        version = document.version if document is not None else None
        diagnostics = [self.lsp_diagnostic(lines, diagnostic) for diagnostic in found]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics, version=version)
        )

    def lsp_diagnostic(self, lines: Sequence[str], diagnostic: Diagnostic) -> types.Diagnostic:
        line = max(diagnostic.line - 1, 0)
        start = max(diagnostic.column - 1, 0)
        text = lines[line].rstrip("\r\n") if line < len(lines) else ""
        end = _extent(text, start, diagnostic)
        return types.Diagnostic(
            range=self.client_range(lines, line, start, end),
            message=diagnostic.message,
            severity=_SEVERITY.get(diagnostic.severity, types.DiagnosticSeverity.Warning),
            code=diagnostic.code,
            source=SOURCE,
            data={
                "code": diagnostic.code,
                "suggestion": diagnostic.suggestion,
                "where": f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}",
            },
        )

    def client_range(self, lines: Sequence[str], line: int, start: int, end: int) -> types.Range:
        codec = self.workspace.position_codec
        padded = list(lines) if line < len(lines) else [*lines, *[""] * (line - len(lines) + 1)]
        return codec.range_to_client_units(padded, types.Range(types.Position(line, start), types.Position(line, end)))

    def server_position(self, document: TextDocument, position: types.Position) -> tuple[int, int]:
        """A client position as (line, index of the character in the line)."""
        found = self.workspace.position_codec.position_from_client_units(document.lines, position)
        return found.line, found.character


def _extent(text: str, start: int, diagnostic: Diagnostic) -> int:
    """Where a finding's range ends: after the text its message quotes when the line holds it there (a
    spelling, a candidate term), after a `[[reference]]`, else after the word at its start."""
    if start >= len(text):
        return start
    quoted = _QUOTED.match(diagnostic.message)
    if quoted is not None:
        needle = quoted.group(1).lstrip("#")
        if fold(text[start : start + len(needle)]) == fold(needle):
            return start + len(needle)
    if text.startswith("[[", start):
        close = text.find("]]", start)
        if close != -1:
            return close + 2
    end = start
    while end < len(text) and not text[end].isspace() and text[end] not in "()[]<>\"'`,;":
        end += 1
    return max(end, start + 1)


def _stamp(path: Path) -> object:
    try:
        status = path.stat()
    except OSError:
        return None
    return (status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns)


def uri_path(uri: str) -> Path | None:
    path = to_fs_path(uri)
    return Path(os.path.abspath(path)) if path else None


def _shown(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _lines(uri: str) -> list[str]:
    path = uri_path(uri)
    try:
        return [] if path is None else path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    except (OSError, UnicodeDecodeError):
        return []
