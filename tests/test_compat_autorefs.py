"""mkdocs-autorefs and mkdocstrings (Python handler): their links stay intact, generated code stays code.

The fixture `fixtures/compat/mkdocstrings` documents the tiny module `src/tokenkit.py`, whose names,
parameters and docstrings are full of glossary terms, and cross-references it with autorefs both ways.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .compat_support import FIXTURES, broken_links, content_of, forbidden_ancestors, glossary_links

PAGES = ("index.html", "transformer/index.html")
# mkdocstrings' generated code: signatures, headings with object names, parameter names and types.
GENERATED = ("doc-signature", "doc-heading", "doc-object-name", "doc-symbol", "highlight")


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture built with the glossary plugin, and without it for comparison."""
    root = tmp_path_factory.mktemp("mkdocstrings")
    shutil.copytree(FIXTURES, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "site"))
    project = root / "mkdocstrings"
    config = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [plugin for plugin in config["plugins"] if "glossary" not in plugin]
    (project / "plain.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    build(load_config(str(project / "mkdocs.yml"), strict=True))
    build(load_config(str(project / "plain.yml"), site_dir=str(project / "plain"), strict=True))
    return project / "site", project / "plain"


def page(site_dir: Path, path: str) -> Tag:
    return content_of(BeautifulSoup((site_dir / path).read_text(encoding="utf-8"), "html.parser"))


def autorefs_links(main: Tag) -> list[tuple[str, str, str]]:
    return [(str(a["href"]), a.get_text(), str(a.get("title", ""))) for a in main.select("a.autorefs")]


def test_autorefs_links_are_identical_with_the_glossary(sites: tuple[Path, Path]) -> None:
    linked, plain = sites
    for path in PAGES:
        expected = autorefs_links(page(plain, path))
        assert expected, path
        assert autorefs_links(page(linked, path)) == expected, path
    assert ("#tokenkit.Token", "Token", "Token") in autorefs_links(page(linked, "index.html"))
    assert ("../#tokenkit.tokenizer", "the tokenizer", "tokenizer") in autorefs_links(page(linked, PAGES[1]))


def test_every_cross_reference_is_resolved_and_reaches_its_anchor(sites: tuple[Path, Path]) -> None:
    linked, _ = sites
    for path in PAGES:
        html = (linked / path).read_text(encoding="utf-8")
        assert "<autoref" not in html and "data-autorefs-identifier" not in html, path
    result = broken_links(linked)
    assert result.broken == []
    assert result.checked > 40


def test_no_term_is_linked_in_signatures_or_generated_code(sites: tuple[Path, Path]) -> None:
    linked, plain = sites
    main = page(linked, "index.html")
    assert main.select(".doc-signature") and main.select(".doc-heading")
    for link in main.select("a.glossary-term"):
        assert forbidden_ancestors(link, ("code", "pre", "a", "h2", "h3"), GENERATED) == [], link
    for selector in (".doc-signature", ".doc-heading", "code"):
        assert [str(e) for e in main.select(selector)] == [str(e) for e in page(plain, "index.html").select(selector)]


def test_terms_link_in_docstring_prose(sites: tuple[Path, Path]) -> None:
    main = page(sites[0], "index.html")
    docstrings = main.select(".doc-contents")
    terms = {term for contents in docstrings for term, _, _, _ in glossary_links(contents)}
    assert {"attention", "context window"} <= terms
    assert page(sites[0], "index.html").get_text() == page(sites[1], "index.html").get_text()
