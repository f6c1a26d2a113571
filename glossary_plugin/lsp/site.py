"""The site a workspace holds, as its own build sees it: config, pages, glossary file, Markdown.

Two kinds: an MkDocs (or ProperDocs) site, whose config is read with MkDocs' own
loader and whose pages are rendered as MkDocs renders them (the config's
`markdown_extensions` and `mdx_configs`, MkDocs' link rewriting), and a
Zensical site, whose `zensical.toml` or `mkdocs.yml` is read as Zensical reads
it and whose pages are rendered with its Markdown extensions (the glossary's
own left out: the server links the HTML itself, through the core).
"""

from __future__ import annotations

import importlib
import logging
import os
import posixpath
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import yaml

from ..core.definition_markdown import choose_extensions, definition_converter
from ..core.options import OptionError, Settings, parse_options
from ..core.project import display_path, find_config, markdown_pages
from ..core.sourcemap import body_start

EXTENSION_NAME = "glossary_plugin"
"""The glossary's Markdown extension, as a Zensical config names it."""
_PLUGIN_NAMES = ("glossary", "glossary_plugin")


class SiteError(Exception):
    """The site cannot be read (no config, a broken one): the message says where and what to do."""

    def __init__(self, message: str, path: Path | None = None, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.path = path
        self.line = line
        self.column = column


@dataclass
class Rendered:
    """A page's HTML as the build renders it, and its front matter."""

    html: str
    meta: Mapping[str, object] = field(default_factory=dict)


class Site:
    """What the server needs of a site, whatever builds it."""

    kind = ""
    config_file: Path
    root: Path
    docs_dir: Path
    settings: Settings

    @property
    def glossary_file(self) -> Path:
        return Path(os.path.normpath(self.root / self.settings.glossary_file))

    @property
    def glossary_display(self) -> str:
        return display_path(self.glossary_file, self.root)

    @property
    def docs_display(self) -> str:
        return display_path(self.docs_dir, self.root)

    def src_uri(self, path: Path) -> str | None:
        """A page's source path relative to the docs folder, or None when `path` is no page of the site."""
        absolute = Path(os.path.abspath(path))
        try:
            relative = absolute.relative_to(self.docs_dir).as_posix()
        except ValueError:
            return None
        return relative if relative.endswith(".md") else None

    def pages(self) -> list[str]:
        """Every page's source path, in the order a build checks them (by path)."""
        return sorted(markdown_pages(self.docs_dir))

    def url_of(self, src_uri: str) -> str | None:
        raise NotImplementedError

    def render(self, src_uri: str, text: str) -> Rendered:
        """The page's HTML as the build renders it, and its front matter."""
        body, meta = self.split(text)
        return Rendered(self.render_body(src_uri, body), meta)

    def split(self, text: str) -> tuple[str, Mapping[str, object]]:
        """A page's Markdown body and its front matter, as the build reads them."""
        raise NotImplementedError

    def render_body(self, src_uri: str, body: str) -> str:
        """Markdown (a page's body, or a part of it) rendered as the build renders the page."""
        raise NotImplementedError

    def definition_converter(self) -> Callable[[str], str]:
        raise NotImplementedError


# -- MkDocs ---------------------------------------------------------------------


class MkDocsSite(Site):
    """An MkDocs or ProperDocs site with the glossary plugin."""

    kind = "mkdocs"

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file
        self.root = config_file.parent
        _import_mkdocs()
        from mkdocs.config import load_config
        from mkdocs.structure.files import File, Files, get_files

        records = _Records()
        with _mkdocs_logs_to(records):
            try:
                self.config = load_config(str(config_file))
            except BaseException as error:  # ConfigurationError, a YAML error, a missing theme; SystemExit too
                reason = "; ".join(records.errors) or str(error) or type(error).__name__
                raise SiteError(f"{config_file.name}: {' '.join(reason.split())}", config_file) from None
        plugin = next(
            (p for p in self.config.plugins.values() if type(p).__name__ == "GlossaryPlugin"),
            None,
        )
        if plugin is None:
            raise SiteError(
                f"{config_file.name}: the glossary plugin is not enabled: add `- glossary_plugin` under `plugins:`",
                config_file,
            )
        self.settings = plugin.settings
        self.docs_dir = Path(os.path.abspath(self.config.docs_dir))
        self._files: Files = get_files(self.config)
        glossary_page = self.settings.options.glossary_page
        if self._files.get_file_from_path(glossary_page) is None:  # the plugin generates it
            self._files.append(File(glossary_page, None, str(self.config.site_dir), self.config.use_directory_urls))
        self._file_class = File

    def url_of(self, src_uri: str) -> str | None:
        file = self._files.get_file_from_path(src_uri)
        return None if file is None else str(file.url)

    def _file(self, src_uri: str) -> Any:
        file = self._files.get_file_from_path(src_uri)
        if file is None:  # a new page, not yet on disk when the site was read
            file = self._file_class(
                src_uri, str(self.docs_dir), str(self.config.site_dir), self.config.use_directory_urls
            )
        return file

    def split(self, text: str) -> tuple[str, Mapping[str, object]]:
        from mkdocs.utils.meta import get_data

        body, meta = get_data(text)
        return body, meta

    def render_body(self, src_uri: str, body: str) -> str:
        from mkdocs.structure.pages import Page as MkDocsPage

        page = MkDocsPage(None, self._file(src_uri), self.config)
        page.markdown = body
        # MkDocs' own warnings (a link to a missing page) are the build's business, not the glossary's.
        with _mkdocs_logs_to(logging.NullHandler()):
            page.render(self.config, self._files)
        return page.content or ""

    def definition_converter(self) -> Callable[[str], str]:
        config = self.config
        return definition_converter(choose_extensions(config.markdown_extensions, config.mdx_configs or {}))


@contextmanager
def _mkdocs_logs_to(handler: logging.Handler) -> Iterator[None]:
    """MkDocs' log records sent to `handler` only, for a while (the server's stderr is the editor's log)."""
    loggers = [logging.getLogger(name) for name in ("mkdocs", "properdocs")]
    saved = [(logger, logger.handlers[:], logger.propagate) for logger in loggers]
    for logger in loggers:
        logger.handlers, logger.propagate = [handler], False
    try:
        yield
    finally:
        for logger, handlers, propagate in saved:
            logger.handlers, logger.propagate = handlers, propagate


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.errors.append(" ".join(record.getMessage().split()))


def _import_mkdocs() -> None:
    """`mkdocs` importable where only ProperDocs is installed."""
    try:
        importlib.import_module("mkdocs")
    except ImportError:
        try:
            importlib.import_module("properdocs.replacement")
        except ImportError:
            raise SiteError("neither MkDocs nor ProperDocs is installed: `pip install mkdocs`") from None


# -- Zensical -------------------------------------------------------------------


class _Lenient(yaml.SafeLoader):
    """mkdocs.yml may hold tags (`!ENV`, `!!python/name:`) that only MkDocs builds: read as None."""


_Lenient.add_multi_constructor("", lambda loader, suffix, node: None)
_Lenient.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(config_file: Path) -> dict[str, Any]:
    """The settings Zensical reads: the `[project]` table of zensical.toml, or mkdocs.yml."""
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise SiteError(f"{config_file.name}: cannot read the config file ({error})", config_file) from None
    try:
        if config_file.suffix == ".toml":
            tomllib = importlib.import_module("tomllib")
            project = tomllib.loads(text).get("project", {})
            return project if isinstance(project, dict) else {}
        data = yaml.load(text, Loader=_Lenient)  # a SafeLoader subclass
    except ModuleNotFoundError:
        raise SiteError("reading zensical.toml needs Python 3.11 or newer (so does Zensical)", config_file) from None
    except Exception as error:  # tomllib.TOMLDecodeError, yaml.YAMLError
        line, column = _error_place(error)
        raise SiteError(f"{config_file.name}: {' '.join(str(error).split())}", config_file, line, column) from None
    return data if isinstance(data, dict) else {}


def _error_place(error: Exception) -> tuple[int, int]:
    mark = getattr(error, "problem_mark", None)
    if mark is not None:
        return mark.line + 1, mark.column + 1
    return int(getattr(error, "lineno", 1) or 1), int(getattr(error, "colno", 1) or 1)


def _entries(config: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """`markdown_extensions` as (name, options) pairs, from a YAML list or a TOML table."""
    entries = config.get("markdown_extensions")
    if isinstance(entries, dict):
        return [(str(name), options if isinstance(options, dict) else {}) for name, options in entries.items()]
    found: list[tuple[str, dict[str, Any]]] = []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            found.append((entry, {}))
        elif isinstance(entry, dict):
            found += [(str(name), options if isinstance(options, dict) else {}) for name, options in entry.items()]
    return found


def _plugin_names(config: Mapping[str, Any]) -> list[str]:
    plugins = config.get("plugins")
    if isinstance(plugins, dict):
        return [str(name) for name in plugins]
    names: list[str] = []
    for entry in plugins if isinstance(plugins, list) else []:
        names += [entry] if isinstance(entry, str) else [str(name) for name in entry] if isinstance(entry, dict) else []
    return names


def is_zensical(config_file: Path) -> bool:
    """zensical.toml, or an mkdocs.yml that enables the extension and no glossary plugin (as glossary-lint)."""
    if config_file.suffix == ".toml":
        return True
    try:
        config = read_config(config_file)
    except SiteError:  # MkDocs' loader says what is wrong
        return False
    enabled = any(name == EXTENSION_NAME for name, _ in _entries(config))
    return enabled and not any(name in _PLUGIN_NAMES for name in _plugin_names(config))


class ZensicalSite(Site):
    """A Zensical site with the glossary's Markdown extension."""

    kind = "zensical"

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file
        self.root = config_file.parent
        config = read_config(config_file)
        entries = _entries(config)
        options = next((options for name, options in entries if name == EXTENSION_NAME), None)
        if options is None:
            raise SiteError(
                f"{config_file.name}: the glossary extension is not enabled: add `{EXTENSION_NAME}` under "
                "`markdown_extensions`",
                config_file,
            )
        try:
            self.settings = parse_options(options)
        except OptionError as error:
            raise SiteError(
                f"{config_file.name}: markdown_extensions: {EXTENSION_NAME}: {error}", config_file
            ) from None
        self.docs_dir = Path(os.path.abspath(self.root / str(config.get("docs_dir") or "docs")))
        self._extensions = [name for name, _ in entries if name != EXTENSION_NAME]
        self._configs = {name: options for name, options in entries if name != EXTENSION_NAME and options}

    def url_of(self, src_uri: str) -> str | None:
        """Zensical reads every relative link as relative to the page's source: a page's URL is its source path."""
        if src_uri.startswith("../") or not src_uri.endswith(".md") or not (self.docs_dir / src_uri).is_file():
            return None
        return posixpath.normpath(src_uri)

    def split(self, text: str) -> tuple[str, Mapping[str, object]]:
        start = body_start(text)
        meta: Mapping[str, object] = {}
        if start:
            try:
                loaded = yaml.safe_load(text[:start].strip().strip("-"))
            except yaml.YAMLError:
                loaded = None
            meta = loaded if isinstance(loaded, dict) else {}
        return text[start:], meta

    def render_body(self, src_uri: str, body: str) -> str:
        md = markdown.Markdown(extensions=self._extensions, extension_configs=self._configs)
        return md.convert(body)

    def definition_converter(self) -> Callable[[str], str]:
        return definition_converter(choose_extensions(self._extensions, self._configs, without=(EXTENSION_NAME,)))


def open_site(folder: Path) -> Site:
    """The site whose config is in `folder` (found as `glossary-lint` finds it)."""
    config_file = find_config(folder)
    if config_file is None:
        from ..core.project import config_files_sentence

        raise SiteError(f"no {config_files_sentence()} in {folder}; open the site's folder")
    return ZensicalSite(config_file) if is_zensical(config_file) else MkDocsSite(config_file)
