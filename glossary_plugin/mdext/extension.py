"""The Python-Markdown front end, for Zensical: `markdown_extensions: [glossary_plugin]`.

Zensical renders each page with a new `markdown.Markdown` (so a new instance
of this extension), all pages in one process, and tells the page being
rendered through its context preprocessor. This module only adapts that to
the shared pipeline: it takes each page's final HTML in a postprocessor and
hands it to `pipeline.Build`, keeps the compiled glossary and the build's
state at module level (they must outlive a page), and prints the findings
the way Zensical prints its own. There is no Python hook after Zensical's
last page, so the end of the build (unused terms, the exit status) is run
when the process exits.
"""

from __future__ import annotations

import atexit
import functools
import html as htmllib
import json
import os
import posixpath
import sys
import threading
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

from ..core import index_page, lint_request, suggestions
from ..core.anchors import page_ids
from ..core.definition_markdown import DefinitionRenderError, choose_extensions, definition_converter
from ..core.findings import UNUSED_TERM, Diagnostic, build_failure, build_threshold, failing, printable
from ..core.labels import primary
from ..core.options import OptionError, Settings, located_option_error, parse_options
from ..core.pipeline import Build, GlossaryCache, Page, reference_text
from ..core.project import ZENSICAL_CONFIG_FILES, display_path, find_config, markdown_pages
from ..core.sourcemap import body_start
from ..core.translation import BuildLanguage, fallback_note, glossary_file
from . import assets, nesting, usage
from .definitions_file import publish_definitions
from .i18n import build_language, docs_folder, written_in

NAME = "glossary_plugin"
_LABELS = {"error": "Error", "warn": "Warning", "info": "Info"}
# -- the site, as Zensical describes it -----------------------------------------


@dataclass(frozen=True)
class SiteUrls:
    """The pages of a Zensical site: the Markdown files in its docs folder, named by their source paths.

    Zensical reads every relative link in a rendered page (raw HTML too) as
    relative to the page's source file: it turns ``../glossary.md#token``
    into the page's URL, for directory URLs or not, and checks that the page
    and the anchor exist. So links are written that way, not as URLs.
    """

    docs_dir: Path

    def url_of(self, src_uri: str) -> str | None:
        if src_uri.startswith("../") or not src_uri.endswith(".md") or not (self.docs_dir / src_uri).is_file():
            return None
        return src_uri


def _config_file(root: Path) -> Path | None:
    """The config file Zensical read (it does not say which; it looks for them in this order)."""
    for arguments in (sys.argv[1:],):
        for flag in ("-f", "--config-file"):
            if flag in arguments[:-1]:
                return (Path.cwd() / arguments[arguments.index(flag) + 1]).resolve()
    return find_config(root, ZENSICAL_CONFIG_FILES)


def _command() -> str | None:
    """'build' or 'serve' when running inside the `zensical` command, else None."""
    if "zensical" not in Path(sys.argv[0]).as_posix():
        return None
    words = [argument for argument in sys.argv[1:] if not argument.startswith("-")]
    return words[0] if words and words[0] in ("build", "serve") else None


def _strict(config: Mapping[str, Any]) -> bool:
    return bool(config.get("strict")) or any(argument in ("-s", "--strict") for argument in sys.argv[1:])


# -- one build ---------------------------------------------------------------


class _Site:
    """What one `zensical build` (or one glossary version under `serve`) has seen so far."""

    def __init__(self, build: Build, settings: Settings, root: Path, docs_dir: Path, config_file: Path | None) -> None:
        self.build = build
        self.settings = settings
        self.root = root
        self.docs_dir = docs_dir
        self.config_file = config_file
        self.docs_display = display_path(docs_dir, root)
        self.rendered: set[str] = set()
        self.language = BuildLanguage(build.options.language)
        """The language of this build's pages (zensical-i18n builds each language on its own)."""


class _State:
    """Module-level: Zensical makes a new extension for every page."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.cache = GlossaryCache()
        self.site: _Site | None = None
        self.site_key: tuple[object, ...] | None = None
        self.said: set[str] = set()
        """Messages that are shown once per process (a missing glossary page, a bad option)."""
        self.failed = False
        self.exit_registered = False
        self.config: Mapping[str, Any] = {}
        """Zensical's config, as last seen (for the end of the build)."""
        self.reported: list[Diagnostic] = []
        """Every finding reported in this process, in order (what `glossary-lint` collects)."""
        self.notes: list[tuple[str, str]] = []
        """The other messages (severity, text): a bad option, a missing glossary page."""


_STATE = _State()


def _say(severity: str, message: str) -> None:
    """Each line of `message` with the label, and printable: no line of ours can start a CI command."""
    label = f"{_LABELS.get(severity, 'Warning')}: glossary: "
    lines = [label + printable(line) for line in message.split("\n")]
    print("\n".join(lines), file=sys.stderr, flush=True)


def _collecting() -> bool:
    """True under `glossary-lint`: findings go to its report file, not to the terminal."""
    return lint_request.current() is not None


def _say_once(severity: str, message: str) -> None:
    if message not in _STATE.said:
        _STATE.said.add(message)
        if severity == "error":
            _STATE.failed = True
        _STATE.notes.append((severity, message))
        if not _collecting():
            _say(severity, message)


def _report(diagnostics: list[Diagnostic]) -> None:
    _STATE.reported.extend(diagnostics)
    if _collecting():
        return
    for diagnostic in diagnostics:
        _say(diagnostic.severity, str(diagnostic))


def _site_for(settings: Settings, config: Mapping[str, Any]) -> _Site | None:
    """The build state for this site and glossary version: made again when the glossary file changes."""
    root, docs_dir, default_glossary, default_display = _paths(
        str(config.get("root_dir") or "."), str(config.get("docs_dir") or "docs"), settings.glossary_file
    )
    config_file = _config_file(root)
    config_name = config_file.name if config_file is not None else "the config file"
    language = build_language(config)
    glossary_path = glossary_file(default_glossary, language)
    display = display_path(glossary_path, root)
    if language.translated and not language.default and glossary_path == default_glossary:
        _say_once("info", fallback_note(str(language.language), default_display))
    # The plural rule is English's: other languages match the forms their glossary lists.
    plurals = settings.options.plurals and primary(language.language) in ("", "en")
    loaded = _STATE.cache.load(glossary_path, display, plurals, config_name=config_name)
    key = (root, docs_dir, settings, loaded)
    if _STATE.site is not None and key == _STATE.site_key:
        return _STATE.site
    options = replace(settings.options, language=language.language)
    request = lint_request.current()
    if request is not None and not request.whole_site:  # from the start: the core skips what only they need
        options = replace(options, whole_site=False)
    build = Build(loaded, options, SiteUrls(docs_dir), display)
    site = _Site(build, settings, root, docs_dir, config_file)
    site.language = language
    _STATE.site, _STATE.site_key = site, key
    _report(build.glossary_errors)
    if build.fatal:
        _STATE.failed = True
    glossary_page = docs_dir / settings.options.glossary_page
    if glossary_page.is_file():
        convert = _converter(config)
        _reserve_ids(build, glossary_page, convert)
        # Before the first page, as the plugin does: the definitions' findings come first, and once.
        src_uri = settings.options.glossary_page
        page = Page(src_uri, src_uri, f"{site.docs_display}/{src_uri}", str(glossary_page))
        _report(build.render_definitions(page, convert))
    else:
        # Every term link would lead nowhere: the build fails (after the pages, so every finding shows).
        # `glossary-lint` says it and goes on: its findings are still worth having.
        severity = "warn" if _collecting() else "error"
        _say_once(severity, index_page.missing_page_message(f"{site.docs_display}/{settings.options.glossary_page}"))
    return site


@functools.lru_cache(maxsize=8)
def _paths(root_dir: str, docs_dir: str, glossary_file: str) -> tuple[Path, Path, Path, str]:
    """The site's folders and glossary file, resolved once (resolving them for every page cost 0.3 ms)."""
    root = Path(root_dir).resolve()
    glossary_path = (root / glossary_file).resolve()
    return root, (root / docs_dir).resolve(), glossary_path, display_path(glossary_path, root)


def _reserve_ids(build: Build, glossary_page: Path, convert: Callable[[str], str]) -> None:
    """Keep the entries' anchors off the glossary page's own heading ids.

    Every link carries an anchor, and the glossary page may come after other
    pages (Zensical renders them in path order): so its source is rendered
    once here, before the first page is linked.
    """
    try:
        source = glossary_page.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return  # Zensical reports a page it cannot read
    build.reserve_ids(page_ids(convert(source[body_start(source) :])))


def _option_error(error: OptionError, config: Mapping[str, Any]) -> str:
    """A bad option, placed in the config file where it is written, worded as every host words it."""
    root = Path(str(config.get("root_dir") or "."))
    config_file = _config_file(root)
    if config_file is None:
        return located_option_error(error, "the config file", None, f"markdown_extensions: {NAME}", ())
    try:
        text: str | None = config_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = None
    display = display_path(config_file, root)
    return located_option_error(error, display, text, f"markdown_extensions: {NAME}", ("markdown_extensions", NAME))


# -- the end of the build ------------------------------------------------------


def _finish() -> None:
    """At exit of `zensical build`: the checks that need every page, then the exit status."""
    with _STATE.lock:
        site = _STATE.site
        if site is not None and not site.build.fatal:  # a glossary that does not compile checked no page
            _report(_whole_site_checks(site))
        request = lint_request.current()
        if request is not None and request.report_file is not None:
            _write_report(request.report_file, site)
            return  # glossary-lint decides the exit status
        written = _fill_used_on(site) if site is not None and not site.build.fatal else None
        if site is not None and site.settings.assets:
            _publish_assets(site, written)
        diagnostics = site.build.diagnostics if site is not None else []
        strict = _strict(_STATE.config)
        failed = failing(diagnostics, build_threshold(strict))
        if not failed and not _STATE.failed:
            return
        print(f"Error: {build_failure(len(failed) or 1, strict)}", file=sys.stderr, flush=True)
        if site is not None:
            _forget_rendered_pages(site.root)
    sys.stdout.flush()
    sys.stderr.flush()
    # The only way to set the exit status without a traceback: Zensical has written the site by now.
    os._exit(1)


def _fill_used_on(site: _Site) -> tuple[Path, str] | None:
    """The glossary page's "Used on" lists, from every page written in the site folder; and the glossary
    page dropped from Zensical's cache, so that the next build renders it and so runs this extension
    (and its end) even when every other page comes from the cache."""
    config = _STATE.config
    site_dir = _site_dir(site)
    glossary_src = site.settings.options.glossary_page
    directory_urls = config.get("use_directory_urls", True) is not False
    written = None
    try:
        labels = site.build.labels
        written = usage.fill_used_on(site_dir, glossary_src, site.build.anchors, directory_urls, labels.used_on)
    except (OSError, UnicodeError) as error:
        _say("warn", f'could not write the "Used on" lists into {site_dir}: {error}; check the folder can be written')
    usage.forget_cached_page(site.root, glossary_src)
    return written


def _publish_assets(site: _Site, glossary_page: tuple[Path, str] | None) -> None:
    """The tooltip CSS and JavaScript the pages load, and the tap popover's definitions file (from the
    glossary page as written), after Zensical has cleaned the site folder."""
    site_dir = _site_dir(site)
    build = site.build
    try:
        assets.publish(site_dir)
        if glossary_page is not None:
            file, url = glossary_page
            open_label = build.labels.open_in_glossary
            publish_definitions(site_dir, file, url, build.anchors, open_label, build.options.language)
    except (OSError, UnicodeError) as error:
        _say("warn", f"could not write the tooltips' files into {site_dir}: {error}; check the folder can be written")


def _site_dir(site: _Site) -> Path:
    return (site.root / str(_STATE.config.get("site_dir") or "site")).resolve()


def _write_report(path: Path, site: _Site | None) -> None:
    """What `glossary-lint` reads back: every finding and message of this build, as printed otherwise."""
    rendered = sorted(site.rendered) if site is not None else []
    build = site.build if site is not None and not site.build.fatal else None
    report = {
        "diagnostics": [diagnostic.as_dict() for diagnostic in _STATE.reported],
        "notes": [{"severity": severity, "message": message} for severity, message in _STATE.notes],
        "rendered": rendered,
        # For `glossary-lint --suggest`; None when no glossary was compiled (then it prints the findings).
        "candidates": suggestions.records(build.missing_terms.reported()) if build is not None else None,
    }
    path.write_text(json.dumps(report, ensure_ascii=False), encoding="utf-8")


def _forget_rendered_pages(root: Path) -> None:
    """Drop the pages Zensical cached in this failed build, so the next build checks them again.

    A cached page is not rendered, so its findings would not be reported and
    the next build would pass. Only Zensical's page entries (files named by a
    number in its `.cache`, which holds its own .gitignore) are removed.
    """
    cache = root / ".cache"
    if not (cache / ".gitignore").is_file():
        return
    for entry in cache.iterdir():
        if entry.name.isdigit() and entry.is_file():
            entry.unlink(missing_ok=True)


def _whole_site_checks(site: _Site) -> list[Diagnostic]:
    pages = markdown_pages(site.docs_dir)
    missing = pages - site.rendered
    build = site.build
    if missing:
        # Pages that came from Zensical's cache were not seen: checks over every page would be wrong.
        _say_once(
            "info",
            f"{len(missing)} of {len(pages)} pages came from Zensical's cache and were not checked; "
            "run `zensical build --clean` to check every page",
        )
    config_text = None
    config_display = "mkdocs.yml"
    if site.config_file is not None:
        config_display = display_path(site.config_file, site.root)
        try:
            config_text = site.config_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            config_text = None
    found = build.finish(config_display, config_text, every_page_seen=not missing)
    language = site.language
    if language.translated and not language.default and build.glossary_path == _default_glossary_display(site):
        # A language that links the default glossary sees only its own pages: the default language's
        # build judges which of that glossary's terms are unused.
        found = [diagnostic for diagnostic in found if diagnostic.code != UNUSED_TERM]
    return found


def _default_glossary_display(site: _Site) -> str:
    return display_path((site.root / site.settings.glossary_file).resolve(), site.root)


# -- the Markdown extension ----------------------------------------------------


def _context(md: markdown.Markdown) -> Any | None:
    """Zensical's rendering context (the page and the config), or None outside Zensical."""
    for processor in md.preprocessors:
        if type(processor).__name__ == "ContextPreprocessor" and hasattr(processor, "page"):
            return processor
    return None


class _Arm(Treeprocessor):
    """The last treeprocessor: from here on, the postprocessors see the whole page.

    Python-Markdown's `toc` runs every postprocessor on each heading's text
    while it builds the table of contents; only the final run is the page.
    """

    def __init__(self, md: markdown.Markdown, linker: _Link) -> None:
        super().__init__(md)
        self.linker = linker

    def run(self, root: etree.Element) -> None:
        self.linker.armed = True


class _Link(Postprocessor):
    """Links the page's final HTML (raw HTML restored) through the pipeline."""

    def __init__(self, md: markdown.Markdown, settings: Settings | OptionError) -> None:
        super().__init__(md)
        self.settings = settings
        self.armed = False
        self.nested = False
        """Set by `nesting.track`: this conversion runs inside the page's (a docstring's, say)."""

    def run(self, text: str) -> str:
        if not self.armed:
            return text
        self.armed = False
        if self.nested:  # the page's own conversion links it, with the rest of the page, once
            return text
        context = _context(self.md)
        if context is None:
            _say_once("warn", f"the Markdown extension '{NAME}' needs Zensical; under MkDocs use `plugins: [glossary]`")
            return text
        with _STATE.lock:
            try:
                return self._link(text, context)
            except DefinitionRenderError as error:  # named and located by the core; fails the build at exit
                _say_once("error", str(error))
                return text

    def _link(self, text: str, context: Any) -> str:
        config: Mapping[str, Any] = context.config
        _STATE.config = config
        _register_exit()
        if isinstance(self.settings, OptionError):
            _say_once("error", _option_error(self.settings, config))
            return text
        site = _site_for(self.settings, config)
        if site is None or site.build.fatal:
            return text
        page = _page(site, context.page)
        site.rendered.add(page.src_uri)
        build = site.build
        if build.is_glossary_page(page):
            # Its "Used on" lists are filled in the site folder when the build ends (see `usage`).
            html, found = build.glossary_page(page, text, _converter(config))
            _add_entries_to_toc(self.md, index_page.toc_entries(build.glossary, build.anchors, build.options.language))
        else:
            html, found = build.check_page(page, text)
        html += usage.page_marker(page, build.terms_on_page.get(page.url, []), build.first_use)
        _report(found)
        _fix_toc(getattr(self.md, "toc_tokens", []))
        # No `definitions_template`: Zensical's search indexes all of the content, a <template> too, so
        # every page would be found by its terms' definitions. The tooltips show the plain-text title.
        if not site.settings.assets:
            return html
        glossary_page = build.is_glossary_page(page)
        if _STATE.exit_registered:  # `zensical build`: the copies are published when it ends
            return html + assets.page_links(page.src_uri, glossary_page)
        return html + assets.page_assets(glossary_page)


def _add_entries_to_toc(md: markdown.Markdown, entries: list[index_page.TocEntry]) -> None:
    """The glossary page's letters and entries in the table of contents Zensical shows (it reads
    `md.toc_tokens` after the conversion; the entries were added after Markdown's `toc` ran): under the
    page's H1, as its own headings are."""
    tokens = getattr(md, "toc_tokens", None)
    if not isinstance(tokens, list):
        return

    def token(entry: index_page.TocEntry) -> dict[str, Any]:
        label = htmllib.escape(entry.title)  # as `toc` writes them: HTML, the text escaped
        children = [token(child) for child in entry.children]
        return {
            "level": entry.level,
            "id": entry.id,
            "name": label,
            "html": label,
            "data-toc-label": "",
            "children": children,
        }

    items = [token(entry) for entry in entries]
    levels = [token.get("level", 0) for token in tokens]
    if index_page.entries_go_under_the_title(levels) and isinstance(tokens[0].get("children"), list):
        tokens[0]["children"].extend(items)
    else:
        tokens.extend(items)


def _fix_toc(items: list[dict[str, Any]]) -> None:
    """A `[[reference]]` in a heading shows as its label in the table of contents too (Zensical reads
    `md.toc_tokens` after the conversion)."""
    for item in items:
        for key in ("name", "html"):
            if isinstance(item.get(key), str) and "[[" in item[key]:
                item[key] = reference_text(item[key])
        _fix_toc(item.get("children", []))


def _page(site: _Site, page: Any) -> Page:
    src_uri = posixpath.normpath(str(page.path)).replace(os.sep, "/")
    meta = page.meta if isinstance(page.meta, dict) else {}
    # A translated page is built from a copy: findings name the file the writer edits.
    source = written_in(site.config_file, site.language, src_uri)
    path = f"{docs_folder(site.config_file)}/{source}" if source else f"{site.docs_display}/{src_uri}"
    abs_path = site.root / path if source else site.docs_dir / src_uri
    return Page(
        src_uri=src_uri,
        url=src_uri,  # see SiteUrls
        path=path,
        abs_path=str(abs_path),
        title=str(page.title or ""),
        meta=meta,
    )


def _converter(config: Mapping[str, Any]) -> Callable[[str], str]:
    """Markdown for definitions: the site's safe extensions without this one, raw HTML shown as text."""
    extensions = [extension for extension in config.get("markdown_extensions", []) if extension != NAME]
    configs = dict(config.get("mdx_configs", {}))
    return definition_converter(choose_extensions(extensions, configs, without=(__name__, NAME)))


def _register_exit() -> None:
    if not _STATE.exit_registered and _command() == "build":
        _STATE.exit_registered = True
        atexit.register(_finish)


class GlossaryExtension(Extension):
    """Links and tooltips for glossary terms, from one glossary.yaml (see the README)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__()
        self.settings: Settings | OptionError = _settings(kwargs)

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        linker = _Link(md, self.settings)
        nesting.track(md, linker)
        # After every treeprocessor (toc's inner postprocessor runs included), and after raw HTML is restored.
        md.treeprocessors.register(_Arm(md, linker), "glossary_plugin_arm", -1000)
        md.postprocessors.register(linker, "glossary_plugin", -100)


_SETTINGS: dict[str, Settings | OptionError] = {}


def _settings(options: Mapping[str, Any]) -> Settings | OptionError:
    """The options checked once per process, not for each of the Markdown instances (one a page, and one
    more for a page's docstrings); an error is reported on the first page, placed in the config file."""
    key = repr(sorted(options.items()))  # TOML or YAML values: their repr says all of them
    found = _SETTINGS.get(key)
    if found is None:
        try:
            found = parse_options(dict(options))
        except OptionError as error:
            found = error
        _SETTINGS[key] = found
    return found


def makeExtension(**kwargs: Any) -> GlossaryExtension:
    return GlossaryExtension(**kwargs)
