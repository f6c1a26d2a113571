"""The tap popover's definitions file under Zensical: read back from the glossary page `zensical build` wrote.

Real builds of the fixture site (a definition with markup, one with a link to another page and its
anchor, a page three folders deep) with Zensical and with MkDocs: the two files must be the same.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from glossary_plugin.mdext.definitions_file import entry_definitions

from .test_zensical import ROOT, built
from .test_zensical_pages import mkdocs_build

FIXTURE = ROOT / "tests" / "fixtures" / "zensical" / "site"
DEFINITIONS = Path("assets") / "glossary_plugin" / "definitions.json"


def _site(tmp_path: Path, use_directory_urls: bool = True) -> Path:
    site = tmp_path / "site-src"
    shutil.copytree(FIXTURE, site)
    base: dict[str, Any] = {"site_name": "Test", "use_directory_urls": use_directory_urls}
    zensical = {**base, "theme": {"name": "material"}, "markdown_extensions": ["glossary_plugin"]}
    mkdocs = {**base, "site_dir": "site-mkdocs", "plugins": ["glossary"]}
    (site / "mkdocs.yml").write_text(yaml.safe_dump(zensical), encoding="utf-8")
    (site / "mkdocs-plugin.yml").write_text(yaml.safe_dump(mkdocs), encoding="utf-8")
    return site


@pytest.mark.slow
@pytest.mark.parametrize("use_directory_urls", [True, False], ids=["directory-urls", "html-urls"])
def test_the_definitions_file_is_the_one_mkdocs_writes(tmp_path: Path, use_directory_urls: bool) -> None:
    site = _site(tmp_path, use_directory_urls)
    built(site, "--clean")
    ours = json.loads((site / "site" / DEFINITIONS).read_text(encoding="utf-8"))
    theirs = json.loads((mkdocs_build(site) / DEFINITIONS).read_text(encoding="utf-8"))
    assert ours == theirs
    assert "<strong>word piece</strong>" in ours["terms"]["token"]
    # Each link, resolved as the tap popover resolves it (against the glossary page), reaches a page.
    glossary_dir = (site / "site" / DEFINITIONS).parent / ours["glossary"]
    link = BeautifulSoup(ours["terms"]["tokenizer"], "html.parser").find("a", string="the guide")
    assert isinstance(link, Tag)
    target, _, fragment = str(link["href"]).partition("#")
    page = (glossary_dir / target).resolve() if use_directory_urls else (glossary_dir.parent / target).resolve()
    page = page / "index.html" if page.is_dir() else page
    assert fragment == "setup" and BeautifulSoup(page.read_text("utf-8"), "html.parser").find(id="setup")


@pytest.mark.slow
def test_the_definitions_file_survives_a_build_from_the_cache(tmp_path: Path) -> None:
    site = _site(tmp_path)
    built(site, "--clean")
    first = (site / "site" / DEFINITIONS).read_bytes()
    built(site)  # the other pages come from Zensical's cache; the glossary page is rendered again
    assert (site / "site" / DEFINITIONS).read_bytes() == first


def test_each_definition_is_read_whole_whatever_it_holds() -> None:
    page = "\n".join(
        [
            '<h3 id="a" class="glossary-name">a</h3>',
            '<div class="glossary-definition"><div class="admonition"><p>In</p></div><p>Out</p></div>',
            '<p class="glossary-meta">Used on: x</p>',
            '<h3 id="b" class="glossary-name">b</h3>',
            '<div class="glossary-definition"><a title="</div><div>" href="#a">x</a><!-- </div> --></div>',
            '<h3 id="c&amp;d" class="glossary-name">c&amp;d</h3>',
            '<div class="glossary-definition"><p>C</p></div>',
            '<h3 id="broken" class="glossary-name">broken</h3>',
            '<div class="glossary-definition"><div>never closed',
        ]
    )
    found = entry_definitions(page, {"a": "a", "b": "b", "c&d": "c&d", "broken": "broken", "unused": "unused"})
    assert found == {
        "a": '<div class="admonition"><p>In</p></div><p>Out</p>',
        "b": '<a title="</div><div>" href="#a">x</a><!-- </div> -->',
        "c&d": "<p>C</p>",
    }
