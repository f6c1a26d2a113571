"""Sites to open and a real LSP client (pytest-lsp) driving `glossary-ls` over stdio."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.uris import from_fs_path
from pytest_lsp import LanguageClient, client_capabilities, make_test_lsp_client

ROOT = Path(__file__).resolve().parent.parent.parent
SERVER = [sys.executable, "-m", "glossary_plugin.lsp"]
TIMEOUT = 60

GLOSSARY = """\
terms:
  attention:
    definition: How a model weighs the parts of its input.
  fine-tuning:
    definition: Training a trained model further on *new* data.
    aliases: [finetune]
    avoid: [finetuning]
    see: [token]
  token:
    definition: A piece of text a model reads.
    aliases: [word piece]
  zebra:
    definition: Used nowhere.
"""

INDEX = """\
# Home

Every token counts; tokens add up. 🎉 A word piece too.

We did some finetuning on [[attenton]] and [[token|pieces]].

A state space model (SSM) is new. An SSM is fast.

See [the entry](glossary.md#fine-tunning).
"""

GUIDE = """\
# Guide

Fine-tuning needs attention.
"""


def write_site(folder: Path, kind: str, extensions: tuple[str, ...] = ()) -> Path:
    """A small site with every kind of finding: `mkdocs` (the plugin), `zensical` (zensical.toml), or
    `zensical-yml` (an mkdocs.yml that Zensical reads, the extension under `markdown_extensions`)."""
    docs = folder / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text(INDEX, encoding="utf-8")
    (docs / "guide.md").write_text(GUIDE, encoding="utf-8")
    (folder / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    listed = "".join(f"  - {name}\n" for name in ("toc", *extensions))
    if kind == "mkdocs":
        (folder / "mkdocs.yml").write_text(
            f"site_name: Test\nmarkdown_extensions:\n{listed}plugins:\n  - glossary_plugin\n", encoding="utf-8"
        )
    elif kind == "zensical-yml":
        (folder / "mkdocs.yml").write_text(
            f"site_name: Test\nmarkdown_extensions:\n{listed}  - glossary_plugin\n", encoding="utf-8"
        )
    else:
        tables = "".join(f"[project.markdown_extensions.{name}]\n" for name in ("toc", *extensions))
        (folder / "zensical.toml").write_text(
            f'[project]\nsite_name = "Test"\n{tables}[project.markdown_extensions.glossary_plugin]\n',
            encoding="utf-8",
        )
    return folder


def uri(path: Path) -> str:
    found = from_fs_path(str(path))
    assert found is not None
    return found


def glossary_lint(site: Path, *files: str) -> list[dict[str, Any]]:
    """`glossary-lint --format json`, run as a user runs it, from the site's folder."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    result = subprocess.run(
        [sys.executable, "-m", "glossary_plugin", "--format", "json", *files],
        cwd=site,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode in (0, 1), result.stderr
    found: list[dict[str, Any]] = json.loads(result.stdout)
    return found


class Session:
    """One server process and the client that talks to it."""

    def __init__(self, client: LanguageClient) -> None:
        self.client = client
        self.versions: dict[str, int] = {}

    def diagnostics(self, path: Path) -> list[types.Diagnostic]:
        return list(self.client.diagnostics.get(uri(path), []))

    def site_checked(self) -> asyncio.Future[Any]:
        """A future for the next end of a whole-site check (call it before the action that starts one)."""
        return self.client.protocol.wait_for_notification_async("glossary/siteChecked")

    def published(self) -> asyncio.Future[Any]:
        return self.client.protocol.wait_for_notification_async(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    async def open(self, path: Path, text: str | None = None, language: str = "markdown") -> None:
        """Open a document and wait for the whole-site check that opening it runs."""
        waiter = self.site_checked()
        self.versions[uri(path)] = 1
        content = path.read_text(encoding="utf-8") if text is None else text
        item = types.TextDocumentItem(uri=uri(path), language_id=language, version=1, text=content)
        self.client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
        await asyncio.wait_for(waiter, TIMEOUT)

    async def change(self, path: Path, text: str, wait_for_site: bool = False) -> None:
        """Replace a document's whole text (unsaved) and wait for its diagnostics (or the site check)."""
        waiter = self.site_checked() if wait_for_site else self.published()
        version = self.versions[uri(path)] = self.versions.get(uri(path), 1) + 1
        change = types.TextDocumentContentChangeWholeDocument(text=text)
        self.client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri(path), version=version),
                content_changes=[change],
            )
        )
        await asyncio.wait_for(waiter, TIMEOUT)

    async def save(self, path: Path) -> None:
        waiter = self.site_checked()
        self.client.text_document_did_save(
            types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri(path)))
        )
        await asyncio.wait_for(waiter, TIMEOUT)

    async def files_changed(self, *paths: Path) -> None:
        waiter = self.site_checked()
        changes = [types.FileEvent(uri=uri(path), type=types.FileChangeType.Changed) for path in paths]
        self.client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=changes))
        await asyncio.wait_for(waiter, TIMEOUT)

    async def hover(self, path: Path, line: int, character: int) -> types.Hover | None:
        params = types.HoverParams(
            text_document=types.TextDocumentIdentifier(uri=uri(path)),
            position=types.Position(line=line, character=character),
        )
        return await asyncio.wait_for(self.client.text_document_hover_async(params), TIMEOUT)


@asynccontextmanager
async def session(
    folder: Path, encodings: list[str] | None = None, env: dict[str, str] | None = None
) -> AsyncIterator[Session]:
    """A running `glossary-ls` with a client that says it is Visual Studio Code (or offers `encodings`)."""
    client = make_test_lsp_client()
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *([env["PYTHONPATH"]] if env else [])])}
    await client.start_io(*SERVER, env=environment, cwd=str(folder))
    capabilities = client_capabilities("visual-studio-code")
    if encodings is not None:
        capabilities.general = types.GeneralClientCapabilities(position_encodings=encodings)
    await client.initialize_session(
        types.InitializeParams(
            capabilities=capabilities,
            root_uri=uri(folder),
            workspace_folders=[types.WorkspaceFolder(uri=uri(folder), name=folder.name)],
        )
    )
    try:
        yield Session(client)
    finally:
        await client.shutdown_session()
        await client.stop()


def place(text: str, needle: str, occurrence: int = 0) -> tuple[int, int]:
    """(line, character) of a needle in a text, in code points (0-based, as a UTF-32 client counts)."""
    offset = -1
    for _ in range(occurrence + 1):
        offset = text.index(needle, offset + 1)
    before = text[:offset]
    return before.count("\n"), offset - (before.rfind("\n") + 1)
