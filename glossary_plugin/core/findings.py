"""What the checks report: codes, severities and diagnostics with source locations."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
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


# What a terminal or a CI log acts on instead of showing: line breaks (a new line there can be a GitHub
# workflow command such as `::error`), escape sequences, and the bidi embeddings, overrides and isolates
# that show text in another order than it is (right-to-left marks are kept: such scripts need them).
_RAW_IN_JSON = r"\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
"""Those `json.dumps` writes as they are (it escapes C0 itself): a regex character range."""
_UNPRINTABLE = re.compile(rf"[\x00-\x1f{_RAW_IN_JSON}]")
_UNPRINTABLE_IN_JSON = re.compile(rf"[{_RAW_IN_JSON}]")
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` as one line that shows what it holds: each control, line-break or bidi character as an escape."""
    return _UNPRINTABLE.sub(_visible_escape, text)


def _visible_escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT_ESCAPES.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def unicode_escaped(quoted: str) -> str:
    """JSON or a YAML double-quoted string, whose writers escape C0 themselves, with the rest of what
    `printable` escapes as `\\uXXXX` (both read it back as the same character: lossless)."""
    return _UNPRINTABLE_IN_JSON.sub(lambda match: f"\\u{ord(match.group()):04x}", quoted)


def json_text(data: object) -> str:
    """`data` as indented JSON, with no character a terminal acts on."""
    return unicode_escaped(json.dumps(data, indent=2, ensure_ascii=False)) + "\n"


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
        return printable(f"{self.path}:{self.line}:{self.column}: {self.code}: {self.message}")

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    @property
    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.code)


def failing(diagnostics: list[Diagnostic], threshold: str) -> list[Diagnostic]:
    """The findings at `threshold` or worse: those that fail a build or a lint run."""
    return [diagnostic for diagnostic in diagnostics if at_least(diagnostic.severity, threshold)]


def build_threshold(strict: bool) -> str:
    """What fails a build: an error always, a warning too in strict mode (as MkDocs' `--strict`)."""
    return "warn" if strict else "error"


def build_failure(count: int, strict: bool) -> str:
    """The last line of a build that the glossary fails."""
    what = "finding(s) at warning level or worse (--strict)" if strict else "error(s)"
    return f"glossary: {count} {what} reported above; fix them and build again."


class Report:
    """The findings of one build, each at the level the config sets for its code (`ignore`: not kept)."""

    def __init__(self, severity: Mapping[str, str]) -> None:
        self.severity = severity
        self.diagnostics: list[Diagnostic] = []
        """Everything found so far, in the order found."""

    def level(self, code: str) -> str:
        return self.severity.get(code, DEFAULT_SEVERITY[code])

    def add(
        self, code: str, path: str, line: int, column: int, message: str, suggestion: str | None = None
    ) -> Diagnostic | None:
        """Keep a finding at its level; None when its check is ignored."""
        severity = self.level(code)
        if severity == "ignore":
            return None
        diagnostic = Diagnostic(code, severity, path, line, column, message, suggestion)
        self.diagnostics.append(diagnostic)
        return diagnostic
