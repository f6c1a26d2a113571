"""A translated site in Chromium: the Persian (right-to-left) glossary page and tap popover read right to left,
in Persian, with the Persian definitions; the French pages' popovers speak French."""

from __future__ import annotations

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from ..i18n_support import LANGUAGES, i18n_plugin, write_pages, write_yaml
from .conftest import Pages, _Servers
from .test_xss import open_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

GLOSSARY = {"terms": {"token": {"definition": "A **piece** of text."}, "vector": {"definition": "A list of numbers."}}}
GLOSSARY_FA = {"terms": {"واژه": {"definition": "کوچک‌ترین **بخش** متن."}, "بردار": {"definition": "فهرستی از عددها."}}}
GLOSSARY_FR = {"terms": {"jeton": {"definition": "Un **morceau** de texte."}}}
PAGES = {
    "en": {"index": "# Home\n\nA token and a vector.\n"},
    "fa": {"index": "# خانه\n\nیک واژه و یک بردار.\n"},
    "fr": {"index": "# Accueil\n\nUn jeton.\n"},
}


@pytest.fixture(scope="module")
def site(servers: _Servers, tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("i18n-rtl")
    write_pages(root / "docs", "suffix", PAGES)
    for name, glossary in (
        ("glossary.yaml", GLOSSARY),
        ("glossary.fa.yaml", GLOSSARY_FA),
        ("glossary.fr.yaml", GLOSSARY_FR),
    ):
        write_yaml(root / name, glossary)
    languages = [*LANGUAGES[:2], {"locale": "fr", "name": "Français"}]
    plugins = ["search", "glossary", i18n_plugin("suffix", languages)]
    write_yaml(root / "mkdocs.yml", {"site_name": "RTL", "plugins": plugins})
    site_dir = root / "site"
    base = servers.serve(site_dir)
    build(load_config(str(root / "mkdocs.yml"), site_dir=str(site_dir), site_url=base))
    return base


def _tap_first_term(page_url: str, pages: Pages) -> dict[str, str]:
    page = open_page(pages, page_url, touch=True)
    term = page.locator("a.glossary-term").first
    term.tap()
    popover = page.locator("#glossary-popover")
    popover.wait_for(state="visible")
    page.wait_for_function(
        "() => document.querySelector('#glossary-popover .glossary-popover-definition strong') !== null"
    )
    result: dict[str, str] = page.evaluate(
        """() => {
          const box = document.querySelector('#glossary-popover');
          const open = box.querySelector('.glossary-popover-open-link');
          return {
            dir: box.getAttribute('dir'),
            direction: getComputedStyle(box).direction,
            open: open.textContent,
            openHref: open.href,
            definition: box.querySelector('.glossary-popover-definition').textContent.trim(),
          };
        }"""
    )
    return result


def test_the_persian_popover_reads_right_to_left_in_persian(site: str, pages: Pages) -> None:
    shown = _tap_first_term(site + "fa/", pages)
    assert shown["dir"] == "rtl" and shown["direction"] == "rtl"
    assert shown["open"] == "باز کردن در واژه‌نامه"
    assert shown["definition"] == "کوچک‌ترین بخش متن."
    assert shown["openHref"].startswith(site + "fa/glossary/")


def test_the_french_popover_speaks_french_and_the_english_one_english(site: str, pages: Pages) -> None:
    french = _tap_first_term(site + "fr/", pages)
    assert (french["dir"], french["open"], french["definition"]) == (
        "ltr",
        "Ouvrir dans le glossaire",
        "Un morceau de texte.",
    )
    assert french["openHref"].startswith(site + "fr/glossary/")
    english = _tap_first_term(site, pages)
    assert (english["dir"], english["open"], english["definition"]) == ("ltr", "Open in glossary", "A piece of text.")


def test_the_persian_glossary_page_reads_right_to_left_and_filters_in_persian(site: str, pages: Pages) -> None:
    page = open_page(pages, site + "fa/glossary/")
    laid_out = page.evaluate(
        """() => {
          const list = document.querySelector('.glossary-list');
          const names = [...document.querySelectorAll('.glossary-name')].map((h) => h.textContent);
          return { direction: getComputedStyle(list).direction, names };
        }"""
    )
    assert laid_out == {"direction": "rtl", "names": ["بردار", "واژه"]}
    search = page.locator(".glossary-filter-input")
    assert search.get_attribute("placeholder") == "پالایش واژه‌ها"
    search.fill("بر")
    status = page.locator(".glossary-filter-status")
    assert status.text_content() == "1 از 2 واژه"
    search.fill("zzz")
    assert status.text_content() == "هیچ واژه‌ای پیدا نشد."
