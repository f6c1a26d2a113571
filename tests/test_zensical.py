"""The Markdown extension under Zensical: real `zensical build` / `zensical serve` runs on temporary sites.

Zensical is found next to the running Python (the `test` extra installs it
on Python 3.11+). Each site is a copy of a folder in tests/fixtures/zensical.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import posixpath
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag

from glossary_plugin.cli import command as cli
from glossary_plugin.cli import zensical_lint
from glossary_plugin.core.findings import Diagnostic

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "zensical"
ASSETS = ROOT / "glossary_plugin" / "assets"
ZENSICAL = Path(sys.executable).parent / "zensical"
BASE: dict[str, Any] = {"site_name": "Test", "theme": {"name": "material"}}


def zensical() -> str:
    assert ZENSICAL.is_file(), f"zensical is not installed next to {sys.executable}: pip install -e '.[test]'"
    return str(ZENSICAL)


def make_site(tmp_path: Path, fixture: str = "site", options: dict[str, Any] | None = None, **config: Any) -> Path:
    """A copy of a fixture with an mkdocs.yml enabling the extension (with `options`, if any)."""
    site = tmp_path / fixture
    shutil.copytree(FIXTURES / fixture, site)
    entry: Any = {"glossary_plugin": options} if options is not None else "glossary_plugin"
    settings = {**BASE, "markdown_extensions": ["attr_list", entry, {"toc": {"permalink": True}}], **config}
    (site / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return site


def build(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [zensical(), "build", *args], cwd=site, capture_output=True, text=True, timeout=120, check=False
    )


def built(site: Path, *args: str) -> str:
    """Build, which must succeed; return what it printed."""
    result = build(site, *args)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr


def glossary_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if ": glossary: " in line]


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def article(path: Path) -> Tag:
    found = soup(path).find("article")
    assert isinstance(found, Tag), path
    return found


def term_links(page: Path) -> list[Tag]:
    return [link for link in article(page).select("a.glossary-term") if isinstance(link, Tag)]


def output_of(site_dir: Path, href_base: Path, href: str) -> tuple[Path, str]:
    """The file and fragment a relative link in `href_base` (an HTML file) leads to."""
    target, _, fragment = href.partition("#")
    assert "://" not in target and not target.startswith("/"), href
    if not target:
        return href_base, fragment
    path = Path(posixpath.normpath(posixpath.join(href_base.parent.relative_to(site_dir).as_posix(), target)))
    resolved = site_dir / path
    if href.endswith("/") or target.endswith("/") or resolved.is_dir():
        resolved = resolved / "index.html"
    return resolved, fragment


def assert_resolves(site_dir: Path, page: Path, href: str) -> None:
    resolved, fragment = output_of(site_dir, page, href)
    assert resolved.is_file(), f"{page}: {href} leads to no file"
    if fragment:
        assert soup(resolved).find(id=fragment) is not None, f"{page}: {href}: no #{fragment} in {resolved}"


# -- links ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("directory_urls", "site_url", "deep_href"),
    [
        (True, None, "../../../../glossary/#embedding"),
        (False, None, "../../../glossary.html#embedding"),
        (True, "https://example.com/docs/sub/", "../../../../glossary/#embedding"),
    ],
)
def test_links_are_relative_to_the_page(
    tmp_path: Path, directory_urls: bool, site_url: str | None, deep_href: str
) -> None:
    config: dict[str, Any] = {"use_directory_urls": directory_urls}
    if site_url:
        config["site_url"] = site_url
    site = make_site(tmp_path, **config)
    built(site)
    site_dir = site / "site"
    deep = site_dir / ("a/b/c/deep/index.html" if directory_urls else "a/b/c/deep.html")
    hrefs = {link["data-glossary-term"]: link["href"] for link in term_links(deep)}
    assert hrefs["embedding"] == deep_href
    pages = [page for page in site_dir.rglob("*.html") if page.name != "404.html"]
    checked = 0
    for page in pages:
        for link in term_links(page):
            assert_resolves(site_dir, page, str(link["href"]))
            checked += 1
    assert checked >= 6


def test_a_terms_own_link_and_links_in_definitions_are_resolved(tmp_path: Path) -> None:
    site = make_site(tmp_path, use_directory_urls=False)
    glossary = site / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "  guide page:\n    definition: The guide.\n    link: guide.md#setup\n",
        encoding="utf-8",
    )
    deep = site / "docs" / "a" / "b" / "c" / "deep.md"
    deep.write_text(deep.read_text(encoding="utf-8") + "\nRead the guide page.\n", encoding="utf-8")
    built(site)
    site_dir = site / "site"
    page = site_dir / "a/b/c/deep.html"
    hrefs = {link["data-glossary-term"]: link["href"] for link in term_links(page)}
    assert hrefs["guide page"] == "../../../guide.html#setup"
    assert_resolves(site_dir, page, str(hrefs["guide page"]))
    entry = article(site_dir / "glossary.html").find(id="tokenizer")
    assert entry is not None
    definition_link = next((a for a in entry.find_all_next("a") if a.get_text() == "the guide"), None)
    assert isinstance(definition_link, Tag)
    assert definition_link["href"] == "guide.html#setup"


def test_headings_and_code_are_left_alone_and_toc_ids_are_unchanged(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    shutil.copytree(FIXTURES / "site", plain)
    (plain / "mkdocs.yml").write_text(yaml.safe_dump({**BASE, "markdown_extensions": ["toc"]}), encoding="utf-8")
    built(plain)
    site = make_site(tmp_path)
    built(site)
    for name in ("guide/index.html", "index.html"):
        ids = [heading.get("id") for heading in article(plain / "site" / name).find_all(["h1", "h2"])]
        linked = [heading.get("id") for heading in article(site / "site" / name).find_all(["h1", "h2"])]
        assert linked == ids  # toc runs the postprocessors on each heading: the page is linked once, whole
    home = article(site / "site" / "index.html")
    assert home.select("code a") == []
    assert [code.get_text() for code in home.find_all("code")] == ["token"]
    assert home.select("h1 a.glossary-term") == []


def test_a_reference_in_a_heading_shows_its_label_in_the_toc_and_search_holds_no_definitions(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "docs" / "guide.md").write_text("# Guide\n\n## About [[token|units]]\n\nText.\n", encoding="utf-8")
    built(site)
    page = soup(site / "site" / "guide" / "index.html")
    toc = [link.get_text(" ", strip=True) for link in page.select("nav.md-nav--secondary a.md-nav__link")]
    assert "About units" in toc
    assert "[[" not in page.get_text()
    search = (site / "site" / "search.json").read_text(encoding="utf-8")
    assert search.count("A vector that stands for a token.") == 1  # the glossary page's entry only


# -- tooltips and assets ------------------------------------------------------------


def _our_tags(document: BeautifulSoup) -> tuple[str, str]:
    """The href of our stylesheet link and the src of our script, as the page has them."""
    link = document.find("link", id="glossary-plugin-css")
    assert isinstance(link, Tag), "no stylesheet of ours"
    scripts = [str(tag["src"]) for tag in document.find_all("script", src=True) if "glossary_plugin/" in tag["src"]]
    assert len(scripts) == 1, scripts
    return str(link["href"]), scripts[0]


def test_tooltips_and_their_assets_are_on_every_linked_page(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    built(site)
    page = site / "site" / "a" / "b" / "c" / "deep" / "index.html"
    links = {link["data-glossary-term"]: link for link in term_links(page)}
    assert links["embedding"]["title"] == "A vector that stands for a token."
    # `zensical build` publishes the copies once; each page loads them, by URLs relative to the page.
    for html_file, up in ((page, "../../../../"), (site / "site" / "index.html", "")):
        href, src = _our_tags(soup(html_file))
        assert (href, src) == (f"{up}assets/glossary_plugin/page.min.css", f"{up}assets/glossary_plugin/page.min.js")
        published = {url: (html_file.parent / url).resolve().read_text(encoding="utf-8") for url in (href, src)}
        # The stylesheet as inline; the script the copy that reads the definitions file beside it.
        assert published[href] == (ASSETS / "inline" / "page.min.css").read_text(encoding="utf-8")
        assert published[src] == (ASSETS / "inline" / "page.file.min.js").read_text(encoding="utf-8")
    glossary_href, glossary_src = _our_tags(soup(site / "site" / "glossary" / "index.html"))
    assert (glossary_href, glossary_src) == (
        "../assets/glossary_plugin/glossary-page.min.css",
        "../assets/glossary_plugin/glossary-page.min.js",
    )
    assert soup(page).find("style", id="glossary-plugin-css") is None  # no inline copy besides


def test_the_published_assets_survive_a_build_from_the_cache(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    built(site)
    folder = site / "site" / "assets" / "glossary_plugin"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    assert sorted(before) == [
        "definitions.json",
        "glossary-page.min.css",
        "glossary-page.min.js",
        "page.min.css",
        "page.min.js",
    ]
    output = build(site)  # without --clean: Zensical takes the pages from its cache, and removes files it did not write
    assert output.returncode == 0, output.stderr
    assert "came from Zensical's cache" in output.stderr
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


def test_assets_false_leaves_them_to_the_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, options={"assets": False})
    built(site)
    page = site / "site" / "index.html"
    assert term_links(page)
    assert soup(page).find(id="glossary-plugin-css") is None
    assert not any("glossary_plugin/" in str(tag["src"]) for tag in soup(page).find_all("script", src=True))
    assert not (site / "site" / "assets" / "glossary_plugin").exists()


# -- references and findings -------------------------------------------------------


def test_references_broken_ones_and_avoided_spellings(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    output = built(site)
    home = article(site / "site" / "index.html")
    reference = home.select_one("a.glossary-ref")
    assert reference is not None
    assert (reference.get_text(), reference["href"]) == ("vectors", "glossary/#embedding")
    broken = home.select_one("span.glossary-broken")
    assert broken is not None and broken.get_text() == "tokenzer"
    assert "[[" not in home.get_text()
    assert glossary_lines(output) == [
        "Warning: glossary: docs/guide.md:5:54: avoided-spelling: 'tokeniser' is a spelling to avoid; "
        "write 'tokenizer'",
        "Warning: glossary: docs/index.md:3:51: undefined-term: 'tokenzer' is not in the glossary "
        "(did you mean 'tokenizer'?)",
    ]


def test_error_severity_fails_the_build_and_the_next_build_too(tmp_path: Path) -> None:
    site = make_site(tmp_path, options={"severity": {"undefined-term": "error"}})
    for _ in range(2):  # the second build would take the page from Zensical's cache
        result = build(site)
        assert result.returncode == 1
        assert "Traceback" not in result.stderr
        lines = glossary_lines(result.stderr)
        assert lines[-1] == "Error: glossary: 1 error(s) reported above; fix them and build again."
        assert any(line.startswith("Error: glossary: docs/index.md:3:51: undefined-term:") for line in lines)
        assert (site / "site" / "index.html").is_file()  # the site is written all the same
    index = site / "docs" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(" and [[tokenzer]]", ""), encoding="utf-8")
    assert not any(line.startswith("Error") for line in glossary_lines(built(site)))


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = build(site, "--strict")
    assert result.returncode == 1
    assert glossary_lines(result.stderr)[-1] == (
        "Error: glossary: 2 finding(s) at warning level or worse (--strict) reported above; fix them and build again."
    )


def test_unused_terms_are_reported_after_the_last_page(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    glossary = site / "glossary.yaml"
    glossary.write_text(
        glossary.read_text(encoding="utf-8") + "  perplexity:\n    definition: How surprised a model is.\n",
        encoding="utf-8",
    )
    lines = glossary_lines(built(site))
    assert (
        "Info: glossary: glossary.yaml:11:3: unused-term: term 'perplexity' is not used on any page; "
        in (
            lines[-1][
                : len("Info: glossary: glossary.yaml:11:3: unused-term: term 'perplexity' is not used on any page; ")
            ]
        )
    )


def test_a_bad_option_is_one_located_message(tmp_path: Path) -> None:
    site = make_site(tmp_path, options={"linkk": "all"})
    result = build(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = glossary_lines(result.stderr)
    assert lines[0].startswith("Error: glossary: mkdocs.yml:")
    assert "unknown option 'linkk'. Did you mean 'link'?" in lines[0]
    assert len([line for line in lines if "linkk" in line]) == 1


def test_a_broken_glossary_is_reported_and_fails(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "glossary.yaml").write_text("terms:\n  token: [not, a, mapping]\n", encoding="utf-8")
    result = build(site)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert any(line.startswith("Error: glossary: glossary.yaml:2:") for line in glossary_lines(result.stderr))


# -- options in zensical.toml ---------------------------------------------------------


def test_zensical_toml_options(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", site)
    (site / "zensical.toml").write_text(
        '[project]\nsite_name = "Test"\n\n'
        '[project.theme]\nname = "material"\n\n'
        "[project.markdown_extensions.glossary_plugin]\n"
        'link = "all"\nexclude = ["a/**"]\n',
        encoding="utf-8",
    )
    built(site)
    guide = [link["data-glossary-term"] for link in term_links(site / "site" / "guide" / "index.html")]
    assert guide.count("token") == 1 and "tokenizer" in guide
    home = [link["data-glossary-term"] for link in term_links(site / "site" / "index.html")]
    assert home == ["token", "embedding"]
    assert term_links(site / "site" / "a" / "b" / "c" / "deep" / "index.html") == []


def test_link_all_links_every_occurrence(tmp_path: Path) -> None:
    site = make_site(tmp_path, options={"link": "all"})
    deep = site / "docs" / "a" / "b" / "c" / "deep.md"
    deep.write_text("# Deep\n\nA token, a token and a token.\n", encoding="utf-8")
    built(site)
    page = site / "site" / "a" / "b" / "c" / "deep" / "index.html"
    assert [link["data-glossary-term"] for link in term_links(page)] == ["token"] * 3


def test_skip_selectors_keep_terms_unlinked_in_those_elements(tmp_path: Path) -> None:
    site = make_site(tmp_path, options={"link": "all", "skip": ["span.keys"]})
    deep = site / "docs" / "a" / "b" / "c" / "deep.md"
    deep.write_text('# Deep\n\nA token, <span class="keys">a token</span>.\n', encoding="utf-8")
    built(site)
    page = site / "site" / "a" / "b" / "c" / "deep" / "index.html"
    assert [link["data-glossary-term"] for link in term_links(page)] == ["token"]
    assert "a token</span>" in str(article(page))
    bad = make_site(tmp_path / "bad", options={"skip": "span.keys"})
    result = build(bad)
    assert (
        result.returncode == 1
        and "invalid-option: markdown_extensions: glossary_plugin: option 'skip': Expected a list of selectors"
        in (result.stderr)
    )


def test_a_bare_yaml_off_turns_automatic_links_off(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "mkdocs.yml").write_text(
        "site_name: Test\ntheme:\n  name: material\nmarkdown_extensions:\n  - glossary_plugin:\n      link: off\n",
        encoding="utf-8",
    )
    built(site)
    home = [link.get_text() for link in term_links(site / "site" / "index.html")]
    assert home == ["vectors"]  # the explicit reference only
    assert term_links(site / "site" / "guide" / "index.html") == []


def test_missing_terms_options_are_checked_by_the_core(tmp_path: Path) -> None:
    site = make_site(tmp_path, options={"missing_terms": {"min_use": 2}})
    result = build(site)
    assert result.returncode == 1
    lines = glossary_lines(result.stderr)
    assert "option 'missing_terms': Unknown key 'min_use'. Did you mean 'min_uses'?" in lines[0]
    site = make_site(tmp_path / "fine", options={"missing_terms": {"min_uses": 2, "ignore": ["OK"]}})
    built(site)


# -- the glossary page -------------------------------------------------------------


def test_the_glossary_page_lists_every_entry(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    built(site)
    page = article(site / "site" / "glossary" / "index.html")
    assert page.find(string="Every term of the site.") is not None
    for anchor in ("embedding", "token", "tokenizer"):
        assert page.find(id=anchor) is not None, anchor
    text = page.get_text(" ")
    assert text.index("embedding") < text.index("tokenizer")
    token = page.find(id="token")
    assert token is not None
    strong = token.find_next("strong")
    assert isinstance(strong, Tag) and strong.get_text() == "word piece"  # the site's Markdown
    assert "tokenization" in text  # an alias
    used_on = token.find_next("p", class_="glossary-backlinks")  # filled when `zensical build` ends
    assert isinstance(used_on, Tag) and [link["href"] for link in used_on.find_all("a")] == [
        "../#glossary-use:token",
        "../guide/#glossary-use:token",
        "../a/b/c/deep/#glossary-use:token",
    ]


def test_the_glossary_pages_table_of_contents_lists_letters_and_entries(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    built(site)
    html = (site / "site" / "glossary" / "index.html").read_text(encoding="utf-8")
    toc = BeautifulSoup(html, "html.parser").select_one("nav.md-nav--secondary")
    assert toc is not None
    targets = [str(link["href"]) for link in toc.select("a[href]")]
    for target in ("#glossary-letter-e", "#embedding", "#glossary-letter-t", "#token", "#tokenizer"):
        assert target in targets, (target, targets)
    assert targets.index("#glossary-letter-t") < targets.index("#token") < targets.index("#tokenizer")


def test_entry_anchors_keep_off_the_glossary_pages_own_headings(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "docs" / "glossary.md").write_text(
        "# Glossary\n\n## Token\n\nAbout tokens.\n\n<!-- glossary -->\n", encoding="utf-8"
    )
    built(site)
    glossary = article(site / "site" / "glossary" / "index.html")
    heading = glossary.find("h2", id="token")
    assert heading is not None
    # a/b/c/deep.md is rendered before glossary.md, and its link must land on the entry, not the heading
    deep = site / "site" / "a" / "b" / "c" / "deep" / "index.html"
    href = {link["data-glossary-term"]: str(link["href"]) for link in term_links(deep)}["token"]
    fragment = href.partition("#")[2]
    assert fragment != "token"
    target = glossary.find(id=fragment)
    assert target is not None and target is not heading and target.get_text(strip=True) == "token"  # the entry


def test_a_missing_glossary_page_stops_the_build_with_one_clear_message(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "docs" / "glossary.md").unlink()
    result = build(site)
    assert result.returncode == 1, "a site whose term links lead nowhere must not pass"
    assert "Traceback" not in result.stderr
    lines = glossary_lines(result.stderr)
    assert [line for line in lines if "glossary.md" in line] == [
        "Error: glossary: docs/glossary.md does not exist, so term links have no glossary entry to land on. "
        "Create docs/glossary.md holding a title and the line '<!-- glossary -->' (the list of every term goes "
        "there), for example:"
    ]
    assert lines[-1] == "Error: glossary: 1 error(s) reported above; fix them and build again."


# -- the demo: MkDocs and Zensical link the same terms -----------------------------------


def _links_by_page(site_dir: Path) -> dict[str, list[tuple[str, str]]]:
    found = {}
    for page in sorted(site_dir.rglob("*.html")):
        name = page.relative_to(site_dir).as_posix()
        if name in ("404.html", "glossary/index.html"):
            continue
        # Only term links carry this class, whatever the theme puts around the content.
        links = soup(page).select("a.glossary-term")
        found[name] = [(str(link["data-glossary-term"]), link.get_text()) for link in links]
    return found


def test_the_demo_links_the_same_terms_as_with_mkdocs(tmp_path: Path) -> None:
    mkdocs_site = tmp_path / "mkdocs-site"
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(ROOT / "mkdocs.yml"), "-d", str(mkdocs_site)],
        check=True,
        timeout=300,
    )
    demo = tmp_path / "demo"
    demo.mkdir()
    shutil.copytree(ROOT / "docs", demo / "docs")
    shutil.copy(ROOT / "glossary.yaml", demo / "glossary.yaml")
    if not (demo / "docs" / "glossary.md").exists():
        (demo / "docs" / "glossary.md").write_text("# Glossary\n\n<!-- glossary -->\n", encoding="utf-8")
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("plugins", None)
    config["theme"] = {"name": "material"}
    config["markdown_extensions"] = [*config.get("markdown_extensions", []), "glossary_plugin"]
    (demo / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    built(demo)
    zensical_links = _links_by_page(demo / "site")
    assert zensical_links == _links_by_page(mkdocs_site)
    assert sum(map(len, zensical_links.values())) > 100
    for name in zensical_links:
        page = demo / "site" / name
        for link in term_links(page):
            assert_resolves(demo / "site", page, str(link["href"]))


# -- glossary-lint on a Zensical project: the findings of a real Zensical build ------------------

_LABELS = {"error": "Error", "warn": "Warning", "info": "Info"}


def _build_findings(output: str) -> list[str]:
    """The findings a `zensical build` printed, in order (not its other messages)."""
    return [line for line in glossary_lines(output) if re.match(r"\w+: glossary: \S+:\d+:\d+: [a-z-]+: ", line)]


def _as_printed(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{_LABELS[diagnostic.severity]}: glossary: {diagnostic}" for diagnostic in diagnostics]


def _mkdocs_lint(config: Path, files: list[Path] | None = None) -> list[Diagnostic]:
    return sorted(cli.lint(config, files), key=lambda diagnostic: diagnostic.sort_key)


def _sorted(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    return sorted(diagnostics, key=lambda diagnostic: diagnostic.sort_key)


DEFECTS_TOML = """[project]
site_name = "Seeded defects"
docs_dir = "docs"

[project.theme]
name = "material"

[project.markdown_extensions.admonition]

[project.markdown_extensions.tables]

[project.markdown_extensions.glossary_plugin]
"""


def _defects(tmp_path: Path, glossary_page: bool = True) -> Path:
    """The seeded defects site with a zensical.toml beside its mkdocs.yml (and the glossary page Zensical needs)."""
    site = tmp_path / "defects"
    shutil.copytree(ROOT / "tests" / "fixtures" / "defects", site)
    (site / "zensical.toml").write_text(DEFECTS_TOML, encoding="utf-8")
    if glossary_page:
        (site / "docs" / "glossary.md").write_text("# Glossary\n\n<!-- glossary -->\n", encoding="utf-8")
    return site


def test_lint_on_the_defects_site_equals_the_zensical_build_and_the_mkdocs_lint(tmp_path: Path) -> None:
    site = _defects(tmp_path)
    found = zensical_lint.lint(site / "zensical.toml", None)
    built_copy = tmp_path / "built"
    shutil.copytree(site, built_copy)
    assert _as_printed(found) == _build_findings(built(built_copy, "--clean"))
    codes = {diagnostic.code for diagnostic in found}
    assert {"undefined-term", "avoided-spelling", "unused-term"} <= codes and len(found) == 14
    assert _sorted(found) == _mkdocs_lint(site / "mkdocs.yml")


def test_lint_on_the_demo_equals_the_zensical_build_and_the_mkdocs_lint(tmp_path: Path) -> None:
    demo = tmp_path / "demo"
    demo.mkdir()
    shutil.copytree(ROOT / "docs", demo / "docs")
    for name in ("glossary.yaml", "mkdocs.yml", "zensical.toml"):
        shutil.copy(ROOT / name, demo / name)
    assert zensical_lint.lint(demo / "zensical.toml", None) == [] == cli.lint(demo / "mkdocs.yml")  # the demo is clean
    training = demo / "docs" / "training.md"
    training.write_text(training.read_text(encoding="utf-8") + "\nA [[tokenz]] and a tokeniser.\n", encoding="utf-8")
    found = zensical_lint.lint(demo / "zensical.toml", None)
    assert [(d.code, d.path) for d in found] == [
        ("undefined-term", "docs/training.md"),
        ("avoided-spelling", "docs/training.md"),
    ]
    built_copy = tmp_path / "built"
    shutil.copytree(demo, built_copy)
    assert _as_printed(found) == _build_findings(built(built_copy, "--clean", "-f", "zensical.toml"))
    assert _sorted(found) == _mkdocs_lint(demo / "mkdocs.yml")


def test_lint_leaves_the_projects_folders_alone(tmp_path: Path) -> None:
    site = _defects(tmp_path)
    (site / "site").mkdir()
    (site / "site" / "old.html").write_text("kept", encoding="utf-8")
    before = sorted(path.relative_to(site) for path in site.rglob("*"))
    assert zensical_lint.lint(site / "zensical.toml", None)
    assert sorted(path.relative_to(site) for path in site.rglob("*")) == before


def test_named_files_are_linted_alone_unless_the_glossary_is_named(tmp_path: Path) -> None:
    site = _defects(tmp_path)
    guide = [site / "docs" / "guide.md"]
    found = zensical_lint.lint(site / "zensical.toml", guide)
    assert found and {diagnostic.path for diagnostic in found} == {"docs/guide.md"}
    assert _sorted(found) == _mkdocs_lint(site / "mkdocs.yml", guide)
    everything = zensical_lint.lint(site / "zensical.toml", [*guide, site / "glossary.yaml"])
    assert "unused-term" in {diagnostic.code for diagnostic in everything} and len(everything) == 14


def test_without_the_glossary_page_the_anchor_checks_are_off_and_the_lint_says_why(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site = _defects(tmp_path, glossary_page=False)
    found = zensical_lint.lint(site / "zensical.toml", None)
    assert "docs/glossary.md does not exist" in capsys.readouterr().err
    # MkDocs generates the page, so it also finds the two broken anchors (glossary.md#fine-tunning, #beam-serch).
    mkdocs = _mkdocs_lint(site / "mkdocs.yml")
    assert [d for d in mkdocs if "is not an entry of the glossary" not in d.message] == _sorted(found)
    assert len(mkdocs) - len(found) == 2


def test_a_broken_glossary_gives_the_mkdocs_lints_findings(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = _defects(tmp_path)
    (site / "glossary.yaml").write_text('terms:\n  token:\n    definition: ""\n    bogus: 1\n', encoding="utf-8")
    found = zensical_lint.lint(site / "zensical.toml", None)
    assert {diagnostic.code for diagnostic in found} == {"glossary-invalid"} and len(found) == 2
    assert _sorted(found) == _mkdocs_lint(site / "mkdocs.yml")
    assert "cache" not in capsys.readouterr().err  # no page was checked, and none came from a cache


def test_which_projects_are_zensical_projects(tmp_path: Path) -> None:
    site = _defects(tmp_path)
    assert zensical_lint.is_zensical_project(site / "zensical.toml")
    assert not zensical_lint.is_zensical_project(site / "mkdocs.yml")  # the plugin: MkDocs lints it
    config = yaml.safe_load((site / "mkdocs.yml").read_text(encoding="utf-8"))
    config.pop("plugins")
    config["markdown_extensions"].append({"glossary_plugin": {"link": "all"}})
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert zensical_lint.is_zensical_project(site / "mkdocs.yml")
    assert _sorted(zensical_lint.lint(site / "mkdocs.yml", None)) == _sorted(
        zensical_lint.lint(site / "zensical.toml", None)
    )


def test_a_broken_config_or_option_is_a_usage_error(tmp_path: Path) -> None:
    site = _defects(tmp_path)
    (site / "zensical.toml").write_text(DEFECTS_TOML + 'lnik = "all"\n', encoding="utf-8")
    with pytest.raises(cli.UsageError, match=r"zensical.toml:\d+:\d+: invalid-option: .*Did you mean 'link'"):
        zensical_lint.lint(site / "zensical.toml", None)
    (site / "zensical.toml").write_text("[project\n", encoding="utf-8")
    with pytest.raises(cli.UsageError, match=r"zensical.toml: "):
        zensical_lint.lint(site / "zensical.toml", None)
    (site / "zensical.toml").write_text(DEFECTS_TOML + 'glossary_file = "terms.yaml"\n', encoding="utf-8")
    with pytest.raises(cli.UsageError, match=r"terms\.yaml: glossary file not found"):
        zensical_lint.lint(site / "zensical.toml", None)
    (site / "zensical.toml").write_text(DEFECTS_TOML.replace("glossary_plugin", "abbr"), encoding="utf-8")
    with pytest.raises(cli.UsageError, match="not enabled"):
        zensical_lint.lint(site / "zensical.toml", None)
    (site / "zensical.toml").write_text(
        DEFECTS_TOML.replace('docs_dir = "docs"', 'docs_dir = "nowhere"'), encoding="utf-8"
    )
    with pytest.raises(cli.UsageError, match="Zensical build failed"):
        zensical_lint.lint(site / "zensical.toml", None)


# -- zensical serve -------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return str(response.read().decode("utf-8"))
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float) -> str | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and text in page:
            return page
        time.sleep(0.3)
    return None


def test_serve_picks_up_a_glossary_edit(tmp_path: Path) -> None:
    site = make_site(tmp_path, watch=["glossary.yaml"])
    port = _free_port()
    server = subprocess.Popen(
        [zensical(), "serve", "-a", f"127.0.0.1:{port}"],
        cwd=site,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        url = f"http://127.0.0.1:{port}/a/b/c/deep/"
        shown = _wait_for(url, 'title="A vector that stands for a token."', 60)
        assert shown, "serve never showed the page"
        # `serve` has no end to publish files at: each page carries the copies inline.
        style = BeautifulSoup(shown, "html.parser").find("style", id="glossary-plugin-css")
        assert isinstance(style, Tag)
        assert style.get_text() == (ASSETS / "inline" / "page.min.css").read_text(encoding="utf-8")
        glossary = site / "glossary.yaml"
        time.sleep(1.1)  # Zensical compares modification times in whole seconds
        glossary.write_text(
            glossary.read_text(encoding="utf-8").replace("A vector that stands", "A list of numbers that stands"),
            encoding="utf-8",
        )
        assert _wait_for(url, 'title="A list of numbers that stands for a token."', 60), "the edit never showed"
    finally:
        server.terminate()
        server.wait(timeout=20)


# -- hostile definitions in Chromium ---------------------------------------------------------


@contextlib.contextmanager
def _serving(folder: Path) -> Iterator[str]:
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("features", [[], ["content.tooltips"]], ids=["own-tooltips", "content.tooltips"])
def test_hostile_definitions_run_nothing_in_chromium(tmp_path: Path, features: list[str], browser: Any) -> None:
    site = make_site(tmp_path, fixture="hostile", theme={"name": "material", "features": features})
    built(site)
    with _serving(site / "site") as base:
        page = browser.new_page()
        try:
            dialogs: list[str] = []

            def dismiss(dialog: Any) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", dismiss)
            for path in ("", "glossary/"):
                page.goto(base + path)
                for link in page.locator("article a.glossary-term").all():
                    link.hover()
                    page.wait_for_timeout(400)
                    link.focus()
                    page.wait_for_timeout(200)
                assert page.evaluate("window.__xss") is None, path
            assert dialogs == []
            page.goto(base)
            page.locator("article a.glossary-term").first.hover()
            tooltip = page.locator(".md-tooltip2, #glossary-tooltip").filter(has_text="Alpha")
            tooltip.first.wait_for(state="visible", timeout=5000)
            assert '<img src=x onerror="window.__xss = 1">' in tooltip.first.inner_text()  # shown as text
        finally:
            page.close()
        _tap_and_click_everything(browser, base)


def _tap_and_click_everything(browser: Any, base: str) -> None:
    """On a phone: tap every term and every link of its popover; click every link of each page.

    Following a link to another document answers 204, so the page stays where it is and a payload that ran
    would still show."""
    context = browser.new_context(has_touch=True, is_mobile=True)
    opened = {"url": ""}

    def stay(route: Any) -> None:
        request = route.request
        if request.is_navigation_request() and request.url.split("#")[0] != opened["url"]:
            route.fulfill(status=204)
        else:
            route.fallback()

    context.route("**/*", stay)
    try:
        page = context.new_page()
        for path in ("", "deep/page/", "glossary/"):
            opened["url"] = base + path
            page.goto(opened["url"], wait_until="load")
            names = page.eval_on_selector_all(
                "article a.glossary-term", "(all) => [...new Set(all.map((a) => a.dataset.glossaryTerm))]"
            )
            assert names, path
            for name in names:
                page.locator(f'article a.glossary-term[data-glossary-term="{name}"]').first.tap()
                # The definition as the glossary page shows it, from the definitions file the build wrote.
                page.wait_for_selector("#glossary-popover .glossary-popover-definition[data-glossary-rich]")
                hrefs = page.eval_on_selector_all("#glossary-popover a", "(all) => all.map((a) => a.href)")
                assert hrefs and all(href.startswith(("http:", "https:", "mailto:")) for href in hrefs), hrefs
                for index in range(len(hrefs)):  # each of the popover's links, in a popover opened afresh
                    page.keyboard.press("Escape")
                    page.locator(f'article a.glossary-term[data-glossary-term="{name}"]').first.tap()
                    page.wait_for_selector("#glossary-popover .glossary-popover-definition[data-glossary-rich]")
                    page.locator("#glossary-popover a").nth(index).tap(timeout=5000)
                    page.wait_for_timeout(50)
                assert page.evaluate("window.__xss") is None, (path, name)
                page.keyboard.press("Escape")
            for index in range(page.locator("article a[href]").count()):
                page.locator("article a[href]").nth(index).click(force=True)
                page.wait_for_timeout(100)
            assert page.evaluate("window.__xss") is None, path
    finally:
        context.close()


def test_a_term_name_goes_into_the_table_of_contents_as_text() -> None:
    from types import SimpleNamespace

    from glossary_plugin.core import index_page
    from glossary_plugin.core.model import Glossary, Term
    from glossary_plugin.mdext import extension as mdext

    glossary = Glossary((Term('<img src=x onerror="alert(1)">', "A payload as a name."),))
    md = SimpleNamespace(
        toc_tokens=[{"level": 1, "id": "glossary", "name": "Glossary", "html": "Glossary", "children": []}]
    )
    mdext._add_entries_to_toc(md, index_page.toc_entries(glossary, {glossary.terms[0].name: "img"}))  # type: ignore[arg-type]
    (letter,) = md.toc_tokens[0]["children"]
    (entry,) = letter["children"]
    assert entry["html"] == entry["name"] == "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;"
    assert entry["id"] == "img" and entry["level"] == 3
