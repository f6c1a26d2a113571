"""One page is one page under Zensical: real `zensical build` runs of a site with a mkdocstrings API page.

mkdocstrings renders each docstring with a Markdown instance of its own, inside the page's conversion;
links, first-use ids and findings must still be those of the whole page, as under MkDocs.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from glossary_plugin.cli import command as cli

from .test_zensical import ROOT, _as_printed, _build_findings, built, soup

pytestmark = pytest.mark.slow

API_FIXTURE = ROOT / "tests" / "fixtures" / "zensical_api"
MKDOCSTRINGS = {"mkdocstrings": {"handlers": {"python": {"paths": ["."]}}}}
BASE = {"site_name": "Test", "theme": {"name": "material"}}
EXTENSIONS: list[object] = ["attr_list", {"toc": {"permalink": True}}]


def api_site(tmp_path: Path) -> Path:
    """The API fixture with two configs: `mkdocs.yml` for Zensical (the extension), `mkdocs-plugin.yml`
    for MkDocs (the plugin), the same site otherwise."""
    site = tmp_path / "api"
    shutil.copytree(API_FIXTURE, site, ignore=shutil.ignore_patterns("__pycache__"))
    zensical = {**BASE, "markdown_extensions": [*EXTENSIONS, "glossary_plugin"], "plugins": [MKDOCSTRINGS]}
    plugin = {
        **BASE,
        "site_dir": "site-mkdocs",
        "markdown_extensions": EXTENSIONS,
        "plugins": ["glossary", MKDOCSTRINGS],
    }
    (site / "mkdocs.yml").write_text(yaml.safe_dump(zensical), encoding="utf-8")
    (site / "mkdocs-plugin.yml").write_text(yaml.safe_dump(plugin), encoding="utf-8")
    return site


def mkdocs_build(site: Path) -> Path:
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", "mkdocs-plugin.yml"],
        cwd=site,
        check=True,
        timeout=300,
        capture_output=True,
    )
    return site / "site-mkdocs"


def links_of(page: Path) -> list[tuple[str, str, str, str]]:
    """Every term link of a page's article: (term, text, id, href), in order."""
    article = soup(page).find("article")
    assert isinstance(article, Tag), page
    return [
        (str(link["data-glossary-term"]), link.get_text(), str(link.get("id", "")), str(link["href"]))
        for link in article.select("a.glossary-term")
        if isinstance(link, Tag)
    ]


def test_an_api_page_is_linked_once_as_under_mkdocs(tmp_path: Path) -> None:
    site = api_site(tmp_path)
    output = built(site, "--clean")
    page = site / "site" / "api" / "index.html"
    links = links_of(page)
    # First use per page, not per docstring: each term once, with one first-use id.
    assert [term for term, *_ in links] == ["token", "tokenizer", "embedding"]
    ids = [
        element.get("id") for element in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select("[id]")
    ]
    assert len(ids) == len(set(ids)), "an id twice on the page"
    mkdocs_site = mkdocs_build(site)
    for name in ("index.html", "api/index.html", "guide/index.html"):
        assert links_of(site / "site" / name) == links_of(mkdocs_site / name), name
    # Each finding once, and the same as MkDocs' (glossary-lint runs MkDocs' build).
    expected = _as_printed(sorted(cli.lint(site / "mkdocs-plugin.yml"), key=lambda d: d.sort_key))
    found = _build_findings(output)
    assert sorted(found) == sorted(expected)
    assert len([line for line in found if "'tokeniser'" in line]) == 1
    assert any("undefined-term: 'tokenzer'" in line for line in found)
