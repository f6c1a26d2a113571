"""The MkDocs adapter: MkDocs events in, core calls, findings out as log records.

Everything that knows about glossaries lives in the core modules; this one
only connects them to MkDocs (and ProperDocs, which loads the same plugin).
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import markdown
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .config import GlossaryConfig
from .findings import Diagnostic, at_least
from .index_page import GENERATED_PAGE, fill_backlinks, insert_entries, render_definitions, render_entries
from .linker import Linker
from .linter import LintRun, PageInfo
from .loader import GlossaryError, load_glossary
from .model import Glossary, Term

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page

log = get_plugin_logger(__name__)

ASSET_DIR = Path(__file__).parent / "assets"
ASSET_URI = "assets/glossary_plugin"
_LEVELS = {"error": log.error, "warn": log.warning, "info": log.info}
_MD_LINK = re.compile(r'href="([^"#:?]+\.md)(#[^"]*)?"')
_ID = re.compile(r'\sid="([^"]+)"')


@dataclass(frozen=True)
class _Loaded:
    """A glossary file as last read, and what was compiled from it."""

    key: tuple[str, int, int, bool]
    glossary: Glossary
    errors: list[GlossaryError]
    linker: Linker


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Links glossary terms on every page and reports broken ones."""

    supports_multiple_instances = False
    log_findings = True
    """False when `glossary-lint` drives the plugin and prints the findings itself."""

    def __init__(self) -> None:
        super().__init__()
        self._loaded: _Loaded | None = None  # survives `mkdocs serve` rebuilds
        self._run: LintRun | None = None
        self._glossary_path: Path | None = None
        self._glossary_file: File | None = None
        self._config_dir = Path.cwd()
        self._docs_display = "docs"
        self._files = Files([])
        self._pending: list[Page] = []  # read, to be linked in on_env

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having this hook makes MkDocs keep the plugin instance, and so the
        # compiled glossary, across `mkdocs serve` rebuilds.
        pass

    # -- configuration -------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        problems = self.start_run(config)
        fatal = [problem for problem in problems if problem.severity == "error"]
        if fatal:
            raise PluginError(
                "The glossary has errors:\n"
                + "\n".join(str(problem) for problem in fatal)
                + "\nFix them and build again."
            )
        self._log(problems)
        config.extra_css.append(f"{ASSET_URI}/glossary.css")
        config.extra_javascript.append(f"{ASSET_URI}/glossary.js")
        return config

    def start_run(self, config: MkDocsConfig) -> list[Diagnostic]:
        """Fresh per-build state; return the glossary's own problems (also used by the CLI)."""
        self._config_dir = Path(config.config_file_path or ".").resolve().parent
        self._glossary_path = (self._config_dir / self.config.glossary_file).resolve()
        self._docs_display = _display(Path(config.docs_dir), self._config_dir)
        display = _display(self._glossary_path, self._config_dir)
        loaded = self._load(self._glossary_path, display)
        self._run = LintRun(
            glossary=loaded.glossary,
            linker=loaded.linker,
            glossary_path=display,
            severity=self.config.severity,
            glossary_page_name=self.config.glossary_page,
        )
        self._glossary_file = None
        self._pending = []
        return self._run.glossary_errors(loaded.errors)

    @property
    def run(self) -> LintRun | None:
        """The checks of the current build."""
        return self._run

    def _load(self, path: Path, display: str) -> _Loaded:
        """The compiled glossary; read again only when the file changed."""
        try:
            stat = path.stat()
            key = (str(path), stat.st_mtime_ns, stat.st_size, self.config.plurals)
        except OSError:
            key = (str(path), -1, -1, self.config.plurals)
        if self._loaded is not None and self._loaded.key == key:
            return self._loaded
        glossary, errors = load_glossary(path, display)
        self._loaded = _Loaded(key, glossary, errors, Linker(glossary, plurals=self.config.plurals))
        return self._loaded

    # -- files -------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        for name in ("glossary.css", "glossary.js"):
            files.append(File.generated(config, f"{ASSET_URI}/{name}", abs_src_path=str(ASSET_DIR / name)))
        page_file = files.get_file_from_path(self.config.glossary_page)
        if page_file is None:
            page_file = File.generated(config, self.config.glossary_page, content=GENERATED_PAGE)
            files.append(page_file)
        self._glossary_file = page_file
        self._files = files
        return files

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self._glossary_path is not None:
            server.watch(str(self._glossary_path), recursive=False)
        return server

    # -- pages -------------------------------------------------------

    @event_priority(-100)  # late: after every other plugin's changes to the page
    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        run, glossary_file = self._run, self._glossary_file
        if run is None or glossary_file is None:
            return html
        if page.file is glossary_file or page.file.src_uri == glossary_file.src_uri:
            return self._glossary_page_content(html, page, config)
        self._pending.append(page)  # linked in on_env, with the other pages
        links_to_anchors = getattr(page, "links_to_anchors", None)
        if links_to_anchors:
            # Links to glossary entries are checked by the linker (undefined-term);
            # MkDocs' own anchor check runs before the entries exist.
            links_to_anchors.pop(glossary_file, None)
        return html

    @event_priority(100)  # early: other plugins' on_env see the linked pages
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.link_pages()
        return env

    def link_pages(self) -> None:
        """Link every page read since the last call, in the order they were read.

        MkDocs reads all pages before it renders any, and calls on_env in
        between. Linking them there, one after another, keeps the compiled
        glossary in the processor's caches: interleaved with Markdown, each
        page cost about 1.5 times as much.
        """
        run, glossary_file = self._run, self._glossary_file
        pending, self._pending = self._pending, []
        if run is None or glossary_file is None:
            return
        anchors = run.linker.anchors
        for page in pending:
            glossary_url = get_relative_url(glossary_file.url, page.file.url)
            info = PageInfo(
                path=f"{self._docs_display}/{page.file.src_uri}" if page.file.abs_src_path else page.file.src_uri,
                abs_path=page.file.abs_src_path,
                url=page.file.url,
                title=page.title or page.file.name,
                autolink=self._autolinks(page),
            )

            def href(term: Term, page: Page = page, glossary_url: str = glossary_url) -> str:
                return self._term_link(term, page) or f"{glossary_url}#{anchors[term.name]}"

            page.content, found = run.check_page(page.content or "", info, href, self.config.link, glossary_url)
            self._log(found)

    def _autolinks(self, page: Page) -> bool:
        if page.meta.get("glossary", True) is False:
            return False
        return not any(fnmatch.fnmatchcase(page.file.src_uri, pattern) for pattern in self.config.exclude)

    def _term_link(self, term: Term, page: Page) -> str | None:
        """A term's own `link`, made relative to the page when it names a Markdown page."""
        if not term.link:
            return None
        target, hash_sign, fragment = term.link.partition("#")
        if not target.endswith(".md") or "://" in target:
            return term.link
        linked = self._files.get_file_from_path(posixpath.normpath(target.lstrip("/")))
        if linked is None:
            return term.link
        return get_relative_url(linked.url, page.file.url) + hash_sign + fragment

    def _glossary_page_content(self, html: str, page: Page, config: MkDocsConfig) -> str:
        run = self._run
        assert run is not None
        linker = run.linker
        definitions = self._render_definitions(config, page)
        linked_definitions = {}
        for term in run.glossary.terms:
            result = linker.link_page(definitions[term.name], lambda target: f"#{linker.anchors[target.name]}")
            linked_definitions[term.name] = result.html
            for finding in result.findings:
                added = run.add(
                    finding.code,
                    run.glossary_path,
                    term.location.line,
                    term.location.column,
                    f"in the definition of '{term.name}': {finding.message}",
                    finding.suggestion,
                )
                self._log([added] if added else [])
        entries = render_entries(run.glossary, linker.anchors, linked_definitions)
        present_anchor_ids = getattr(page, "present_anchor_ids", None)
        if present_anchor_ids is not None:  # added after Markdown: tell MkDocs' anchor validation
            present_anchor_ids.update(_ID.findall(entries))
        return insert_entries(html, entries)

    def _render_definitions(self, config: MkDocsConfig, page: Page) -> dict[str, str]:
        """Each definition as HTML, rendered with the site's own Markdown extensions."""
        run = self._run
        assert run is not None
        md = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
        # Raw HTML in a definition is shown as text, never injected into the page.
        for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
            if name in registry:
                registry.deregister(name)

        def convert(text: str) -> str:
            md.reset()
            return str(md.convert(text))

        terms = run.glossary.terms
        rendered = render_definitions([term.definition for term in terms], convert)
        return {term.name: self._fix_links(html, page) for term, html in zip(terms, rendered, strict=True)}

    def _fix_links(self, html: str, page: Page) -> str:
        """Links to .md pages in definitions, as URLs relative to the glossary page."""

        def replace(found: re.Match[str]) -> str:
            base = posixpath.dirname(page.file.src_uri)
            linked = self._files.get_file_from_path(posixpath.normpath(posixpath.join(base, found.group(1))))
            if linked is None:
                return found.group(0)
            return f'href="{get_relative_url(linked.url, page.file.url)}{found.group(2) or ""}"'

        return _MD_LINK.sub(replace, html)

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        run, glossary_file = self._run, self._glossary_file
        if run is None or glossary_file is None or page.file.src_uri != glossary_file.src_uri:
            return output
        relative = partial(get_relative_url, other=page.file.url)
        return fill_backlinks(output, run.linker.anchors, run.usage, relative)

    # -- end of build --------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        run = self._run
        if run is None:
            return
        self._log(run.finish())
        errors = [diagnostic for diagnostic in run.diagnostics if at_least(diagnostic.severity, "error")]
        if errors:
            raise PluginError(f"glossary: {len(errors)} error(s) reported above; fix them and build again.")

    def _log(self, diagnostics: list[Diagnostic]) -> None:
        if not self.log_findings:
            return
        for diagnostic in diagnostics:
            _LEVELS[diagnostic.severity](str(diagnostic))


def _display(path: Path, config_dir: Path) -> str:
    """A path as reported: relative to the folder of mkdocs.yml when inside it, with '/'."""
    try:
        return path.resolve().relative_to(config_dir).as_posix()
    except ValueError:
        return path.as_posix()
