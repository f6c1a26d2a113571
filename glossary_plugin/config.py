"""The plugin's options in mkdocs.yml."""

from __future__ import annotations

import posixpath
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from .candidates import MissingTermOptions, parse_missing_terms
from .findings import CODES, SEVERITIES
from .linker import LINK_MODES
from .loader import did_you_mean


class _Severities(c.DictOfItems[str]):
    """``code: level`` pairs; unknown codes are an error that names the known ones."""

    def __init__(self) -> None:
        super().__init__(c.Choice(SEVERITIES), default={})

    def run_validation(self, value: object) -> Any:
        result = super().run_validation(value)
        for code in result:
            if code not in CODES:
                suggestion = did_you_mean(code, CODES)
                hint = f" Did you mean '{suggestion}'?" if suggestion else ""
                raise ValidationError(f"Unknown check '{code}'.{hint} Known checks: {', '.join(CODES)}.")
        return result


class _LinkMode(c.Choice[str]):
    """`first`, `all` or `off`; YAML reads a bare `off` (and `no`, `false`) as false, which means `off` too."""

    def __init__(self) -> None:
        super().__init__(LINK_MODES, default="first")

    def run_validation(self, value: object) -> Any:
        if value is False:
            value = "off"
        return super().run_validation(value)


class _GlossaryPage(c.Type[str]):
    """A Markdown page inside docs_dir: anything else would publish raw text, or write outside the site."""

    def __init__(self) -> None:
        super().__init__(str, default="glossary.md")

    def run_validation(self, value: object) -> Any:
        path = super().run_validation(value)
        normal = posixpath.normpath(path.replace("\\", "/")) if path else ""
        if not path or path.startswith(("/", "\\")) or (len(path) > 1 and path[1] == ":"):
            raise ValidationError(
                f"'{path}' must be a path relative to docs_dir, such as 'glossary.md' or 'reference/glossary.md'."
            )
        if normal == ".." or normal.startswith("../"):
            raise ValidationError(f"'{path}' is outside docs_dir; give a path inside it, such as 'glossary.md'.")
        if not normal.endswith(".md"):
            raise ValidationError(f"'{path}' must be a Markdown page ending in '.md', such as 'glossary.md'.")
        return normal


class _MissingTerms(base.BaseConfigOption[MissingTermOptions]):
    """`missing_terms: {ignore: [API, OK], min_uses: 2}`: each key checked, a misspelt one named with the nearest."""

    def __init__(self) -> None:
        super().__init__()
        self.default = MissingTermOptions()

    def run_validation(self, value: object) -> MissingTermOptions:
        if value is None:
            return MissingTermOptions()
        if isinstance(value, MissingTermOptions):  # the default
            return value
        try:
            return parse_missing_terms(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None


class GlossaryConfig(base.Config):
    glossary_file = c.Type(str, default="glossary.yaml")
    """The glossary, relative to the folder of mkdocs.yml."""
    glossary_page = _GlossaryPage()
    """The page that lists every term, relative to docs_dir; generated when missing."""
    link = _LinkMode()
    """Which occurrences of a term become links: `first` on each page, `all`, or `off`."""
    exclude = c.ListOfItems(c.Type(str), default=[])
    """Glob patterns of pages (relative to docs_dir) where terms are not linked."""
    plurals = c.Type(bool, default=True)
    """Also match regular English plurals of terms and aliases."""
    severity = _Severities()
    """Level per check: error, warn, info or ignore (see README)."""
    missing_terms = _MissingTerms()
    """The `missing-term` check: words that are not terms, and uses before a candidate is reported."""


def option_warnings(warnings: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """MkDocs' warnings about the plugin's options, with a did-you-mean for a misspelt name."""
    names = [name for name, _ in GlossaryConfig._schema]
    improved = []
    for key, message in warnings:
        if message.startswith("Unrecognised configuration name"):
            suggestion = did_you_mean(key, names)
            hint = f" Did you mean '{suggestion}'?" if suggestion else ""
            message = f"Unknown option '{key}' of the glossary plugin.{hint} Known options: {', '.join(names)}."
        improved.append((key, message))
    return improved
