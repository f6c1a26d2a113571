"""Readers on phones, in search, on the glossary page, in print (issue 15), on each theme of `conftest.THEMES`.

A tap opens a term's definition without leaving the page, a second tap
follows the link; each theme's own search UI finds a term's entry and lands
on it; the glossary page has a heading per letter, a sticky A-Z bar and a
filter; every text the plugin adds has a contrast of 4.5:1 or more, light and
dark; printing shows no tooltip. Screenshots of each state go to
tests/screenshots/.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal
from urllib.parse import unquote

import pytest
from playwright.sync_api import Browser, Locator, Page, ViewportSize
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from .conftest import EXTERNAL, Pages, ServedSite, _stand_in
from .test_tooltips import MIN_CONTRAST, NONE_VISIBLE, TERM, _js, normal, screenshot, shown_tooltip, terms

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = ViewportSize(width=375, height=667)
POPOVER = "#glossary-popover"
SEARCHED = "softmax"

POPOVER_STATE = """() => {
  const box = document.querySelector('#glossary-popover');
  if (!box || box.hidden || getComputedStyle(box).display === 'none') return null;
  const link = box.querySelector('a.glossary-popover-open-link');
  return {
    name: box.querySelector('.glossary-popover-name').textContent,
    definition: box.querySelector('.glossary-popover-definition').innerText.replace(/\\s+/g, ' ').trim(),
    link: link ? [link.textContent, link.getAttribute('href')] : null,
    scripts: box.querySelectorAll('script').length,
  };
}"""

# Every text the plugin adds, with its contrast against what is painted behind it.
CONTRASTS = _js(
    """
    const selectors = [
      'a.glossary-term', '.glossary-az a', '.glossary-letter', '.glossary-name', '.glossary-permalink',
      '.glossary-meta', '.glossary-meta a', '.glossary-filter-input', '.glossary-filter-status',
      '#glossary-popover', '#glossary-popover a', '.glossary-broken',
    ];
    const found = [];
    for (const selector of selectors) {
      for (const element of document.querySelectorAll(selector)) {
        const rect = element.getBoundingClientRect();
        if (!rect.width || !rect.height || getComputedStyle(element).visibility !== 'visible') continue;
        const background = backdropOf(element);
        const text = over(rgba(getComputedStyle(element).color), background);
        const opacity = opacityOf(element);
        found.push({ selector, ratio: contrast(text, background), opacity, text: element.textContent.slice(0, 30) });
      }
    }
    return found;
    """
)


def open_touch(pages: Pages, url: str, color_scheme: Literal["light", "dark"] = "light") -> Page:
    """A phone: a touch screen, a narrow viewport; console errors fail the test as in `Pages.open`."""
    return pages.open(url, viewport=PHONE, color_scheme=color_scheme, touch=True)


def popover(page: Page) -> Any:
    return page.evaluate(POPOVER_STATE)


def first_term(page: Page) -> Locator:
    term = terms(page).first
    term.scroll_into_view_if_needed()
    return term


def material_tooltips_visible(page: Page) -> int:
    script = _js("return visibleTooltips().filter((t) => t.matches('.md-tooltip2, .md-tooltip')).length;")
    return int(page.evaluate(script))


# -- touch -----------------------------------------------------------------------


def test_a_tap_opens_the_definition_and_keeps_the_url(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    page = open_touch(pages, demo.url())
    url = page.url
    term = first_term(page)
    name = term.get_attribute("data-glossary-term")
    assert name

    term.tap()
    page.wait_for_function(f"() => {{ const b = document.querySelector('{POPOVER}'); return b && !b.hidden; }}")
    page.wait_for_timeout(300)  # Material's tooltip, if it were to show, has shown by now
    shown = popover(page)
    assert page.url == url
    assert shown["name"] == name
    assert shown["link"] == ["Open in glossary", term.get_attribute("href")]
    assert shown["scripts"] == 0
    # The definition as the glossary page shows it: the same words as the plain one.
    assert normal(shown["definition"]).replace(" ", "") == normal(demo.definitions[name]).replace(" ", "")
    assert material_tooltips_visible(page) == 0, "two tooltips at once"
    screenshot(page, screenshots, f"readers-{demo.theme.name}-tap.png")

    # A tap elsewhere closes it; Escape too.
    page.locator("h1").filter(visible=True).first.tap()
    page.wait_for_function(f"() => document.querySelector('{POPOVER}').hidden")
    assert page.url == url
    term.tap()
    assert popover(page) is not None
    page.keyboard.press("Escape")
    assert popover(page) is None

    # A second tap on the term follows it.
    term.tap()
    assert popover(page) is not None
    term.tap()
    page.wait_for_url(demo.url("glossary/") + "#*")
    assert page.url.endswith(term_href_fragment(shown["link"][1]))


def term_href_fragment(term_href: str) -> str:
    return "#" + term_href.split("#", 1)[1]


def test_a_tap_on_open_in_glossary_follows_it(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    page = open_touch(pages, demo.url(), color_scheme="dark")
    term = first_term(page)
    fragment = term_href_fragment(term.get_attribute("href") or "")
    term.tap()
    assert popover(page) is not None
    screenshot(page, screenshots, f"readers-{demo.theme.name}-tap-dark.png")
    page.locator(f"{POPOVER} a.glossary-popover-open-link").tap()
    page.wait_for_url(demo.url("glossary/") + fragment)
    page.wait_for_function(
        "(id) => { const entry = document.getElementById(id);"
        " return !!entry && entry.getBoundingClientRect().top < innerHeight; }",
        arg=fragment[1:],
    )


def test_a_click_with_a_mouse_still_follows_the_link(demo: ServedSite, pages: Pages) -> None:
    page = pages.open(demo.url())
    term = terms(page).first
    fragment = term_href_fragment(term.get_attribute("href") or "")
    term.click()
    page.wait_for_url(demo.url("glossary/") + fragment)
    assert popover(page) is None


def test_each_term_link_is_described_by_its_definition_at_all_times(demo: ServedSite, pages: Pages) -> None:
    page = pages.open(demo.url())
    described = page.eval_on_selector_all(
        TERM,
        """(all) => all.map((term) => {
            const target = document.getElementById(term.getAttribute('aria-describedby'));
            return [term.dataset.glossaryTerm, target ? target.textContent : null, term.hasAttribute('title')];
        })""",
    )
    assert len(described) > 5
    for name, text, has_title in described:
        assert text == demo.definitions[name]
        # Our tooltip replaces the browser's; Material's own tooltip reads `title`.
        assert has_title is demo.theme.material_tooltips


# -- Material's tooltips and the link cue ------------------------------------------


def test_term_links_look_like_links_not_abbreviations(demo: ServedSite, pages: Pages) -> None:
    page = pages.open(demo.url())
    style = terms(page).first.evaluate(
        "(t) => { const s = getComputedStyle(t); return [s.textDecorationLine, s.textDecorationStyle, s.cursor]; }"
    )
    assert style == ["underline", "solid", "pointer"]


def test_material_tooltips_are_readable_and_bordered_in_forced_colours(demo: ServedSite, browser: Browser) -> None:
    for forced in ("none", "active"):
        context = browser.new_context(forced_colors=forced)
        context.route(EXTERNAL, _stand_in)
        try:
            page = context.new_page()
            page.goto(demo.url(), wait_until="load")
            terms(page).first.hover()
            shown_tooltip(page)
            box = page.evaluate(
                _js(
                    """
                    const tip = visibleTooltips()[0];
                    const box = boxOf(tip);
                    const s = getComputedStyle(box);
                    const root = parseFloat(getComputedStyle(document.documentElement).fontSize);
                    const body = getComputedStyle(document.querySelector('.md-typeset, [role=main], body'));
                    return { weight: +s.fontWeight, bodyWeight: +body.fontWeight, size: parseFloat(s.fontSize) / root,
                             border: parseFloat(s.borderTopWidth), borderStyle: s.borderTopStyle };
                    """
                )
            )
            assert box["weight"] <= max(box["bodyWeight"], 400), box
            assert box["size"] >= 0.7 - 1e-6, box
            if forced == "active":
                assert box["border"] >= 1 and box["borderStyle"] == "solid", box
        finally:
            context.close()


# -- print -------------------------------------------------------------------------


def test_print_shows_no_tooltip(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    page = pages.open(demo.url())
    terms(page).first.hover()
    shown_tooltip(page)
    page.emulate_media(media="print")
    page.wait_for_function(NONE_VISIBLE)
    screenshot(page, screenshots, f"readers-{demo.theme.name}-print.png")

    phone = open_touch(pages, demo.url())
    first_term(phone).tap()
    assert popover(phone) is not None
    phone.emulate_media(media="print")
    assert popover(phone) is None


# -- search ------------------------------------------------------------------------


def search_in_theme(page: Page, demo: ServedSite, query: str) -> str:
    """Search `query` through the theme's own search UI; the href of the first result."""
    name = demo.theme.name
    if name == "mkdocs":
        page.locator('a[data-bs-target="#mkdocs_search_modal"]').click()
        first = page.locator("#mkdocs-search-results a").first
        # Keys typed before the search worker has loaded its index find nothing: type again (bounded).
        for _ in range(3):
            page.locator("#mkdocs-search-query").fill("")
            page.locator("#mkdocs-search-query").press_sequentially(query)
            try:
                first.wait_for(timeout=10_000)
                break
            except PlaywrightTimeoutError:
                continue
    elif name == "readthedocs":
        page.locator("#rtd-search-form input[name=q]").fill(query)
        page.locator("#rtd-search-form input[name=q]").press("Enter")
        page.wait_for_url("**/search.html?q=*")
        first = page.locator("#mkdocs-search-results a").first
    else:
        page.locator("input.md-search__input").click()
        page.locator("input.md-search__input").press_sequentially(query)
        # Material groups results by page, the page's own title first: the first section found.
        first = (
            page.locator(".md-search-result__list > .md-search-result__item")
            .first.locator('a.md-search-result__link[href*="#"]')
            .first
        )
    first.wait_for()
    href = first.evaluate("(a) => a.href")
    first.click()
    return str(href)


def test_searching_a_term_lands_on_its_entry(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    page = pages.open(demo.url())
    href = search_in_theme(page, demo, SEARCHED)
    assert href == demo.url(f"glossary/#{SEARCHED}")
    page.wait_for_url(demo.url(f"glossary/#{SEARCHED}"))
    landed = page.wait_for_function(
        """(id) => {
            const h = document.getElementById(id);
            const r = h && h.getBoundingClientRect();
            return r && r.top >= 0 && r.bottom <= innerHeight && h.matches(':target') && h.tagName;
        }""",
        arg=SEARCHED,
    )
    assert landed.json_value() == "H3"
    highlighted = page.evaluate(
        _js(
            "const entry = document.getElementById(arg).parentElement;"
            "return luminance(backdropOf(entry)) !== luminance(backdropOf(entry.parentElement));"
        ),
        SEARCHED,
    )
    assert highlighted, "the entry arrived at is not marked"
    screenshot(page, screenshots, f"readers-{demo.theme.name}-search-landed.png")


# -- the glossary page -------------------------------------------------------------


def test_the_glossary_page_has_a_heading_per_letter_and_per_entry(demo: ServedSite, pages: Pages) -> None:
    page = pages.open(demo.url("glossary/"))
    letters = page.locator(".glossary-az a").all_inner_texts()
    headings = page.locator(".glossary-list h2").all_inner_texts()
    assert [normal(text) for text in headings] == [normal(text) for text in letters]
    assert len(letters) > 10
    entries = page.locator(".glossary-list section.glossary-entry > h3")
    assert entries.count() == len(demo.definitions)
    assert page.locator(".glossary-list section.glossary-entry > h3:not([id])").count() == 0


FIRST_USE_LANDED = """(id) => {
    const use = document.getElementById(id);
    if (!use) return null;
    const r = use.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return {
        inView: r.top >= 0 && r.bottom <= innerHeight,
        onTop: hit === use || use.contains(hit),
        target: use.matches(':target, .glossary-landed'),
        outlined: getComputedStyle(use).outlineStyle !== 'none',
        depth: r.top + scrollY,
        scrolled: scrollY,
    };
}"""


def test_used_on_lands_on_the_first_use_and_marks_it(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    page = pages.open(demo.url("glossary/"))
    backlinks = page.locator(".glossary-backlinks a")
    hrefs = page.evaluate("() => [...document.querySelectorAll('.glossary-backlinks a')].map((a) => a.href)")
    uses = [(index, href) for index, href in enumerate(hrefs) if "#glossary-use:" in href]
    assert len(uses) > len(hrefs) / 2, "most pages link the terms they use"
    # The deepest of a sample of first uses, found by opening each: one the reader must scroll to.
    deepest: tuple[float, int, str] = (-1.0, -1, "")
    for index, href in uses[:: max(1, len(uses) // 12)]:
        page.goto(href)
        element_id = unquote(href.split("#", 1)[1])
        landed = page.wait_for_function(FIRST_USE_LANDED, arg=element_id).json_value()
        deepest = max(deepest, (landed["depth"], index, href))
    depth, index, href = deepest
    page.goto(demo.url("glossary/"))
    viewport_height = page.evaluate("() => innerHeight")
    assert depth > viewport_height, "no sampled first use is below the fold"
    backlinks.nth(index).click()
    page.wait_for_url(href)
    element_id = unquote(href.split("#", 1)[1])
    page.wait_for_function(f"(id) => ({FIRST_USE_LANDED})(id)?.inView", arg=element_id)
    page.wait_for_timeout(200)  # the theme's own scrolling settles
    landed = page.evaluate(FIRST_USE_LANDED, element_id)
    assert landed["inView"] and landed["onTop"] and landed["scrolled"] > 0, landed  # not under a fixed header
    assert landed["target"] and landed["outlined"], landed
    screenshot(page, screenshots, f"readers-{demo.theme.name}-used-on-landed.png")


def test_the_letter_bar_stays_in_reach_with_large_targets(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    for viewport in (None, PHONE):
        page = pages.open(demo.url("glossary/"), viewport=viewport)
        page.evaluate("() => window.scrollTo(0, 4000)")
        page.wait_for_timeout(300)
        reach = page.evaluate(
            """() => {
                const links = [...document.querySelectorAll('.glossary-az a')];
                const first = links[0].getBoundingClientRect();
                const hit = document.elementFromPoint(first.left + first.width / 2, first.top + first.height / 2);
                return {
                    scrolled: scrollY, top: first.top, onTop: hit === links[0] || links[0].contains(hit),
                    smallest: Math.min(...links.map((a) => Math.min(a.getBoundingClientRect().width,
                                                                    a.getBoundingClientRect().height))),
                };
            }"""
        )
        assert reach["scrolled"] > 1000, reach
        assert 0 <= reach["top"] < 200 and reach["onTop"], reach
        assert reach["smallest"] >= 24, reach
        name = "phone" if viewport else "desktop"
        screenshot(page, screenshots, f"readers-{demo.theme.name}-glossary-scrolled-{name}.png")


def check_filter(page: Page, total: int) -> None:
    field = page.locator(".glossary-filter-input")
    assert field.is_visible()
    field.fill("TOKEN")
    names = page.eval_on_selector_all(
        "section.glossary-entry:not([hidden])", "(all) => all.map((e) => e.dataset.glossaryNames)"
    )
    assert 0 < len(names) < total
    assert all("token" in entry.lower() for entry in names)
    hidden_groups = page.locator("section.glossary-group[hidden]").count()
    assert hidden_groups > 0
    assert page.locator(".glossary-filter-status").inner_text() == f"{len(names)} of {total} terms"
    field.fill("no such term at all")
    assert page.locator("section.glossary-entry:not([hidden])").count() == 0
    assert page.locator(".glossary-filter-status").inner_text() == "No term matches."
    field.fill("")
    assert page.locator("section.glossary-entry:not([hidden])").count() == total


def test_the_filter_narrows_the_list_as_one_types(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    page = pages.open(demo.url("glossary/"))
    check_filter(page, len(demo.definitions))
    page.locator(".glossary-filter-input").fill("token")
    screenshot(page, screenshots, f"readers-{demo.theme.name}-filter.png")

    without = pages.open(demo.url("glossary/"), javascript=False)
    assert not without.locator(".glossary-filter").is_visible()
    assert without.locator("section.glossary-entry").count() == len(demo.definitions)


def test_the_filter_works_from_a_file(demo: ServedSite, browser: Browser) -> None:
    """Opened from disk, without a server (console errors of the theme's own fetches are not ours)."""
    context = browser.new_context()
    context.route(EXTERNAL, _stand_in)
    try:
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(error.message))
        page.goto((demo.site_dir / "glossary" / "index.html").as_uri(), wait_until="load")
        check_filter(page, len(demo.definitions))
        assert not [error for error in errors if "glossary" in error], errors
    finally:
        context.close()


# -- contrast ----------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_text_the_plugin_adds_has_enough_contrast(
    demo: ServedSite, pages: Pages, screenshots: Path, scheme: Literal["light", "dark"]
) -> None:
    measured: list[dict[str, Any]] = []
    page = pages.open(demo.url("glossary/#softmax"), color_scheme=scheme)
    page.locator(".glossary-filter-input").fill("to")
    measured += page.evaluate(CONTRASTS)
    screenshot(page, screenshots, f"readers-{demo.theme.name}-glossary-{scheme}.png")
    phone = open_touch(pages, demo.url(), color_scheme=scheme)
    first_term(phone).tap()
    assert popover(phone) is not None
    measured += phone.evaluate(CONTRASTS)
    selectors = {found["selector"] for found in measured}
    assert {".glossary-meta a", ".glossary-az a", ".glossary-name", "#glossary-popover", "a.glossary-term"} <= selectors
    lowest: dict[str, dict[str, Any]] = {}
    for found in measured:
        if found["selector"] not in lowest or found["ratio"] < lowest[found["selector"]]["ratio"]:
            lowest[found["selector"]] = found
    print(f"{demo.theme.name} {scheme}:", {selector: round(found["ratio"], 2) for selector, found in lowest.items()})
    low = [found for found in lowest.values() if found["ratio"] < MIN_CONTRAST or found["opacity"] < 0.99]
    assert low == [], low
