"""Themes: the demo in `mkdocs`, `readthedocs` and Material for MkDocs, built with MkDocs and with ProperDocs.

MkDocs 1.6 bundles the `mkdocs` and `readthedocs` themes; ProperDocs ships them as the packages
`properdocs-theme-mkdocs` and `properdocs-theme-readthedocs`. Material registers itself for both.
In every theme the plugin touches only the page content, its assets are on every page, the glossary
page is in the navigation, and every link of the site resolves.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from .compat_support import (
    ASSETS,
    ENGINES,
    THEMES,
    Build,
    broken_links,
    content_of,
    demo_project,
    glossary_links,
    html_pages,
    resolve,
    run_build,
    soup_of,
)

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module", params=[(engine, theme) for engine in ENGINES for theme in THEMES], ids=str)
def themed(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Build]:
    """The demo built strictly with one engine in one theme."""
    engine, theme = request.param
    project = demo_project(tmp_path_factory.mktemp(f"{engine}-{theme}"), engine, theme={"name": theme})
    build = run_build(engine, project, "--strict")
    assert build.returncode == 0, build.output
    return theme, build


def content_pages(site_dir: Path) -> list[Path]:
    return [page for page in html_pages(site_dir) if page.name == "index.html"]


def test_terms_are_linked_only_in_the_page_content(themed: tuple[str, Build]) -> None:
    theme, build = themed
    pages = content_pages(build.site_dir)
    assert len(pages) >= 10
    for page in pages:
        soup = soup_of(page)
        inside = glossary_links(content_of(soup, theme))
        everywhere = soup.select("a.glossary-term")
        assert len(everywhere) == len(inside), f"{page}: the theme's navigation or chrome got glossary links"
        if page.parent != build.site_dir / "glossary":
            assert inside, f"{page} links no term"


def test_assets_are_on_every_page(themed: tuple[str, Build]) -> None:
    _, build = themed
    for asset in ASSETS:
        assert (build.site_dir / asset).is_file()
    for page in content_pages(build.site_dir):
        soup = soup_of(page)
        stylesheets = [str(tag["href"]) for tag in soup.select("link[rel=stylesheet][href]")]
        scripts = [str(tag["src"]) for tag in soup.select("script[src]")]
        assert any(href.split("?")[0].endswith(ASSETS[0]) for href in stylesheets), page
        assert any(src.split("?")[0].endswith(ASSETS[1]) for src in scripts), page


def test_glossary_page_is_in_the_navigation(themed: tuple[str, Build]) -> None:
    theme, build = themed
    home = build.site_dir / "index.html"
    soup = soup_of(home)
    content = content_of(soup, theme)
    targets = set()
    for link in soup.select("a[href]"):
        if content in link.parents:
            continue
        resolved = resolve(build.site_dir, "http://localhost/", home, str(link["href"]))
        if resolved is not None:
            targets.add(resolved[0])
    assert build.site_dir / "glossary/index.html" in targets


def test_every_link_of_the_themed_site_resolves(themed: tuple[str, Build]) -> None:
    _, build = themed
    result = broken_links(build.site_dir, pages=content_pages(build.site_dir))
    assert result.broken == []
    assert result.checked > 300
