"""A Zensical site under a strict Content-Security-Policy: the tooltips still work, and nothing is refused.

The site is built by `zensical build` and served on 127.0.0.1 by a server that
sends the policy with every response: `'self'` for files (ours are files the
build publishes), and for inline code only the hashes of Zensical's own inline
scripts and of the stylesheet its bundle adds (which are Zensical's to list,
not ours). No hash of ours and no `'unsafe-inline'`. A refused script or style
is both a console error (which fails every browser test) and a
`securitypolicyviolation` event, checked here.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import http.server
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Page

from glossary_plugin.mdext import asset_hashes

from .conftest import Pages

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "zensical" / "site"
ZENSICAL = Path(sys.executable).parent / "zensical"
DEEP_PAGE = "a/b/c/deep/"
VIOLATIONS = "window.__cspViolations"
RECORD_VIOLATIONS = (
    f"{VIOLATIONS} = [];"
    "document.addEventListener('securitypolicyviolation', function (event) {"
    f"  {VIOLATIONS}.push(event.violatedDirective + ' ' + event.blockedURI + ' ' + event.sample);"
    "});"
)


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _zensical_inline_scripts(site_dir: Path) -> set[str]:
    """The hashes of the inline scripts Zensical's theme writes (outside the page's content, where ours are)."""
    found = set()
    for page in site_dir.rglob("*.html"):
        document = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for script in document.find_all("script", src=False):
            if script.find_parent("article") is None:
                found.add(_hash(script.string or ""))
    return found


# How the stylesheet starts that Zensical's own script (its bundle) puts into every page as a <style>.
ZENSICAL_STYLE_START = ".u{text-decoration-style:wavy"


def _zensical_bundle_style(site_dir: Path) -> str:
    """The hash of that stylesheet: the quoted string in Zensical's bundle (Zensical's to list, not ours)."""
    (bundle,) = (site_dir / "assets" / "javascripts").glob("bundle.*.min.js")
    code = bundle.read_text(encoding="utf-8")
    start = code.index(ZENSICAL_STYLE_START)
    return _hash(code[start : code.index(code[start - 1], start)])


def _policy(site_dir: Path) -> str:
    theirs = " ".join(sorted(_zensical_inline_scripts(site_dir)))
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'report-sample' {theirs}",
            f"style-src 'self' 'report-sample' {_zensical_bundle_style(site_dir)}",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'none'",
        ]
    )


class _StrictHandler(http.server.SimpleHTTPRequestHandler):
    policy = ""

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", self.policy)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@pytest.fixture(scope="module", params=[False, True], ids=["own-tooltips", "content.tooltips"])
def strict_site(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture site built by Zensical (with or without Material's tooltips), served under a strict CSP."""
    site = tmp_path_factory.mktemp("zensical-csp") / "site"
    shutil.copytree(FIXTURE, site)
    theme: dict[str, Any] = {"name": "material", "font": False}  # no web fonts: nothing off 127.0.0.1
    if request.param:
        theme["features"] = ["content.tooltips"]
    config = {"site_name": "Strict", "theme": theme, "markdown_extensions": ["attr_list", "glossary_plugin"]}
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert ZENSICAL.is_file(), f"zensical is not installed next to {sys.executable}: pip install -e '.[test]'"
    built = subprocess.run(
        [str(ZENSICAL), "build", "--clean"], cwd=site, capture_output=True, text=True, timeout=120, check=False
    )
    assert built.returncode == 0, built.stdout + built.stderr
    site_dir = site / "site"
    handler = type("Handler", (_StrictHandler,), {"policy": _policy(site_dir)})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site_dir)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    host, port = httpd.server_address[:2]
    yield f"http://{host!s}:{port}/"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


def _open(pages: Pages, url: str, touch: bool = False) -> Page:
    page = pages.open("about:blank", touch=touch)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(url, wait_until="load")
    return page


def _assert_nothing_refused(page: Page) -> None:
    assert page.evaluate(VIOLATIONS) == []


def test_the_policy_is_sent_and_strict(strict_site: str) -> None:
    import urllib.request

    with urllib.request.urlopen(strict_site + DEEP_PAGE, timeout=10) as response:
        policy = response.headers["Content-Security-Policy"]
    directives = dict(directive.split(" ", 1) for directive in policy.split("; "))
    # Our copies are files: allowed as 'self', with none of the hashes of the inline copies `serve` uses.
    assert not set(asset_hashes()["glossary.js"].split()) & set(directives["script-src"].split())
    assert not set(asset_hashes()["glossary.css"].split()) & set(directives["style-src"].split())
    assert "unsafe" not in policy


def test_hover_shows_the_definition_under_a_strict_policy(strict_site: str, pages: Pages) -> None:
    page = _open(pages, strict_site + DEEP_PAGE)
    term = page.locator("a.glossary-term[data-glossary-term='embedding']").first
    term.hover()
    tooltip = page.locator("#glossary-tooltip, .md-tooltip2.glossary-material-tooltip").filter(visible=True)
    tooltip.first.wait_for(state="visible")
    assert "A vector that stands for a token." in tooltip.first.inner_text()
    # Styled by our stylesheet: the term is underlined, the description list hidden.
    assert "underline" in term.evaluate("node => getComputedStyle(node).textDecorationLine")
    _assert_nothing_refused(page)


def test_a_tap_opens_the_definition_under_a_strict_policy(strict_site: str, pages: Pages) -> None:
    page = _open(pages, strict_site + DEEP_PAGE, touch=True)
    page.locator("a.glossary-term[data-glossary-term='embedding']").first.tap()
    popover = page.locator("#glossary-popover")
    popover.wait_for(state="visible")
    assert "A vector that stands for a token." in popover.inner_text()
    assert popover.evaluate("node => getComputedStyle(node).position") == "fixed"  # our CSS applies
    _assert_nothing_refused(page)


@pytest.mark.parametrize("start", ["guide/", DEEP_PAGE])
def test_a_tap_shows_the_rich_definition_with_links_that_reach_their_page(
    strict_site: str, pages: Pages, start: str
) -> None:
    # As under MkDocs: the definitions file `zensical build` published, read back from the glossary page.
    page = _open(pages, strict_site + start, touch=True)
    name = "tokenizer" if start == "guide/" else "token"
    page.locator(f"a.glossary-term[data-glossary-term='{name}']").first.tap()
    rich = page.locator("#glossary-popover .glossary-popover-definition[data-glossary-rich]")
    rich.wait_for(state="visible")
    if name == "token":
        assert rich.locator("strong").inner_text() == "word piece"
    else:
        link = rich.locator("a", has_text="the guide")
        assert link.evaluate("node => node.href") == strict_site + "guide/#setup"
        link.tap()
        page.wait_for_url(strict_site + "guide/#setup")
        assert page.locator("#setup").count() == 1
    _assert_nothing_refused(page)


def test_the_glossary_pages_filter_works_under_a_strict_policy(strict_site: str, pages: Pages) -> None:
    page = _open(pages, strict_site + "glossary/")
    box = page.locator(".glossary-filter")
    box.wait_for(state="visible")  # shown by the glossary page's script
    page.locator(".glossary-filter-input").fill("embed")
    visible = page.locator(".glossary-entry").filter(visible=True)
    assert visible.count() == 1
    _assert_nothing_refused(page)
