"""Translated Zensical sites: the language of a build, and the file a page was written in.

zensical-i18n (which reads mkdocs-static-i18n's settings) copies each
language's pages into ``.zensical-i18n/docs/<locale>/`` under their
untranslated names and builds each language with Zensical, naming it in
``extra.i18n`` (``locale``, and ``prefix``, empty for the default language)
and in ``theme.language``. Findings name the file the writer edits
(``docs/page.fr.md`` or ``docs/fr/page.md``), which zensical-i18n's own
staging knows; without zensical-i18n the theme's language is the site's.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..core.translation import BuildLanguage


def build_language(config: Mapping[str, Any]) -> BuildLanguage:
    """The language of the pages Zensical is building."""
    extra = config.get("extra")
    i18n = extra.get("i18n") if isinstance(extra, Mapping) else None
    if isinstance(i18n, Mapping) and isinstance(i18n.get("locale"), str) and i18n["locale"]:
        # One Zensical build per language: each judges its own glossary file on its own.
        return BuildLanguage(str(i18n["locale"]), translated=True, default=not i18n.get("prefix"))
    theme = config.get("theme")
    language = theme.get("language") if isinstance(theme, Mapping) else None
    return BuildLanguage(str(language) if language else None)


def written_in(config_file: Path | None, language: BuildLanguage, staged: str) -> str | None:
    """The source a staged page was copied from, relative to the project's docs folder (``index.fa.md``);
    None when it cannot be told (no zensical-i18n, or a version whose staging reads otherwise)."""
    if config_file is None or not language.translated or not language.language:
        return None
    return _sources(config_file, language.language).get(staged)


@functools.lru_cache(maxsize=16)
def _sources(config_file: Path, locale: str) -> dict[str, str]:
    try:
        settings, staging = _zensical_i18n("settings"), _zensical_i18n("staging")
        found = settings.load_settings(config_file)
        pages = staging.page_sources(found, found.language(locale))
        return {str(page.src): str(page.source) for page in pages.values() if page.source}
    except Exception:
        return {}


def docs_folder(config_file: Path | None) -> str:
    """The project's docs folder as zensical-i18n reads it (``docs`` unless the config says otherwise)."""
    if config_file is None:
        return "docs"
    try:
        settings = _zensical_i18n("settings")
        return str(settings.load_settings(config_file).docs_dir.relative_to(config_file.parent).as_posix())
    except Exception:
        return "docs"


def _zensical_i18n(module: str) -> Any:
    """A module of zensical-i18n, which is there only when it runs the build (an optional companion)."""
    return importlib.import_module(f"zensical_i18n.{module}")
