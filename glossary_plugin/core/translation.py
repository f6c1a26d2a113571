"""Translated sites, whatever the host: the language of a build, and that language's glossary file.

A translated site builds once per language. The default language's pages
use `glossary.yaml` (the `glossary_file` option); another language's use
`glossary.<lang>.yaml` beside it when it exists, else the default's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildLanguage:
    """The language of the pages of one build."""

    language: str | None
    """As the i18n plugin or the theme names it (``fr``, ``pt_BR``); None when nothing names one."""
    translated: bool = False
    """True when the site is built once per language (mkdocs-static-i18n, zensical-i18n)."""
    default: bool = True
    """The default language: published at the site's root."""
    last: bool = True
    """The last language the run builds (the default is built first, then the others)."""

    @property
    def folder(self) -> str:
        """Where this language's files are published: '' or ``fr/``."""
        return "" if self.default or not self.language else f"{self.language}/"


def glossary_file(default: Path, language: BuildLanguage) -> Path:
    """``glossary.fr.yaml`` beside the default glossary for a French build, when it exists; else the default."""
    if not language.translated or language.default or not language.language:
        return default
    own = own_glossary_file(default, language.language)
    return own if own.is_file() else default


def own_glossary_file(default: Path, language: str) -> Path:
    """Where a language's own glossary goes: ``glossary.fr.yaml`` beside ``glossary.yaml``."""
    return default.with_name(f"{default.stem}.{language}{default.suffix}")


def fallback_note(language: str, default_display: str) -> str:
    """What a build says once when a language has no glossary of its own."""
    own = own_glossary_file(Path(default_display), language).name
    return f"no {own}: the '{language}' pages link the terms of {default_display}; add {own} to give them their own"
