"""Script in glossary definitions never runs in Chromium: on load, hover, focus, tap or click, on two themes.

The glossary below is what a hostile pull request could write: every
payload, if it ever ran, would set `window.__pwned`. The site is built on
the mkdocs theme and on Material with `content.tooltips` (whose tooltip
inserts a `title` as HTML) and `navigation.instant`, served, and driven
through every term link, every link and every element with a tooltip on the
glossary page and on a page that uses the terms. Payloads in `link:` never
reach a page: the build stops with a located error instead.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from playwright.sync_api import BrowserContext, ConsoleMessage, Error, Page, Route
from playwright.sync_api import Error as PlaywrightError

from .conftest import DESKTOP, EXTERNAL, THEMES, TIMEOUT_MS, Pages, Theme, _Servers, _stand_in

pytestmark = [pytest.mark.browser, pytest.mark.slow]

MARKER = "__pwned"
SETTLE_MS = 150
# Longer than Material's tooltip takes to appear (and insert its title).
HOVER_MS = 400
# Each definition is Markdown that, rendered naively, runs `window.__pwned = N` (or defines it).
PAYLOADS = {
    "image handler": '![broken](../broken.png){: onerror="window.__pwned=1"} A broken image.',
    "hover handler": 'A *word*{: onmouseover="window.__pwned=2" onfocus="window.__pwned=2" tabindex="0"} to hover.',
    "block handler": 'A paragraph with handlers.\n{: onclick="window.__pwned=3" onpointerdown="window.__pwned=3"}',
    "script link": "Click [me](javascript:void(window.__pwned=4)) or [me too](JaVaScRiPt:void(window.__pwned=4)).",
    "encoded link": (
        "Click [me](java&#9;script:void(window.__pwned=5)) or [me](&#x20;javascript:void(window.__pwned=5))."
    ),
    "reference link": "Click [me][r].\n\n[r]: javascript:void(window.__pwned=6)",
    "data link": "Click [me](data:text/html,<script>parent.__pwned=7</script>).",
    "link title": 'A [site](https://example.com/ "<img src=x onerror=window.__pwned=8>") with a title.',
    "attribute title": 'A *titled*{: title="<img src=x onerror=window.__pwned=9>"} word.',
    "abbreviation title": "An HTML word.\n\n*[HTML]: <img src=x onerror=window.__pwned=10>",
    "raw html": 'Raw <img src=x onerror="window.__pwned=11"> and <a href="javascript:void(window.__pwned=11)">a</a>.',
    "clobbering id": "An element named after the marker.\n{: #__pwned }",
    # Names other terms, so that the glossary page has term links and tooltips of its own.
    "footnote": (
        "A claim[^1] like the link title and the abbreviation title.\n\n"
        "[^1]: The *note*, [linked](javascript:void(window.__pwned=12))."
    ),
    "style": 'A *styled*{: style="background:url(javascript:void(window.__pwned=13))"} word.',
}
# A page that uses every term, so every term link and its tooltip are met outside the glossary too.
USES = "# Uses\n\n" + "\n\n".join(f"About the {name}." for name in PAYLOADS) + "\n"
MARKDOWN_EXTENSIONS = ["abbr", "attr_list", "footnotes", "admonition", {"toc": {"permalink": True}}]
BROKEN_IMAGE = b"not an image"  # served with status 200: the image fails to decode, and fires `error`
LINK_PAYLOADS = [
    "javascript:window.__pwned=1",
    "JaVaScRiPt:window.__pwned=1",
    "  javascript:window.__pwned=1",
    "java\tscript:window.__pwned=1",
    "java\nscript:window.__pwned=1",
    "\u0001javascript:window.__pwned=1",
    "data:text/html,<script>window.__pwned=1</script>",
    "vbscript:msgbox(1)",
    "&#106;avascript:window.__pwned=1",
]
THEMES_UNDER_TEST = [theme for theme in THEMES if theme.name in ("mkdocs", "material")]
# What a reader can point at, focus, tap or click in a page's content (mkdocs theme, Material).
_ROOTS = ("[role=main]", ".md-content")
_ACTIONABLE = ("a", "[title]", "abbr", "img", "[tabindex]", ".glossary-definition p")
TARGETS = ", ".join(f"{root} {element}" for root in _ROOTS for element in _ACTIONABLE)


@dataclass(frozen=True)
class PayloadSite:
    theme: Theme
    base_url: str

    def url(self, path: str = "") -> str:
        return self.base_url + path


def _write_project(root: Path) -> Path:
    terms = {name: {"definition": definition} for name, definition in PAYLOADS.items()}
    (root / "docs").mkdir(parents=True)
    (root / "glossary.yaml").write_text(yaml.safe_dump({"terms": terms}, sort_keys=False), encoding="utf-8")
    (root / "docs" / "index.md").write_text(USES, encoding="utf-8")
    (root / "docs" / "broken.png").write_bytes(BROKEN_IMAGE)
    config = {
        "site_name": "Payloads",
        "docs_dir": "docs",
        "plugins": ["search", "glossary"],
        "markdown_extensions": MARKDOWN_EXTENSIONS,
    }
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root / "mkdocs.yml"


@pytest.fixture(scope="module", params=THEMES_UNDER_TEST, ids=[theme.name for theme in THEMES_UNDER_TEST])
def payload_site(
    request: pytest.FixtureRequest, servers: _Servers, tmp_path_factory: pytest.TempPathFactory
) -> PayloadSite:
    theme: Theme = request.param
    config_file = _write_project(tmp_path_factory.mktemp(f"payloads-{theme.name}"))
    site_dir = config_file.parent / "site"
    base_url = servers.serve(site_dir)
    build(load_config(str(config_file), site_dir=str(site_dir), theme=dict(theme.config), site_url=base_url))
    return PayloadSite(theme, base_url)


# -- the browser -------------------------------------------------------------


def _stay(page_url: str, route: Route) -> None:
    """Following a link answers 204 No Content, so the browser stays on the page under test.

    A `javascript:` URL runs in the page without any request, so it still
    runs; every other link is only kept from unloading the page (and the
    marker with it). Requests off the site go as in the other browser tests.
    """
    request = route.request
    if request.is_navigation_request() and request.url.split("#")[0] != page_url:
        route.fulfill(status=204)
    elif EXTERNAL.match(request.url):
        _stand_in(route)
    else:
        route.fallback()


def _record(pages: Pages, page: Page) -> None:
    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            pages.errors.append(f"{page.url}: console error: {message.text}")

    def page_error(error: Error) -> None:
        pages.errors.append(f"{page.url}: uncaught {error.name}: {error.message}")

    page.on("console", console)
    page.on("pageerror", page_error)


def open_page(pages: Pages, url: str, *, touch: bool = False) -> Page:
    """A fresh context (a phone's, with `touch`) whose console errors fail the test, on `url`."""
    options: dict[str, Any] = {"has_touch": True, "is_mobile": True} if touch else {"viewport": DESKTOP}
    context: BrowserContext = pages.browser.new_context(**options)
    context.set_default_timeout(TIMEOUT_MS)
    context.route("**/*", functools.partial(_stay, url.split("#")[0]))
    pages.contexts.append(context)
    page = context.new_page()
    _record(pages, page)
    page.goto(url, wait_until="load")
    page.wait_for_timeout(SETTLE_MS)
    return page


def pwned(page: Page) -> Any:
    """The marker as the page holds it; a payload sets it, an element with its id defines it."""
    return page.evaluate(f"() => typeof window.{MARKER} === 'undefined' ? null : String(window.{MARKER})")


def targets(page: Page) -> int:
    """How many elements a reader can act on, after marking each with its number."""
    count: int = page.evaluate(
        """(selector) => {
          const found = [...new Set(document.querySelectorAll(selector))]
            .filter((element) => !element.closest('.md-tooltip2, .md-tooltip, .glossary-tooltip'))
            .filter((element) => element.getClientRects().length > 0);
          found.forEach((element, index) => element.setAttribute('data-xss-target', String(index)));
          return found.length;
        }""",
        TARGETS,
    )
    return count


def target(page: Page, index: int) -> Any:
    return page.locator(f'[data-xss-target="{index}"]')


def same_document(page: Page, url: str) -> bool:
    return page.url.split("#")[0] == url.split("#")[0]


def act_on_every_target(page: Page, url: str, act: str) -> list[str]:
    """`act` ('tap' or 'click') on each target in turn; the marker after each, where it was set.

    Links to other pages leave the page where it is (see `_stay`), but
    Material's instant navigation swaps the page's content in: then the page
    is loaded again before the next target (and an action that met the swap
    is tried once more).
    """
    found = []
    count = targets(page)
    assert count >= len(PAYLOADS)
    for index in range(count):
        for attempt in (1, 2):
            if not same_document(page, url) or page.locator("[data-xss-target]").count() != count:
                page.goto(url, wait_until="load")
                page.wait_for_timeout(SETTLE_MS)
                assert targets(page) == count
            element = target(page, index)
            try:
                element.scroll_into_view_if_needed()
                description = element.evaluate("(e) => e.outerHTML.slice(0, 160)")
                getattr(element, act)(force=True)
            except PlaywrightError:
                if attempt == 2:
                    raise
                continue
            break
        page.wait_for_timeout(SETTLE_MS)
        page.wait_for_load_state("load")
        if pwned(page) is not None:
            found.append(f"{act} on {description}: {pwned(page)}")
    return found


def point_at_every_target(page: Page) -> list[str]:
    """Hover and focus each target in turn; the marker after each, where it was set."""
    found = []
    for index in range(targets(page)):
        element = target(page, index)
        element.scroll_into_view_if_needed()
        element.hover(force=True)
        page.wait_for_timeout(HOVER_MS)
        element.focus()
        page.wait_for_timeout(SETTLE_MS)
        page.mouse.move(0, 0)
        if pwned(page) is not None:
            found.append(f"hover or focus on {element.evaluate('(e) => e.outerHTML.slice(0, 160)')}: {pwned(page)}")
    return found


PAGES = ["", "glossary/"]


@pytest.mark.parametrize("path", PAGES, ids=["uses", "glossary"])
def test_nothing_runs_on_load_hover_or_focus(payload_site: PayloadSite, pages: Pages, path: str):
    page = open_page(pages, payload_site.url(path))
    assert pwned(page) is None, "a payload ran on load"
    assert page.locator("a.glossary-term").count() >= (len(PAYLOADS) if path == "" else 1)
    assert point_at_every_target(page) == []


@pytest.mark.parametrize("path", PAGES, ids=["uses", "glossary"])
def test_nothing_runs_on_a_tap(payload_site: PayloadSite, pages: Pages, path: str):
    page = open_page(pages, payload_site.url(path), touch=True)
    assert act_on_every_target(page, payload_site.url(path), "tap") == []


@pytest.mark.parametrize("path", PAGES, ids=["uses", "glossary"])
def test_nothing_runs_on_a_click(payload_site: PayloadSite, pages: Pages, path: str):
    page = open_page(pages, payload_site.url(path))
    assert act_on_every_target(page, payload_site.url(path), "click") == []


def test_the_payloads_are_shown_not_lost(payload_site: PayloadSite, pages: Pages):
    """Sanitising keeps the readable part of each definition: the words, and titles as text."""
    page = open_page(pages, payload_site.url("glossary/"))
    text = page.locator(".glossary-list").inner_text()
    for words in ("A broken image.", "to hover.", "A paragraph with handlers.", "with a title.", "A claim"):
        assert words in text
    assert 'Raw <img src=x onerror="window.__pwned=11">' in text
    titles = page.eval_on_selector_all(".glossary-definition [title]", "(all) => all.map((e) => e.title)")
    assert "&lt;img src=x onerror=window.__pwned=8>" in titles
    hrefs = page.eval_on_selector_all(".glossary-definition a[href]", "(all) => all.map((a) => a.href)")
    assert hrefs and not [href for href in hrefs if not re.match(r"https?:", href)]


# -- link: payloads never reach a page -----------------------------------------


@pytest.mark.parametrize("link", LINK_PAYLOADS)
def test_a_script_link_stops_the_build_with_its_place(tmp_path: Path, caplog: pytest.LogCaptureFixture, link: str):
    glossary = {"terms": {"token": {"definition": "A unit of text.", "link": link}}}
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nA token.\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(yaml.safe_dump(glossary, sort_keys=False), encoding="utf-8")
    config = {"site_name": "Links", "docs_dir": "docs", "plugins": ["glossary"]}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(Abort):
        build(load_config(str(tmp_path / "mkdocs.yml")))
    errors = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert len(errors) == 1
    assert re.search(r"^glossary\.yaml:4:11: glossary-invalid: `link` of 'token' cannot be used: ", errors[0], re.M)
    assert not (tmp_path / "site" / "index.html").exists()
