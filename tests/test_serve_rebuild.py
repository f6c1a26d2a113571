"""A `mkdocs serve` rebuild renders none of the glossary's definitions it rendered before (issue 23).

MkDocs keeps the plugin instance across rebuilds (it has `on_startup`); each
rebuild reads a fresh config, as `mkdocs serve` does.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from glossary_plugin.core import index_page

from .conftest import PluginLog, Site


class RenderCount:
    """How many definitions `index_page.render_definitions` converted."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.definitions = 0
        original = index_page.render_definitions

        def counted(definitions: list[str], convert: Callable[[str], str], prefixes: Sequence[str] | None = None):
            self.definitions += len(definitions)
            return original(definitions, convert, prefixes)

        monkeypatch.setattr(index_page, "render_definitions", counted)

    def take(self) -> int:
        count, self.definitions = self.definitions, 0
        return count


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> RenderCount:
    return RenderCount(monkeypatch)


GLOSSARY = """\
terms:
  token: The smallest unit a *model* reads; see [setup](setup.md).
  tokenizer: Splits text into each token.
  context window: How many tokens a model reads at once.
"""


def rebuild(site: Site) -> None:
    build(load_config(str(site.root / "mkdocs.yml")))


def outputs(site: Site) -> tuple[str, str, str]:
    """The glossary page, the definitions file and the home page, without MkDocs' build date."""
    pages = ("glossary/index.html", "assets/glossary_plugin/definitions.json", "index.html")
    glossary, definitions, home = (re.sub(r"Build Date UTC : .*", "", site.html(path)) for path in pages)
    return glossary, definitions, home


def test_a_rebuild_after_a_page_edit_renders_no_definition(site: Site, plugin_log: PluginLog, renders: RenderCount):
    site.glossary(GLOSSARY)
    site.page("index.md", "# Home\n\nA token, a tokenizer and a context window.\n")
    site.page("setup.md", "# Setup\n\nThe token.\n")
    site.build()
    assert renders.take() == 3
    first = outputs(site)
    site.page("index.md", "# Home\n\nA token, a tokenizer and a context window, edited.\n")
    rebuild(site)
    assert renders.take() == 0, "the rebuild rendered the definitions again"
    glossary_page, definitions, home = outputs(site)
    assert (glossary_page, definitions) == first[:2]
    assert "edited" in home and home.replace(", edited", "") == first[2]
    assert 'href=\\"../setup/\\"' in definitions  # the definition's link to a page, as in the first build
    assert plugin_log.take() == []


def test_a_glossary_edit_renders_the_definitions_again(site: Site, plugin_log: PluginLog, renders: RenderCount):
    glossary = site.glossary(GLOSSARY)
    site.page("index.md", "# Home\n\nA token, a tokenizer and a context window.\n")
    site.page("setup.md", "# Setup\n\nThe token.\n")
    site.build()
    assert renders.take() == 3
    glossary.write_text(GLOSSARY.replace("Splits text", "Cuts text"), encoding="utf-8")
    rebuild(site)
    assert renders.take() == 3
    assert "Cuts text" in site.html("assets/glossary_plugin/definitions.json")
    rebuild(site)
    assert renders.take() == 0
    assert plugin_log.take() == []


def test_a_new_page_or_other_extensions_render_them_again(site: Site, plugin_log: PluginLog, renders: RenderCount):
    site.glossary(GLOSSARY)
    site.page("index.md", "# Home\n\nA token, a tokenizer and a context window.\n")
    site.build()
    assert renders.take() == 3
    plugin_log.take()  # the link to setup.md leads nowhere yet
    site.page("setup.md", "# Setup\n\nThe token.\n")
    rebuild(site)
    assert renders.take() == 3, "a page added: the definition's link to it changes"
    assert 'href=\\"../setup/\\"' in site.html("assets/glossary_plugin/definitions.json")
    site.build(markdown_extensions=["smarty"])
    assert renders.take() == 3
    assert plugin_log.take() == []


def test_findings_in_definitions_are_reported_on_every_rebuild(site: Site, plugin_log: PluginLog, renders: RenderCount):
    site.glossary(GLOSSARY + "  model: Reads [[tokns]].\n")
    site.page("index.md", "# Home\n\nA token, a tokenizer, a model and a context window.\n")
    site.page("setup.md", "# Setup\n\nThe token.\n")
    site.build()
    first = [message for message in plugin_log.take() if "tokns" in message]
    assert len(first) == 1 and "in the definition of 'model'" in first[0]
    assert renders.take() == 4
    rebuild(site)
    assert renders.take() == 0
    assert [message for message in plugin_log.take() if "tokns" in message] == first
