"""`mkdocs serve` picks up glossary edits; rebuilds reuse the compiled glossary while it is unchanged."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from glossary_plugin.plugin import GlossaryPlugin

from .conftest import ROOT, PluginLog, Site

pytestmark = pytest.mark.slow

WAIT_SECONDS = 60


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str) -> str:
    """The page at `url` once it contains `text`; fails after a bounded wait."""
    deadline = time.monotonic() + WAIT_SECONDS
    page = None
    while time.monotonic() < deadline:
        page = fetch(url)
        if page is not None and text in page:
            return page
        time.sleep(0.25)
    pytest.fail(f"{url} did not show {text!r} within {WAIT_SECONDS} s; last page: {(page or '')[:300]!r}")


@pytest.fixture
def demo_copy(tmp_path: Path) -> Path:
    """A copy of the demo, so that the test can edit its glossary."""
    target = tmp_path / "demo"
    target.mkdir()
    shutil.copytree(ROOT / "docs", target / "docs")
    shutil.copy(ROOT / "glossary.yaml", target / "glossary.yaml")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


def test_serve_shows_a_glossary_edit_without_restart(demo_copy: Path):
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-f", str(demo_copy / "mkdocs.yml"), "-a", f"127.0.0.1:{port}"],
        cwd=demo_copy,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        old = "The smallest unit of text a language model reads and predicts"
        wait_for(f"{base}/tokens/", old)
        glossary = demo_copy / "glossary.yaml"
        text = glossary.read_text(encoding="utf-8")
        assert old in text
        glossary.write_text(text.replace(old, "A freshly edited definition of the token"), encoding="utf-8")
        page = wait_for(f"{base}/tokens/", "A freshly edited definition of the token")
        assert old not in page
        entry = wait_for(f"{base}/glossary/", "A freshly edited definition of the token")
        assert old not in entry
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        if server.stdout:
            server.stdout.close()
    assert server.returncode is not None


def glossary_plugin_of(config: object) -> GlossaryPlugin:
    plugin = config.plugins["glossary"]  # type: ignore[attr-defined]
    assert isinstance(plugin, GlossaryPlugin)
    return plugin


def test_rebuild_reuses_the_compiled_glossary_until_the_file_changes(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token and a tokenizer.\n")
    site.build()
    config_path = str(site.root / "mkdocs.yml")
    first = load_config(config_path)
    build(first)
    compiled = glossary_plugin_of(first).build
    assert compiled is not None
    linker = compiled.linker
    second = load_config(config_path)
    build(second)
    rebuilt = glossary_plugin_of(second).build
    assert rebuilt is not None and rebuilt is not compiled, "per-build state must be new"
    assert rebuilt.linker is linker, "an unchanged glossary must not be loaded or compiled again"
    site.glossary("terms:\n  token: The smallest unit.\n  tokenizer: Splits text.\n")
    third = load_config(config_path)
    build(third)
    changed = glossary_plugin_of(third).build
    assert changed is not None and changed.linker is not linker
    assert [term.name for term in changed.glossary.terms] == ["token", "tokenizer"]
    assert "tokenizer" in {name for name in changed.usage}
    assert plugin_log.take() == []
    assert [message for message in plugin_log.messages(logging.INFO) if "unused-term" in message] == []


def test_a_same_size_edit_with_its_time_kept_is_reloaded(site: Site, plugin_log: PluginLog):
    """`cp -p` and `rsync -t` keep the modification time: the cache is keyed on the content."""
    glossary = site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.build()
    config_path = str(site.root / "mkdocs.yml")
    first = load_config(config_path)
    build(first)
    before = os.stat(glossary)
    glossary.write_text("terms:\n  token: The smallest item.\n", encoding="utf-8")
    os.utime(glossary, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(glossary).st_size == before.st_size
    second = load_config(config_path)
    build(second)
    rebuilt = glossary_plugin_of(second).build
    assert rebuilt is not None
    assert rebuilt.glossary.terms[0].definition == "The smallest item."
    assert "The smallest item." in site.html("index.html")
    assert plugin_log.take() == []
