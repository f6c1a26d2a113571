"""`glossary-ls` driven over stdio by a real LSP client (pytest-lsp): diagnostics, hover, definition."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp_support import GLOSSARY, INDEX, glossary_lint, place, session, uri, write_site

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]  # a real server process per test


def _as_lint(diagnostics: list[types.Diagnostic], text: str) -> list[tuple[str, str, int, int, str]]:
    """The server's diagnostics as glossary-lint reports them: code, severity, 1-based line and column
    in code points (the client counts UTF-16 code units: converted back here)."""
    lines = text.splitlines()
    names = {1: "error", 2: "warn", 3: "info"}
    found = []
    for diagnostic in diagnostics:
        start = diagnostic.range.start
        units = lines[start.line].encode("utf-16-le")[: start.character * 2].decode("utf-16-le")
        found.append(
            (
                str(diagnostic.code),
                names[int(diagnostic.severity or 2)],
                start.line + 1,
                len(units) + 1,
                diagnostic.message,
            )
        )
    return sorted(found)


def _lint_on(findings: list[dict[str, object]], path: str) -> list[tuple[str, str, int, int, str]]:
    return sorted(
        (str(f["code"]), str(f["severity"]), int(f["line"]), int(f["column"]), str(f["message"]))  # type: ignore[call-overload]
        for f in findings
        if f["path"] == path
    )


@pytest.mark.parametrize("kind", ["mkdocs", "zensical", "zensical-yml"])
async def test_diagnostics_are_glossary_lints_findings(tmp_path: Path, kind: str):
    site = write_site(tmp_path / "site", kind)
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


async def test_unsaved_text_is_checked_on_every_change(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    index = site / "docs" / "index.md"
    async with session(site) as lsp:
        await lsp.open(index)
        edited = "# Home\n\nNew lines first.\n\n" + INDEX.replace("# Home\n", "")
        await lsp.change(index, edited)
        avoided = [d for d in lsp.diagnostics(index) if d.code == "avoided-spelling"]
        assert [d.range.start.line for d in avoided] == [place(edited, "finetuning")[0]]
        await lsp.change(index, edited.replace("finetuning", "fine-tuning"))
        assert not [d for d in lsp.diagnostics(index) if d.code == "avoided-spelling"]
    assert "finetuning" in index.read_text(encoding="utf-8")  # nothing was saved


@pytest.mark.parametrize(("encodings", "width"), [(None, 2), (["utf-32"], 1), (["utf-8"], 4)])
async def test_positions_are_counted_as_the_client_asks(tmp_path: Path, encodings: list[str] | None, width: int):
    site = write_site(tmp_path / "site", "mkdocs")
    index = site / "docs" / "index.md"
    text = "# Home\n\n🎉 Some finetuning.\n"
    index.write_text(text, encoding="utf-8")
    async with session(site, encodings=encodings) as lsp:
        await lsp.open(index)
        (avoided,) = [d for d in lsp.diagnostics(index) if d.code == "avoided-spelling"]
    # "🎉 " before the spelling: one code point of 2 UTF-16 units, 4 UTF-8 bytes, then a space.
    assert avoided.range.start == types.Position(line=2, character=width + 6)
    assert avoided.range.end.character - avoided.range.start.character == len("finetuning")


_HOVERS = [
    ("token counts", "token", "A piece of text a model reads."),
    ("tokens add", "token", "Aliases: word piece"),  # a plural
    ("word piece", "token", "A piece of text"),  # an alias of two words
    ("[[token|pieces]]", "token", "A piece of text"),  # a reference, on its label
    ("finetuning", "fine-tuning", "*finetuning* is a spelling to avoid"),
]


async def test_hover_names_the_term_of_any_spelling_the_build_would_link(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    index = site / "docs" / "index.md"
    async with session(site, encodings=["utf-32"]) as lsp:
        await lsp.open(index)
        for needle, name, extra in _HOVERS:
            line, character = place(INDEX, needle)
            hover = await lsp.hover(index, line, character + 2)
            assert hover is not None, needle
            assert isinstance(hover.contents, types.MarkupContent)
            assert hover.contents.kind == types.MarkupKind.Markdown
            assert hover.contents.value.startswith(f"**{name}**"), needle
            assert extra in hover.contents.value, needle
            assert hover.range is not None and hover.range.start.character <= character + 2
        assert await lsp.hover(index, 0, 0) is None  # "#": no term


async def test_hover_shows_definition_markdown_and_see_also(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    guide = site / "docs" / "guide.md"
    async with session(site) as lsp:
        await lsp.open(guide)
        hover = await lsp.hover(guide, 2, 3)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    value = hover.contents.value
    assert "Training a trained model further on *new* data." in value
    assert "Aliases: finetune" in value and "See also: token" in value


async def test_go_to_definition_opens_the_entry_in_the_glossary(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    guide = site / "docs" / "guide.md"
    async with session(site) as lsp:
        await lsp.open(guide)
        params = types.DefinitionParams(
            text_document=types.TextDocumentIdentifier(uri=uri(guide)), position=types.Position(line=2, character=20)
        )
        found = await lsp.client.text_document_definition_async(params)
    assert isinstance(found, types.Location)
    assert found.uri == uri(site / "glossary.yaml")
    line, character = place(GLOSSARY, "attention:")
    assert found.range.start == types.Position(line=line, character=character)
