"""`glossary-lint --format sarif`: the findings as a SARIF 2.1.0 log, for code scanning tools.

One run, with a rule for every check (its code, a one-sentence description
and its default level) and a result per finding, located by a path relative
to the repository root (`%SRCROOT%`), a line and a column counted in Unicode
code points, as the linter counts them.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable

from .. import __version__
from ..core.findings import CODES, DEFAULT_SEVERITY, DESCRIPTIONS, Diagnostic, json_text

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"
LEVELS = {"error": "error", "warn": "warning", "info": "note"}
TOOL = "glossary-lint"


def information_uri() -> str | None:
    """The project's home page, from the installed package's metadata, if it names one."""
    try:
        metadata = importlib.metadata.metadata("glossary-plugin")
    except importlib.metadata.PackageNotFoundError:
        return None
    for entry in metadata.get_all("Project-URL") or []:
        label, _, url = str(entry).partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository") and url.strip():
            return url.strip()
    home = str((metadata.get_all("Home-page") or [""])[0]).strip()
    return home if home and home != "UNKNOWN" else None


def _rule(code: str) -> dict[str, object]:
    return {
        "id": code,
        "name": "".join(part.capitalize() for part in code.split("-")),
        "shortDescription": {"text": DESCRIPTIONS.get(code, code)},
        "defaultConfiguration": {"level": LEVELS.get(DEFAULT_SEVERITY[code], "none")},
    }


def _result(diagnostic: Diagnostic, uri: str) -> dict[str, object]:
    message = diagnostic.message
    result: dict[str, object] = {
        "ruleId": diagnostic.code,
        "ruleIndex": CODES.index(diagnostic.code) if diagnostic.code in CODES else -1,
        "level": LEVELS.get(diagnostic.severity, "note"),
        "message": {"text": message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": diagnostic.line, "startColumn": diagnostic.column},
                }
            }
        ],
    }
    if result["ruleIndex"] == -1:
        del result["ruleIndex"]
    return result


def log(diagnostics: list[Diagnostic], uri_of: Callable[[Diagnostic], str]) -> dict[str, object]:
    """The SARIF log of `diagnostics`; `uri_of` gives each one's path relative to the repository root."""
    driver: dict[str, object] = {"name": TOOL, "version": __version__}
    home = information_uri()
    if home:
        driver["informationUri"] = home
    driver["rules"] = [_rule(code) for code in CODES]
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [_result(diagnostic, uri_of(diagnostic)) for diagnostic in diagnostics],
    }
    return {"$schema": SCHEMA, "version": VERSION, "runs": [run]}


def render(diagnostics: list[Diagnostic], uri_of: Callable[[Diagnostic], str]) -> str:
    return json_text(log(diagnostics, uri_of))
