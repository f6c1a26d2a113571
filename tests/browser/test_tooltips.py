"""Tooltips as readers meet them: hover, keyboard, small screens, dark mode, Material, no JavaScript, payloads.

Every test runs on the demo (or the payload site) built with each theme of
`conftest.THEMES`. A tooltip counts as visible when it is rendered, not
`visibility: hidden`, has a size and is not fully transparent: Material fades
its tooltips in and out instead of removing them at once.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import pytest
from playwright.sync_api import Locator, Page, ViewportSize

from .conftest import PAYLOAD_TERMS, XSS_FLAG, Pages, ServedSite, Theme

TERM = "a.glossary-term[data-glossary-term]"
# Longer than any hide delay (ours, and Material's 250 ms debounce plus 250 ms fade).
STAY_MS = 700
NARROW = ViewportSize(width=375, height=667)
MIN_CONTRAST = 4.5

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Shared page-side helpers: which tooltips a reader can see, and colour maths.
_JS_LIBRARY = """
const TOOLTIPS = '[role="tooltip"], .glossary-tooltip, .md-tooltip2, .md-tooltip';

/* The element that draws a tooltip's box: Material's inner box, or the tooltip itself. */
function boxOf(tooltip) {
  return tooltip.querySelector(':scope > .md-tooltip2__inner, :scope > .md-tooltip__inner') || tooltip;
}

function opacityOf(element) {
  let opacity = 1;
  for (let node = element; node; node = node.parentElement) opacity *= parseFloat(getComputedStyle(node).opacity);
  return opacity;
}

function isVisible(tooltip) {
  const box = boxOf(tooltip);
  for (let node = box; node; node = node.parentElement) {
    if (getComputedStyle(node).display === 'none') return false;
  }
  const rect = box.getBoundingClientRect();
  return getComputedStyle(box).visibility === 'visible' && opacityOf(box) > 0.01 && rect.width > 0 && rect.height > 0;
}

function visibleTooltips() {
  return [...document.querySelectorAll(TOOLTIPS)]
    .filter((tooltip) => !tooltip.parentElement.closest(TOOLTIPS))
    .filter(isVisible);
}

function describe(tooltip) {
  const box = boxOf(tooltip);
  const rect = box.getBoundingClientRect();
  return {
    id: tooltip.id,
    role: tooltip.getAttribute('role'),
    material: tooltip.matches('.md-tooltip2, .md-tooltip'),
    text: box.innerText.replace(/\\s+/g, ' ').trim(),
    elements: box.querySelectorAll('*').length,
    opacity: opacityOf(box),
    left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom,
  };
}

/* Any CSS colour as [r, g, b, a] (0-255, alpha 0-1), as the browser itself resolves it. */
function rgba(css) {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = 1;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.fillStyle = css;
  context.fillRect(0, 0, 1, 1);
  const [r, g, b, a] = context.getImageData(0, 0, 1, 1).data;
  return [r, g, b, a / 255];
}

function over(top, bottom) {
  const alpha = top[3];
  return [0, 1, 2].map((i) => top[i] * alpha + bottom[i] * (1 - alpha)).concat([1]);
}

/* The opaque colour behind `element`'s text: its own and its ancestors' backgrounds, composited. */
function backdropOf(element) {
  const layers = [];
  for (let node = element; node; node = node.parentElement) {
    const colour = rgba(getComputedStyle(node).backgroundColor);
    layers.push(colour);
    if (colour[3] >= 1) break;
  }
  return layers.reverse().reduce((below, layer) => over(layer, below), [255, 255, 255, 1]);
}

function luminance(colour) {
  const [r, g, b] = colour.slice(0, 3).map((value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(one, two) {
  const [light, dark] = [luminance(one), luminance(two)].sort((a, b) => b - a);
  return (light + 0.05) / (dark + 0.05);
}
"""


def _js(body: str) -> str:
    """A page function with the helper library in scope."""
    return f"(arg) => {{ {_JS_LIBRARY}\n{body} }}"


VISIBLE_TOOLTIPS = _js("return visibleTooltips().map(describe);")
SETTLED = _js("const shown = visibleTooltips(); return shown.length > 0 && shown.every((t) => opacityOf(t) > 0.99);")
NONE_VISIBLE = _js("return visibleTooltips().length === 0;")
TOOLTIP_CONTRAST = _js(
    """
    const box = boxOf(visibleTooltips()[0]);
    const background = backdropOf(box);
    const text = over(rgba(getComputedStyle(box).color), background);
    return { ratio: contrast(text, background), text, background };
    """
)
TERM_BACKDROP_LUMINANCE = _js("return luminance(backdropOf(document.querySelector(arg)));")
DESCRIBED_BY = _js(
    """
    const term = document.activeElement;
    const id = term.getAttribute('aria-describedby');
    const target = id ? document.getElementById(id) : null;
    return {
      term: term.matches(arg) ? term.getAttribute('data-glossary-term') : null,
      role: target ? target.getAttribute('role') : null,
      text: target ? target.textContent.replace(/\\s+/g, ' ').trim() : null,
    };
    """
)
# The term closest to the right edge among those that can be scrolled to the bottom edge; scrolls it there.
PLACE_TERM_AT_EDGE = """(selector) => {
  const terms = [...document.querySelectorAll(selector)];
  const height = document.documentElement.clientHeight;
  let best = -1;
  let right = -1;
  terms.forEach((term, index) => {
    const rects = term.getClientRects();
    const rect = term.getBoundingClientRect();
    const top = rect.top + window.scrollY;
    const visible = getComputedStyle(term).visibility === 'visible' && rect.width > 0;
    if (visible && rects.length === 1 && top > height && rect.right > right) {
      best = index;
      right = rect.right;
    }
  });
  const rect = terms[best].getBoundingClientRect();
  window.scrollBy(0, rect.bottom - (height - 12));
  return best;
}"""


def visible_tooltips(page: Page) -> list[dict[str, Any]]:
    return list(page.evaluate(VISIBLE_TOOLTIPS))


def shown_tooltip(page: Page) -> dict[str, Any]:
    """The one tooltip on screen, once it has fully appeared."""
    page.wait_for_function(SETTLED)
    shown = visible_tooltips(page)
    assert len(shown) == 1, f"expected exactly one visible tooltip, got {shown}"
    return shown[0]


def wait_until_hidden(page: Page) -> None:
    page.wait_for_function(NONE_VISIBLE)


def normal(text: str) -> str:
    return " ".join(text.split())


def terms(page: Page) -> Locator:
    """Term links a reader can see (not those in a collapsed menu)."""
    return page.locator(TERM).filter(visible=True)


def name_of(term: Locator) -> str:
    name = term.get_attribute("data-glossary-term")
    assert name
    return name


def screenshot(page: Page, folder: Path, name: str) -> None:
    path = folder / name
    page.screenshot(path=path)
    assert path.stat().st_size > 0


def move_onto(page: Page, term: Locator, tooltip: dict[str, Any]) -> None:
    """Move the pointer from the term's centre onto the tooltip by the shortest way, not across other terms."""
    box = term.bounding_box()
    assert box
    x = box["x"] + box["width"] / 2
    target_x = min(max(x, tooltip["left"] + 4), tooltip["right"] - 4)
    below = tooltip["top"] >= box["y"] + box["height"] / 2
    target_y = tooltip["top"] + 4 if below else tooltip["bottom"] - 4
    page.mouse.move(x, box["y"] + box["height"] / 2)
    page.mouse.move(target_x, target_y, steps=6)


def move_away(page: Page) -> None:
    """Rest the pointer on the start of the page's main heading, where no term or tooltip is."""
    heading = page.locator("h1").filter(visible=True).first
    box = heading.bounding_box()
    assert box
    heading.hover(position={"x": 4, "y": box["height"] / 2})


def follow_link(page: Page, theme: Theme, url: str) -> None:
    """Click a visible link (not a term) to `url`, wait for that page, and check how it was loaded."""
    page.evaluate("() => { window.glossaryTestMarker = true; }")
    heading = page.locator("h1").filter(visible=True).first.inner_text()
    # Compare resolved URLs: Material rewrites links to absolute ones.
    found = page.evaluate(
        """([url, term]) => {
            const link = [...document.querySelectorAll('a')]
                .find((a) => a.href === url && !a.matches(term) && a.getClientRects().length > 0);
            if (link) link.setAttribute('data-test-follow', '');
            return Boolean(link);
        }""",
        [url, TERM],
    )
    assert found, f"no visible link to {url}"
    page.locator("a[data-test-follow]").click()
    page.wait_for_url(url)
    page.wait_for_function(
        "(old) => [...document.querySelectorAll('h1')].some((h) => h.offsetParent && h.innerText !== old)", arg=heading
    )
    reloaded = not page.evaluate("() => window.glossaryTestMarker === true")
    assert reloaded is not theme.instant_navigation, "instant navigation" if theme.instant_navigation else "a reload"


def xss_flag(page: Page) -> Any:
    return page.evaluate(f"() => window.{XSS_FLAG}")


# -- hover ---------------------------------------------------------------------


def test_hover_shows_definition_until_pointer_leaves(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    page = pages.open(demo.url())
    term = terms(page).first
    definition = demo.definitions[name_of(term)]

    term.hover()
    tooltip = shown_tooltip(page)
    assert tooltip["text"] == definition
    assert tooltip["material"] is demo.theme.material_tooltips
    screenshot(page, screenshots, f"tooltip-{demo.theme.name}.png")

    move_onto(page, term, tooltip)
    page.wait_for_timeout(STAY_MS)
    assert [shown["text"] for shown in visible_tooltips(page)] == [definition]

    move_away(page)
    wait_until_hidden(page)


# -- keyboard ------------------------------------------------------------------


def tab_to_first_term(page: Page, limit: int = 400) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", TERM):
            return
    raise AssertionError(f"no glossary term within {limit} presses of Tab")


def test_keyboard_focus_shows_tooltip_and_escape_hides_it(demo: ServedSite, pages: Pages) -> None:
    page = pages.open(demo.url())
    tab_to_first_term(page)
    name = page.evaluate("() => document.activeElement.getAttribute('data-glossary-term')")
    definition = demo.definitions[name]

    assert shown_tooltip(page)["text"] == definition
    # The link is described by the definition (a hidden description of its own at all times, or
    # Material's tooltip while it shows), not only while our tooltip is open.
    described = page.evaluate(DESCRIBED_BY, TERM)
    assert (described["term"], described["text"]) == (name, definition)

    page.keyboard.press("Escape")
    wait_until_hidden(page)
    assert page.evaluate("() => document.activeElement.getAttribute('data-glossary-term')") == name
    page.wait_for_timeout(STAY_MS)
    assert visible_tooltips(page) == [], "the tooltip came back while the term kept the focus"


# -- small screens -------------------------------------------------------------


def test_tooltip_stays_inside_a_narrow_viewport(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    page = pages.open(demo.url(), viewport=NARROW)
    index = page.evaluate(PLACE_TERM_AT_EDGE, TERM)
    term = page.locator(TERM).nth(index)
    width, height = page.evaluate("() => [document.documentElement.clientWidth, document.documentElement.clientHeight]")

    term.hover()
    tooltip = shown_tooltip(page)
    box = term.bounding_box()
    assert box
    # The term really is at the edges: below it, the tooltip would not fit.
    assert box["x"] + box["width"] > width * 0.6
    assert box["y"] + box["height"] > height - 40
    assert box["y"] + box["height"] + (tooltip["bottom"] - tooltip["top"]) > height
    assert tooltip["text"] == demo.definitions[name_of(term)]
    inside = (tooltip["left"] >= 0, tooltip["top"] >= 0, tooltip["right"] <= width, tooltip["bottom"] <= height)
    assert inside == (True, True, True, True), f"tooltip {tooltip} outside the {width}x{height} viewport"
    screenshot(page, screenshots, f"tooltip-{demo.theme.name}-narrow.png")


# -- colour schemes ------------------------------------------------------------


def check_contrast(demo: ServedSite, pages: Pages, scheme: Literal["light", "dark"], folder: Path) -> None:
    page = pages.open(demo.url(), color_scheme=scheme)
    term = terms(page).first
    page_is_dark = page.evaluate(TERM_BACKDROP_LUMINANCE, TERM) < 0.2
    assert page_is_dark is (scheme == "dark" and demo.theme.dark_scheme)

    term.hover()
    shown_tooltip(page)
    measured = page.evaluate(TOOLTIP_CONTRAST)
    assert measured["ratio"] >= MIN_CONTRAST, measured
    screenshot(page, folder, f"tooltip-{demo.theme.name}-{scheme}.png")


def test_tooltip_text_contrast_in_dark_scheme(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    check_contrast(demo, pages, "dark", screenshots)


def test_tooltip_text_contrast_in_light_scheme(demo: ServedSite, pages: Pages, screenshots: Path) -> None:
    check_contrast(demo, pages, "light", screenshots)


# -- one tooltip at a time, across navigation ---------------------------------


def hover_and_check_single(page: Page, demo: ServedSite, term: Locator) -> None:
    definition = demo.definitions[name_of(term)]
    term.hover()
    page.wait_for_function(
        _js("return visibleTooltips().map(describe).some((t) => t.text === arg && t.opacity > 0.99);"), arg=definition
    )
    shown = visible_tooltips(page)
    assert [tooltip["text"] for tooltip in shown] == [definition]
    assert shown[0]["material"] is demo.theme.material_tooltips
    if demo.theme.material_tooltips:
        # Material's tooltip only: ours is never made, and no native title tooltip can appear either.
        assert page.locator("#glossary-tooltip").count() == 0
        assert term.get_attribute("title") is None


def test_one_tooltip_at_a_time_and_after_navigation(demo: ServedSite, pages: Pages) -> None:
    page = pages.open(demo.url())
    first, second = terms(page).nth(0), terms(page).nth(1)
    hover_and_check_single(page, demo, first)
    hover_and_check_single(page, demo, second)

    follow_link(page, demo.theme, demo.url("tokens/"))
    hover_and_check_single(page, demo, terms(page).first)
    hover_and_check_single(page, demo, terms(page).nth(1))
    move_away(page)
    wait_until_hidden(page)


# -- without JavaScript ---------------------------------------------------------


def test_without_javascript_terms_carry_their_definition_in_title(demo: ServedSite, pages: Pages) -> None:
    page = pages.open(demo.url(), javascript=False)
    checked = 0
    for path in demo.page_paths():
        page.goto(demo.url(path), wait_until="load")
        found = page.eval_on_selector_all(
            TERM, "terms => terms.map((term) => [term.dataset.glossaryTerm, term.getAttribute('title')])"
        )
        assert found == [[name, demo.definitions[name]] for name, _ in found], path
        assert page.locator(".glossary-tooltip, .md-tooltip2").count() == 0
        checked += len(found)
    assert checked > 50


# -- hostile glossaries --------------------------------------------------------


def check_payload_terms(page: Page, site: ServedSite, expected_texts: list[str]) -> None:
    """Each term on the page reads as `expected_texts`, and its tooltip shows the definition as text."""
    found = terms(page)
    assert [normal(text) for text in found.all_inner_texts()] == expected_texts
    for index in range(found.count()):
        term = found.nth(index)
        term.hover()
        page.wait_for_function(SETTLED)
        shown = visible_tooltips(page)
        definition = site.definitions[name_of(term)]
        assert [(tooltip["text"], tooltip["elements"]) for tooltip in shown] == [(definition, 0)]
        assert xss_flag(page) is None
        move_away(page)  # the tooltip may cover the next term
        wait_until_hidden(page)


def test_payloads_in_the_glossary_show_as_text_and_never_run(xss_site: ServedSite, pages: Pages) -> None:
    theme = xss_site.theme
    names = list(PAYLOAD_TERMS)
    aliases = [alias for _, alias in PAYLOAD_TERMS.values()]

    page = pages.open(xss_site.url())
    check_payload_terms(page, xss_site, names)

    follow_link(page, theme, xss_site.url("aliases/"))
    check_payload_terms(page, xss_site, aliases)

    follow_link(page, theme, xss_site.url())
    check_payload_terms(page, xss_site, names)

    glossary = pages.open(xss_site.url("glossary/"))
    shown = [normal(text) for text in glossary.locator(".glossary-definition").all_inner_texts()]
    assert sorted(shown) == sorted(xss_site.definitions.values())
    page_text = normal(glossary.locator("body").inner_text())
    for alias in aliases:
        assert alias in page_text
    assert xss_flag(glossary) is None
    assert xss_flag(page) is None


# -- console -------------------------------------------------------------------


def test_no_console_errors_on_any_page(demo: ServedSite, pages: Pages) -> None:
    paths = demo.page_paths()
    assert len(paths) > 10
    page = pages.open(demo.url())
    for path in paths:
        page.goto(demo.url(path), wait_until="load")
        found = terms(page)
        if found.count():
            found.first.hover()
            shown_tooltip(page)
    errors, pages.errors = pages.errors, []
    assert errors == [], json.dumps(errors, indent=2)
