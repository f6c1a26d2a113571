"""Link what the reader means (issue 16): each wrong or missed link seen on real sites, through `Linker.link_page`
and, for the options, a real `mkdocs build`."""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort

from glossary_plugin.core import htmlscan
from glossary_plugin.core.linker import Linker
from glossary_plugin.core.loader import parse_glossary

from .conftest import Site

FIXTURES = Path(__file__).parent / "fixtures" / "precision"
_LINK = re.compile(
    r'<a class="glossary-term[^"]*"(?: id="[^"]*")? href="[^"]*" data-glossary-term="([^"]*)"[^>]*>(.*?)</a>', re.S
)

GLOSSARY = """
not_inside: [Pydantic AI, Pydantic Evals]
terms:
  token:
    definition: The unit of text a model reads.
    not_inside: [access token, OAuth token, bearer token]
  OAuth: An authorisation protocol.
  AI agent: A model that calls tools in a loop.
  Tool:
    definition: A function an agent may call.
    case_sensitive: true
  large language model:
    definition: A model of text.
    aliases: [{name: LLM, case_sensitive: true}]
  LLM judge: A model that grades answers.
  human-in-the-loop: A person approves each step.
  tool call: A request to run a tool.
  JSON schema:
    definition: A description of JSON data.
  language model: A model of language.
  training: Fitting a model.
  signature:
    definition: The inputs and outputs of a module.
    only_on: ["framework/*"]
    not_on: [framework/legacy.md]
"""


def _linker(text: str = GLOSSARY) -> Linker:
    glossary, errors = parse_glossary(textwrap.dedent(text).lstrip("\n"))
    assert errors == []
    return Linker(glossary)


LINKER = _linker()


def links(body: str, linker: Linker = LINKER, page: str | None = None, mode: str = "all") -> list[tuple[str, str]]:
    """(term, linked HTML) of each link that linking `body` makes."""
    result = linker.link_page(body, lambda term: "#", mode, page=page)  # type: ignore[arg-type]
    return [(html.unescape(name), inner) for name, inner in _LINK.findall(result.html)]


# Each case was a wrong link on a real site (or a right one that must stay).
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("a programmatic access token (PAT)", [], id="per-term-phrase"),
        pytest.param("an OAuth token or a bearer token", [], id="per-term-phrases"),
        pytest.param("two access tokens", [], id="phrase-plural"),
        pytest.param("Access Token", [], id="phrase-any-case"),
        pytest.param("access\ntoken", [], id="phrase-across-a-line-break"),
        pytest.param("a token, an access token", [("token", "token")], id="term-outside-the-phrase"),
        pytest.param("an OAuth token; OAuth", [("OAuth", "OAuth")], id="nothing-inside-a-term-phrase-links"),
        pytest.param("Pydantic AI agents", [], id="product-name"),
        pytest.param("Pydantic Evals and an AI agent", [("AI agent", "AI agent")], id="product-name-then-term"),
        pytest.param("dspy.Tool and pydantic_ai.mcp.Tool", [], id="dotted-identifier-after"),
        pytest.param("a.token, token.b, token.count()", [], id="dotted-identifier-around"),
        pytest.param("Use a token.", [("token", "token")], id="full-stop-ends-a-term"),
        pytest.param("a token. Then", [("token", "token")], id="full-stop-then-a-sentence"),
        pytest.param("e.g. token", [("token", "token")], id="abbreviation-before"),
        pytest.param("Wait for it...token", [("token", "token")], id="ellipsis"),
        pytest.param("human in the loop", [("human-in-the-loop", "human in the loop")], id="space-for-hyphen"),
        pytest.param("human-in the\nloop", [("human-in-the-loop", "human-in the\nloop")], id="mixed-hyphens"),
        pytest.param("a tool-call", [("tool call", "tool-call")], id="hyphen-for-space"),
        pytest.param("an LLM-judge", [("LLM judge", "LLM-judge")], id="hyphen-case-sensitive"),
        pytest.param("a JSON-schema", [("JSON schema", "JSON-schema")], id="json-schema"),
        pytest.param("a language-model", [("language model", "language-model")], id="language-model"),
        pytest.param("sub-LLMs", [("large language model", "LLMs")], id="acronym-after-hyphen"),
        pytest.param("non-LLM code", [("large language model", "LLM")], id="acronym-after-non"),
        pytest.param("pre-training", [], id="word-after-hyphen-is-a-compound"),
        pytest.param("--token", [], id="flag"),
        pytest.param(
            "llm, LLM, Large Language Model",
            [("large language model", "LLM"), ("large language model", "Large Language Model")],
            id="case-per-alias",
        ),
        pytest.param("tool, Tool", [("Tool", "Tool")], id="case-sensitive-term"),
    ],
)
def test_link_what_the_reader_means(text: str, expected: list[tuple[str, str]]):
    assert links(f"<p>{text}</p>") == expected


def test_other_term_spellings_and_avoided_forms_keep_their_own_meaning():
    linker = _linker(
        """
        terms:
          tool call:
            definition: A request to run a tool.
            avoid: [tool-call]
          fine-tuning: Further training.
          fine tuning rig: A machine for it.
        """
    )
    result = linker.link_page("<p>a tool-call, fine tuning rig, fine tuning</p>", lambda term: "#", "all")
    found = [(html.unescape(name), inner) for name, inner in _LINK.findall(result.html)]
    assert found == [("fine tuning rig", "fine tuning rig"), ("fine-tuning", "fine tuning")]
    assert [finding.needle for finding in result.findings] == ["tool-call"]


def test_a_phrase_does_not_use_up_the_first_link():
    assert links("<p>An access token. A token.</p>", mode="first") == [("token", "token")]


def test_page_scope_limits_auto_links_but_not_references():
    text = "<p>a signature and [[signature]]</p>"
    assert links(text, page="framework/module.md") == [("signature", "signature"), ("signature", "signature")]
    assert links(text, page="framework/legacy.md") == [("signature", "signature")]
    assert links(text, page="python/call.md") == [("signature", "signature")]
    assert links(text, page="python/call.md")[0] == ("signature", "signature")
    result = LINKER.link_page(text, lambda term: "#", "all", page="python/call.md")
    assert 'class="glossary-term glossary-ref"' in result.html and result.html.count("<a ") == 1


@pytest.mark.parametrize(
    "markup",
    [
        pytest.param('<div class="admonition note"><p class="admonition-title">Token</p></div>', id="admonition"),
        pytest.param('<details class="note"><summary>Token</summary></details>', id="details"),
        pytest.param("<table><thead><tr><th>Token</th></tr></thead></table>", id="table-header"),
        pytest.param(
            '<aside class="md-annotation"><span class="md-annotation__index">token</span></aside>', id="md-an"
        ),
        pytest.param('<ol class="md-annotation-list"><li>token</li></ol>', id="annotation-list"),
    ],
)
def test_labels_and_headings_are_not_linked(markup: str):
    assert links(markup + "<p>a token</p>") == [("token", "token")]


_CODE_BLOCK = (
    '<div class="language-python highlight"><pre><span></span><code><span id="__span-0-1">'
    '<a id="__codelineno-0-1" name="__codelineno-0-1" href="#__codelineno-0-1"></a>'
    '<span class="n">agent</span><span class="o">.</span><span class="n">run</span><span class="p">()</span>'
    "{comment}\n</span></code></pre></div>\n"
)


@pytest.mark.parametrize("between", ["\n", "\n<p></p>\n"])
def test_the_list_of_code_annotations_is_not_linked(between: str):
    # As Material builds it: its script moves each item into a tooltip on the `(1)` marker.
    block = _CODE_BLOCK.format(comment='  <span class="c1"># (1)!</span>')
    page = f"{block}{between}<ol>\n<li>The agent sends a token stream.</li>\n</ol>\n<p>A token.</p>"
    result = LINKER.link_page(page, lambda term: "#", "all")
    assert [inner for _, inner in _LINK.findall(result.html)] == ["token"]
    assert result.html.index('class="glossary-term"') > result.html.index("</ol>")


@pytest.mark.parametrize(
    ("comment", "between"),
    [
        pytest.param("", "\n", id="no-marker"),
        pytest.param('  <span class="c1"># step one</span>', "\n", id="comment-without-marker"),
        pytest.param('  <span class="c1"># (1)!</span>', "\n<p>Then:</p>\n", id="text-between"),
    ],
)
def test_an_ordinary_list_after_code_still_links(comment: str, between: str):
    page = f"{_CODE_BLOCK.format(comment=comment)}{between}<ol>\n<li>a token</li>\n</ol>"
    assert links(page) == [("token", "token")]


def test_table_cells_still_link():
    assert links("<table><tr><th>Name</th></tr><tr><td>a token</td></tr></table>") == [("token", "token")]


@pytest.mark.parametrize(
    ("selectors", "markup"),
    [
        pytest.param(["figcaption"], "<figure><figcaption>a token</figcaption></figure>", id="tag"),
        pytest.param([".tabbed-labels"], '<div class="tabbed-labels"><label>x</label><p>token</p></div>', id="class"),
        pytest.param(["span.keys"], '<p><span class="keys other">token</span></p>', id="tag-and-class"),
    ],
)
def test_skip_selectors(selectors: list[str], markup: str):
    linker = LINKER.skipping(tuple(selectors))
    assert links(markup + "<p>a token</p>", linker) == [("token", "token")]
    assert links(markup, LINKER) != []  # without the option the same markup links


def test_skip_selectors_do_not_match_other_elements():
    linker = LINKER.skipping(("span.keys", "figcaption"))
    assert links('<p><span class="key">token</span> <em class="keys">token</em></p>', linker) == [
        ("token", "token"),
        ("token", "token"),
    ]


def _code_page(lines: int) -> str:
    """A code block as `pymdownx.highlight` writes it with `anchor_linenums` and line spans."""
    body = "".join(
        f'<span id="__span-0-{n}"><a id="__codelineno-0-{n}" name="__codelineno-0-{n}" '
        f'href="#__codelineno-0-{n}"></a><span class="n">token</span> <span class="o">=</span> {n}\n</span>'
        for n in range(1, lines + 1)
    )
    return f'<div class="highlight"><pre><span></span><code>{body}</code></pre></div><p>a token</p>'


def test_code_line_anchors_cost_no_tag_by_tag_work(monkeypatch: pytest.MonkeyPatch):
    seen: list[str] = []
    for method in ("start_tag", "end_tag"):
        original = getattr(htmlscan.Context, method)

        def counting(self: htmlscan.Context, name: str, *rest: str, _original=original) -> None:  # type: ignore[no-untyped-def]
            seen.append(name)
            _original(self, name, *rest)

        monkeypatch.setattr(htmlscan.Context, method, counting)
    tags = []
    for lines in (10, 610):
        seen.clear()
        result = LINKER.link_page(_code_page(lines), lambda term: "../glossary/#token", "first", "../glossary/")
        assert result.html.count('class="glossary-term"') == 1  # the prose's token, not the code's
        tags.append(len(seen))
    assert tags[0] == tags[1] < 10


_LINES = '<span id="__span-0-1"><a id="__codelineno-0-1" href="#__codelineno-0-1"></a>token\n</span>'


def test_a_glossary_link_in_code_is_still_checked():
    page = f'<pre><code>{_LINES}<a href="../glossary/#tokn">token</a></code></pre>'
    result = LINKER.link_page(page, lambda term: "../glossary/#token", "first", "../glossary/")
    assert [finding.needle for finding in result.findings] == ["tokn"]
    assert 'class="glossary-broken"' in result.html


@pytest.mark.parametrize(
    "inside",
    [
        pytest.param("<!-- </pre> -->", id="comment"),
        pytest.param('<span title="</pre>">x</span>', id="markup-in-a-value"),
        pytest.param("<B>x</B>", id="upper-case-tag"),
        pytest.param("<kbd>x</kbd>", id="other-element"),
    ],
)
def test_code_that_is_not_plain_is_read_tag_by_tag(inside: str):
    page = f"<pre><code>{_LINES}{inside} token</code></pre><p>a token</p>"
    result = LINKER.link_page(page, lambda term: "#", "all", "../glossary/")
    assert result.html.count('class="glossary-term"') == 1
    assert result.html.endswith(
        '<p>a <a class="glossary-term" href="#" data-glossary-term="token" '
        'title="The unit of text a model reads.">token</a></p>'
    )


# -- the options, in a real build ------------------------------------------------------


def _content(page: str) -> list[tuple[str, str]]:
    return [(html.unescape(name), inner) for name, inner in _LINK.findall(page)]


def test_build_with_scope_skip_and_phrases(site: Site):
    site.glossary(GLOSSARY)
    site.page("framework/module.md", "# Module\n\nA signature. An access token. A token.\n")
    site.page("python/call.md", "# Call\n\nA signature, and [[signature]].\n")
    site.page("framework/legacy.md", "# Legacy\n\nNo signature is linked here.\n")  # the glossary's `not_on`
    site.page(
        "notes.md", '# Notes\n\n!!! note "Token"\n\n    A token.\n\n<figure><figcaption>token</figcaption></figure>\n'
    )
    site.build(
        strict=True, markdown_extensions=["admonition", "md_in_html"], plugins=[{"glossary": {"skip": ["figcaption"]}}]
    )
    assert _content(site.html("framework/module/index.html")) == [("signature", "signature"), ("token", "token")]
    assert _content(site.html("python/call/index.html")) == [("signature", "signature")]
    assert _content(site.html("notes/index.html")) == [("token", "token")]
    assert _content(site.html("framework/legacy/index.html")) == []


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(["div > p"], "'div > p' is not a simple selector", id="combinator"),
        pytest.param(["p", ""], "'' is not a simple selector", id="empty"),
        pytest.param("figcaption", "Expected a list of selectors", id="not-a-list"),
    ],
)
def test_a_bad_skip_selector_is_a_config_error(
    site: Site, caplog: pytest.LogCaptureFixture, value: object, message: str
):
    site.glossary(GLOSSARY)
    site.page("index.md", "# Home\n")
    with pytest.raises(Abort):
        site.build(plugins=[{"glossary": {"skip": value}}])
    logged = [record.getMessage() for record in caplog.records if record.levelname == "ERROR"]
    assert any(message in line and "skip" in line for line in logged), logged


# -- the seeded corpus ------------------------------------------------------------


def _cases() -> list[dict[str, object]]:
    data = yaml.safe_load((FIXTURES / "cases.yaml").read_text("utf-8"))
    return list(data["cases"])


@pytest.mark.parametrize("case", _cases(), ids=lambda case: str(case["id"]))
def test_seeded_corpus(case: dict[str, object]):
    linker = _linker((FIXTURES / "glossary.yaml").read_text("utf-8"))
    expected = [tuple(pair) for pair in case.get("links", [])]  # type: ignore[attr-defined]
    assert links(str(case["html"]), linker, page=str(case.get("page", "index.md"))) == expected
