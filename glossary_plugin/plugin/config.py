"""The plugin's options in mkdocs.yml, as MkDocs wants them declared: each one the core's (`core.options`).

MkDocs checks each option of a plugin's config class; here every option is
taken as written and the core's `parse_options` checks them all (in
`GlossaryPlugin.load_config`), so MkDocs, ProperDocs and Zensical give the
same verdict in the same words.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import base

from ..core.options import OPTIONS, Option


class _Declared(base.BaseConfigOption[Any]):
    """One of the core's options, passed through as written: the core checks it."""

    def __init__(self, option: Option) -> None:
        super().__init__()
        self.default = option.default

    def run_validation(self, value: object) -> Any:
        return value


_DECLARED = {option.name: option for option in OPTIONS}


class GlossaryConfig(base.Config):
    """Every option of `core.options.OPTIONS` (a test checks that none is missing)."""

    glossary_file = _Declared(_DECLARED["glossary_file"])
    glossary_page = _Declared(_DECLARED["glossary_page"])
    link = _Declared(_DECLARED["link"])
    exclude = _Declared(_DECLARED["exclude"])
    plurals = _Declared(_DECLARED["plurals"])
    severity = _Declared(_DECLARED["severity"])
    missing_terms = _Declared(_DECLARED["missing_terms"])
    skip = _Declared(_DECLARED["skip"])
    assets = _Declared(_DECLARED["assets"])
    labels = _Declared(_DECLARED["labels"])
