"""The glossary page's structure readers and search plugins rely on (issue 15).

A heading per letter (h2) and per entry (h3, the entry's anchor as id) in a
section of its own; one search record per entry in MkDocs' and Material's
search index, located at the entry's anchor, holding its name and its
definition; a filter box hidden until glossary.js shows it; "Used on" naming
pages by their place where titles repeat.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from glossary_plugin.core import index_page
from glossary_plugin.core.anchors import term_anchors

from .conftest import Site

GLOSSARY = """
terms:
  token:
    definition: The smallest unit of text a model reads, quokkaword.
    aliases: [tok]
    see: [tokenizer]
  tokenizer: Splits text into tokens, wombatword.
  attention: A mechanism that weighs positions, numbatword.
  Ångström unit: A tiny length, dingoword.
  2-bit quantisation: Weights in two bits, emuword.
"""
PAGES = {
    "index.md": "# Home\n\nA token, a tokenizer, attention, an Ångström unit and 2-bit quantisation.\n",
    "guide/overview.md": "# Overview\n\nThe tokenizer again.\n",
    "api/overview.md": "# Overview\n\nAttention again.\n",
}
DEFINITION_WORD = {
    "token": "quokkaword",
    "tokenizer": "wombatword",
    "attention": "numbatword",
    "Ångström unit": "dingoword",
    "2-bit quantisation": "emuword",
}


def build(root: Path, theme: str) -> Path:
    site = Site(root)
    site.glossary(GLOSSARY)
    for path, text in PAGES.items():
        site.page(path, text)
    return site.build(strict=True, plugins=["search", "glossary"], theme={"name": theme})


@pytest.fixture(scope="module", params=["mkdocs", "material"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp(f"layout-{request.param}"), request.param)


def glossary_main(site_dir: Path) -> Tag:
    soup = BeautifulSoup((site_dir / "glossary/index.html").read_text(encoding="utf-8"), "html.parser")
    found = soup.select_one(".glossary-list")
    assert found is not None and found.parent is not None
    return found.parent


def records(site_dir: Path) -> dict[str, dict[str, Any]]:
    docs = json.loads((site_dir / "search/search_index.json").read_text(encoding="utf-8"))["docs"]
    return {doc["location"]: doc for doc in docs}


def test_a_heading_per_letter_and_per_entry_each_entry_in_its_section(built: Path) -> None:
    main = glossary_main(built)
    groups = main.select(".glossary-list > section.glossary-group")
    letters = [(group.h2.get_text(), group.h2["id"]) for group in groups if group.h2]
    assert letters == [
        ("#", "glossary-letter-other"),
        ("A", "glossary-letter-a"),
        ("T", "glossary-letter-t"),
    ]
    entries = {
        group.h2.get_text() if group.h2 else "": [h3.get_text() for h3 in group.select("section.glossary-entry > h3")]
        for group in groups
    }
    assert entries == {"#": ["2-bit quantisation"], "A": ["Ångström unit", "attention"], "T": ["token", "tokenizer"]}
    token = main.select_one("h3#token")
    assert token is not None and token.parent is not None
    section = token.parent
    assert section.name == "section" and "glossary-entry" in section["class"]
    # The entry's definition, aliases and see-also are in its own section, not the next one's.
    assert "quokkaword" in section.get_text() and "wombatword" not in section.get_text()
    assert [a["href"] for a in section.select("a.glossary-permalink")] == ["#token"]
    assert [a.get_text() for a in section.select("a.glossary-permalink")] == [""]  # no text to join the search title


def test_the_filter_box_is_hidden_until_javascript_shows_it(built: Path) -> None:
    main = glossary_main(built)
    box = main.select_one(".glossary-filter")
    assert box is not None and box.has_attr("hidden")
    field = box.select_one("input[type=search]")
    assert field is not None and field["aria-label"]
    names = {
        section.h3.get_text() if section.h3 else "": section["data-glossary-names"]
        for section in main.select("section.glossary-entry")
    }
    assert names["token"] == "token\ntok"


def test_one_search_record_per_entry_at_its_anchor_with_its_name_and_definition(built: Path) -> None:
    found = records(built)
    for name, word in DEFINITION_WORD.items():
        entry = glossary_main(built).find("h3", string=name)
        assert isinstance(entry, Tag)
        record = found.get(f"glossary/#{entry['id']}")
        assert record is not None, f"no search record for {name}"
        assert record["title"] == name
        assert word in record["text"]
        others = [other for other in DEFINITION_WORD.values() if other != word]
        assert not [other for other in others if other in record["text"]], record
    # The A-Z bar is no entry's text.
    assert "glossary-az" not in json.dumps([record["text"] for record in found.values()])


@dataclass(frozen=True)
class Used:
    title: str
    url: str
    nav_path: tuple[str, ...] = ()


def test_used_on_names_pages_by_their_place_where_titles_repeat() -> None:
    usage = {
        "token": [Used("Home", ""), Used("Overview", "guide/overview/", ("Guide",))],
        "attention": [Used("Overview", "api/overview/", ("Reference", "API")), Used("Home", "")],
    }
    labels = index_page.backlink_labels(usage)
    assert labels == {"": "Home", "guide/overview/": "Guide › Overview", "api/overview/": "Reference › API › Overview"}
    # Where the navigation paths are the same too, or missing, the URL tells them apart.
    same_place = {"token": [Used("Overview", "a/", ("Guide",)), Used("Overview", "b/", ("Guide",))]}
    assert index_page.backlink_labels(same_place) == {"a/": "Guide › Overview (a/)", "b/": "Guide › Overview (b/)"}
    plain = {"token": [Used("Overview", "guide/overview/"), Used("Overview", "api/overview/")]}
    assert index_page.backlink_labels(plain) == {
        "guide/overview/": "Overview (guide/overview/)",
        "api/overview/": "Overview (api/overview/)",
    }


def test_used_on_on_the_built_page_tells_pages_of_one_title_apart(built: Path) -> None:
    main = glossary_main(built)
    labels = sorted(a.get_text() for a in main.select(".glossary-backlinks a") if "Overview" in a.get_text())
    assert len(labels) == 2 and len(set(labels)) == 2, labels


def test_toc_entries_list_the_letters_with_their_entries() -> None:
    from glossary_plugin.core.loader import parse_glossary

    glossary, errors = parse_glossary(GLOSSARY)
    assert not errors
    anchors = term_anchors(glossary)
    toc = index_page.toc_entries(glossary, anchors)
    assert [(entry.title, entry.id, entry.level) for entry in toc] == [
        ("#", "glossary-letter-other", 2),
        ("A", "glossary-letter-a", 2),
        ("T", "glossary-letter-t", 2),
    ]
    assert [(child.title, child.id, child.level) for child in toc[2].children] == [
        ("token", anchors["token"], 3),
        ("tokenizer", anchors["tokenizer"], 3),
    ]
