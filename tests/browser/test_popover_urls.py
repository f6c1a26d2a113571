"""The tap popover's links, judged as Chromium reads their final href (issue: hostile glossaries, round two).

A definition link such as ``../javascript:...`` has no scheme, so it passes
the build's URL rule; rebased by string for a root page it once became
``javascript:...``. Here every term of a payload glossary is tapped on pages
at the root and below it, on the three themes, with directory URLs on and
off: every link the popover shows must be an http(s) or mailto URL, the
relative ones on this site, and tapping each runs nothing. Under Material's
instant navigation the popovers of the page navigated to must name that
page's definitions, with links that lead to real pages (item 9).
"""

from __future__ import annotations

import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import Page

from .conftest import THEMES, Pages, Theme, _Servers
from .test_xss import open_page, pwned

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARK = "window.__pwned"
RELATIVE_SCRIPTS = [
    f"../javascript:void({MARK}=21)",
    f"../../javascript:void({MARK}=22)",
    f"./javascript:void({MARK}=23)",
    f"..//javascript:void({MARK}=24)",
    f"../JaVaScRiPt:void({MARK}=25)",
    f"../java%09script:void({MARK}=26)",
]
GLOSSARY = {
    "terms": {
        "climb": {
            "definition": "Up: " + ", ".join(f"[{n}]({url})" for n, url in enumerate(RELATIVE_SCRIPTS)) + ".",
        },
        "chain": {"definition": "Names the [[climb]] and [the page](deep/page.md#below), see [[chain]]."},
        "plain": {"definition": "Mail [us](mailto:team@example.org) or read [the site](https://example.org/)."},
    }
}
PAGES = {
    "index.md": "# Home\n\nA climb, a chain and a plain word.\n\nGo [deeper](deep/page.md).\n",
    "deep/page.md": "# Deep\n\nA chain and a climb.\n\n## Below\n\nBack [home](../index.md).\n",
}
POPOVER_LINKS = """() => [...document.querySelectorAll('#glossary-popover .glossary-popover-definition a')]
  .map((a) => ({ href: a.href, attribute: a.getAttribute('href') }))"""


@dataclass(frozen=True)
class Variant:
    theme: Theme
    directory_urls: bool

    @property
    def name(self) -> str:
        return f"{self.theme.name}-{'dirs' if self.directory_urls else 'files'}"


VARIANTS = [Variant(theme, directory_urls) for theme in THEMES for directory_urls in (True, False)]


@dataclass(frozen=True)
class PopoverSite:
    variant: Variant
    base_url: str

    def url(self, source: str) -> str:
        path = source.removesuffix(".md")
        if self.variant.directory_urls:
            path = "" if path == "index" else path.removesuffix("index") + "/"
        else:
            path += ".html"
        return self.base_url + path


def _write_project(root: Path, directory_urls: bool) -> Path:
    (root / "glossary.yaml").write_text(yaml.safe_dump(GLOSSARY, sort_keys=False), encoding="utf-8")
    for source, text in PAGES.items():
        (root / "docs" / source).parent.mkdir(parents=True, exist_ok=True)
        (root / "docs" / source).write_text(text, encoding="utf-8")
    config = {
        "site_name": "Popover URLs",
        "docs_dir": "docs",
        "use_directory_urls": directory_urls,
        "plugins": ["search", "glossary"],
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="module", params=VARIANTS, ids=[variant.name for variant in VARIANTS])
def popover_site(
    request: pytest.FixtureRequest, servers: _Servers, tmp_path_factory: pytest.TempPathFactory
) -> PopoverSite:
    variant: Variant = request.param
    config_file = _write_project(tmp_path_factory.mktemp(f"popover-{variant.name}"), variant.directory_urls)
    site_dir = config_file.parent / "site"
    base_url = servers.serve(site_dir)
    config = load_config(str(config_file), site_dir=str(site_dir), theme=dict(variant.theme.config), site_url=base_url)
    build(config)
    return PopoverSite(variant, base_url)


def tap_open(page: Page, name: str) -> list[dict[str, str]]:
    """Tap the term `name`; once its rich definition shows, the popover's links as the browser reads them."""
    term = page.locator(f'a.glossary-term[data-glossary-term="{name}"]').first
    term.scroll_into_view_if_needed()
    term.tap()
    page.wait_for_selector("#glossary-popover .glossary-popover-definition[data-glossary-rich]")
    links: list[dict[str, str]] = page.evaluate(POPOVER_LINKS)
    return links


def _status(url: str) -> int:
    with urllib.request.urlopen(url.split("#")[0], timeout=5) as response:  # the test's own server on 127.0.0.1
        status: int = response.status
        return status


@pytest.mark.parametrize("source", ["index.md", "deep/page.md"])
def test_every_popover_link_is_a_safe_url_and_tapping_it_runs_nothing(
    popover_site: PopoverSite, pages: Pages, source: str
):
    url = popover_site.url(source)
    page = open_page(pages, url, touch=True)
    names = page.eval_on_selector_all(
        "a.glossary-term", "(all) => [...new Set(all.map((a) => a.dataset.glossaryTerm))]"
    )
    assert "climb" in names and "chain" in names
    for name in names:
        links = tap_open(page, name)
        assert links, f"the definition of {name!r} shows its links"
        for link in links:
            scheme = link["href"].split(":", 1)[0]
            assert scheme in ("http", "https", "mailto"), link
            if scheme == "http":
                assert link["href"].startswith(popover_site.base_url), link
        for index in range(len(links)):
            page.locator("#glossary-popover .glossary-popover-definition a").nth(index).tap()
            page.wait_for_timeout(150)
            assert pwned(page) is None, f"tapping link {index} of {name!r} ran a payload"
            if not page.url.startswith(url):  # a link that left the page: back, and open the term again
                page.goto(url, wait_until="load")
            page.keyboard.press("Escape")  # closed, so that the next tap on the term opens it again
            if index + 1 < len(links):
                tap_open(page, name)
        page.goto(url, wait_until="load")
    assert pwned(page) is None


def test_relative_links_of_a_definition_lead_to_real_pages(popover_site: PopoverSite, pages: Pages):
    page = open_page(pages, popover_site.url("index.md"), touch=True)
    links = tap_open(page, "chain")
    targets = [link["href"] for link in links]
    assert len(targets) == 3
    glossary = popover_site.url("glossary.md")
    assert targets[0] == glossary + "#climb" and targets[2] == glossary + "#chain"
    assert targets[1] == popover_site.url("deep/page.md") + "#below"
    assert all(_status(target) == 200 for target in targets)


def _material_instant() -> Any:
    material = [variant for variant in VARIANTS if variant.theme.instant_navigation]
    return pytest.mark.parametrize("popover_site", material, ids=[v.name for v in material], indirect=True)


@_material_instant()
def test_after_instant_navigation_the_popover_shows_this_pages_definitions(popover_site: PopoverSite, pages: Pages):
    """Material swaps the content in without a load: the popover still reads the one definitions file, and
    its relative links resolve against the glossary page, not the page first loaded."""
    page = open_page(pages, popover_site.url("index.md"), touch=True)
    page.context.unroute("**/*")  # this test follows links for real
    loaded_once = page.evaluate("() => { window.__loads = (window.__loads || 0) + 1; return window.__loads; }")
    page.locator("a", has_text="deeper").first.click()
    page.wait_for_url(popover_site.url("deep/page.md"))
    page.wait_for_selector("h1:has-text('Deep')")
    assert page.evaluate("() => window.__loads") == loaded_once, "instant navigation: the page was not reloaded"
    links = tap_open(page, "chain")
    glossary = popover_site.url("glossary.md")
    assert [link["href"] for link in links] == [
        glossary + "#climb",
        popover_site.url("deep/page.md") + "#below",
        glossary + "#chain",
    ]
    name = page.locator("#glossary-popover .glossary-popover-name").inner_text()
    assert name == "chain"
