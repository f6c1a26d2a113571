"""A site's own label texts (the `labels` option) run nothing in Chromium, on every theme.

Every label is overridden with a script injection attempt that, if it ever ran, would set
`window.glossaryXss` to its own number. The site is built with its glossary page generated (its
title is the `glossary` label), a term used on a page, a see-also, an alias and a reference to a
missing term (the `not_in_glossary` title). Then the pages are loaded, every term hovered and
focused, tapped on a phone (the popover's "Open in glossary" is a label), the glossary page's
filter typed into (its count and "no match" are labels), and every link clicked.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import Page, Route

from glossary_plugin.core.labels import LABEL_KEYS

from .conftest import Pages, Theme, _Servers, build_and_serve

pytestmark = pytest.mark.browser

PLACEHOLDERS = {"link_to": "{name}", "not_in_glossary": "{name}", "matches": "{shown} {total}"}


def _payload(number: int, key: str) -> str:
    return (
        f"<img src=x onerror=window.glossaryXss={number}>"
        f"\"'><svg onload=window.glossaryXss={number}>[x](javascript:window.glossaryXss={number}) "
        + PLACEHOLDERS.get(key, "")
    )


LABELS = {key: _payload(number, key) for number, key in enumerate(LABEL_KEYS, start=1)}


def _project(root: Path) -> Path:
    (root / "docs").mkdir(parents=True)
    glossary = {
        "terms": {
            "token": {"definition": "A unit of text.", "aliases": ["tok"], "see": ["tokenizer"]},
            "tokenizer": {"definition": "Splits text into tokens."},
        }
    }
    (root / "glossary.yaml").write_text(yaml.safe_dump(glossary), encoding="utf-8")
    page = """
        # Home

        A token and a tokenizer. A [[tokn]] reference to a missing term.
    """
    (root / "docs" / "index.md").write_text(textwrap.dedent(page).lstrip(), encoding="utf-8")
    config = {"site_name": "Labels", "plugins": ["search", {"glossary": {"labels": {"en": LABELS}}}]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="module")
def labels_site(theme: Theme, servers: _Servers, tmp_path_factory: pytest.TempPathFactory) -> str:
    return build_and_serve(_project(tmp_path_factory.mktemp(f"labels-{theme.name}")), theme, servers)


def _nothing_ran(page: Page) -> None:
    assert page.evaluate("window.glossaryXss") is None, page.url


OURS = "a.glossary-term, span.glossary-broken, a.glossary-permalink, .glossary-meta a, .glossary-az a, h1 a[href]"


def _stay_on(page: Page, url: str) -> None:
    """Following a link to another document answers 204: the page stays, and a payload that ran shows."""

    def stay(route: Route) -> None:
        request = route.request
        if request.is_navigation_request() and request.url.split("#")[0] != url:
            route.fulfill(status=204)
        else:
            route.fallback()

    page.route("**/*", stay)


def test_label_payloads_run_nothing_on_load_hover_focus_and_click(labels_site: str, pages: Pages) -> None:
    for path in ("", "glossary/"):
        page = pages.open(labels_site + path)
        _stay_on(page, labels_site + path)
        ours = page.locator(OURS)
        assert ours.count() >= 3, path
        for index in range(ours.count()):
            ours.nth(index).hover()
            ours.nth(index).focus()
        _nothing_ran(page)
        if path == "glossary/":
            box = page.locator(".glossary-filter-input")
            box.fill("zzz")  # "no match", then the count: both labels
            box.fill("tok")
            assert page.locator(".glossary-entry").filter(visible=True).count() == 2
            # The page's title is the `glossary` label, as text.
            assert "<img src=x onerror=window.glossaryXss=1>" in page.locator("h1").first.inner_text()
        for index in range(ours.count()):  # each from the page as loaded (instant navigation swaps content)
            page.goto(labels_site + path, wait_until="load")
            page.locator(OURS).nth(index).click(force=True)
            page.wait_for_timeout(100)
            _nothing_ran(page)


def test_label_payloads_run_nothing_in_the_tap_popover(labels_site: str, pages: Pages) -> None:
    page = pages.open(labels_site, touch=True)
    page.locator("a.glossary-term[data-glossary-term='token']").first.tap()
    popover = page.locator("#glossary-popover")
    popover.wait_for(state="visible")
    page.wait_for_selector("#glossary-popover .glossary-popover-definition[data-glossary-rich]")
    # "Open in glossary" says what the site wrote, as text.
    assert "<img src=x onerror=window.glossaryXss=" in popover.inner_text()
    _nothing_ran(page)
    popover.locator("a").last.tap()
    page.wait_for_url(labels_site + "glossary/#token", wait_until="load")
    _nothing_ran(page)
