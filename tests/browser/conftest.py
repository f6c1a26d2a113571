"""Browser fixtures: the demo and a hostile glossary, built per theme, served on 127.0.0.1, driven by Chromium.

Each theme's sites are built once per session into a temporary folder that an
HTTP server (started first, so that the build knows its own `site_url`, which
Material's instant navigation needs) serves on a free port. One headless
Chromium (Debian's `/usr/bin/chromium`) serves the whole session; each test
opens its pages in fresh browser contexts and fails on any console error.
"""

from __future__ import annotations

import functools
import http.server
import re
import textwrap
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from playwright.sync_api import (
    Browser,
    BrowserContext,
    ConsoleMessage,
    Error,
    Page,
    Route,
    ViewportSize,
)

from glossary_plugin.core.loader import parse_glossary
from glossary_plugin.core.text import markdown_to_text

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "tests" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
TIMEOUT_MS = 10_000
DESKTOP = ViewportSize(width=1280, height=800)

# Material following the reader's colour scheme, as most Material sites do.
MATERIAL_PALETTE = [
    {
        "media": "(prefers-color-scheme: light)",
        "scheme": "default",
        "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"},
    },
    {
        "media": "(prefers-color-scheme: dark)",
        "scheme": "slate",
        "toggle": {"icon": "material/brightness-4", "name": "Switch to light mode"},
    },
]


@dataclass(frozen=True)
class Theme:
    """A theme the tooltips must work on, and what to expect of it."""

    name: str
    config: dict[str, Any]
    material_tooltips: bool = False
    """Material's own tooltip shows the definition (and ours stays out of the way)."""
    instant_navigation: bool = False
    """Following a link swaps the page without reloading it."""
    dark_scheme: bool = True
    """The page turns dark when the reader prefers a dark colour scheme."""


THEMES = [
    # `auto`: Bootstrap's dark scheme when the reader prefers dark, so one build shows both.
    Theme("mkdocs", {"name": "mkdocs", "color_mode": "auto", "user_color_mode_toggle": False}),
    # The readthedocs theme has no dark scheme: its pages stay light whatever the reader prefers.
    Theme("readthedocs", {"name": "readthedocs"}, dark_scheme=False),
    Theme(
        "material",
        {"name": "material", "features": ["content.tooltips", "navigation.instant"], "palette": MATERIAL_PALETTE},
        material_tooltips=True,
        instant_navigation=True,
    ),
]

# The tests run offline, but the themes load highlight.js (mkdocs, readthedocs) and web fonts
# (Material) from CDNs, and each failed download would log a console error. Those requests get
# inert stand-ins: an empty stylesheet, a highlight.js that highlights nothing. Any other
# request off 127.0.0.1 is aborted, which logs an error and so fails the test.
EXTERNAL = re.compile(r"^https?://(?!127\.0\.0\.1[:/])")
HIGHLIGHT_JS = "https://cdnjs.cloudflare.com/ajax/libs/highlight.js/"
HIGHLIGHT_JS_STAND_IN = "window.hljs = { highlightAll: function () {}, registerLanguage: function () {} };"
WEB_FONTS = "https://fonts.googleapis.com/"

# A glossary whose definitions and aliases are script injection attempts. Each
# payload, if it ever ran, would set `window.glossaryXss` to its own number.
XSS_FLAG = "glossaryXss"
PAYLOAD_TERMS = {
    "image payload": (
        "An <img src=x onerror=window.glossaryXss=1> tag.",
        "<img src=x onerror=window.glossaryXss=2>",
    ),
    "script payload": (
        "A <script>window.glossaryXss=3</script> element.",
        "<script>window.glossaryXss=4</script>",
    ),
    "attribute payload": (
        'Ends the attribute: "><svg onload=window.glossaryXss=5>',
        '"><svg onload=window.glossaryXss=6>',
    ),
}
XSS_INDEX = """
# Payloads

The image payload, the script payload and the attribute payload.

Their aliases are on [the next page](aliases.md).
"""
XSS_ALIASES = """
# Aliases

- &lt;img src=x onerror=window.glossaryXss=2&gt;
- &lt;script&gt;window.glossaryXss=4&lt;/script&gt;
- &quot;&gt;&lt;svg onload=window.glossaryXss=6&gt;

Back to [the payloads](index.md).
"""


@dataclass
class ServedSite:
    """A built site, served over HTTP for the whole session."""

    theme: Theme
    base_url: str
    site_dir: Path
    definitions: dict[str, str] = field(default_factory=dict)
    """Term name -> the definition as a reader should see it."""

    def url(self, path: str = "") -> str:
        return self.base_url + path

    def page_paths(self) -> list[str]:
        """URL paths of every page of the site but the 404 page, home first."""
        paths = []
        for html in self.site_dir.rglob("*.html"):
            relative = html.relative_to(self.site_dir).as_posix()
            if relative != "404.html":
                paths.append(relative.removesuffix("index.html"))
        return sorted(paths, key=lambda path: (path != "", path))


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output clean."""


@dataclass
class _Server:
    httpd: http.server.ThreadingHTTPServer
    thread: threading.Thread

    @property
    def base_url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)


def _serve(directory: Path) -> _Server:
    """An HTTP server for `directory` on 127.0.0.1, on a free port, in a daemon thread."""
    directory.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(_QuietHandler, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, name=f"serve {directory}", daemon=True)
    thread.start()
    return _Server(httpd, thread)


def _build(config_file: Path, site_dir: Path, theme: Theme, site_url: str) -> None:
    config = load_config(str(config_file), site_dir=str(site_dir), theme=dict(theme.config), site_url=site_url)
    build(config)


def build_and_serve(config_file: Path, theme: Theme, servers: _Servers) -> str:
    """Build the project of `config_file` with `theme` into its `site/` folder, served; its base URL."""
    site_dir = config_file.parent / "site"
    base_url = servers.serve(site_dir)
    _build(config_file, site_dir, theme, base_url)
    return base_url


def _reader_definitions(glossary_file: Path) -> dict[str, str]:
    """Each term's definition as a reader should see it: its Markdown as plain text."""
    glossary, errors = parse_glossary(glossary_file.read_text(encoding="utf-8"))
    assert not errors, errors
    return {term.name: markdown_to_text(term.definition) for term in glossary.terms}


def _write_xss_project(root: Path) -> Path:
    """The payload site's project folder: mkdocs.yml, glossary.yaml and two pages."""
    terms = {name: {"definition": text, "aliases": [alias]} for name, (text, alias) in PAYLOAD_TERMS.items()}
    (root / "docs").mkdir(parents=True)
    (root / "glossary.yaml").write_text(yaml.safe_dump({"terms": terms}, sort_keys=False), encoding="utf-8")
    (root / "docs" / "index.md").write_text(textwrap.dedent(XSS_INDEX).lstrip(), encoding="utf-8")
    (root / "docs" / "aliases.md").write_text(textwrap.dedent(XSS_ALIASES).lstrip(), encoding="utf-8")
    config = {"site_name": "Payloads", "docs_dir": "docs", "plugins": ["search", "glossary"]}
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    return root / "mkdocs.yml"


@dataclass
class _Servers:
    servers: list[_Server] = field(default_factory=list)

    def serve(self, directory: Path) -> str:
        """Serve `directory` (which may still be empty) until the session ends; return its base URL."""
        server = _serve(directory)
        self.servers.append(server)
        return server.base_url


@pytest.fixture(scope="session")
def servers() -> Iterator[_Servers]:
    """Every HTTP server the session starts, stopped at its end."""
    started = _Servers()
    yield started
    for server in started.servers:
        server.stop()


@pytest.fixture(scope="session", params=THEMES, ids=[theme.name for theme in THEMES])
def theme(request: pytest.FixtureRequest) -> Theme:
    """Each test runs once per theme."""
    param: Theme = request.param
    return param


@pytest.fixture(scope="session")
def demo(theme: Theme, servers: _Servers, tmp_path_factory: pytest.TempPathFactory) -> ServedSite:
    """The demo handbook built with `theme` and served."""
    site_dir = tmp_path_factory.mktemp(f"demo-{theme.name}")
    base_url = servers.serve(site_dir)
    _build(ROOT / "mkdocs.yml", site_dir, theme, base_url)
    return ServedSite(theme, base_url, site_dir, _reader_definitions(ROOT / "glossary.yaml"))


@pytest.fixture(scope="session")
def xss_site(theme: Theme, servers: _Servers, tmp_path_factory: pytest.TempPathFactory) -> ServedSite:
    """A small site whose glossary is made of script payloads, built with `theme` and served."""
    config_file = _write_xss_project(tmp_path_factory.mktemp(f"xss-{theme.name}"))
    site_dir = config_file.parent / "site"
    base_url = build_and_serve(config_file, theme, servers)
    # The payloads are meant to be read, literally: definitions hold no Markdown.
    return ServedSite(theme, base_url, site_dir, {name: definition for name, (definition, _) in PAYLOAD_TERMS.items()})


def _stand_in(route: Route) -> None:
    """Answer a request that would leave the machine: a stand-in for a known CDN asset, else abort."""
    url = route.request.url
    if url.startswith(HIGHLIGHT_JS) and url.endswith(".js"):
        route.fulfill(status=200, content_type="text/javascript", body=HIGHLIGHT_JS_STAND_IN)
    elif url.startswith(WEB_FONTS) or (url.startswith(HIGHLIGHT_JS) and url.endswith(".css")):
        route.fulfill(status=200, content_type="text/css", body="")
    else:
        route.abort("internetdisconnected")


@dataclass
class Pages:
    """Opens pages in fresh browser contexts and records every console error and uncaught exception."""

    browser: Browser
    contexts: list[BrowserContext] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def open(
        self,
        url: str,
        *,
        viewport: ViewportSize | None = None,
        color_scheme: Literal["light", "dark"] = "light",
        javascript: bool = True,
        touch: bool = False,
    ) -> Page:
        """A page in a new context; `touch` makes it a phone's (a touch screen, a mobile viewport)."""
        context = self.browser.new_context(
            viewport=viewport or DESKTOP,
            color_scheme=color_scheme,
            java_script_enabled=javascript,
            has_touch=touch,
            is_mobile=touch,
        )
        context.set_default_timeout(TIMEOUT_MS)
        context.route(EXTERNAL, _stand_in)
        self.contexts.append(context)
        page = context.new_page()
        page.on("console", functools.partial(self._console, page))
        page.on("pageerror", functools.partial(self._page_error, page))
        page.goto(url, wait_until="load")
        return page

    def _console(self, page: Page, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.errors.append(f"{page.url}: console error: {message.text}")

    def _page_error(self, page: Page, error: Error) -> None:
        self.errors.append(f"{page.url}: uncaught {error.name}: {error.message}")

    def close(self) -> None:
        for context in self.contexts:
            context.close()
        self.contexts.clear()


@pytest.fixture
def pages(browser: Browser) -> Iterator[Pages]:
    """Browser pages for one test. Any console error on them fails the test."""
    opened = Pages(browser)
    yield opened
    opened.close()
    assert not opened.errors, "errors in the browser console:\n" + "\n".join(opened.errors)


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Where tests save screenshots of visible tooltips (ignored by git)."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
