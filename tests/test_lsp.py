"""`glossary-ls` driven over stdio by a real LSP client (pytest-lsp): diagnostics, hover, definition."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp_support import GLOSSARY, INDEX, glossary_lint, place, session, write_site

pytestmark = pytest.mark.asyncio


def _as_lint(diagnostics: list[types.Diagnostic], text: str) -> list[tuple[str, str, int, int, str]]:
    """The server's diagnostics as glossary-lint reports them: code, severity, 1-based line and column
    in code points (the client counts UTF-16 code units: converted back here)."""
    lines = text.splitlines()
    names = {1: "error", 2: "warn", 3: "info"}
    found = []
    for diagnostic in diagnostics:
        start = diagnostic.range.start
        units = lines[start.line].encode("utf-16-le")[: start.character * 2].decode("utf-16-le")
        found.append((str(diagnostic.code), names[int(diagnostic.severity or 2)], start.line + 1, len(units) + 1,
                      diagnostic.message))
    return sorted(found)


def _lint_on(findings: list[dict[str, object]], path: str) -> list[tuple[str, str, int, int, str]]:
    return sorted(
        (str(f["code"]), str(f["severity"]), int(f["line"]), int(f["column"]), str(f["message"]))  # type: ignore[call-overload]
        for f in findings
        if f["path"] == path
    )


async def test_diagnostics_are_glossary_lints_findings_on_an_mkdocs_site(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    index = site / "docs" / "index.md"
    async with session(site) as lsp:
        await lsp.open(index)
        await lsp.open(site / "glossary.yaml", language="yaml")
        served = _as_lint(lsp.diagnostics(index), INDEX)
        served_glossary = _as_lint(lsp.diagnostics(site / "glossary.yaml"), GLOSSARY)
    linted = glossary_lint(site)
    assert served == _lint_on(linted, "docs/index.md")
    assert {code for code, *_ in served} == {"avoided-spelling", "undefined-term", "missing-term"}
    assert served_glossary == _lint_on(linted, "glossary.yaml")
    assert [code for code, *_ in served_glossary] == ["unused-term"]
