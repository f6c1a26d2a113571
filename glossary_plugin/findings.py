"""What the checks report: codes, severities and diagnostics with source locations."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

Severity = Literal["error", "warn", "info", "ignore"]
SEVERITIES: tuple[Severity, ...] = ("error", "warn", "info", "ignore")

UNDEFINED_TERM = "undefined-term"
AVOIDED_SPELLING = "avoided-spelling"
UNUSED_TERM = "unused-term"
GLOSSARY_INVALID = "glossary-invalid"
REDUNDANT_ALIAS = "redundant-alias"
BROKEN_LINK = "broken-link"
INVALID_OPTION = "invalid-option"
MISSING_TERM = "missing-term"

DEFAULT_SEVERITY: dict[str, Severity] = {
    UNDEFINED_TERM: "warn",
    AVOIDED_SPELLING: "warn",
    UNUSED_TERM: "info",
    GLOSSARY_INVALID: "error",
    REDUNDANT_ALIAS: "warn",
    BROKEN_LINK: "warn",
    INVALID_OPTION: "warn",
    MISSING_TERM: "info",
}
CODES = tuple(DEFAULT_SEVERITY)
DESCRIPTIONS: dict[str, str] = {
    UNDEFINED_TERM: "An explicit reference or a link to a glossary anchor names no term of the glossary.",
    AVOIDED_SPELLING: "A spelling listed under a term's `avoid` is used in prose.",
    UNUSED_TERM: "A term of the glossary is used on no page.",
    GLOSSARY_INVALID: "glossary.yaml has an error: invalid YAML, an unknown key, a collision or a bad value.",
    REDUNDANT_ALIAS: "An alias repeats its term's name or another alias.",
    BROKEN_LINK: "A term's `link` names no page of the site, or an anchor the page lacks.",
    INVALID_OPTION: "An option of the glossary plugin or a page's front matter is not understood.",
    MISSING_TERM: "An acronym, a 'long form (SF)' pair or an abbr definition is used in prose but not in the glossary.",
}
"""What each check finds, in one sentence (SARIF rules, documentation)."""
_RANK = {"ignore": 0, "info": 1, "warn": 2, "error": 3}


def at_least(severity: str, threshold: str) -> bool:
    """True when `severity` is as serious as `threshold` or more."""
    return _RANK[severity] >= _RANK[threshold]


@dataclass(frozen=True)
class Finding:
    """A problem found in a page's HTML, not yet placed in the Markdown source.

    `needle` is the text to look for in the source and `occurrence` counts the
    earlier occurrences of it in the page's text, so that the source mapper
    can find the same one.
    """

    code: str
    message: str
    needle: str
    occurrence: int = 0
    suggestion: str | None = None
    case_sensitive: bool = True
    anchor: bool = False
    """The needle is a link target (``page.md#anchor``), not text."""


@dataclass(frozen=True)
class Diagnostic:
    """One finding at a place in a source file: what the plugin logs and the CLI prints."""

    code: str
    severity: str
    path: str
    line: int
    column: int
    message: str
    suggestion: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.code}: {self.message}"

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)
