"""A translated Zensical site, built for real by zensical-i18n (suffix and folder layouts).

zensical-i18n 0.3 requires Zensical below 0.1, so this module runs in the
oldest supported Zensical's environment (`.venv-zensical-oldest`, which
scripts/test.sh builds with zensical-i18n); the main environment's Zensical
is too new to install it beside (see tests/conftest.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from .i18n_support import Layout, i18n_plugin, write_pages, write_yaml

pytestmark = pytest.mark.slow

ZENSICAL_I18N = Path(sys.executable).parent / "zensical-i18n"

GLOSSARY = {"terms": {"token": {"definition": "A piece of text.", "see": ["vector"]}, "vector": "A list."}}
GLOSSARY_FA = {
    "terms": {
        "واژه": {"definition": "کوچک‌ترین بخش متن.", "see": ["بردار"]},
        "بردار": {"definition": "فهرستی از عددها."},
        "گراف": {"definition": "ساختاری از گره‌ها."},
    }
}
PAGES = {
    "en": {"index": "# Home\n\nA token and a vector.\n", "glossary": "# Glossary\n\n<!-- glossary -->\n"},
    "fa": {
        "index": "# خانه\n\nیک واژه و یک بردار و گراف.\n\n[[نیست]]\n",
        "glossary": "# واژه‌نامه\n\n<!-- glossary -->\n",
    },
    "de": {"index": "# Start\n\nEin token.\n"},
}


def _site(root: Path, layout: Layout) -> Path:
    write_pages(root / "docs", layout, PAGES)
    write_yaml(root / "glossary.yaml", GLOSSARY)
    write_yaml(root / "glossary.fa.yaml", GLOSSARY_FA)
    config = {
        "site_name": "Translated",
        "markdown_extensions": ["attr_list", "glossary_plugin"],
        "plugins": [i18n_plugin(layout)],
    }
    write_yaml(root / "mkdocs.yml", config)
    return root


@pytest.fixture(scope="module", params=["suffix", "folder"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    assert ZENSICAL_I18N.is_file(), f"zensical-i18n is not installed next to {sys.executable}"
    root = _site(tmp_path_factory.mktemp(f"zi-{request.param}"), request.param)
    result = subprocess.run(
        [str(ZENSICAL_I18N), "build"], cwd=root, capture_output=True, text=True, timeout=600, check=False
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0 and "Traceback" not in output, output
    return root, output


def test_each_language_links_its_own_glossary(built: tuple[Path, str]) -> None:
    site = built[0] / "site"
    fa = (site / "fa" / "index.html").read_text(encoding="utf-8")
    linked = set(re.findall(r'data-glossary-term="([^"]+)"', fa))
    assert linked == {"واژه", "بردار", "گراف"}
    assert re.search(r'href="glossary/#[^"]*"[^>]*data-glossary-term="واژه"', fa)
    en = (site / "index.html").read_text(encoding="utf-8")
    assert set(re.findall(r'data-glossary-term="([^"]+)"', en)) == {"token", "vector"}


def test_labels_direction_and_order_are_persian(built: tuple[Path, str]) -> None:
    page = (built[0] / "site" / "fa" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'dir="rtl"' in page and "همچنین ببینید: " in page and 'placeholder="پالایش واژه‌ها"' in page
    names = re.findall(r'class="glossary-name"[^>]*>([^<]+)<', page)
    assert names == ["بردار", "گراف", "واژه"]


def test_a_language_without_its_own_glossary_falls_back_and_says_so(built: tuple[Path, str]) -> None:
    root, output = built
    assert output.count("no glossary.de.yaml: the 'de' pages link the terms of glossary.yaml") == 1
    de = (root / "site" / "de" / "index.html").read_text(encoding="utf-8")
    assert 'data-glossary-term="token"' in de
    # The German build sees only German pages: which default terms are unused is the default build's call.
    assert output.count("unused-term: term 'vector'") == 0  # used on the English pages


def test_findings_name_the_file_the_writer_edits(built: tuple[Path, str]) -> None:
    root, output = built
    source = "docs/index.fa.md" if (root / "docs" / "index.fa.md").is_file() else "docs/fa/index.md"
    assert f"{source}:5:1: undefined-term: 'نیست' is not in the glossary" in output, output
    assert re.search(r"glossary\.fa\.yaml:\d+:\d+: unused-term: term 'گراف'", output) is None  # used
    assert ".zensical-i18n" not in output
