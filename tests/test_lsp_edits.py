"""`glossary-ls`: completion, quick fixes, and the glossary checked as it is typed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from lsprotocol import types

from glossary_plugin.core.loader import parse_glossary
from tests.lsp_support import GLOSSARY, INDEX, Session, place, session, uri, write_site

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]  # a real server process per test


async def _complete(lsp: Session, path: Path, line: int, character: int) -> list[types.CompletionItem]:
    params = types.CompletionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)), position=types.Position(line, character)
    )
    found = await lsp.client.text_document_completion_async(params)
    assert isinstance(found, types.CompletionList)
    return found.items


async def test_completion_after_double_bracket_offers_names_and_aliases(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    guide = site / "docs" / "guide.md"
    async with session(site) as lsp:
        await lsp.open(guide)
        await lsp.change(guide, "# Guide\n\nSee [[to\n")
        items = await _complete(lsp, guide, 2, 8)
        outside = await _complete(lsp, guide, 2, 3)
    labels = {item.label: item for item in items}
    assert set(labels) == {"attention", "fine-tuning", "finetune", "token", "word piece", "zebra"}
    assert labels["word piece"].detail == "alias of token"
    assert labels["token"].insert_text == "token]]"
    documentation = labels["token"].documentation
    assert isinstance(documentation, types.MarkupContent) and documentation.value == "A piece of text a model reads."
    assert not outside


async def test_completion_in_the_glossary_offers_field_names(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    glossary = site / "glossary.yaml"
    text = GLOSSARY + "  new term:\n    de\n"
    async with session(site) as lsp:
        await lsp.open(glossary, text, language="yaml")
        fields = await _complete(lsp, glossary, text.count("\n") - 1, 6)
        top = await _complete(lsp, glossary, 0, 0)
    assert {"definition", "aliases", "avoid", "see", "case_sensitive", "link"} <= {item.label for item in fields}
    assert next(item for item in fields if item.label == "definition").insert_text == "definition: "
    assert {item.label for item in top} == {"terms", "not_inside"}


async def _actions(lsp: Session, path: Path, code: str) -> tuple[types.Diagnostic, list[types.CodeAction]]:
    (diagnostic, *_) = [d for d in lsp.diagnostics(path) if d.code == code]
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri(path)),
        range=diagnostic.range,
        context=types.CodeActionContext(diagnostics=[diagnostic]),
    )
    found = await lsp.client.text_document_code_action_async(params)
    actions = [action for action in found or [] if isinstance(action, types.CodeAction)]
    return diagnostic, actions


def _offset(text: str, position: types.Position) -> int:
    """A client position (UTF-16 code units) as an offset in `text`."""
    lines = text.splitlines(keepends=True)
    before = sum(len(line) for line in lines[: position.line])
    line = lines[position.line] if position.line < len(lines) else ""
    return before + len(line.encode("utf-16-le")[: position.character * 2].decode("utf-16-le"))


def _applied(text: str, edits: list[types.TextEdit]) -> str:
    """Edits applied to a text, the last first."""
    for edit in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = _offset(text, edit.range.start), _offset(text, edit.range.end)
        text = text[:start] + edit.new_text + text[end:]
    return text


async def test_quick_fixes_rewrite_an_avoided_spelling_and_a_misspelt_reference(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    index = site / "docs" / "index.md"
    async with session(site) as lsp:
        await lsp.open(index)
        _, (avoided,) = await _actions(lsp, index, "avoided-spelling")
        undefined = [d for d in lsp.diagnostics(index) if d.code == "undefined-term"]
        fixes = []
        for diagnostic in undefined:
            params = types.CodeActionParams(
                text_document=types.TextDocumentIdentifier(uri=uri(index)),
                range=diagnostic.range,
                context=types.CodeActionContext(diagnostics=[diagnostic]),
            )
            fixes += [a for a in await lsp.client.text_document_code_action_async(params) or []]
    assert avoided.title == "Write 'fine-tuning'"
    assert avoided.edit is not None and avoided.edit.changes is not None
    fixed = _applied(INDEX, avoided.edit.changes[uri(index)])
    assert "We did some fine-tuning on [[attenton]]" in fixed
    titles = sorted(action.title for action in fixes if isinstance(action, types.CodeAction))
    assert titles == ["Did you mean '#fine-tuning'?", "Did you mean 'attention'?"]
    edits = [
        e
        for a in fixes
        if isinstance(a, types.CodeAction) and a.edit and a.edit.changes
        for e in a.edit.changes[uri(index)]
    ]
    fixed = _applied(INDEX, edits)
    assert "[[attention]]" in fixed and "(glossary.md#fine-tuning)" in fixed


async def test_quick_fix_adds_a_missing_term_to_the_glossary_in_its_order(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    index = site / "docs" / "index.md"
    glossary = site / "glossary.yaml"
    async with session(site) as lsp:
        await lsp.open(index)
        diagnostic, (action,) = await _actions(lsp, index, "missing-term")
    assert "'SSM'" in diagnostic.message
    assert action.title == "Add 'SSM' to glossary.yaml"
    assert action.edit is not None and action.edit.changes is not None
    edited = _applied(GLOSSARY, action.edit.changes[uri(glossary)])
    loaded, errors = parse_glossary(edited)
    assert errors == []
    names = [term.name for term in loaded.terms]
    assert names == ["attention", "fine-tuning", "SSM", "token", "zebra"]  # alphabetical, as the glossary is
    assert loaded.get("SSM").definition == "State space model."
    assert yaml.safe_load(edited)["terms"]["SSM"]["case_sensitive"] is True


async def test_the_glossary_is_checked_as_it_is_typed_and_every_open_page_with_it(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    index = site / "docs" / "index.md"
    glossary = site / "glossary.yaml"
    async with session(site) as lsp:
        await lsp.open(index)
        await lsp.open(glossary, language="yaml")
        broken = GLOSSARY.replace("  token:\n", "  token:\n   bad: [\n")
        await lsp.change(glossary, broken, wait_for_site=True)
        errors = [d for d in lsp.diagnostics(glossary) if d.code == "glossary-invalid"]
        assert errors and errors[0].severity == types.DiagnosticSeverity.Error
        assert errors[0].range.start.line >= place(broken, "bad:")[0]
        assert lsp.diagnostics(index) == []  # a glossary that does not load checks no page, as the build
        # A field the schema does not know: at its line and column, with the field it may have meant.
        misspelt = GLOSSARY.replace("    definition: A piece of text", "    defintion: A piece of text")
        await lsp.change(glossary, misspelt, wait_for_site=True)
        (unknown,) = [d for d in lsp.diagnostics(glossary) if "defintion" in d.message]
        assert unknown.code == "glossary-invalid"
        assert unknown.range.start == types.Position(*place(misspelt, "defintion"))
        assert "defintion" in unknown.message and "definition" in unknown.message
        # A term added (unsaved): the page's reference to it is no longer undefined.
        added = GLOSSARY + "  attenton:\n    definition: A typo, defined.\n"
        await lsp.change(glossary, added, wait_for_site=True)
        assert not [d for d in lsp.diagnostics(glossary) if d.code == "glossary-invalid"]
        messages = [d.message for d in lsp.diagnostics(index) if d.code == "undefined-term"]
        assert messages and not any("attenton" in message for message in messages)


async def test_a_glossary_changed_on_disk_rechecks_the_open_pages(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    index = site / "docs" / "index.md"
    async with session(site) as lsp:
        await lsp.open(index)
        assert [d for d in lsp.diagnostics(index) if d.code == "avoided-spelling"]
        (site / "glossary.yaml").write_text(GLOSSARY.replace("    avoid: [finetuning]\n", ""), encoding="utf-8")
        await lsp.files_changed(site / "glossary.yaml")
        assert not [d for d in lsp.diagnostics(index) if d.code == "avoided-spelling"]
        # Saved through the editor: the same.
        (site / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
        await lsp.open(site / "glossary.yaml", language="yaml")
        await lsp.save(site / "glossary.yaml")
        assert [d for d in lsp.diagnostics(index) if d.code == "avoided-spelling"]
