"""Markdown extensions that real sites use, all at once: where terms link, and where they never do.

The fixture `fixtures/compat/extensions` enables abbr, attr_list, def_list, admonition, footnotes, toc
with permalinks, and pymdownx superfences (with a Mermaid fence), highlight, tabbed, details, arithmatex
and snippets, with `link: all`, so every prose occurrence of a term is a link and every other one is not.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from mkdocs.commands.build import build
from mkdocs.config import load_config

from .compat_support import FIXTURES, broken_links, content_of, forbidden_ancestors, glossary_links

# Where a term is never linked: code, math, diagrams, links (permalinks too), headings, abbreviations,
# the controls of tabs and details, definition-list terms and anything marked no-glossary.
NEVER_IN = ("a", "code", "pre", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "label", "dt")
NEVER_IN_CLASSES = ("mermaid", "arithmatex", "highlight", "headerlink", "no-glossary", "tabbed-labels")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[BeautifulSoup, BeautifulSoup, Path]:
    """The fixture page built with the plugin and without it (for comparison), and the site folder."""
    root = tmp_path_factory.mktemp("extensions")
    shutil.copytree(FIXTURES, root, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "site"))
    project = root / "extensions"
    with pytest.MonkeyPatch.context() as patch:
        patch.chdir(project)  # pymdownx.snippets reads its base_path relative to the working folder
        build(load_config(str(project / "mkdocs.yml"), strict=True))
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(root / "plain"), plugins=["search"]))
    linked = BeautifulSoup((project / "site/index.html").read_text(encoding="utf-8"), "html.parser")
    plain = BeautifulSoup((root / "plain/index.html").read_text(encoding="utf-8"), "html.parser")
    return linked, plain, project / "site"


def linked_terms(element: Tag | None) -> list[str]:
    assert element is not None
    return [term for term, _, _, _ in glossary_links(element)]


def test_terms_link_in_admonition_details_and_tab_bodies(built: tuple[BeautifulSoup, BeautifulSoup, Path]) -> None:
    main = content_of(built[0])
    assert linked_terms(main.select_one(".admonition > p:not(.admonition-title)")) == ["attention"]
    assert linked_terms(main.select_one("details > p")) == ["embedding"]
    blocks = main.select(".tabbed-set .tabbed-block")
    assert [linked_terms(block) for block in blocks] == [["tokenizer"], ["softmax"]]
    assert linked_terms(main.select_one("dd")) == ["context window"]
    assert linked_terms(main.select_one(".footnote li")) == ["perplexity"]


def test_terms_link_in_snippets(built: tuple[BeautifulSoup, BeautifulSoup, Path]) -> None:
    main = content_of(built[0])
    snippet = next(p for p in main.select("p") if p.get_text().startswith("This paragraph comes from a snippet"))
    assert linked_terms(snippet) == ["transformer"]


def test_terms_never_link_in_code_math_diagrams_permalinks_or_controls(
    built: tuple[BeautifulSoup, BeautifulSoup, Path],
) -> None:
    main = content_of(built[0])
    links = main.select("a.glossary-term")
    assert len(links) >= 10
    for link in links:
        assert forbidden_ancestors(link, NEVER_IN, NEVER_IN_CLASSES) == [], link
    for element in main.select("pre, code, .mermaid, .arithmatex, .highlight, .no-glossary, h1, h2, dt, label"):
        assert element.select("a.glossary-term") == [], element


def test_terms_do_not_link_in_a_details_summary(built: tuple[BeautifulSoup, BeautifulSoup, Path]) -> None:
    """A summary is the details' toggle button: a link in it would navigate instead of opening the details."""
    main = content_of(built[0])
    summary = main.select_one("details > summary")
    assert summary is not None and "embedding" in summary.get_text()
    assert summary.select("a") == []
    assert linked_terms(main.select_one("details > p")) == ["embedding"]


def test_code_math_and_diagrams_are_unchanged(built: tuple[BeautifulSoup, BeautifulSoup, Path]) -> None:
    linked, plain = content_of(built[0]), content_of(built[1])
    for selector in (".highlight", ".mermaid", ".arithmatex", "code"):
        assert [str(element) for element in linked.select(selector)] == [
            str(element) for element in plain.select(selector)
        ], selector
    assert len(linked.select(".mermaid")) == 1
    assert len(linked.select(".arithmatex")) == 2


def test_permalinks_and_footnote_links_stay_as_they_were(built: tuple[BeautifulSoup, BeautifulSoup, Path]) -> None:
    linked, plain = content_of(built[0]), content_of(built[1])
    for selector in ("a.headerlink", "a.footnote-ref", "a.footnote-backref"):
        before = [(str(a["href"]), a.get_text()) for a in plain.select(selector)]
        assert before, selector
        assert [(str(a["href"]), a.get_text()) for a in linked.select(selector)] == before
    headings = linked.select("h1[id], h2[id]")
    assert [str(h.select_one("a.headerlink")["href"]) for h in headings] == [f"#{h['id']}" for h in headings]


def test_abbreviation_that_is_also_a_term_is_wrapped_once(built: tuple[BeautifulSoup, BeautifulSoup, Path]) -> None:
    main = content_of(built[0])
    abbreviations = main.select("abbr")
    assert [(a.get_text(), a["title"]) for a in abbreviations] == [("LLM", "Large Language Model")]
    for abbreviation in abbreviations:
        assert abbreviation.select("a, abbr") == []
        assert forbidden_ancestors(abbreviation, ("a", "abbr")) == []
    assert main.select('a.glossary-term[data-glossary-term="LLM"]') == []


def test_visible_text_is_unchanged(built: tuple[BeautifulSoup, BeautifulSoup, Path]) -> None:
    assert content_of(built[0]).get_text() == content_of(built[1]).get_text()


def test_glossary_page_renders_with_the_same_extensions(built: tuple[BeautifulSoup, BeautifulSoup, Path]) -> None:
    site_dir = built[2]
    glossary = content_of(site_dir / "glossary/index.html")
    assert glossary.select_one("h1 a.headerlink[href='#glossary']") is not None  # toc permalink
    assert [heading["id"] for heading in glossary.select("section.glossary-entry > h3")] == [
        "attention",
        "context-window",
        "embedding",
        "fine-tuning",
        "llm",
        "perplexity",
        "softmax",
        "token",
        "tokenizer",
        "transformer",
    ]
    result = broken_links(site_dir)
    assert result.broken == []
    assert result.checked > 40
