"""The plugin's options in mkdocs.yml."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..core import options
from ..core.candidates import MissingTermOptions, parse_missing_terms
from ..core.htmlscan import skip_selectors
from ..core.loader import did_you_mean


class _Severities(c.OptionallyRequired[dict[str, str]]):
    """``code: level`` pairs (the rule is `options.severities`)."""

    def __init__(self) -> None:
        super().__init__(default={})

    def run_validation(self, value: object) -> Any:
        return _checked(options.severities, value)


class _LinkMode(c.OptionallyRequired[str]):
    """`first`, `all` or `off` (the rule is `options.link_mode`)."""

    def __init__(self) -> None:
        super().__init__(default="first")

    def run_validation(self, value: object) -> Any:
        return _checked(options.link_mode, value)


class _GlossaryPage(c.OptionallyRequired[str]):
    """A Markdown page inside docs_dir (the rule is `options.glossary_page_path`)."""

    def __init__(self) -> None:
        super().__init__(default="glossary.md")

    def run_validation(self, value: object) -> Any:
        return _checked(options.glossary_page_path, value)


class _GlossaryFile(c.OptionallyRequired[str]):
    """A file name that can be opened (the rule is `options.file_name`)."""

    def __init__(self) -> None:
        super().__init__(default="glossary.yaml")

    def run_validation(self, value: object) -> Any:
        return _checked(options.file_name, value)


def _checked(rule: Any, value: object) -> Any:
    try:
        return rule(value)
    except ValueError as error:
        raise ValidationError(str(error)) from None


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


class _Skip(c.OptionallyRequired[tuple[str, ...]]):
    """`skip: [figcaption, .tabbed-labels, span.keys]` (the rule is `htmlscan.skip_selectors`)."""

    def __init__(self) -> None:
        super().__init__(default=())

    def run_validation(self, value: object) -> Any:
        return _checked(skip_selectors, value)


class GlossaryConfig(base.Config):
    glossary_file = _GlossaryFile()
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
    skip = _Skip()
    """Elements in which no term is linked, besides the built-in ones: `tag`, `.class` or `tag.class`."""


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
