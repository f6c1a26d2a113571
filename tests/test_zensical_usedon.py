"""The glossary page's "Used on" lists under Zensical, and builds that take pages from Zensical's cache.

Real `zensical build` runs (with and without `--clean`) of the mkdocstrings API fixture, against the
MkDocs build of the same site.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import Tag

from .test_zensical import built, glossary_lines, soup
from .test_zensical_pages import api_site, mkdocs_build

pytestmark = pytest.mark.slow


def used_on(glossary_page: Path) -> dict[str, list[tuple[str, str]]]:
    """Entry anchor -> its "Used on" links, (label, href), in order."""
    found: dict[str, list[tuple[str, str]]] = {}
    for entry in soup(glossary_page).select("section.glossary-entry"):
        heading = entry.find("h3")
        assert isinstance(heading, Tag)
        links = entry.select("p.glossary-backlinks a")
        found[str(heading["id"])] = [(link.get_text(), str(link["href"])) for link in links if isinstance(link, Tag)]
    return found


def test_used_on_lists_are_those_of_mkdocs_and_lead_to_the_first_use(tmp_path: Path) -> None:
    site = api_site(tmp_path)
    built(site, "--clean")
    glossary = site / "site" / "glossary" / "index.html"
    lists = used_on(glossary)
    assert lists["token"] == [
        ("Home", "../#glossary-use:token"),
        ("API", "../api/#glossary-use:token"),
        ("Guide", "../guide/#glossary-use:token"),
    ]
    assert lists["perplexity"] == []
    assert lists == used_on(mkdocs_build(site) / "glossary" / "index.html")
    for links in lists.values():  # each lands on the term's first link on that page
        for _, href in links:
            target, _, fragment = href.partition("#")
            page = soup(glossary.parent / target / "index.html")
            link = page.find(id=fragment)
            assert isinstance(link, Tag) and "glossary-term" in (link.get("class") or []), href


def test_a_build_from_the_cache_gives_the_same_glossary_page(tmp_path: Path) -> None:
    site = api_site(tmp_path)
    built(site, "--clean")
    glossary = site / "site" / "glossary" / "index.html"
    clean = glossary.read_text(encoding="utf-8")
    assert "Used on" in clean
    output = built(site)  # every page but the glossary page comes from the cache
    assert glossary.read_text(encoding="utf-8") == clean
    assert glossary_lines(output) == [
        "Info: glossary: 3 of 4 pages came from Zensical's cache and were not checked; "
        "run `zensical build --clean` to check every page"
    ]
    built(site)  # and once more: the note is true every time, and nothing else is said
    assert glossary.read_text(encoding="utf-8") == clean
    guide = site / "docs" / "guide.md"
    guide.write_text(guide.read_text(encoding="utf-8") + "\nThe tokenizer makes them.\n", encoding="utf-8")
    output = built(site)
    assert "2 of 4 pages came from Zensical's cache" in output
    lists = used_on(glossary)
    assert ("Guide", "../guide/#glossary-use:tokenizer") in lists["tokenizer"]
    assert lists == used_on(mkdocs_build(site) / "glossary" / "index.html")
    built(site, "--clean")
    assert used_on(glossary) == lists


def test_the_checks_over_every_page_run_only_on_a_clean_build(tmp_path: Path) -> None:
    site = api_site(tmp_path)
    unused = "unused-term: term 'perplexity' is not used on any page"
    assert any(unused in line for line in glossary_lines(built(site, "--clean")))
    output = built(site)
    assert not any("unused-term" in line or "missing-term" in line for line in glossary_lines(output))
