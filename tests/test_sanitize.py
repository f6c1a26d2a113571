"""Definitions on the glossary page: sanitised, one document each, with ids that stay apart from the page's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import markdown
import pytest
from bs4 import BeautifulSoup

from glossary_plugin.core.anchors import PAGE_IDS, page_ids, slugify, term_anchors
from glossary_plugin.core.index_page import definition_id_prefix, render_definitions
from glossary_plugin.core.model import Term
from glossary_plugin.core.sanitize import sanitize_definition

EXTENSIONS = ["abbr", "attr_list", "footnotes", "tables", "toc", "def_list", "admonition", "md_in_html"]
PYMDOWNX = [
    "pymdownx.tasklist",
    "pymdownx.keys",
    "pymdownx.mark",
    "pymdownx.caret",
    "pymdownx.tilde",
    "pymdownx.details",
    "pymdownx.highlight",
    "pymdownx.superfences",
    "pymdownx.emoji",
]


def converter(extensions: list[str], configs: dict[str, dict[str, object]] | None = None) -> Callable[[str], str]:
    """One converter for every definition, as the glossary page uses it: raw HTML shown as text."""
    md = markdown.Markdown(extensions=extensions, extension_configs=configs or {})
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")

    def convert(text: str) -> str:
        md.reset()
        return md.convert(text)

    return convert


def render(definition: str, extensions: list[str] = EXTENSIONS) -> BeautifulSoup:
    [rendered] = render_definitions([definition], converter(extensions), [definition_id_prefix("token")])
    return BeautifulSoup(rendered, "html.parser")


def attributes(soup: BeautifulSoup) -> set[str]:
    return {name for tag in soup.find_all(True) for name in tag.attrs}


# -- script cannot run -------------------------------------------------------


@pytest.mark.parametrize(
    "definition",
    [
        '![x](nope.png){: onerror="window.__pwned=1"}',
        'A word{: onmouseover="window.__pwned=1" onfocus="window.__pwned=1" tabindex="0"}.\n{: onclick="x()"}',
        'A [link](#){: onpointerdown=window.__pwned=1 style="background:url(javascript:x)"}',
    ],
)
def test_event_handlers_and_styles_from_attr_list_are_dropped(definition: str):
    soup = render(definition)
    assert not {name for name in attributes(soup) if name.startswith("on")}
    assert "style" not in attributes(soup) and "tabindex" not in attributes(soup)
    assert soup.get_text().strip() or soup.img["alt"] == "x"  # the words stay


@pytest.mark.parametrize(
    "definition",
    [
        "[me](javascript:window.__pwned=1)",
        "[me](JaVaScRiPt:window.__pwned=1)",
        "[me](java&#115;cript:window.__pwned=1)",
        "[me](java&#9;script:window.__pwned=1)",
        "[me](&#x20;javascript:window.__pwned=1)",
        "[me][r]\n\n[r]: javascript:window.__pwned=1",
        "[me][r]\n\n[r]: vbscript:msgbox",
        "[me](data:text/html,<script>window.__pwned=1</script>)",
        "![me](javascript:window.__pwned=1)",
        "![me](data:image/svg+xml,<svg onload=x>)",
        "<javascript:window.__pwned=1>",
    ],
)
def test_links_and_images_keep_no_unsafe_url(definition: str):
    soup = render(definition)
    assert [tag.attrs for tag in soup.find_all(["a", "img"]) if {"href", "src"} & set(tag.attrs)] == []
    assert "me" in soup.get_text() or soup.find("img") is not None or "javascript" in soup.get_text()


def test_a_link_left_without_a_target_becomes_a_span():
    # Themes' scripts (Material's instant navigation) expect an href on every link.
    assert str(render('[me](javascript:x "t"){: .c}')) == '<p><span class="c" title="t">me</span></p>'
    assert sanitize_definition("<a>a <a href='#x'>b</a></a> c</a>") == '<span>a <a href="#x">b</a></span> c'


@pytest.mark.parametrize(
    ("definition", "url"),
    [
        ("[docs](https://example.com/a?b=1&c=2)", "https://example.com/a?b=1&c=2"),
        ("[mail](mailto:team@example.com)", "mailto:team@example.com"),
        ("[page](other.md#part)", "other.md#part"),
        ("[top](/index.html)", "/index.html"),
        ("[entry](#tokenizer)", "#tokenizer"),
    ],
)
def test_safe_urls_are_kept_as_written(definition: str, url: str):
    assert render(definition).a["href"] == url


@pytest.mark.parametrize(
    ("definition", "title"),
    [
        ('[site](https://x/ "<img src=x onerror=window.__pwned=1>")', "<img src=x onerror=window.__pwned=1>"),
        ('A *word*{: title="<b onmouseover=window.__pwned=1>x</b>"}', "<b onmouseover=window.__pwned=1>x</b>"),
        ("HTML here.\n\n*[HTML]: <img src=x onerror=window.__pwned=1>", "<img src=x onerror=window.__pwned=1>"),
        ('[x](#y "&lt;img src=x onerror=1&gt; &#60;b&#62;")', "<img src=x onerror=1> <b>"),
        ('[x](#y "&amp;lt;b&amp;gt;")', "&lt;b&gt;"),
        ('[x](#y "R&D, a > b")', "R&D, a > b"),
    ],
)
def test_titles_stay_text_when_a_tooltip_inserts_them_as_html(definition: str, title: str):
    """Material's and Zensical's tooltips insert the (decoded) title as HTML: it must still read as text."""
    soup = render(definition)
    [element] = soup.find_all(title=True)
    decoded = element["title"]  # what the browser's DOM holds
    assert "<" not in decoded
    # Inserted as HTML, the decoded value shows the title's text, and no element.
    inserted = BeautifulSoup(decoded, "html.parser")
    assert inserted.find() is None
    assert inserted.get_text() == title


def test_plain_titles_are_written_as_they_are():
    assert 'title="Jump back to footnote 1 in the text"' in str(render("A[^1].\n\n[^1]: Note."))
    assert render('[x](#y "R&D, a > b")').a["title"] == "R&D, a > b"


def test_raw_html_stays_text_and_elements_outside_the_allow_list_are_dropped():
    soup = render('A <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script>.')
    assert soup.find("img") is None and soup.find("script") is None
    assert soup.get_text() == 'A <img src=x onerror="window.__pwned=1"> and <script>window.__pwned=2</script>.'
    dropped = sanitize_definition(
        "<p>a<script>x()</script><style>p{}</style><iframe src=x>y</iframe><form><button>b</button></form>"
        "<svg><foreignObject><img src=x onerror=1></foreignObject><path d='M0'/></svg><!-- c --></p>"
    )
    assert dropped == '<p>ab<svg><path d="M0"></path></svg></p>'


def test_markup_of_common_extensions_is_kept():
    definition = (
        "A *b* **c** `d` ++ctrl+c++ ==e== ^^f^^ ~~g~~ H2O[^1] :smile:.\n\n"
        "| a | b |\n|:-:|--|\n| 1 | 2 |\n\n- [x] done\n\n```python\nx = 1\n```\n\n"
        '!!! note "Note"\n    Body.\n\n??? tip "More"\n    Hidden.\n\n[^1]: Water.'
    )
    extensions = EXTENSIONS + PYMDOWNX
    convert = converter(extensions)
    rendered = render_definitions([definition], convert, ["token:"])[0]
    soup = BeautifulSoup(rendered, "html.parser")
    names = {tag.name for tag in soup.find_all(True)}
    assert {"em", "strong", "code", "kbd", "mark", "ins", "del", "sup", "table", "th", "td", "input"} <= names
    assert {"details", "summary", "img", "pre", "ol", "li", "div", "p", "span"} <= names
    assert soup.select_one("th")["style"] == "text-align: center;"
    assert soup.select_one("input[type=checkbox][disabled][checked]") is not None
    assert soup.select_one("div.admonition.note > p.admonition-title").get_text() == "Note"
    assert soup.select_one("img.emojione")["src"].startswith("https://")
    # Everything Markdown wrote is kept, but ids (prefixed) and self-closing slashes.
    expected = BeautifulSoup(convert(definition), "html.parser")
    for tag in expected.find_all(id=True):
        tag["id"] = "token:" + tag["id"]
    for tag in expected.find_all(href=True):
        if tag["href"].startswith("#"):
            tag["href"] = "#token:" + tag["href"][1:]
    assert soup.decode() == expected.decode()


def test_elements_are_nested_so_that_no_definition_closes_its_entry():
    # A stray dd or li would close the entry's own <dd> in the browser; closing tags never opened go too.
    sanitized = sanitize_definition("<dd>a</dd><li>b</li><td>c</td></div></dd></dl><p><em>d</p>")
    assert sanitized == "abc<p><em>d</em></p>"
    assert sanitize_definition("<dl><dt>t</dt><dd>d</dd></dl><ul><li>i</li></ul>") == (
        "<dl><dt>t</dt><dd>d</dd></dl><ul><li>i</li></ul>"
    )


def test_text_and_references_are_escaped_as_they_were():
    assert sanitize_definition("<p>a &amp; &lt;b&gt; &ndash; &#8617; &#x6a; &bogus; &#0; &#99999999;</p>") == (
        "<p>a &amp; &lt;b&gt; &ndash; &#8617; &#x6a; &amp;bogus; \ufffd \ufffd</p>"
    )
    assert (
        sanitize_definition('<a href="a&quot;b" title=\'"q"\'>x</a>')
        == '<a href="a&quot;b" title="&quot;q&quot;">x</a>'
    )


def test_classes_of_the_plugin_itself_are_dropped():
    soup = render("[x](#y){: .glossary-term .no-glossary .mine}")
    assert soup.a["class"] == ["no-glossary", "mine"]


@pytest.mark.slow
def test_sanitising_takes_linear_time():
    # Each unclosed element, dropped element and reference costs the same, however many precede it.
    for hostile in ("<em>" * 20_000, "<script>" * 20_000, "<p title='" + "&lt;" * 20_000, "<dd>x" * 20_000):
        assert len(sanitize_definition(hostile)) < 10 * len(hostile)


# -- ids -------------------------------------------------------------------


def test_footnotes_get_ids_of_their_own_entry():
    convert = converter(EXTENSIONS)
    definition = "A claim[^1].\n\n[^1]: The source."
    rendered = render_definitions([definition, definition], convert, ["token:", "tokenizer:"])
    for prefix, html_text in zip(["token:", "tokenizer:"], rendered, strict=True):
        soup = BeautifulSoup(html_text, "html.parser")
        assert {tag["id"] for tag in soup.find_all(id=True)} == {f"{prefix}fnref:1", f"{prefix}fn:1"}
        assert [a["href"] for a in soup.find_all("a")] == [f"#{prefix}fn:1", f"#{prefix}fnref:1"]


def test_ids_without_a_prefix_are_dropped_so_no_definition_takes_a_global_name():
    assert sanitize_definition('<p id="__pwned">x</p>') == "<p>x</p>"
    soup = render("x\n{: #__pwned }")
    assert soup.p["id"] == "token:__pwned"


def test_links_to_other_entries_stay_as_written():
    soup = render("See [tokenizer](#tokenizer) and [here](#here).\n{: #here}")
    assert [a["href"] for a in soup.find_all("a")] == ["#tokenizer", "#token:here"]


def test_default_prefixes_number_the_entries():
    rendered = render_definitions(["A[^1].\n\n[^1]: n", "B[^1].\n\n[^1]: n"], converter(EXTENSIONS))
    ids = [tag["id"] for text in rendered for tag in BeautifulSoup(text, "html.parser").find_all(id=True)]
    assert len(ids) == len(set(ids)) == 4
    assert all(":" in value for value in ids)


def test_a_wrong_number_of_prefixes_is_refused():
    with pytest.raises(ValueError, match="2 definitions but 1 id prefixes"):
        render_definitions(["a", "b"], converter([]), ["x:"])


# -- one document per definition -------------------------------------------


def test_references_footnotes_and_abbreviations_stay_in_their_entry():
    definitions = [
        "Uses [the ref][r] and a note[^n] about HTML.",
        "Defines them.\n\n[r]: https://example.com/\n[^n]: Elsewhere.\n*[HTML]: HyperText Markup Language",
    ]
    first, second = render_definitions(definitions, converter(EXTENSIONS), ["a:", "b:"])
    soup = BeautifulSoup(first, "html.parser")
    assert soup.find("a") is None and soup.find("abbr") is None
    assert soup.get_text() == "Uses [the ref][r] and a note[^n] about HTML."
    second_soup = BeautifulSoup(second, "html.parser")
    assert second_soup.find_all(["abbr", "sup"]) == [] and second_soup.find(href="https://example.com/") is None


def test_site_wide_abbreviations_apply_to_plain_definitions_too(tmp_path: Path):
    """Issue 12: a snippets auto_append file adds abbreviations to every definition, plain or not."""
    (tmp_path / "abbreviations.md").write_text("*[HTML]: HyperText Markup Language\n", encoding="utf-8")
    configs: dict[str, dict[str, object]] = {
        "pymdownx.snippets": {"base_path": [str(tmp_path)], "auto_append": ["abbreviations.md"]}
    }
    convert = converter(["abbr", "pymdownx.snippets"], configs)
    rendered = render_definitions(["A *thing* in HTML.", "The unit of HTML text."], convert, ["a:", "b:"])
    for text in rendered:
        abbr = BeautifulSoup(text, "html.parser").find("abbr")
        assert abbr is not None and abbr["title"] == "HyperText Markup Language"


@pytest.mark.parametrize(
    "definition",
    [
        "The smallest unit of text a model reads.",
        "C++ and 100% / 50% + 2",
        "a -- dash and wait...",
        "snake_case and :emoji: and www.example.com",
        "Two\nlines",
    ],
)
def test_plain_definitions_render_as_markdown_renders_them(definition: str):
    convert = converter(["toc", "tables", "fenced_code", "def_list", "smarty"])
    assert render_definitions([definition], convert, ["a:"]) == [convert(definition)]


# -- anchors ---------------------------------------------------------------


def terms(*names: str) -> list[Term]:
    return [Term(name, "d") for name in names]


def test_anchors_never_take_the_letter_targets_or_the_generated_heading():
    anchors = term_anchors(terms("Glossary", "glossary letter b", "banana", "glossary letter other", "42"))
    assert anchors == {
        "Glossary": "glossary-2",
        "glossary letter b": "glossary-letter-b-2",
        "banana": "banana",
        "glossary letter other": "glossary-letter-other-2",
        "42": "42",
    }
    # No term starts with 'c': its letter id is free.
    assert term_anchors(terms("glossary letter c"))["glossary letter c"] == "glossary-letter-c"


def test_anchors_never_take_reserved_ids_of_the_page():
    page = '<h1 id="terms">Terms</h1><h2 id="how-to-read">How to read</h2><p title=" id=x">x</p>'
    reserved = page_ids(page)
    assert {"terms", "how-to-read"} <= reserved
    anchors = term_anchors(terms("Terms", "How to read", "Main content"), reserved)
    assert anchors == {"Terms": "terms-2", "How to read": "how-to-read-2", "Main content": "main-content-2"}


def test_page_ids_reads_every_quoting_and_takes_linear_time():
    assert page_ids("<p id=a><p ID='b'><span class=x id=\"c&amp;d\"><a data-id=no>") == {"a", "b", "c&d"}
    assert page_ids("<a " * 50_000) == set()


def test_theme_ids_are_reserved_and_definition_ids_cannot_meet_an_anchor():
    assert all(slugify(value) == value for value in PAGE_IDS)
    # Definition ids hold ':', which no slug does.
    for name in ("a:b", "fn:1", "token: fn", "x::y"):
        assert ":" not in slugify(name)
    assert definition_id_prefix("token") == "token:"
