"""The plugin's options in mkdocs.yml."""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

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


class GlossaryConfig(base.Config):
    glossary_file = c.Type(str, default="glossary.yaml")
    """The glossary, relative to the folder of mkdocs.yml."""
    glossary_page = c.Type(str, default="glossary.md")
    """The page that lists every term, relative to docs_dir; generated when missing."""
    link = c.Choice(LINK_MODES, default="first")
    """Which occurrences of a term become links: `first` on each page, `all`, or `off`."""
    exclude = c.ListOfItems(c.Type(str), default=[])
    """Glob patterns of pages (relative to docs_dir) where terms are not linked."""
    plurals = c.Type(bool, default=True)
    """Also match regular English plurals of terms and aliases."""
    severity = _Severities()
    """Level per check: error, warn, info or ignore (see README)."""
