"""How fast `glossary-ls` answers: startup to first diagnostics, and a change to its diagnostics.

A site with one page of about 5,000 words (four generated benchmark pages, one after another) and a
glossary of 2,000 terms (see sitegen.py), built with the glossary plugin under MkDocs. The server is
started as an editor starts it (a process speaking LSP over stdio) and driven by pygls' client:

- startup: from starting the process to the first diagnostics of the page opened (initialize,
  reading the config, compiling the glossary, rendering and checking the page);
- change: from sending a change (one word of the page edited, unsaved) to the page's diagnostics
  for it; the median of --changes of them, sent one at a time.

    python bench/lsp_bench.py [--terms 2000] [--words 5000] [--changes 40]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import sitegen
from lsprotocol import types
from pygls.lsp.client import LanguageClient
from pygls.uris import from_fs_path

ROOT = Path(__file__).resolve().parent.parent


def make_site(folder: Path, terms: int, words: int, seed: int = 7) -> Path:
    """The site: mkdocs.yml, glossary.yaml with `terms` terms, and docs/page.md of about `words` words."""
    glossary = sitegen.make_glossary(terms, seed)
    (folder / "docs").mkdir(parents=True)
    (folder / "glossary.yaml").write_text(sitegen.glossary_yaml(glossary), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(
        "site_name: Bench\nmarkdown_extensions: [toc, tables]\nplugins:\n  - glossary_plugin\n", encoding="utf-8"
    )
    parts, count, number = [], 0, 0
    while count < words:
        page = sitegen.make_page(number, 1, glossary, seed)
        text = sitegen.render_page(page, glossary, sitegen.plain_markup)
        parts.append(text)
        count += len(text.split())
        number += 1
    (folder / "docs" / "page.md").write_text("\n\n".join(parts), encoding="utf-8")
    (folder / "docs" / "index.md").write_text("# Bench\n", encoding="utf-8")
    return folder / "docs" / "page.md"


async def measure(page: Path, changes: int) -> tuple[float, list[float], int, int]:
    uri = from_fs_path(str(page))
    assert uri is not None
    text = page.read_text(encoding="utf-8")
    arrived: asyncio.Queue[tuple[float, types.PublishDiagnosticsParams]] = asyncio.Queue()
    client = LanguageClient("lsp-bench", "1")

    glossary_uri = from_fs_path(str(page.parent.parent / "glossary.yaml"))
    site_checked = asyncio.Event()
    """Set when the glossary's findings arrive: the whole-site check that opening a page runs has ended."""

    @client.feature("glossary/siteChecked")
    def site_check_ended(params: object) -> None:
        """The server's own note (the glossary's findings say the same, with a type pygls knows)."""

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def published(params: types.PublishDiagnosticsParams) -> None:
        if params.uri == uri:
            arrived.put_nowait((time.perf_counter(), params))
        elif params.uri == glossary_uri:
            site_checked.set()

    started = time.perf_counter()
    # This checkout's package, wherever the site is.
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    await client.start_io(sys.executable, "-m", "glossary_plugin.lsp", cwd=str(page.parent.parent), env=environment)
    await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities()))
    client.initialized(types.InitializedParams())
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(uri, "markdown", 1, text)))
    first, params = await arrived.get()
    startup = first - started
    findings = len(params.diagnostics)
    await site_checked.wait()  # the whole-site check after opening: not part of a change's time
    while not arrived.empty():
        arrived.get_nowait()
    times = []
    words = text.split(" ")
    for version in range(2, changes + 2):
        index = (version * 97) % len(words)
        words[index] = f"edited{version}"  # every change a new text: nothing can come from a cache
        changed = " ".join(words)
        sent = time.perf_counter()
        client.text_document_did_change(
            types.DidChangeTextDocumentParams(
                types.VersionedTextDocumentIdentifier(version=version, uri=uri),
                [types.TextDocumentContentChangeWholeDocument(changed)],
            )
        )
        while True:
            at, params = await arrived.get()
            if params.version == version:
                break
        times.append(at - sent)
        await asyncio.sleep(0.05)
    await client.shutdown_async(None)
    client.exit(None)
    await client.stop()
    return startup, times, findings, len(text.split())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--terms", type=int, default=2000)
    parser.add_argument("--words", type=int, default=5000)
    parser.add_argument("--changes", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lsp-bench-") as folder:
        page = make_site(Path(folder) / "site", args.terms, args.words)
        startup, times, findings, words = asyncio.run(measure(page, args.changes))
    print(f"page: {words:,} words; glossary: {args.terms:,} terms; {findings} finding(s) on the page")
    print(f"startup to first diagnostics: {startup * 1000:.0f} ms (target: at most 1,000 ms)")
    print(
        f"change to diagnostics: median {statistics.median(times) * 1000:.0f} ms, "
        f"max {max(times) * 1000:.0f} ms over {len(times)} changes (target: median at most 100 ms)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
