"""Shared fixtures: temporary MkDocs sites, builds, and strict accounting of the plugin's log records."""

from __future__ import annotations

import importlib.util
import logging
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config

ROOT = Path(__file__).resolve().parent.parent

# zensical-i18n requires Zensical below 0.1, older than the release the test extra pins: its tests run
# in the oldest supported Zensical's environment, where scripts/test.sh installs it (and they fail there
# if it is missing).
collect_ignore = [] if importlib.util.find_spec("zensical_i18n") else ["test_zensical_i18n.py"]
PLUGIN_LOGGER = "mkdocs.plugins.glossary_plugin"
LOG_PREFIX = "glossary_plugin: "  # added by MkDocs' plugin logger


def _message(record: logging.LogRecord) -> str:
    return record.getMessage().removeprefix(LOG_PREFIX)


class PluginLog(logging.Handler):
    """Collects the plugin's records; a test must take every warning it causes."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def take(self, level: int = logging.WARNING) -> list[str]:
        """Messages at `level` or above, removed from the log (so they count as checked)."""
        taken = [record for record in self.records if record.levelno >= level]
        self.records = [record for record in self.records if record.levelno < level]
        return [_message(record) for record in taken]

    def messages(self, level: int) -> list[str]:
        return [_message(record) for record in self.records if record.levelno == level]


@pytest.fixture
def plugin_log() -> Iterator[PluginLog]:
    """The plugin's log records. Fails the test if a warning or error was left unchecked."""
    handler = PluginLog()
    logger = logging.getLogger(PLUGIN_LOGGER)
    logger.addHandler(handler)
    previous = logger.level
    logger.setLevel(logging.DEBUG)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous)
    unchecked = [record.getMessage() for record in handler.records if record.levelno >= logging.WARNING]
    assert not unchecked, f"unchecked plugin warnings: {unchecked}"


@dataclass
class Site:
    """A temporary MkDocs project: mkdocs.yml, glossary.yaml and docs/."""

    root: Path
    config: dict[str, Any] = field(default_factory=dict)

    @property
    def site_dir(self) -> Path:
        return self.root / "site"

    def write(self, relative: str, text: str) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    def page(self, relative: str, text: str) -> Path:
        return self.write(f"docs/{relative}", text)

    def glossary(self, text: str) -> Path:
        return self.write("glossary.yaml", text)

    def build(self, strict: bool = False, **overrides: Any) -> Path:
        config = {"site_name": "Test", "docs_dir": "docs", "site_dir": "site", "plugins": ["glossary"]}
        config.update(self.config)
        config.update(overrides)
        (self.root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
        build(load_config(str(self.root / "mkdocs.yml"), strict=strict))
        return self.site_dir

    def html(self, url_path: str) -> str:
        return (self.site_dir / url_path).read_text(encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path)


def load_demo_config(site_dir: Path, **overrides: Any) -> Any:
    """The demo's own mkdocs.yml, building into `site_dir`."""
    return load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site_dir), **overrides)


# One Playwright driver and one Chromium per test module: a second sync driver cannot start while one
# runs (Playwright's sync API refuses to run inside the first one's event loop), and while one runs its
# loop counts as running in this thread, so the language server's asyncio tests could not run after it.
@pytest.fixture(scope="module")
def playwright() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="module")
def browser(playwright: Any) -> Iterator[Any]:
    """Debian's Chromium, headless, for one test module."""
    from .browser.conftest import CHROMIUM, CHROMIUM_ARGS

    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (scripts/test.sh does)")
    chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    yield chromium
    chromium.close()
