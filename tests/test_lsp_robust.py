"""`glossary-ls` never goes down: a broken config or glossary, a page that does not render, a huge page.

Each is reported where it is, the server keeps answering, and it recovers once the problem is fixed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types

from tests.lsp_support import GLOSSARY, Session, session, write_site

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]  # a real server process per test

_BOOM = '''\
"""A Markdown extension that fails on a page that says BOOM (as a buggy extension would)."""
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor


class _Boom(Preprocessor):
    def run(self, lines):
        if any("BOOM" in line for line in lines):
            raise RuntimeError("the boom extension failed")
        return lines


class BoomExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(_Boom(md), "boom", 100)


def makeExtension(**kwargs):
    return BoomExtension(**kwargs)
'''


async def _still_answers(lsp: Session, page: Path) -> None:
    """A hover on the page's term is answered (the server is up and serving)."""
    hover = await lsp.hover(page, 2, 2)
    assert hover is not None and isinstance(hover.contents, types.MarkupContent)
    assert hover.contents.value.startswith("**fine-tuning**")


async def test_a_broken_config_is_reported_and_the_server_recovers_when_it_is_fixed(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    config = site / "mkdocs.yml"
    good = config.read_text(encoding="utf-8")
    config.write_text("site_name: Test\nplugins:\n  - glossary_plugin:\n      link: sometimes\n", encoding="utf-8")
    guide = site / "docs" / "guide.md"
    async with session(site) as lsp:
        await lsp.open(guide)
        (problem,) = lsp.diagnostics(guide)
        assert problem.severity == types.DiagnosticSeverity.Error
        assert "mkdocs.yml" in problem.message and "link" in problem.message
        (at_config,) = lsp.diagnostics(config)
        assert "link" in at_config.message
        assert await lsp.hover(guide, 2, 2) is None  # no site, no terms: answered all the same
        config.write_text(good, encoding="utf-8")
        await lsp.files_changed(config)
        assert lsp.diagnostics(config) == []
        assert lsp.diagnostics(guide) == []  # the guide has no findings
        await _still_answers(lsp, guide)


async def test_a_broken_glossary_is_reported_and_the_server_recovers_when_it_is_fixed(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    glossary = site / "glossary.yaml"
    glossary.write_text("terms:\n  token: [unclosed\n", encoding="utf-8")
    guide = site / "docs" / "guide.md"
    async with session(site) as lsp:
        await lsp.open(guide)
        await lsp.open(glossary, language="yaml")
        (problem, *_) = lsp.diagnostics(glossary)
        assert problem.code == "glossary-invalid" and problem.severity == types.DiagnosticSeverity.Error
        assert problem.range.start.line >= 1
        assert await lsp.hover(guide, 2, 2) is None
        await lsp.change(glossary, GLOSSARY, wait_for_site=True)
        assert [d.code for d in lsp.diagnostics(glossary)] == ["unused-term"]
        await _still_answers(lsp, guide)


async def test_a_page_that_does_not_render_is_reported_and_checked_again_when_it_does(tmp_path: Path):
    plugins = tmp_path / "extensions"
    plugins.mkdir()
    (plugins / "boom_ext.py").write_text(_BOOM, encoding="utf-8")
    site = write_site(tmp_path / "site", "mkdocs", extensions=("boom_ext",))
    guide = site / "docs" / "guide.md"
    async with session(site, env={"PYTHONPATH": str(plugins)}) as lsp:
        await lsp.open(guide)
        await lsp.change(guide, "# Guide\n\nFine-tuning needs attention. BOOM\n\nSome finetuning.\n")
        (problem,) = lsp.diagnostics(guide)
        assert problem.code == "page-not-rendered"
        assert "the boom extension failed" in problem.message
        await _still_answers(lsp, guide)
        await lsp.change(guide, "# Guide\n\nFine-tuning needs attention.\n\nSome finetuning.\n")
        assert [d.code for d in lsp.diagnostics(guide)] == ["avoided-spelling"]


async def test_a_huge_page_is_reported_not_checked_and_the_server_keeps_answering(tmp_path: Path):
    site = write_site(tmp_path / "site", "mkdocs")
    guide = site / "docs" / "guide.md"
    huge = "# Guide\n\nFine-tuning needs attention.\n\n" + "Some finetuning in a long page.\n" * 80_000
    async with session(site) as lsp:
        await lsp.open(guide)
        await lsp.change(guide, huge)
        (note,) = lsp.diagnostics(guide)
        assert note.code == "too-large" and note.severity == types.DiagnosticSeverity.Information
        await _still_answers(lsp, guide)
        await lsp.change(guide, "# Guide\n\nFine-tuning needs attention.\n\nSome finetuning.\n")
        assert [d.code for d in lsp.diagnostics(guide)] == ["avoided-spelling"]
