"""A translated site (mkdocs-static-i18n, suffix and folder layouts), built for real.

Three languages: English (the default, `glossary.yaml`), Persian (right to
left, its own `glossary.fa.yaml`) and German (no glossary of its own: it
falls back to the default's and says so once).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest

from .i18n_support import Layout, i18n_plugin, write_pages, write_yaml

pytestmark = pytest.mark.slow  # real builds

GLOSSARY_EN = {
    "terms": {
        "token": {"definition": "A piece of text a model reads.", "aliases": ["tokens"], "avoid": ["tokn"]},
        "embedding": {"definition": "A vector for a token.", "see": ["token"]},
        "zebra": {"definition": "Used on no page."},
    }
}
GLOSSARY_FA = {
    "terms": {
        "واژه": {"definition": "کوچک‌ترین بخش متن.", "see": ["بردار"], "avoid": ["واژهه"]},
        "بردار": {"definition": "فهرستی از عددها."},
        "پردازش": {"definition": "کاری روی داده."},
        "گراف": {"definition": "در هیچ صفحه‌ای نیست."},
    }
}
PAGES = {
    "en": {"index": "# Home\n\nA token and an embedding.\n", "guide": "# Guide\n\nMore tokens.\n"},
    "fa": {"index": "# خانه\n\nیک واژه و یک بردار و پردازش.\n\nاین واژهه غلط است.\n", "guide": "# راهنما\n\nبردار.\n"},
    "de": {"index": "# Start\n\nEin token hier.\n"},
}


def _write_site(root: Path, layout: Layout, glossary_first: bool = True) -> Path:
    write_pages(root / "docs", layout, PAGES)
    write_yaml(root / "glossary.yaml", GLOSSARY_EN)
    write_yaml(root / "glossary.fa.yaml", GLOSSARY_FA)
    i18n = i18n_plugin(layout)
    plugins = ["search", "glossary", i18n] if glossary_first else ["search", i18n, "glossary"]
    write_yaml(root / "mkdocs.yml", {"site_name": "Translated", "theme": {"name": "mkdocs"}, "plugins": plugins})
    return root


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"], cwd=root, capture_output=True, text=True, timeout=300, check=False
    )


@pytest.fixture(scope="module", params=["suffix", "folder"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = _write_site(tmp_path_factory.mktemp(f"i18n-{request.param}"), request.param)
    result = _build(root)
    assert result.returncode == 0, result.stdout + result.stderr
    return root, result.stdout + result.stderr


def _links(html: str) -> list[str]:
    return re.findall(r'<a class="glossary-term[^"]*"[^>]*href="([^"]+)"', html)


def _resolves(site: Path, page: Path, href: str) -> bool:
    """The link's target file exists and holds the anchor."""
    base = "http://site/" + page.relative_to(site).as_posix()
    url = urljoin(base, href)
    path, _, anchor = unquote(url.removeprefix("http://site/")).partition("#")
    target = site / path
    if target.is_dir() or path.endswith("/") or not path:
        target = target / "index.html"
    if not target.is_file():
        return False
    return not anchor or f'id="{anchor}"' in target.read_text(encoding="utf-8")


def test_no_crash_and_every_language_is_built(built: tuple[Path, str]) -> None:
    root, output = built
    assert "Traceback" not in output
    site = root / "site"
    for page in ("index.html", "fa/index.html", "de/index.html", "glossary/index.html", "fa/glossary/index.html"):
        assert (site / page).is_file(), page


def test_each_language_links_its_own_terms_to_its_own_glossary_page(built: tuple[Path, str]) -> None:
    site = built[0] / "site"
    fa = (site / "fa" / "index.html").read_text(encoding="utf-8")
    assert 'data-glossary-term="واژه"' in fa and 'data-glossary-term="بردار"' in fa
    assert 'data-glossary-term="token"' not in fa
    en = (site / "index.html").read_text(encoding="utf-8")
    assert 'data-glossary-term="token"' in en and "واژه" not in en
    for page in ("index.html", "guide/index.html", "fa/index.html", "fa/guide/index.html", "de/index.html"):
        links = _links((site / page).read_text(encoding="utf-8"))
        assert links, page
        for href in links:
            assert _resolves(site, site / page, href), (page, href)
            # Within the page's language: a Persian page never lands on the English glossary page.
            target = urljoin("http://site/" + page, href)
            language = page.split("/")[0] if page.split("/")[0] in ("fa", "de") else ""
            assert target.startswith(f"http://site/{language}/glossary/" if language else "http://site/glossary/")


def test_a_language_without_its_own_glossary_uses_the_default_and_says_so_once(built: tuple[Path, str]) -> None:
    root, output = built
    assert output.count("no glossary.de.yaml") == 1
    assert "no glossary.fa.yaml" not in output
    de = (root / "site" / "de" / "index.html").read_text(encoding="utf-8")
    assert 'data-glossary-term="token"' in de
    glossary = (root / "site" / "de" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert ">Glossar</h1>" in glossary and "Siehe auch: " in glossary


def test_labels_direction_and_order_are_the_page_languages(built: tuple[Path, str]) -> None:
    site = built[0] / "site"
    fa = (site / "fa" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert ">واژه‌نامه</h1>" in fa
    assert 'dir="rtl"' in fa and 'aria-label="فهرست واژه‌نامه"' in fa and 'placeholder="پالایش واژه‌ها"' in fa
    assert "همچنین ببینید: " in fa and "به کار رفته در: " in fa
    # The Persian alphabet: ب, پ, گ before و (code points would put پ and گ after و).
    entries = re.findall(r'<h3 id="[^"]*" class="glossary-name">([^<]+)</h3>', fa)
    assert entries == ["بردار", "پردازش", "گراف", "واژه"]
    en = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' not in en and "See also: " in en and "Used on: " in en


def test_used_on_lists_name_the_pages_of_the_same_language(built: tuple[Path, str]) -> None:
    site = built[0] / "site"
    fa = (site / "fa" / "glossary" / "index.html").read_text(encoding="utf-8")
    used = re.findall(r'glossary-backlinks no-glossary">به کار رفته در: (.*?)</p>', fa)
    assert used and all("خانه" in item or "راهنما" in item for item in used)
    for href in re.findall(r"glossary-backlinks[^>]*>.*?</p>", fa):
        for link in re.findall(r'href="([^"]+)"', href):
            assert _resolves(site, site / "fa" / "glossary" / "index.html", link)


def test_the_definitions_file_is_per_language(built: tuple[Path, str]) -> None:
    site = built[0] / "site"
    fa = json.loads((site / "fa" / "assets" / "glossary_plugin" / "definitions.json").read_text(encoding="utf-8"))
    assert set(fa["terms"]) == set(GLOSSARY_FA["terms"])
    assert fa["labels"] == {"open": "باز کردن در واژه‌نامه", "dir": "rtl"}
    assert (
        urljoin("http://site/fa/assets/glossary_plugin/definitions.json", fa["glossary"]) == "http://site/fa/glossary/"
    )
    en = json.loads((site / "assets" / "glossary_plugin" / "definitions.json").read_text(encoding="utf-8"))
    assert set(en["terms"]) == set(GLOSSARY_EN["terms"]) and en["labels"]["dir"] == "ltr"
    page = (site / "fa" / "index.html").read_text(encoding="utf-8")
    script = re.search(r'<script src="([^"]*glossary\.js)"', page)
    assert script is not None
    assert urljoin("http://site/fa/index.html", script.group(1)) == "http://site/fa/assets/glossary_plugin/glossary.js"


def test_findings_name_the_translated_file_and_unused_terms_are_judged_per_language(built: tuple[Path, str]) -> None:
    root, output = built
    layout_file = "docs/index.fa.md" if (root / "docs" / "index.fa.md").is_file() else "docs/fa/index.md"
    assert f"{layout_file}:5:5: avoided-spelling: " in output, output
    assert "glossary.fa.yaml" in output and re.search(r"glossary\.fa\.yaml:\d+:\d+: unused-term: term 'گراف'", output)
    assert re.search(r"glossary\.yaml:\d+:\d+: unused-term: term 'zebra'", output)
    # A term used only by the English pages is not unused in English.
    assert not re.search(r"unused-term: term 'embedding'", output)


@pytest.mark.parametrize("layout", ["suffix", "folder"])
def test_the_plugin_order_does_not_matter(tmp_path: Path, layout: Layout) -> None:
    root = _write_site(tmp_path, layout, glossary_first=False)
    result = _build(root)
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    fa = (root / "site" / "fa" / "index.html").read_text(encoding="utf-8")
    assert 'data-glossary-term="واژه"' in fa


def test_glossary_lint_checks_every_language(built: tuple[Path, str]) -> None:
    root, _ = built
    result = subprocess.run(
        [sys.executable, "-m", "glossary_plugin", "--format", "json"],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 1, result.stdout + result.stderr
    findings = json.loads(result.stdout)
    files = {(finding["path"], finding["code"]) for finding in findings}
    assert any(file.endswith(("index.fa.md", "fa/index.md")) and code == "avoided-spelling" for file, code in files)
    assert ("glossary.fa.yaml", "unused-term") in files and ("glossary.yaml", "unused-term") in files
