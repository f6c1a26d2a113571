"""What a Zensical page carries of ours: two tags that load the minified copies of glossary.js and
glossary.css under `zensical build`, the copies inline under `zensical serve`.

The copies in glossary_plugin/assets/inline/ are committed (pip builds the
package without Node) and must be what `npm run build:assets` makes of the
sources today: the check rebuilds them with the pinned terser and esbuild
(`npm ci` installs them; scripts/test.sh runs it before pytest).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from glossary_plugin.mdext import asset_hashes
from glossary_plugin.mdext.assets import INLINE_DIR, page_assets

pytestmark = pytest.mark.slow  # real builds

ROOT = Path(__file__).resolve().parent.parent
BUILD_SCRIPT = ROOT / "scripts" / "build-assets.mjs"
ZENSICAL = Path(sys.executable).parent / "zensical"
BUDGET = 8 * 1024
"""At most this many bytes of ours on a page (under `zensical serve`, where the copies are inline: compressed)."""
KINDS = ("page", "glossary-page")
RAW_CEILING = {False: 12_500, True: 16_500}
"""The inline copies uncompressed, on other pages and on the glossary page: as built today (12.4 KB, 16.1 KB,
with the labels in the page's language), so that growing them is a decision."""


def _node() -> str:
    node = shutil.which("node")
    assert node, "node is not installed (scripts/test.sh installs it)"
    assert (ROOT / "node_modules" / "terser").is_dir(), "the build tools are not installed: run `npm ci`"
    return node


def _check(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_node(), str(root / "scripts" / "build-assets.mjs"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_the_committed_copies_are_a_fresh_build_of_the_sources() -> None:
    result = _check(ROOT)
    assert result.returncode == 0, result.stderr


def test_the_check_fails_when_a_source_changed_without_a_build(tmp_path: Path) -> None:
    _node()
    shutil.copytree(ROOT / "glossary_plugin" / "assets", tmp_path / "glossary_plugin" / "assets")
    (tmp_path / "scripts").mkdir()
    shutil.copy(BUILD_SCRIPT, tmp_path / "scripts")
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules", target_is_directory=True)
    assert _check(tmp_path).returncode == 0
    source = tmp_path / "glossary_plugin" / "assets" / "glossary.js"
    source.write_text(source.read_text(encoding="utf-8").replace("Open in glossary", "Open it"), encoding="utf-8")
    result = _check(tmp_path)
    assert result.returncode == 1
    assert "glossary_plugin/assets/inline/page.min.js, glossary_plugin/assets/inline/glossary-page.min.js" in (
        result.stderr
    )
    assert "npm run build:assets" in result.stderr


def test_each_copy_leaves_out_what_its_pages_cannot_use() -> None:
    page_js, glossary_js, page_css, glossary_css = (
        (INLINE_DIR / f"{kind}.min.{suffix}").read_text(encoding="utf-8")
        for suffix in ("js", "css")
        for kind in ("page", "glossary-page")
    )
    # Inline there is no script URL, so no definitions file to read beside it.
    assert "definitions.json" not in page_js + glossary_js
    # The filter box and the A-Z bar are on the glossary page only.
    assert "glossary-filter" not in page_js and "glossary-filter" in glossary_js
    assert ".glossary-az" not in page_css and ".glossary-az" in glossary_css
    # Every page still has the tooltips, the tap's popover and the landed-on outline.
    for code in (page_js, glossary_js):
        assert "glossary-tooltip" in code and "glossary-popover" in code and "glossary-landed" in code
    assert ".glossary-popover" in page_css and "glossary-landed" in page_css
    # The copies `zensical build` publishes as files read the definitions file beside them.
    page_file, glossary_file = ((INLINE_DIR / f"{kind}.file.min.js").read_text(encoding="utf-8") for kind in KINDS)
    assert "definitions.json" in page_file and "definitions.json" in glossary_file
    assert "glossary-filter" not in page_file and "glossary-filter" in glossary_file


@pytest.mark.slow
def test_a_zensical_page_carries_at_most_8_kb_of_ours_and_loads_the_copies_once(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "zensical" / "site", site)
    config = {"site_name": "Test", "theme": {"name": "material"}, "markdown_extensions": ["glossary_plugin"]}
    (site / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    assert ZENSICAL.is_file(), f"zensical is not installed next to {sys.executable}: pip install -e '.[test]'"
    built = subprocess.run([str(ZENSICAL), "build", "--clean"], cwd=site, capture_output=True, text=True, check=False)
    assert built.returncode == 0, built.stderr
    pages = sorted(path for path in (site / "site").rglob("index.html") if "glossary-term" in path.read_text("utf-8"))
    assert len(pages) >= 3
    for page in pages:
        html = page.read_text(encoding="utf-8")
        document = BeautifulSoup(html, "html.parser")
        # Our tags only: no inline copy (Zensical's theme has inline scripts of its own, without our code).
        assert document.find("style", id="glossary-plugin-css") is None
        assert not any("glossary-tooltip" in (script.string or "") for script in document.find_all("script"))
        link = document.find("link", id="glossary-plugin-css")
        scripts = [tag for tag in document.find_all("script", src=True) if "glossary_plugin/" in str(tag["src"])]
        assert link is not None and len(scripts) == 1, page
        ours = str(link) + str(scripts[0])
        assert len(ours.encode("utf-8")) <= BUDGET, (page, len(ours))
        for url in (str(link["href"]), str(scripts[0]["src"])):  # the files the browser loads, once for the site
            assert (page.parent / url).resolve().is_file(), (page, url)


def test_the_inline_copies_of_zensical_serve_are_allowed_by_the_documented_hashes() -> None:
    allowed = {kind: set(hashes.split()) for kind, hashes in asset_hashes().items()}
    for glossary_page in (False, True):
        ours = page_assets(glossary_page=glossary_page)
        raw = ours.encode("utf-8")
        assert len(raw) <= RAW_CEILING[glossary_page] and len(gzip.compress(raw)) <= BUDGET, len(raw)
        document = BeautifulSoup(ours, "html.parser")
        assert {_hash(document.script.string)} <= allowed["glossary.js"]
        assert {_hash(document.style.string)} <= allowed["glossary.css"]


def _hash(text: str | None) -> str:
    digest = hashlib.sha256((text or "").encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"
