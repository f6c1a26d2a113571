"""The `search` plugin (MkDocs' own, and Material's): the glossary page is searchable, other pages' entries
hold exactly their own text (no tooltip or definition text), with the glossary plugin as without it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import Site

GLOSSARY = """
terms:
  token:
    definition: The smallest unit of text a model reads, quokkaword.
    aliases: [tokens]
  attention:
    definition: A mechanism that weighs every other position, wombatword.
    see: [token]
  context window: How many tokens fit at once, numbatword.
"""
PAGES = {
    "index.md": "# Home\n\nEvery token gets attention.\n\n## Details\n\nThe context window is finite.\n",
    "guide/deep/page.md": "# Deep\n\nTokens again, and attention again.\n",
}
DEFINITION_WORDS = ("quokkaword", "wombatword", "numbatword")


def search_entries(site_dir: Path) -> list[dict[str, Any]]:
    index = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))
    docs: list[dict[str, Any]] = index["docs"]
    return docs


def words(text: str) -> str:
    """Entry text without markup or white space: the search plugins space out inline elements differently."""
    return re.sub(r"<[^>]*>|\s+", "", text)


def build_pair(root: Path, theme: str) -> tuple[Path, Path]:
    """The same site built with the glossary plugin and without it."""
    sites = []
    for name, plugins in (("linked", ["search", "glossary"]), ("plain", ["search"])):
        site = Site(root / name)
        site.glossary(GLOSSARY)
        for path, text in PAGES.items():
            site.page(path, text)
        if name == "plain":
            site.page("glossary.md", "# Glossary\n")
        sites.append(site.build(strict=False, plugins=plugins, theme={"name": theme}))
    return sites[0], sites[1]


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def search_sites(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return build_pair(tmp_path_factory.mktemp(f"search-{request.param}"), request.param)


def test_glossary_page_is_searchable(search_sites: tuple[Path, Path]) -> None:
    linked, _ = search_sites
    entries = [entry for entry in search_entries(linked) if entry["location"].startswith("glossary/")]
    assert entries, "the glossary page is not in the search index"
    # Each entry's name is its record's title (one record per entry, see test_glossary_page_layout).
    text = " ".join(entry["title"] + " " + entry["text"] for entry in entries)
    for name in ("token", "attention", "context window"):
        assert name in text
    for word in DEFINITION_WORDS:
        assert word in text


def test_tooltips_do_not_pollute_other_pages_entries(search_sites: tuple[Path, Path]) -> None:
    linked, plain = search_sites
    expected = {
        entry["location"]: (entry["title"], words(entry["text"]))
        for entry in search_entries(plain)
        if not entry["location"].startswith("glossary/")
    }
    found = {
        entry["location"]: (entry["title"], words(entry["text"]))
        for entry in search_entries(linked)
        if not entry["location"].startswith("glossary/")
    }
    assert found == expected
    assert len(found) >= 3
    for entry in search_entries(linked):
        if not entry["location"].startswith("glossary/"):
            assert not any(word in entry["text"] for word in DEFINITION_WORDS), entry
    assert "quokkaword" in (linked / "index.html").read_text(encoding="utf-8")  # the tooltip is on the page
