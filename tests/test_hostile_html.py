"""Hostile raw HTML in pages (issue 13, #7, #8, #15): the scanner reads it as browsers do, in linear time.

The oracle is html5lib, which builds the tree the way the HTML standard says
browsers do: what its tree puts inside a skipped element is exactly what the
scanner skips, and the text it shows is the text the linker leaves unchanged.
"""

from __future__ import annotations

import difflib
import html as htmllib
import time
from typing import Any

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from glossary_plugin.core import linker as linker_module
from glossary_plugin.core import sourcemap, suggest
from glossary_plugin.core.htmlscan import NO_LINK_CLASSES, NO_LINK_TAGS, text_spans
from glossary_plugin.core.linker import Linker
from glossary_plugin.core.loader import did_you_mean
from glossary_plugin.core.model import Glossary, Term
from glossary_plugin.core.sourcemap import locate

GLOSSARY = Glossary((Term("token", "The smallest unit of text."), Term("prompt", "An input.")))
LINKER = Linker(GLOSSARY)


def browser_body(html: str) -> Tag:
    body = BeautifulSoup(html, "html5lib").body
    assert body is not None
    return body


def _skipped(node: NavigableString) -> bool:
    for parent in node.parents:
        if parent.name in NO_LINK_TAGS:
            return True
        if set(parent.get("class") or ()) & NO_LINK_CLASSES:
            return True
    return False


def _merge(runs: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    merged: list[tuple[str, bool]] = []
    for text, skipped in runs:
        if not text:
            continue
        if merged and merged[-1][1] == skipped:
            merged[-1] = (merged[-1][0] + text, skipped)
        else:
            merged.append((text, skipped))
    return merged


def browser_runs(html: str) -> list[tuple[str, bool]]:
    """The page's text in document order, each piece with whether a browser puts it in a skipped element."""
    strings = browser_body(html).find_all(string=True)
    return _merge([(str(node), _skipped(node)) for node in strings if not isinstance(node, Comment)])


def scanner_runs(html: str) -> list[tuple[str, bool]]:
    """The page's text in order, each piece with whether it is outside the prose the linker found."""
    prose = LINKER.link_page(html, href, "all").prose
    runs = []
    for text in text_spans(html):
        inside = any(start <= text.start and text.end <= end for start, end in prose)
        runs.append((htmllib.unescape(html[text.start : text.end]), not inside))
    return _merge(runs)


def href(term: Term) -> str:
    return f"../glossary/#{LINKER.anchors[term.name]}"


def link(html: str) -> str:
    return LINKER.link_page(html, href, "all", "../glossary/").html


def plugin_links(html: str) -> list[str]:
    return [a.get_text() for a in browser_body(html).find_all("a", class_="glossary-term")]


# -- #7: where skipped elements and comments end -------------------------------------------

ELEMENT_ENDS = [
    # An element left open ends with the paragraph, list item, cell or block around it.
    "<p>a <kbd>b token</p><p>token</p>",
    "<p>a <samp>b token</p>token",
    '<p>a <span class="no-glossary">b token</p><p>token</p>',
    '<div><span class="no-glossary">b token</div><p>token</p>',
    "<ul><li><kbd>x token</li><li>token</li></ul>",
    "<ul><li><kbd>x token<li>token</ul>",
    "<table><tbody><tr><td><kbd>x token</td><td>token</td></tr></tbody></table>",
    "<table><tbody><tr><td><kbd>x token<td>token</tr></tbody></table>",
    "<dl><dt>term token<dd>token</dl>",
    "<blockquote><p><samp>x token</blockquote><p>token</p>",
    # A block start tag closes an open paragraph, and what was left open in it.
    "<p>a <kbd>b token<div>token</div>",
    "<p>a <kbd>b token<p>token",
    "<p>a <kbd>b token<ul><li>token</li></ul>",
    "<p>a <kbd>b token<h2>head</h2>token",
    # ...but not a skipped element that holds the block.
    '<div class="no-glossary">a <div>token</div> token</div> token',
    "<kbd>a <div>token</div> token</kbd> token",
    "<button>a <p>token</p> token</button> token",
    # An end tag of an element it is inside closes it; a stray one does not.
    "<p><span><kbd>x token</span> token</p>",
    "<p><em><kbd>x token</em> token</p>",
    "<div><kbd>x token</section> token</kbd> token</div>",
    "<p><kbd>a</div> token</kbd> token</p>",
    # Formatting elements (`a`, `code`) are re-opened in the next paragraph, until their end tag.
    "<p><code>x token</p><p>token</code> token</p>",
    "<p><a href='x'>x token</p><p>token</a> token</p>",
    "<p><a href='x'>one token<a href='y'>token</a> token</p>",
    "<table><tbody><tr><td><code>x token</td><td>token</td></tr></tbody></table>",
    # Nested elements of one name.
    "<p><kbd>a <kbd>b</kbd> token</kbd> token</p>",
    '<p><span class="no-glossary">a <span>b</span> token</span> token</p>',
    # Comments as browsers end them.
    "<p>a <!--> token --> token</p>",
    "<p>a <!---> token --> token</p>",
    "<p>a <!----> token --> token</p>",
    "<p>a <!-- x --!> token</p>",
    "<p>a <![CDATA[ x > token ]]> token</p>",
    "<p>a <!doctype x> token <?php x ?> token</p>",
    "<p>a </ x > token </> token</p>",
    # CDATA in svg is a section up to ']]>'; svg ends at its end tag.
    "<p><svg><![CDATA[ a > <p> token ]]></svg> token</p>",
    "<p><svg><text>token</text></svg> token</p>",
    "<p><math><mi>token</mi></math> token</p>",
]


@pytest.mark.parametrize("html", ELEMENT_ENDS)
def test_what_a_browser_puts_in_a_skipped_element_is_what_is_skipped(html: str):
    assert scanner_runs(html) == browser_runs(html)


@pytest.mark.parametrize("html", ELEMENT_ENDS)
def test_links_go_where_a_browser_shows_unskipped_text_and_the_text_stays(html: str):
    out = link(html)
    assert browser_body(out).get_text() == browser_body(html).get_text()
    expected = sum(text.count("token") for text, skipped in browser_runs(html) if not skipped)
    assert plugin_links(out) == ["token"] * expected


@pytest.mark.parametrize(
    "html",
    [
        "<p>a <kbd>b</p><p>Each token</p>",
        "<p>a <samp>b</p><p>Each token</p>",
        '<p>a <span class="no-glossary">b</p><p>Each token</p>',
        "<p>a <!--> b</p><p>Each token</p>",
        "<p>a <!---> b</p><p>Each token</p>",
        "<p>a <![CDATA[ b ></p><p>Each token</p>",
    ],
)
def test_an_unclosed_element_or_an_empty_comment_leaves_the_rest_of_the_page_linked(html: str):
    assert plugin_links(link(html)) == ["token"]


def test_an_avoided_spelling_after_an_unclosed_kbd_is_reported():
    glossary = Glossary((Term("fine-tuning", "Training more.", avoid=("finetuning",)),))
    result = Linker(glossary).link_page("<p><kbd>Ctrl</p><p>We use finetuning.</p>", href=lambda term: "#x")
    assert [finding.code for finding in result.findings] == ["avoided-spelling"]


# -- #8: nothing is linked inside a tag ------------------------------------------------------

MALFORMED_TAGS = [
    '<span a"b token c>visible</span> x',
    "<span a'b token c>visible</span> x",
    '<span a="x"token b>visible</span>',
    "<span a=b<token c>visible</span>",
    '<span a = "x > token" b>visible</span>',
    "<span =token>visible</span>",
    '<span a="unclosed token>visible</span> and more token',
    "<p>token <b token",
    "<p>token <btoken",
    "<p>token </b token >visible",
    '<img alt="x" title=token token>visible',
    '<span a"b=token c>visible</span>',
]


@pytest.mark.parametrize("html", MALFORMED_TAGS)
def test_a_malformed_tag_gets_no_link_and_the_visible_text_stays(html: str):
    out = link(html)
    assert browser_body(out).get_text() == browser_body(html).get_text()
    assert scanner_runs(html) == browser_runs(html)
    assert len(plugin_links(out)) == browser_body(html).get_text().count("token")


# -- #15 and issue 16: linear time -------------------------------------------------------------


def test_a_lt_and_a_long_word_takes_linear_time():
    # The markup pattern once backtracked here: 20,000 letters took 11 s. Linear, this is milliseconds;
    # the bound is a hundred times that, so no busy machine makes it fail.
    page = "<p>token</p><" + "a" * 100_000
    start = time.perf_counter()
    out = link(page)
    assert time.perf_counter() - start < 5
    assert plugin_links(out) == ["token"]


def _counting_unescape(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    read = [0]
    unescape = htmllib.unescape

    def counted(text: str) -> str:
        read[0] += len(text)
        return unescape(text)

    monkeypatch.setattr(linker_module.htmllib, "unescape", counted)
    return read


@pytest.mark.parametrize("count", [500, 2000])
def test_distinct_broken_references_read_the_page_once(monkeypatch: pytest.MonkeyPatch, count: int):
    page = "<p>" + " ".join(f"[[nope{number}]]" for number in range(count)) + " [[nope7]]</p>"
    read = _counting_unescape(monkeypatch)
    result = LINKER.link_page(page, href, "first", "../glossary/")
    assert len(result.findings) == count + 1
    assert result.findings[-1].occurrence == 1  # the second [[nope7]]
    # Counting the earlier occurrences of each name reads the text once, not once per name.
    assert read[0] < 3 * len(page)


def test_distinct_broken_references_are_placed_with_one_pass_over_the_source(monkeypatch: pytest.MonkeyPatch):
    source = "# Page\n\n" + "\n".join(f"See [[nope{number}]] here." for number in range(3000)) + "\n"
    searches = []
    monkeypatch.setattr(sourcemap, "_starts", lambda *args: searches.append(args) or [])
    page = "<p>" + " ".join(f"See [[nope{number}]] here." for number in range(3000)) + "</p>"
    result = LINKER.link_page(page, href, "first", "../glossary/")
    places = [locate(source, finding) for finding in result.findings]
    assert places[:2] == [(3, 5), (4, 5)] and places[-1] == (3002, 5)
    assert searches == []  # no search per name


def test_distinct_broken_anchors_are_placed_with_one_pass_over_the_source(monkeypatch: pytest.MonkeyPatch):
    source = "\n".join(f"[x](glossary.md#nope{number})" for number in range(2000))
    searches = []
    monkeypatch.setattr(sourcemap, "_starts", lambda *args: searches.append(args) or [])
    page = "<p>" + " ".join(f'<a href="../glossary/#nope{number}">x</a>' for number in range(2000)) + "</p>"
    result = LINKER.link_page(page, href, "first", "../glossary/")
    assert len(result.findings) == 2000
    assert [locate(source, finding) for finding in result.findings[::500]] == [
        (1, 17),
        (501, 17),
        (1001, 17),
        (1501, 17),
    ]
    assert searches == []


def _counting_ratios(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls = [0]

    class Counted(difflib.SequenceMatcher):  # type: ignore[type-arg]
        def ratio(self) -> float:
            calls[0] += 1
            return super().ratio()

    monkeypatch.setattr(suggest.difflib, "SequenceMatcher", Counted)
    return calls


def test_a_suggestion_compares_a_bounded_number_of_names(monkeypatch: pytest.MonkeyPatch):
    words = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta", "lambda", "zeta"]
    names = [f"{words[number % 10]} {words[number // 10 % 10]} {number}" for number in range(20_000)]
    index = suggest.Suggester(names)
    calls = _counting_ratios(monkeypatch)
    assert index.suggest("alpha beta 1") == "alpha beta 10"
    assert index.suggest("omega delta 1234") == "omega delta 1234" == names[1234]
    assert index.suggest("kapa theta 2576") == "kappa theta 2576" == names[2576]
    assert calls[0] <= 3 * suggest.MAX_CANDIDATES


@pytest.mark.parametrize(
    "word",
    ["tokn", "tokens", "toekn", "promt", "prompts", "fine tuning", "fine-tunning", "atention", "self supervised", "x"],
)
def test_suggestions_are_difflibs_for_typos(word: str):
    names = ["token", "tokenizer", "prompt", "prompt engineering", "fine-tuning", "attention"]
    names += ["self-supervised learning", "transformer", "LLM", "state space model"]
    assert suggest.Suggester(names).suggest(word) == did_you_mean(word, names)


def test_code_line_anchors_are_not_examined_as_glossary_links(monkeypatch: pytest.MonkeyPatch):
    lines = "".join(
        f'<a id="__codelineno-0-{n}" name="__codelineno-0-{n}" href="#__codelineno-0-{n}"></a>'
        f'<span class="n">token</span>\n'
        for n in range(600)
    )
    page = f'<p>token</p><div class="highlight"><pre><span></span><code>{lines}</code></pre></div><p>prompt</p>'
    examined: list[Any] = []
    monkeypatch.setattr(linker_module._PageLinker, "anchor_tag", lambda self, tag: examined.append(tag))
    out = LINKER.link_page(page, href, "first", "../glossary/").html
    assert examined == []
    assert plugin_links(out) == ["token", "prompt"]


def test_on_the_glossary_page_itself_fragment_links_are_still_checked():
    result = LINKER.link_page('<p><a href="#nope">x</a></p>', href, "first", "")
    assert [finding.needle for finding in result.findings] == ["nope"]
