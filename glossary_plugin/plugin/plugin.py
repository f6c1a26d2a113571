"""The MkDocs adapter: MkDocs events in, pipeline calls, findings out as log records.

Everything that knows about glossaries lives in the core (`pipeline` and
below); this module only connects it to MkDocs (and ProperDocs, which loads
the same plugin).
"""

from __future__ import annotations

import html as htmllib
import logging
import os
from collections.abc import Hashable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.config.base import ValidationError
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..core import index_page, lint_request
from ..core.anchors import page_ids
from ..core.definition_markdown import DefinitionRenderError, choose_extensions, definition_converter, left_out_note
from ..core.findings import UNUSED_TERM, Diagnostic, build_failure, build_threshold, failing
from ..core.index_page import generated_page
from ..core.labels import primary
from ..core.options import ASSET_FOLDER, OptionError, Settings, located_option_error, parse_options
from ..core.pipeline import DEFINITIONS_FILE, Build, GlossaryCache, Loaded, Page, reference_text
from ..core.project import display_path
from ..core.translation import BuildLanguage, fallback_note, glossary_file
from .config import GlossaryConfig
from .i18n import build_language, source_key

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.pages import Page as MkDocsPage
    from mkdocs.structure.toc import AnchorLink


log = get_plugin_logger(__name__)

ASSET_DIR = Path(__file__).parent.parent / "assets"
ASSET_URI = ASSET_FOLDER
_LEVELS = {"error": log.error, "warn": log.warning, "info": log.info}
_PLUGIN_NAME = "glossary"  # as written in mkdocs.yml: `glossary` or `glossary_plugin`


class _SiteUrls:
    """The pipeline's view of MkDocs' files: a page's URL by its source path.

    On a translated site a page is named by the page it translates (see
    `i18n.source_key`), so links land on the page in the build's language.
    """

    def __init__(self, files: Files) -> None:
        self.files = files
        self._translated = {source_key(file): file for file in files if getattr(file, "norm_src_uri", None)}

    def url_of(self, src_uri: str) -> str | None:
        file = self._translated.get(src_uri) or self.files.get_file_from_path(src_uri)
        return None if file is None else file.url


class GlossaryPlugin(BasePlugin[GlossaryConfig]):
    """Links glossary terms on every page and reports broken ones."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        super().__init__()
        self.caches: dict[Path, GlossaryCache] = {}  # one per glossary file; survive `mkdocs serve` rebuilds
        self._language = BuildLanguage(None)
        self._fallbacks_said: set[str] = set()
        self._earlier_languages: list[Diagnostic] = []
        """The findings of this run's builds of other languages (a translated site builds one per language)."""
        self._unused: dict[str, dict[tuple[int, int, str], Diagnostic]] = {}
        """Glossary file -> its terms unused in every language built so far that uses it."""
        self.build: Build | None = None
        self._urls = _SiteUrls(Files([]))
        self._glossary_path: Path | None = None
        self._config_path = "mkdocs.yml"
        self._config_text: str | None = None
        self._docs_display = "docs"
        self._pending: list[MkDocsPage] = []  # read, to be linked in on_env
        self._glossary_page: MkDocsPage | None = None
        self._loaded: Loaded | None = None
        self._definitions_file: File | None = None
        self.settings = Settings()
        self._show_findings = True

    def load_config(self, options: dict[str, Any], config_file_path: str | None = None) -> tuple[Any, Any]:
        """The core checks every option (MkDocs only declares them): one located error for the first bad one."""
        super().load_config(options, config_file_path)
        try:
            self.settings = parse_options(options)
        except OptionError as error:
            raise ValidationError(_located(error, config_file_path)) from None
        return [], []

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Having this hook makes MkDocs keep the plugin instance, and so the
        # compiled glossary, across `mkdocs serve` rebuilds.
        pass

    # -- configuration -------------------------------------------------

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        config_dir = Path(os.path.abspath(config.config_file_path or "mkdocs.yml")).parent
        self._language = language = build_language(config)
        if language.default:  # a new run: the default language is built first
            self._earlier_languages, self._unused = [], {}
        default_glossary = Path(os.path.normpath(config_dir / self.settings.glossary_file))
        self._glossary_path = glossary_file(default_glossary, language)
        if language.translated and not language.default and self._glossary_path == default_glossary:
            self._say_fallback(language, display_path(default_glossary, config_dir))
        self._config_path = display_path(Path(config.config_file_path or "mkdocs.yml"), config_dir)
        self._config_text = _read_text(config.config_file_path)
        self._docs_display = display_path(Path(config.docs_dir), config_dir)
        self._loaded = self.caches.setdefault(self._glossary_path, GlossaryCache()).load(
            self._glossary_path,
            display_path(self._glossary_path, config_dir),
            # The plural rule is English's: other languages match the forms their glossary lists.
            self.settings.options.plurals and primary(language.language) in ("", "en"),
            config_name=Path(config.config_file_path or "mkdocs.yml").name,
        )
        self.build = None
        self._pending = []
        self._glossary_page = None
        if self.settings.assets:
            # Each language's copy, beside its own definitions file (a translated site builds again per
            # language with the same config: the last build's entries go first).
            ours = (f"{ASSET_URI}/glossary.css", f"{ASSET_URI}/glossary.js")
            config.extra_css[:] = [uri for uri in config.extra_css if not str(uri).endswith(ours[0])]
            config.extra_javascript[:] = [uri for uri in config.extra_javascript if not str(uri).endswith(ours[1])]
            config.extra_css.append(language.folder + ours[0])
            config.extra_javascript.append(language.folder + ours[1])
        # The build starts in on_files, once the pages' URLs are known; the
        # glossary's own errors stop it here.
        self._start(Files([]))
        return config

    def _start(self, files: Files) -> Build:
        assert self._loaded is not None, "on_config loads the glossary"
        self._urls = _SiteUrls(files)
        request = lint_request.current()  # `glossary-lint` runs this build: it collects the findings
        self._show_findings = request is None
        options = replace(
            self.settings.options,
            whole_site=request is None or request.whole_site,
            language=self._language.language,
        )
        build = Build(self._loaded, options, self._urls, self._loaded.glossary.source)
        fatal = build.fatal
        if fatal:
            self.build = build
            raise PluginError(
                "The glossary has errors:\n"
                + "\n".join(str(problem) for problem in fatal)
                + "\nFix them and build again."
            )
        if self.build is None:  # the glossary's warnings, once a build
            self._log(build.glossary_errors)
        self.build = build
        return build

    # -- files -------------------------------------------------------

    @event_priority(0)
    def _on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if not self._language.translated:
            self._add_files(files, config)
        return files

    @event_priority(-110)  # after mkdocs-static-i18n's (-100): it rebuilds the files of each language
    def _on_translated_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self._language.translated:
            self._add_files(files, config)
        return files

    on_files = CombinedEvent(_on_files, _on_translated_files)

    def _add_files(self, files: Files, config: MkDocsConfig) -> None:
        folder = self._language.folder

        def generated(src_uri: str, **source: Any) -> File:
            file = File.generated(config, src_uri, **source)
            if folder:  # published in the language's folder, as the i18n plugin publishes its pages
                file.dest_uri = folder + file.dest_uri
            files.append(file)
            return file

        for name in ("glossary.css", "glossary.js") if self.settings.assets else ():
            generated(f"{ASSET_URI}/{name}", abs_src_path=str(ASSET_DIR / name))
        # Filled in on_env, once the definitions are rendered (MkDocs copies it after that event).
        self._definitions_file = generated(DEFINITIONS_FILE, content="{}")
        glossary_page = self.settings.options.glossary_page
        if not any(source_key(file) == glossary_page for file in files.documentation_pages()):
            labels = self._start(files).labels
            generated(glossary_page, content=generated_page(labels))
        self._start(files)

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder: Any) -> LiveReloadServer:
        if self._glossary_path is not None:
            server.watch(str(self._glossary_path), recursive=False)
        return server

    # -- pages -------------------------------------------------------

    @event_priority(-100)  # late: after every other plugin's changes to the page
    def on_page_content(self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
        build = self.build
        if build is None:
            return html
        if source_key(page.file) == self.settings.options.glossary_page:
            self._glossary_page = page
        else:
            self._pending.append(page)  # linked in on_env, with the other pages
        links_to_anchors = getattr(page, "links_to_anchors", None)
        glossary_file = files.get_file_from_path(self.settings.options.glossary_page)
        if links_to_anchors and glossary_file is not None:
            # Links to glossary entries are checked by the pipeline (undefined-term);
            # MkDocs' own anchor check runs before the entries exist.
            links_to_anchors.pop(glossary_file, None)
        return html

    @event_priority(100)  # early: other plugins' on_env see the linked pages
    def on_env(self, env: Environment, *, config: MkDocsConfig, files: Files) -> Environment:
        self.link_pages(config, files)
        return env

    def link_pages(self, config: MkDocsConfig, files: Files) -> None:
        """Link every page read, one after another, then the glossary page.

        MkDocs reads all pages before it renders any, and calls on_env in
        between. Linking them there, one after another, keeps the compiled
        glossary in the processor's caches: interleaved with Markdown, each
        page cost about 1.5 times as much.
        """
        build = self.build
        pending, self._pending = self._pending, []
        if build is None:
            return
        glossary_page = self._glossary_page
        convert = None
        if glossary_page is not None:
            # A hand-written glossary page: its headings keep their ids.
            build.reserve_ids(page_ids(glossary_page.content or ""))
            # The definitions first: every page's tooltips carry them.
            convert = _definition_converter(config, files, glossary_page)
            core_page = _page(glossary_page, self._docs_display)
            with _MkDocsMessages() as messages:  # MkDocs' own, about links in a definition
                found = build.render_definitions(core_page, convert, _renderer(config, files))
            if messages.count and self._loaded is not None:
                self._loaded.rendered.clear()  # render again next time, to show them again
            self._log(found)
            if self._definitions_file is not None:
                self._definitions_file.content_string = build.definitions_data(self._definitions_file.url) or "{}"
        for page in pending:
            page.content, found = build.check_page(_page(page, self._docs_display), page.content or "")
            _fix_toc(page)
            self._log(found)
        if glossary_page is not None and convert is not None:
            core_page = _page(glossary_page, self._docs_display)
            glossary_page.content, found = build.glossary_page(core_page, glossary_page.content or "", convert)
            _fix_toc(glossary_page)
            entries = index_page.toc_entries(build.glossary, build.anchors, build.options.language)
            _add_entries_to_toc(glossary_page, entries)
            present = getattr(glossary_page, "present_anchor_ids", None)
            if present is not None:  # added after Markdown: tell MkDocs' anchor validation
                present.update(build.ids_of(core_page))
            self._log(found)

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        build = self.build
        if build is None:
            return output
        if page is self._glossary_page:
            output = build.fill_backlinks(output, _page(page, self._docs_display))
        return output

    # -- end of build --------------------------------------------------

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        build = self.build
        if build is None:
            return
        found = build.finish(self._config_path, self._config_text)
        if self._language.translated:
            found = self._unused_in_every_language(build, found)
        self._log(found)
        if not self._language.last:
            self._earlier_languages.extend(d for d in build.diagnostics if d.code != UNUSED_TERM)
            return  # the other languages are built next (after this event): a failure would stop them
        # MkDocs' own `--strict` counts the warnings logged above; errors fail every build.
        errors = failing(self.findings(), build_threshold(strict=False))
        if errors:
            raise PluginError(build_failure(len(errors), strict=False))

    def findings(self) -> list[Diagnostic]:
        """Every finding of this run: each language's, on a translated site (what `glossary-lint` reports)."""
        if self.build is None:
            return list(self._earlier_languages)
        if not self._language.translated:
            return list(self.build.diagnostics)
        own = [d for d in self.build.diagnostics if d.code != UNUSED_TERM]
        unused = [d for held in self._unused.values() for d in held.values()] if self._language.last else []
        return [*self._earlier_languages, *own, *unused]

    def _unused_in_every_language(self, build: Build, found: list[Diagnostic]) -> list[Diagnostic]:
        """A glossary's term is unused when no language that links that glossary uses it: reported once, after
        the last language (a language without a glossary of its own shares the default's)."""
        held = {(d.line, d.column, d.message): d for d in found if d.code == UNUSED_TERM}
        earlier = self._unused.get(build.glossary_path)
        self._unused[build.glossary_path] = held if earlier is None else {k: d for k, d in earlier.items() if k in held}
        rest = [d for d in found if d.code != UNUSED_TERM]
        if not self._language.last:
            return rest
        return rest + [d for unused in self._unused.values() for d in unused.values()]

    def _say_fallback(self, language: BuildLanguage, default_glossary: str) -> None:
        """Once per language: its pages use the default language's glossary."""
        if language.language in self._fallbacks_said:
            return
        self._fallbacks_said.add(str(language.language))
        log.info(fallback_note(str(language.language), default_glossary))

    def _log(self, diagnostics: list[Diagnostic]) -> None:
        if not self._show_findings:
            return
        for diagnostic in diagnostics:
            _LEVELS[diagnostic.severity](str(diagnostic))


def _page(page: MkDocsPage, docs_display: str) -> Page:
    file = page.file
    return Page(
        src_uri=source_key(file),  # the page it translates, on a translated site; findings name the file
        url=file.url,
        path=f"{docs_display}/{file.src_uri}" if file.abs_src_path else file.src_uri,
        abs_path=file.abs_src_path,
        title=page.title or file.name,
        meta=page.meta,
        nav_path=tuple(getattr(section, "title", "") for section in reversed(list(page.ancestors))),
    )


def _fix_toc(page: MkDocsPage) -> None:
    """A `[[reference]]` in a heading shows as its label in the table of contents too."""

    def walk(items: list[AnchorLink]) -> None:
        for item in items:
            if "[[" in item.title:
                item.title = reference_text(item.title)
            walk(item.children)

    walk(list(page.toc or []))


def _add_entries_to_toc(page: MkDocsPage, entries: list[index_page.TocEntry]) -> None:
    """The glossary page's letters and entries in its table of contents.

    Themes show them there, and MkDocs' search makes a record only for a
    heading in the table of contents: one per entry, located at its anchor.
    """
    from mkdocs.structure.toc import AnchorLink

    def link(entry: index_page.TocEntry) -> AnchorLink:
        item = AnchorLink(htmllib.escape(entry.title), entry.id, entry.level)
        item.children = [link(child) for child in entry.children]
        return item

    items = [link(entry) for entry in entries]
    top = list(page.toc or [])
    if index_page.entries_go_under_the_title([item.level for item in top]):
        top[0].children.extend(items)  # under the page's H1, as its own h2s are
    elif page.toc is not None:
        page.toc.items.extend(items)


def _renderer(config: MkDocsConfig, files: Files) -> Hashable:
    """What the definitions' rendering depends on besides their text: the Markdown extensions and their
    options, and every file's URL (links to pages). A `mkdocs serve` rebuild with the same reuses them."""
    return (
        repr(config.markdown_extensions),
        repr(config.mdx_configs),
        tuple((file.src_uri, file.url) for file in files),
    )


class _MkDocsMessages(logging.Handler):
    """Counts what MkDocs logs (at INFO and above) while in use."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1

    def __enter__(self) -> _MkDocsMessages:
        logging.getLogger("mkdocs").addHandler(self)
        return self

    def __exit__(self, *exc: object) -> None:
        logging.getLogger("mkdocs").removeHandler(self)


def _definition_converter(config: MkDocsConfig, files: Files, page: MkDocsPage) -> Any:
    """Renders one definition the way MkDocs renders the glossary page itself, with the safe extensions only.

    MkDocs' own tree processors for the page are added (they make links to
    pages URLs; some extensions, such as Material's `preview`, need them).
    """

    def prepare(md: Any) -> None:
        try:
            from mkdocs.structure import pages as mkdocs_pages

            mkdocs_pages._RelativePathTreeprocessor(page.file, files, config)._register(md)
            mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, files, config)._register(md)
        except (ImportError, AttributeError, TypeError):  # a future MkDocs: links are fixed by the pipeline
            pass

    chosen = choose_extensions(config.markdown_extensions, config.mdx_configs or {})
    note = left_out_note(chosen.left_out)
    if note:
        log.debug(note)  # `mkdocs build -v` shows it; not a finding, so it fails nothing
    try:
        convert = definition_converter(chosen, prepare)
    except DefinitionRenderError as error:
        raise PluginError(str(error)) from None

    def checked(text: str) -> str:
        try:
            return convert(text)
        except DefinitionRenderError as error:
            raise PluginError(str(error)) from None

    return checked


def _read_text(path: str | None) -> str | None:
    try:
        return Path(path).read_text(encoding="utf-8-sig") if path else None
    except (OSError, UnicodeDecodeError):
        return None


def _located(error: OptionError, config_file_path: str | None) -> str:
    """A bad option at its place in mkdocs.yml, worded as every host words it."""
    display = Path(config_file_path).name if config_file_path else "mkdocs.yml"
    text = _read_text(config_file_path)
    return located_option_error(error, display, text, f"plugins: {_PLUGIN_NAME}", ("plugins", "glossary"))
