"""URLs: `use_directory_urls` on and off, a `site_url` with a sub-path, pages three folders deep and
`index.md` pages in folders. The test follows every link of the built site to its file and anchor."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from .compat_support import broken_links, content_of, glossary_links, html_pages
from .conftest import PluginLog, Site

GLOSSARY = """
terms:
  token:
    definition: The smallest unit of text; see [the deep page](a/b/c/deep.md#deep-section).
    see: [tokenizer]
  tokenizer: Splits text into tokens.
  fine-tuning:
    definition: Further training; [the guide](guide/index.md) explains it.
    aliases: [fine-tune]
  attention:
    definition: Weighs positions.
    link: a/b/c/index.md#about-attention
"""
PAGES = {
    "index.md": "# Home\n\nA token, a tokenizer, fine-tuning and attention.\n",
    "guide/index.md": "# Guide\n\nWe fine-tune; see [the token entry](../glossary.md#token).\n",
    "a/b/c/deep.md": (
        "# Deep\n\n## Deep section\n\nA token three folders deep, and attention.\n\n"
        "Hand-written: [tuning](../../../glossary.md#fine-tune) and [[tokenizer]].\n"
    ),
    "a/b/c/index.md": "# C\n\n## About attention\n\nThe tokenizer and attention, in a folder's index.\n",
    "a/b/other.md": "# Other\n\nA [[token|word piece]] two folders deep.\n",
}
SITE_URLS = [None, "https://example.org/docs/handbook/"]


def make_site(root: Path) -> Site:
    site = Site(root)
    site.glossary(GLOSSARY)
    for path, text in PAGES.items():
        site.page(path, text)
    return site


@pytest.mark.parametrize("site_url", SITE_URLS, ids=["no-site-url", "site-url-sub-path"])
@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_every_link_resolves_to_a_file_and_anchor(
    tmp_path: Path, plugin_log: PluginLog, directory_urls: bool, site_url: str | None
) -> None:
    site = make_site(tmp_path)
    overrides = {"use_directory_urls": directory_urls, "plugins": ["search", {"glossary": {"link": "all"}}]}
    if site_url:
        overrides["site_url"] = site_url
    site_dir = site.build(strict=True, **overrides)
    suffix = "/index.html" if directory_urls else ".html"

    pages = html_pages(site_dir)
    assert {page.relative_to(site_dir).as_posix() for page in pages} >= {
        "index.html",
        "guide/index.html",
        f"a/b/c/deep{suffix}",
        "a/b/c/index.html",
        f"a/b/other{suffix}",
        f"glossary{suffix}",
        "404.html",
    }
    result = broken_links(site_dir, site_url or "http://localhost/")
    assert result.broken == []
    assert result.checked > 100

    # Each kind of link the plugin writes is among those followed.
    deep = content_of(site_dir / f"a/b/c/deep{suffix}")
    glossary_href = "../../../../glossary/" if directory_urls else "../../../glossary.html"
    assert (
        "token",
        "token",
        f"{glossary_href}#token",
        "The smallest unit of text; see the deep page.",
    ) in glossary_links(deep)
    assert ("attention", "attention", "../#about-attention" if directory_urls else "index.html#about-attention") in [
        link[:3] for link in glossary_links(deep)
    ]
    assert deep.select_one(f'a[href="{glossary_href}#fine-tuning"]') is not None  # alias anchor rewritten
    glossary = content_of(site_dir / f"glossary{suffix}")
    assert glossary.select(".glossary-az a") and glossary.select(".glossary-see a")
    assert glossary.select(".glossary-backlinks a") and glossary.select(".glossary-definition a")


def test_assets_resolve_from_the_404_page_under_a_sub_path(tmp_path: Path, plugin_log: PluginLog) -> None:
    """The 404 page is served at any depth, so MkDocs links its assets absolutely, from the site_url's path."""
    site = make_site(tmp_path)
    site_dir = site.build(strict=True, site_url="https://example.org/docs/handbook/")
    not_found = (site_dir / "404.html").read_text(encoding="utf-8")
    assert 'href="/docs/handbook/assets/glossary_plugin/glossary.css"' in not_found
    assert 'src="/docs/handbook/assets/glossary_plugin/glossary.js"' in not_found
    result = broken_links(site_dir, "https://example.org/docs/handbook/", pages=[site_dir / "404.html"])
    assert result.broken == []
    assert result.checked >= 2


@pytest.mark.parametrize("directory_urls", [True, False], ids=["directory-urls", "file-urls"])
def test_links_to_glossary_entries_pass_mkdocs_anchor_validation(
    tmp_path: Path, plugin_log: PluginLog, directory_urls: bool
) -> None:
    """With `validation: anchors: warn`, MkDocs checks hand-written links to the glossary's entries too.

    The entries are added after Markdown is rendered, so the plugin must tell MkDocs they exist (and it
    checks alias anchors itself, rewriting them): a strict build of correct links must pass.
    """
    site = make_site(tmp_path)
    try:
        site.build(strict=True, use_directory_urls=directory_urls, validation={"anchors": "warn"})
    except Abort as error:
        pytest.fail(f"links to existing glossary entries failed MkDocs' anchor validation: {error}")
    assert plugin_log.take() == []


def test_broken_glossary_anchor_is_reported_once_under_anchor_validation(
    tmp_path: Path, plugin_log: PluginLog, caplog: pytest.LogCaptureFixture
) -> None:
    """The plugin checks links to its anchors itself, with a did-you-mean; MkDocs does not report them again."""
    site = make_site(tmp_path)
    site.page("broken.md", "# Broken\n\nSee [nothing](glossary.md#tokn).\n")
    with pytest.raises(Abort):
        site.build(strict=True, validation={"anchors": "warn"})
    finding = "docs/broken.md:3:27: undefined-term: '#tokn' is not an entry of the glossary (did you mean '#token'?)"
    assert plugin_log.take() == [finding]
    reports = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING and "#tokn" in r.getMessage()]
    assert reports == [f"glossary_plugin: {finding}"]
