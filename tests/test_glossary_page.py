"""The glossary page readers browse: entries, anchors, see-also, backlinks, A-Z; and the schema."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import unquote, urljoin, urlparse

import jsonschema
import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from glossary_plugin.core.anchors import slugify, term_anchors
from glossary_plugin.core.model import Glossary, Term

from .conftest import ROOT, PluginLog, Site

SCHEMA = json.loads((ROOT / "glossary_plugin" / "schema" / "glossary.schema.json").read_text(encoding="utf-8"))


def main_of(site: Site, path: str) -> BeautifulSoup:
    soup = BeautifulSoup(site.html(path), "html.parser")
    main = soup.select_one("div[role=main]")
    assert main is not None
    return main


@pytest.fixture
def three_pages(site: Site) -> Site:
    site.glossary(
        """
        terms:
          token:
            definition: The smallest unit of text; see the [tokens page](tokens.md).
            aliases: [tok]
            see: [tokenizer]
          tokenizer:
            definition: Splits text into each **token** it knows.
            see: [token]
          Attention: A mechanism that weighs positions.
          zero-shot: Asking without examples.
          2-bit quantisation: Storing weights in two bits.
          unused thing: Nobody mentions this.
        """
    )
    site.page("index.md", "# Home\n\nA token and attention.\n")
    site.page("tokens.md", "# Tokens\n\nThe tokenizer makes tokens; tok is short.\n\n`zero-shot` in code only.\n")
    site.page("deep/a/b/page.md", "# Deep page\n\nAttention, and [[zero-shot]].\n")
    return site


def test_generated_page_lists_every_term_a_to_z(three_pages: Site, plugin_log: PluginLog):
    three_pages.build(strict=True)
    main = main_of(three_pages, "glossary/index.html")
    assert main.select_one("h1").get_text().startswith("Glossary")
    names = [h3.get_text() for h3 in main.select(".glossary-list section.glossary-entry > h3")]
    assert names == ["2-bit quantisation", "Attention", "token", "tokenizer", "unused thing", "zero-shot"]
    bar = [(a.get_text(), a["href"]) for a in main.select("nav.glossary-az a")]
    assert bar == [
        ("#", "#glossary-letter-other"),
        ("A", "#glossary-letter-a"),
        ("T", "#glossary-letter-t"),
        ("U", "#glossary-letter-u"),
        ("Z", "#glossary-letter-z"),
    ]
    ids = {tag["id"] for tag in main.find_all(id=True)}
    assert {href.lstrip("#") for _, href in bar} <= ids
    assert [message.split(": ")[:3] for message in plugin_log.messages(20)] == [
        [
            "glossary.yaml:11:3",
            "unused-term",
            "term '2-bit quantisation' is not used on any page; use it, or remove it from the glossary",
        ],
        [
            "glossary.yaml:12:3",
            "unused-term",
            "term 'unused thing' is not used on any page; use it, or remove it from the glossary",
        ],
    ]


def test_generated_page_is_in_the_navigation(three_pages: Site, plugin_log: PluginLog):
    three_pages.build(strict=True)
    nav = BeautifulSoup(three_pages.html("index.html"), "html.parser").select("nav a, .navbar a")
    assert any(a.get("href") == "glossary/" for a in nav)


def test_entry_has_definition_aliases_see_also_and_backlinks(three_pages: Site, plugin_log: PluginLog):
    three_pages.build(strict=True)
    main = main_of(three_pages, "glossary/index.html")
    token = main.select_one("h3#token")
    assert token is not None
    entry = token.find_parent("section")
    definition = entry.select_one(".glossary-definition")
    # Rendered Markdown, with the .md link made relative to the glossary page.
    assert definition.select_one("a[href='../tokens/']").get_text() == "tokens page"
    assert entry.select_one(".glossary-aliases").get_text() == "Also: tok"
    assert [(a.get_text(), a["href"]) for a in entry.select(".glossary-see a")] == [("tokenizer", "#tokenizer")]
    assert [(a.get_text(), a["href"]) for a in entry.select(".glossary-backlinks a")] == [
        ("Home", "../#glossary-use:token"),
        ("Tokens", "../tokens/#glossary-use:token"),
    ]


def test_backlinks_list_exactly_the_pages_that_use_each_term(three_pages: Site, plugin_log: PluginLog):
    three_pages.build(strict=True)
    main = main_of(three_pages, "glossary/index.html")

    def backlinks(anchor: str) -> list[str]:
        entry = main.select_one(f"h3#{anchor}").find_parent("section")
        return [a["href"] for a in entry.select(".glossary-backlinks a")]

    # Each lands on the term's first link on the page.
    assert backlinks("attention") == ["../#glossary-use:attention", "../deep/a/b/page/#glossary-use:attention"]
    assert backlinks("tokenizer") == ["../tokens/#glossary-use:tokenizer"]
    # Used through an explicit reference only; the inline code mention does not count.
    assert backlinks("zero-shot") == ["../deep/a/b/page/#glossary-use:zero-shot"]
    assert backlinks("unused-thing") == []
    assert plugin_log.take() == []  # no warning: every record at warning level or above is accounted for


def test_used_on_lands_on_the_first_link_and_each_id_is_given_once(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The smallest unit.\n  attention: Weighing tokens.\n")
    site.page("index.md", "# Home\n\nA token, a token, and [[token]].\n")
    site.page("heading.md", "# About attention\n\nNothing here links it.\n")
    site.build(strict=True, plugins=[{"glossary": {"link": "all"}}])
    home = main_of(site, "index.html")
    links = home.select("a.glossary-term")
    assert [link.get("id") for link in links] == ["glossary-use:token", None, None]
    glossary = main_of(site, "glossary/index.html")

    def backlinks(anchor: str) -> list[str]:
        entry = glossary.select_one(f"h3#{anchor}").find_parent("section")
        return [a["href"] for a in entry.select(".glossary-backlinks a")]

    assert backlinks("token") == ["../#glossary-use:token"]
    # Used in a heading, where nothing links: the backlink goes to the page itself.
    assert backlinks("attention") == ["../heading/"]
    # Definitions on the glossary page name terms too, and carry no such id (it would repeat).
    assert glossary.select_one(".glossary-definition a.glossary-term")
    assert glossary.select(".glossary-list [id^='glossary-use:']") == []
    assert plugin_log.take() == []


def test_terms_named_in_a_definition_link_to_their_entries(three_pages: Site, plugin_log: PluginLog):
    three_pages.build(strict=True)
    main = main_of(three_pages, "glossary/index.html")
    definition = main.select_one("h3#tokenizer").find_parent("section").select_one(".glossary-definition")
    assert [(a.get_text(), a["href"]) for a in definition.select("a.glossary-term")] == [("token", "#token")]
    assert definition.select_one("strong a.glossary-term") is not None
    assert plugin_log.take() == []  # no warning: every record at warning level or above is accounted for


def test_every_link_on_every_page_lands_on_an_existing_anchor(three_pages: Site, plugin_log: PluginLog):
    three_pages.build(strict=True)
    site_dir = three_pages.site_dir
    checked = 0
    for page in site_dir.rglob("*.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        base = "http://site/" + page.relative_to(site_dir).as_posix()
        for link in soup.select("a.glossary-term, .glossary-list a, .glossary-az a"):
            target = urlparse(urljoin(base, link["href"]))
            path = site_dir / unquote(target.path).lstrip("/")
            if target.path.endswith("/"):
                path = path / "index.html"
            assert path.is_file(), link
            if target.fragment:
                ids = {
                    tag["id"]
                    for tag in BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find_all(id=True)
                }
                assert unquote(target.fragment) in ids, link
            checked += 1
    assert checked >= 15
    assert plugin_log.take() == []  # no warning: every record at warning level or above is accounted for


def test_existing_page_keeps_its_introduction_above_the_list(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.page("glossary.md", "# Our terms\n\nRead this first.\n\n<!-- glossary -->\n")
    site.build(strict=True, nav=[{"Home": "index.md"}, {"Terms": "glossary.md"}])
    main = main_of(site, "glossary/index.html")
    text = main.get_text()
    assert text.index("Read this first.") < text.index("The smallest unit.")
    assert main.select_one("h1").get_text().startswith("Our terms")
    nav = BeautifulSoup(site.html("index.html"), "html.parser")
    assert any(a.get_text().strip() == "Terms" and a.get("href") == "glossary/" for a in nav.find_all("a"))


def test_generated_page_with_an_explicit_nav(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.build(strict=True, nav=[{"Home": "index.md"}, {"Glossary": "glossary.md"}])
    assert main_of(site, "glossary/index.html").select_one("h3#token") is not None
    nav = BeautifulSoup(site.html("index.html"), "html.parser")
    assert any(a.get_text().strip() == "Glossary" and a.get("href") == "glossary/" for a in nav.find_all("a"))


def test_custom_glossary_page_location(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.page("reference/more.md", "# More\n\nA token.\n")
    site.build(strict=True, plugins=[{"glossary": {"glossary_page": "reference/terms.md"}}])
    assert main_of(site, "index.html").select_one("a.glossary-term")["href"] == "reference/terms/#token"
    assert main_of(site, "reference/more/index.html").select_one("a.glossary-term")["href"] == "../terms/#token"
    assert main_of(site, "reference/terms/index.html").select_one("h3#token") is not None


@pytest.mark.parametrize(
    ("name", "anchor"),
    [
        ("Prompt engineering", "prompt-engineering"),
        ("fine-tuning", "fine-tuning"),
        ("C++", "c-plus-plus"),
        ("C#", "c-sharp"),
        ("R&D", "r-and-d"),
        (".NET", "net"),
        ("مدل زبانی", "مدل-زبانی"),
        ("変換器", "変換器"),
        ("Straße", "strasse"),
        ("  ", "term"),
    ],
)
def test_anchor_is_readable_in_any_script(name: str, anchor: str):
    assert slugify(name) == anchor


def test_anchors_are_unique_and_stable_when_names_differ_only_by_case_or_punctuation():
    names = ["C", "C++", "C#", "k-means", "k means", "K_means", "token", "token!"]
    glossary = Glossary(tuple(Term(name, "d") for name in names))
    anchors = term_anchors(glossary)
    assert anchors == {
        "C": "c",
        "C++": "c-plus-plus",
        "C#": "c-sharp",
        "k-means": "k-means",
        "k means": "k-means-2",
        "K_means": "k-means-3",
        "token": "token",
        "token!": "token-2",
    }
    assert term_anchors(Glossary(tuple(Term(name, "d") for name in names))) == anchors


def test_persian_and_cjk_terms_get_working_anchors(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  مدل زبانی: یک مدل.\n  変換器: 注意機構を使うモデル。\n")
    site.page("index.md", "# Home\n\nاین یک مدل زبانی است. この変換器は速い。\n")
    site.build(strict=True)
    links = main_of(site, "index.html").select("a.glossary-term")
    assert [(a.get_text(), unquote(a["href"])) for a in links] == [
        ("مدل زبانی", "glossary/#مدل-زبانی"),
        ("変換器", "glossary/#変換器"),
    ]
    ids = {tag["id"] for tag in main_of(site, "glossary/index.html").find_all(id=True)}
    assert {"مدل-زبانی", "変換器"} <= ids


# -- the JSON Schema -----------------------------------------------------------


def test_demo_glossary_validates_against_the_shipped_schema():
    data = yaml.safe_load((ROOT / "glossary.yaml").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)


@pytest.mark.parametrize(
    "broken",
    [
        {"term": {"token": "x"}},
        {"terms": {"token": {"defintion": "x"}}},
        {"terms": {"token": {"definition": ""}}},
        {"terms": {"token": {"definition": "x", "case_sensitive": "yes please"}}},
        {"terms": {"token": {"definition": "x", "aliases": [1, 2]}}},
        {"terms": {"token": ["a", "list"]}},
        {"terms": {}},
    ],
)
def test_broken_glossaries_fail_the_schema(broken: dict[str, object]):
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA)


def test_demo_glossary_names_the_schema_for_editors():
    first_line = (ROOT / "glossary.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=glossary_plugin/schema/glossary.schema.json"
    assert (ROOT / "glossary_plugin/schema/glossary.schema.json").is_file()


def test_cli_prints_the_schema(capsys: pytest.CaptureFixture[str]):
    from glossary_plugin.cli.command import main

    assert main(["--print-schema"]) == 0
    assert json.loads(capsys.readouterr().out) == SCHEMA


def test_site_dir_never_lands_in_docs(three_pages: Site, plugin_log: PluginLog):
    before = {path: path.read_bytes() for path in (three_pages.root / "docs").rglob("*") if path.is_file()}
    three_pages.build(strict=True)
    after = {path: path.read_bytes() for path in (three_pages.root / "docs").rglob("*") if path.is_file()}
    assert before == after
    assert not (Path(three_pages.root / "docs") / "glossary.md").exists()
    assert plugin_log.take() == []  # no warning: every record at warning level or above is accounted for


def test_each_definition_is_converted_as_a_document_of_its_own():
    from glossary_plugin.core.index_page import render_definitions

    calls: list[str] = []

    def convert(text: str) -> str:
        calls.append(text)
        return markdown.markdown(text, extensions=["fenced_code"])

    rendered = render_definitions(["*a*", "<div>\nan unclosed block", "```\nunclosed fence", "**b**"], convert)
    assert calls == ["*a*", "<div>\nan unclosed block", "```\nunclosed fence", "**b**"]
    # Nothing an entry leaves open reaches the next one.
    assert rendered[0] == "<p><em>a</em></p>"
    assert rendered[3] == "<p><strong>b</strong></p>"


def test_raw_html_in_a_definition_is_shown_as_text_on_the_glossary_page(site: Site, plugin_log: PluginLog):
    site.glossary(
        """
        terms:
          token: 'A <img src=x onerror="alert(1)"> and <script>alert(2)</script> and **bold**.'
        """
    )
    site.page("index.md", "# Home\n\nA token.\n")
    site.build(strict=True)
    definition = main_of(site, "glossary/index.html").select_one("h3#token").find_parent("section")
    rendered = definition.select_one(".glossary-definition")
    assert rendered.find("img") is None and rendered.find("script") is None
    assert rendered.find("strong").get_text() == "bold"
    assert '<img src=x onerror="alert(1)">' in rendered.get_text()
    tooltip = main_of(site, "index.html").select_one("a.glossary-term")["title"]
    assert tooltip == 'A <img src=x onerror="alert(1)"> and <script>alert(2)</script> and bold.'


@pytest.mark.parametrize(
    "definition",
    [
        "The smallest unit of text a model reads.",
        "A 2018 model (encoder-only), trained on 3.3 billion words; see also: BERT!",
        "C++ and 100% / 50% + 2",
        "Uses *emphasis* and `code`.",
        "- a list item",
        "1. a numbered item",
        "a -- dash and wait...",
        "A & B <b>bold</b> &amp;",
        "snake_case and :emoji: and www.example.com",
        "Two\nlines",
    ],
)
def test_plain_definitions_skip_markdown_but_render_the_same(definition: str):
    from glossary_plugin.core.index_page import render_definitions

    def convert(text: str) -> str:
        return markdown.markdown(text, extensions=["toc", "tables", "fenced_code", "def_list", "smarty"])

    assert render_definitions([definition], convert) == [convert(definition)]


def test_terms_named_like_the_page_heading_or_a_letter_target_link_to_their_own_entries(
    site: Site, plugin_log: PluginLog
):
    site.glossary(
        """
        terms:
          Glossary: The page itself.
          glossary letter b: A letter's target.
          banana: A fruit.
        """
    )
    site.page("index.md", "# Home\n\nThe glossary, the glossary letter b and a banana.\n")
    site.build(strict=True)
    page = BeautifulSoup(site.html("glossary/index.html"), "html.parser")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    for link in main_of(site, "index.html").select("a.glossary-term"):
        target = page.find(id=urlparse(link["href"]).fragment)
        assert target is not None and target.name == "h3"
        assert target.get_text().endswith(link["data-glossary-term"])
    assert page.find(id="glossary").name == "h1"
    assert page.find(id="glossary-letter-b").name == "h2"


def test_footnotes_and_references_of_each_entry_stay_in_it_on_the_built_page(site: Site, plugin_log: PluginLog):
    site.glossary(
        """
        terms:
          token: "A unit[^1] of [text][r].\\n\\n[^1]: Of text.\\n\\n[r]: https://example.com/text"
          tokenizer: "Makes tokens[^1] of [text][r].\\n\\n[^1]: From text."
        """
    )
    site.page("index.md", "# Home\n\nA token and a tokenizer.\n")
    site.build(strict=True, markdown_extensions=["footnotes", "toc"])
    page = BeautifulSoup(site.html("glossary/index.html"), "html.parser")
    ids = [tag["id"] for tag in page.find_all(id=True)]
    assert len(ids) == len(set(ids))
    # Every footnote link lands in its own entry's definition.
    assert len(page.select(".glossary-definition a.footnote-ref")) == 2
    for entry in page.select(".glossary-list section.glossary-entry"):
        for link in entry.select(".glossary-definition a.footnote-ref, .glossary-definition a.footnote-backref"):
            assert entry.find(id=link["href"][1:]) is not None, link
    tokenizer = page.select_one("h3#tokenizer").find_parent("section").select_one(".glossary-definition")
    assert tokenizer.find("a", href="https://example.com/text") is None
    assert "[text][r]" in tokenizer.get_text()


def test_definitions_on_the_built_page_hold_no_script(site: Site, plugin_log: PluginLog):
    site.glossary(
        """
        terms:
          token: >-
            ![x](x.png){: onerror="alert(1)"} [me](javascript:alert(2))
            [site](https://x/ "<img src=x onerror=alert(3)>")
          tokenizer: "Uses HTML{: onmouseover=alert(4) }.\\n\\n*[HTML]: <img src=x onerror=alert(5)>"
        """
    )
    site.page("index.md", "# Home\n\nA token and a tokenizer.\n")
    site.build(markdown_extensions=["attr_list", "abbr"])
    plugin_log.take()  # x.png is missing: MkDocs warns
    definitions = main_of(site, "glossary/index.html").select(".glossary-definition")
    elements = [tag for definition in definitions for tag in definition.find_all(True)]
    assert not [tag for tag in elements if any(name.startswith("on") for name in tag.attrs)]
    assert not [tag for tag in elements if "javascript" in tag.get("href", "")]
    # Titles from the definitions' Markdown (the plugin's own term links carry theirs as text for its tooltip).
    titled = [tag for tag in elements if tag.has_attr("title") and "glossary-term" not in tag.get("class", [])]
    assert len(titled) == 2 and all("<" not in tag["title"] for tag in titled)
    assert {tag.name for tag in elements} >= {"img", "a", "abbr"}
