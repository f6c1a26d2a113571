"""Linking terms in rendered HTML: where, how often, and without changing what readers see."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from glossary_plugin.core.linker import Linker
from glossary_plugin.core.model import Glossary, Term

GLOSSARY = Glossary(
    (
        Term("token", "The smallest unit of text a model reads."),
        Term("prompt engineering", "Writing inputs that steer a model."),
        Term("fine-tuning", "Further *training* of a model.", aliases=("fine-tune",), avoid=("finetuning",)),
        Term("attention", "A mechanism.", autolink=False),
    )
)
LINKER = Linker(GLOSSARY)


def href(term: Term) -> str:
    return f"../glossary/#{LINKER.anchors[term.name]}"


def link(html: str, mode: str = "first", glossary_url: str | None = "../glossary/") -> str:
    return LINKER.link_page(html, href, mode, glossary_url).html  # type: ignore[arg-type]


def visible_text(html: str) -> str:
    return BeautifulSoup(html, "html.parser").get_text()


def term_links(html: str) -> list[tuple[str, str]]:
    soup = BeautifulSoup(html, "html.parser")
    return [(a["data-glossary-term"], a.get_text()) for a in soup.select("a.glossary-term")]


def test_links_a_term_with_href_and_tooltip_text():
    out = link("<p>Each token counts.</p>")
    soup = BeautifulSoup(out, "html.parser")
    anchor = soup.select_one("a.glossary-term")
    assert anchor is not None
    assert anchor.get_text() == "token"
    assert anchor["href"] == "../glossary/#token"
    assert anchor["title"] == "The smallest unit of text a model reads."


def test_tooltip_is_the_definition_as_text():
    out = link("<p>We fine-tune it.</p>")
    anchor = BeautifulSoup(out, "html.parser").select_one("a.glossary-term")
    assert anchor is not None and anchor["title"] == "Further training of a model."


@pytest.mark.parametrize(
    "wrapper",
    [
        "<a href='x'>{}</a>",
        "<code>{}</code>",
        "<pre>{}</pre>",
        "<pre><code>{}</code></pre>",
        "<kbd>{}</kbd>",
        "<samp>{}</samp>",
        "<script>var x = '{}';</script>",
        "<style>/* {} */</style>",
        "<textarea>{}</textarea>",
        "<button>{}</button>",
        "<svg><text>{}</text></svg>",
        "<math><mi>{}</mi></math>",
        "<h1>{}</h1>",
        "<h2 id='x'>A {}</h2>",
        "<h6>{}</h6>",
        "<abbr title='t'>{}</abbr>",
        "<details><summary>{}</summary></details>",
        "<div class='no-glossary'><p>{}</p></div>",
        "<span class='other no-glossary'>{}</span>",
        "<div class='arithmatex'>\\[{}\\]</div>",
        "<pre class='mermaid'><code>{}</code></pre>",
        "<div class='mermaid'>{}</div>",
        "<!-- {} -->",
        "<img alt='{}'>",
        "<p title='{}'>text</p>",
    ],
)
def test_never_links_inside_skipped_places(wrapper: str):
    html = wrapper.format("token")
    assert link(html, mode="all") == html


def test_skipped_region_ends_at_its_own_closing_tag():
    html = "<div class='no-glossary'><div>token</div></div><p>token</p>"
    out = link(html)
    assert term_links(out) == [("token", "token")]
    assert out.endswith(
        '<p><a class="glossary-term" href="../glossary/#token" data-glossary-term="token" '
        'title="The smallest unit of text a model reads.">token</a></p>'
    )


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("first", [("token", "token")]),
        ("all", [("token", "token"), ("token", "Tokens"), ("token", "token")]),
        ("off", []),
    ],
)
def test_link_modes(mode: str, expected: list[tuple[str, str]]):
    html = "<p>A token.</p><p>Tokens, and a token.</p>"
    assert term_links(link(html, mode=mode)) == expected


def test_first_mode_counts_aliases_as_the_same_term():
    out = link("<p>We fine-tune, then fine-tuning again.</p>")
    assert term_links(out) == [("fine-tuning", "fine-tune")]


def test_first_occurrence_inside_a_skipped_place_does_not_count():
    out = link("<h2>token</h2><p><code>token</code> and a token</p>")
    assert term_links(out) == [("token", "token")]
    assert "<h2>token</h2>" in out


def test_autolink_false_terms_link_only_when_referenced():
    assert term_links(link("<p>attention</p>")) == []
    assert term_links(link("<p>[[attention]]</p>")) == [("attention", "attention")]


def test_visible_text_unchanged_and_second_run_changes_nothing():
    html = (
        "<h1>Tokens</h1><p>A <em>token</em> and prompt engineering, prompt&nbsp;engineering.</p>"
        "<ul><li>token</li><li>fine-tune</li></ul><table><tr><td>token</td></tr></table>"
        "<pre><code>token = 1</code></pre><p>R &amp; D, &lt;token&gt;</p>"
    )
    once = link(html, mode="all")
    assert once != html
    assert visible_text(once) == visible_text(html)
    assert link(once, mode="all") == once
    first = link(html)
    assert link(first) == first


def test_markup_outside_the_links_is_byte_identical():
    html = '<p class="x"  data-a=\'1\'>A token<br/>\n<img src="a.png" alt="token"></p><!-- c -->'
    out = link(html)
    assert out.replace(out[out.index("<a ") : out.index("</a>") + 4], "token") == html


@pytest.mark.parametrize(
    "definition",
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "'><svg onload=alert(1)>",
        "&lt;b&gt; & \"quotes\" 'single'",
    ],
)
def test_definitions_are_escaped_text(definition: str):
    glossary = Glossary((Term("token", definition),))
    linker = Linker(glossary)
    out = linker.link_page("<p>token</p>", lambda term: "#token").html
    soup = BeautifulSoup(out, "html.parser")
    anchor = soup.select_one("a.glossary-term")
    assert anchor is not None
    assert anchor["title"] == linker.tooltip(glossary.get("token"))
    # Nothing but the link itself was added: no element from the definition.
    assert [tag.name for tag in soup.find_all(True)] == ["p", "a"]
    assert set(anchor.attrs) == {"class", "href", "data-glossary-term", "title"}


def test_explicit_references():
    out = link("<p>[[fine-tuning]] and [[fine-tune|adapting the model]] and [[TOKEN]].</p>")
    assert term_links(out) == [
        ("fine-tuning", "fine-tuning"),
        ("fine-tuning", "adapting the model"),
        ("token", "TOKEN"),
    ]
    assert visible_text(out) == "fine-tuning and adapting the model and TOKEN."


def test_explicit_reference_in_code_stays_literal():
    html = "<p><code>[[token]]</code></p><pre><code>[[token|x]]</code></pre>"
    assert link(html) == html


def test_unknown_reference_stays_visible_marked_broken_and_reported():
    result = LINKER.link_page("<p>A [[tokn]] and [[fine tunning|careful tuning]].</p>", href)
    soup = BeautifulSoup(result.html, "html.parser")
    broken = soup.select(".glossary-broken")
    assert [span.get_text() for span in broken] == ["tokn", "careful tuning"]
    assert [(f.code, f.message, f.suggestion) for f in result.findings] == [
        ("undefined-term", "'tokn' is not in the glossary (did you mean 'token'?)", "token"),
        ("undefined-term", "'fine tunning' is not in the glossary (did you mean 'fine-tuning'?)", "fine-tuning"),
    ]


@pytest.mark.parametrize("text", ["[[token", "[[]]", "]] token [["])
def test_malformed_references_are_left_alone(text: str):
    out = link(f"<p>{text}</p>", mode="off")
    assert out == f"<p>{text}</p>"


def test_nested_reference_links_only_the_inner_one():
    out = link("<p>[[a|[[token]]]]</p>", mode="off")
    assert term_links(out) == [("token", "token")]
    assert visible_text(out) == "[[a|token]]"


def test_glossary_anchor_links_are_checked_and_aliases_resolved():
    html = (
        '<p><a href="../glossary/#token">ok</a> <a href="../glossary/#fine-tune">alias</a> '
        '<a href="../glossary/#tokn">broken</a> <a href="other/#tokn">elsewhere</a></p>'
    )
    result = LINKER.link_page(html, href, "off", "../glossary/")
    soup = BeautifulSoup(result.html, "html.parser")
    links = soup.find_all("a")
    assert links[0]["href"] == "../glossary/#token"
    assert links[1]["href"] == "../glossary/#fine-tuning"
    assert links[2]["class"] == ["glossary-broken"]
    assert links[3].get("class") is None
    assert [(f.code, f.needle, f.anchor) for f in result.findings] == [("undefined-term", "tokn", True)]
    assert result.used == {"token", "fine-tuning"}


def test_avoided_spelling_reported_in_prose_only():
    result = LINKER.link_page("<p>finetuning</p><p><code>finetuning</code></p><h2>Finetuning</h2>", href)
    assert [(f.code, f.needle, f.occurrence) for f in result.findings] == [
        ("avoided-spelling", "finetuning", 0),
        ("avoided-spelling", "Finetuning", 2),
    ]
    assert term_links(result.html) == []


def test_usage_counts_prose_mentions_not_code():
    result = LINKER.link_page("<p><code>token</code></p><h2>prompt engineering</h2>", href)
    assert result.used == {"prompt engineering"}


@pytest.mark.parametrize(
    ("text", "linked"),
    [
        # A spelling that a neighbour continues is skipped, and linking goes on after it.
        ("<p>変換器\u0301と変換器</p>", ["変換器"]),
        ("<p>.net\u0301 .net</p>", [".net"]),
        ("<p>gpu and GPU</p>", ["GPU"]),
        ("変換器", ["変換器"]),
    ],
)
def test_a_rejected_spelling_does_not_stop_or_repeat_the_search(text, linked):
    glossary = Glossary((Term("変換器", "x"), Term("GPU", "g", case_sensitive=True), Term(".net", "n")))
    out = Linker(glossary).link_page(text, lambda term: "#", "all").html
    assert [anchor.get_text() for anchor in BeautifulSoup(out, "html.parser").select("a.glossary-term")] == linked


def test_nothing_below_u0300_attaches_to_a_word():
    # identify() decides most neighbours with one comparison against U+0300.
    from glossary_plugin.core.matcher import attaches

    assert not any(attaches(chr(code)) for code in range(0x300))
    assert attaches("\u0300")


@pytest.mark.parametrize(
    ("html", "linked"),
    [
        # Whole code elements are skipped in one step; what follows them is linked.
        ("<p><code>token</code> token</p>", ["token"]),
        ('<pre><code class="language-py">token = 1</code></pre><p>token</p>', ["token"]),
        ('<pre><span></span><code><span class="n">token</span> x</code></pre><p>token</p>', ["token"]),
        # Code left open by broken HTML: browsers re-open `code` in the next paragraph, so it stays
        # unlinked; a `span` left open inside it ends with the code.
        ("<pre><code>x</pre><p>token</p>", []),
        ('<pre><code><span class="math">x</code></pre><p>token</p>', ["token"]),
        # A longer name that starts with 'code' is not code.
        ("<p><codex>token</codex></p>", ["token"]),
    ],
)
def test_code_is_skipped_whole_only_when_that_changes_nothing(html, linked):
    assert [text for _, text in term_links(link(html))] == linked


@pytest.mark.parametrize(
    ("html", "linked"),
    [
        # The right end tag closes a region, however its name nests.
        ("<p><abbr><abbr>x</abbr>token</abbr> token</p>", ["token"]),
        ("<p><abbr><b>x</b><abbr>y</abbr>token</abbr> token</p>", ["token"]),
        ('<div class="no-glossary"><div>x</div>token</div><p>token</p>', ["token"]),
        ('<div class="no-glossary"><div class="no-glossary">x</div>token</div><p>token</p>', ["token"]),
        ("<p><a href='x'><abbr>token</a> token</abbr> token</p>", ["token"]),
    ],
)
def test_nested_elements_of_a_skipped_name(html, linked):
    assert [text for _, text in term_links(link(html))] == linked


@pytest.mark.parametrize("cdata", ["CDATA", "cdata", "CData"])
def test_cdata_in_html_content_is_a_comment_up_to_the_first_gt(cdata):
    # Browsers read `<![CDATA[` outside svg and math as a bogus comment that ends at the first '>'.
    html = f"<p><![{cdata}[a token > token]]> x</p>"
    out = link(html, mode="all")
    assert out.startswith(f"<p><![{cdata}[a token > <a ")
    assert out.endswith(">token</a>]]> x</p>")  # (html.parser reads CDATA as XML does: no term_links here)


@pytest.mark.parametrize("cdata", ["CDATA", "cdata"])
def test_cdata_in_svg_ends_at_its_own_end(cdata):
    html = f"<p><svg><![{cdata}[ a > <p> token ]]></svg> token</p>"
    out = link(html, mode="all")
    assert out.startswith(f"<p><svg><![{cdata}[ a > <p> token ]]></svg> <a ")
    assert [text for _, text in term_links(out)] == ["token"]
