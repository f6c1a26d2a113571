"""Translated test sites: pages written in either mkdocs-static-i18n layout (zensical-i18n reads the same)."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import yaml

Layout = Literal["suffix", "folder"]

LANGUAGES = [
    {"locale": "en", "default": True, "name": "English"},
    {"locale": "fa", "name": "فارسی"},
    {"locale": "de", "name": "Deutsch"},
]
"""English (the default), Persian (right to left) and German (tests give it no glossary of its own)."""


def write_pages(docs: Path, layout: Layout, pages: Mapping[str, Mapping[str, str]], default: str = "en") -> None:
    """`pages[language][name]` as `name.md` (the default language), `name.<language>.md` (suffix layout) or
    `<language>/name.md` (folder layout)."""
    for language, named in pages.items():
        for name, text in named.items():
            if layout == "suffix":
                path = docs / (f"{name}.md" if language == default else f"{name}.{language}.md")
            else:
                path = docs / language / f"{name}.md"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")


def write_yaml(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def i18n_plugin(layout: Layout, languages: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The `plugins:` entry of mkdocs-static-i18n (and of zensical-i18n, which reads it)."""
    return {"i18n": {"docs_structure": layout, "languages": languages or LANGUAGES}}
