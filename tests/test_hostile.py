"""Hostile inputs, each with the exact outcome a user must see (issue 7).

A table of glossary files (missing, empty, not UTF-8, invalid YAML, wrong shapes and
types, duplicate keys, names that collide after case folding and Unicode
normalisation, white space, very long names, emoji and right-to-left scripts),
hostile pages (malformed references, markup in attribute values, character
references, combining marks, 5 MB) and a glossary of 20,000 terms. Last, nothing
is lost: a build and a lint run leave every source file byte-identical.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from glossary_plugin.cli.command import main
from glossary_plugin.core.linker import Linker, LinkMode
from glossary_plugin.core.loader import load_glossary
from glossary_plugin.core.model import Glossary, Term
from glossary_plugin.core.options import Options
from glossary_plugin.core.pipeline import Build, Loaded, Page

from .conftest import PluginLog, Site
from .html_oracle import parse, term_links, visible_text

FIX_SYNTAX = "; fix the syntax at this place"
COLLIDE = "after case folding and Unicode normalisation; remove one or make them differ"
EMPTY = "glossary.yaml:1:1: the glossary is empty; add a `terms:` mapping (see the README)"
NOT_UTF8 = "the file is not valid UTF-8; save it with UTF-8 encoding"


class AnyOf:
    """Equal to any of a few messages: PyYAML words some problems one way, and another with libyaml."""

    def __init__(self, *messages: str) -> None:
        self.messages = messages

    def __eq__(self, other: object) -> bool:
        return other in self.messages

    def __repr__(self) -> str:
        return " or ".join(map(repr, self.messages))


def yaml_error(place: str, *problems: str, hint: str = "") -> AnyOf:
    """An invalid-YAML error at `place`, as PyYAML words the problem (pure Python first, then libyaml)."""
    return AnyOf(*(f"glossary.yaml:{place}: invalid YAML: {problem}{FIX_SYNTAX}{hint}" for problem in problems))


def collision(place: str, name: str, term: str, other_name: str, other_term: str, line: int) -> str:
    return (
        f"glossary.yaml:{place}: '{name}' of term '{term}' collides with '{other_name}' of term '{other_term}' "
        f"(line {line}) {COLLIDE}"
    )


# (file content, every error the user sees, the terms that still load). None: no file at all.
GLOSSARY_FILES = {
    "missing-file": (
        None,
        ["glossary.yaml:1:1: glossary file not found; create it (see the README) or set `glossary_file` in mkdocs.yml"],
        [],
    ),
    "empty-file": (b"", [EMPTY], []),
    "only-a-byte-order-mark": (b"\xef\xbb\xbf", [EMPTY], []),
    "only-comments-and-blank-lines": (b"\n  \n# terms come later\n", [EMPTY], []),
    "terms-without-value": (b"terms:\n", ["glossary.yaml:1:7: `terms` is empty; add at least one term"], []),
    "terms-an-empty-mapping": (b"terms: {}\n", ["glossary.yaml:1:8: `terms` is empty; add at least one term"], []),
    # Not UTF-8: the place of the first bad byte, its column counted in characters as editors do.
    "latin-1": (b"terms:\n  caf\xe9: A drink.\n", [f"glossary.yaml:2:6: {NOT_UTF8}"], []),
    "latin-1-after-a-multibyte-character": (
        "terms:\n  naïve: A drink from a caf".encode() + b"\xe9.\n",
        [f"glossary.yaml:2:28: {NOT_UTF8}"],
        [],
    ),
    "latin-1-after-a-byte-order-mark": (b"\xef\xbb\xbfterms:\n  x: caf\xe9\n", [f"glossary.yaml:2:9: {NOT_UTF8}"], []),
    "utf-16": ("terms:\n  token: The unit.\n".encode("utf-16"), [f"glossary.yaml:1:1: {NOT_UTF8}"], []),
    "byte-order-mark-then-valid-utf-8": (b"\xef\xbb\xbfterms:\n  token: The unit.\n", [], ["token"]),
    # Invalid YAML.
    "control-character": (
        b"terms:\n  token: The\x00 unit.\n",
        ["glossary.yaml:2:13: invalid YAML: the character U+0000 is not allowed in YAML; remove it"],
        [],
    ),
    "tab-indentation": (
        b"terms:\n\ttoken: The unit.\n",
        [
            yaml_error(
                "2:1",
                "found character '\\t' that cannot start any token",
                "found character that cannot start any token",
                hint=": YAML indents with spaces, never tabs; replace the tab with spaces",
            )
        ],
        [],
    ),
    "unclosed-quote": (
        b'terms:\n  token: "The unit.\n  model: A model.\n',
        [
            "glossary.yaml:2:10: invalid YAML: found unexpected end of stream "
            f"(while scanning a quoted scalar that starts here){FIX_SYNTAX}"
        ],
        [],
    ),
    "unclosed-list-at-the-end": (
        b"terms:\n  token: The unit.\n  model:\n    definition: A model.\n    aliases: [models, net\n",
        [
            yaml_error(
                "5:14",
                "expected ',' or ']', but got '<stream end>' (while parsing a flow sequence that starts here)",
                "did not find expected ',' or ']' (while parsing a flow sequence that starts here)",
            )
        ],
        [],
    ),
    "unclosed-mapping-before-more-terms": (
        b"terms:\n  token: {definition: The unit.\n  model: A model.\n",
        [yaml_error("3:8", "expected ',' or '}', but got ':'", "did not find expected ',' or '}'")],
        [],
    ),
    "two-documents": (
        b"terms:\n  token: The unit.\n---\nterms:\n  model: A model.\n",
        [
            "glossary.yaml:3:1: invalid YAML: expected a single document in the stream, "
            f"but found another document{FIX_SYNTAX}"
        ],
        [],
    ),
    # A list where a mapping is expected.
    "top-level-list": (
        b"- token\n- model\n",
        ["glossary.yaml:1:1: the top level of the glossary is a list, but it must be a mapping with a `terms:` key"],
        [],
    ),
    "terms-a-list": (
        b"terms:\n  - token\n  - model\n",
        ["glossary.yaml:2:3: `terms` is a list, but it must be a mapping of term names to definitions"],
        [],
    ),
    "term-a-list": (
        b"terms:\n  token: [a, b]\n  model: A model.\n",
        [
            "glossary.yaml:2:10: term 'token' is a list, but it must be a definition text "
            "or a mapping with `definition:`"
        ],
        ["model"],
    ),
    # Wrong value types.
    "case-sensitive-not-a-boolean": (
        b"terms:\n  token:\n    definition: The unit.\n    case_sensitive: yes please\n",
        ["glossary.yaml:4:21: `case_sensitive` of 'token' must be true or false"],
        [],
    ),
    "autolink-a-number": (
        b"terms:\n  token:\n    definition: The unit.\n    autolink: 1\n",
        ["glossary.yaml:4:15: `autolink` of 'token' must be true or false"],
        [],
    ),
    "aliases-a-mapping": (
        b"terms:\n  token:\n    definition: The unit.\n    aliases: {a: b}\n",
        ["glossary.yaml:4:14: `aliases` of 'token' must be a list of names, such as [a, b]"],
        [],
    ),
    "alias-a-list": (
        b"terms:\n  token:\n    definition: The unit.\n    aliases: [[tokens]]\n",
        ["glossary.yaml:4:15: an entry of `aliases` of 'token' is a list, but it must be text"],
        [],
    ),
    "definition-a-mapping": (
        b"terms:\n  token:\n    definition: {a: b}\n",
        ["glossary.yaml:3:17: `definition` of 'token' is a mapping, but it must be text"],
        [],
    ),
    "link-a-list": (
        b"terms:\n  token:\n    definition: The unit.\n    link: [a]\n",
        ["glossary.yaml:4:11: `link` of 'token' is a list, but it must be text"],
        [],
    ),
    "name-a-list": (b"terms:\n  [a, b]: x\n", ["glossary.yaml:2:3: a key in `terms` must be plain text"], []),
    # Duplicate keys in the YAML itself.
    "duplicate-term": (
        b"terms:\n  token: The unit.\n  model: A model.\n  token: Again.\n",
        ["glossary.yaml:4:3: duplicate key 'token' (first defined on line 2); remove or merge one of them"],
        ["token", "model"],
    ),
    "duplicate-term-quoted-differently": (
        b"terms:\n  token: The unit.\n  'token': Again.\n",
        ["glossary.yaml:3:3: duplicate key 'token' (first defined on line 2); remove or merge one of them"],
        ["token"],
    ),
    "duplicate-field": (
        b"terms:\n  token:\n    definition: The unit.\n    definition: Again.\n",
        ["glossary.yaml:4:5: duplicate key 'definition' (first defined on line 3); remove or merge one of them"],
        [],
    ),
    "duplicate-terms-key": (
        b"terms:\n  token: The unit.\nterms:\n  model: A model.\n",
        ["glossary.yaml:3:1: duplicate key 'terms' (first defined on line 1); remove or merge one of them"],
        ["token"],
    ),
    # Names that collide after case folding (str.casefold) and Unicode normalisation (NFKC).
    "collide-by-case": (
        b"terms:\n  token: The unit.\n  Token: Another.\n",
        [collision("3:3", "Token", "Token", "token", "token", 2)],
        ["token"],
    ),
    "collide-composed-and-decomposed": (
        "terms:\n  café: Composed.\n  cafe\u0301: Decomposed.\n".encode(),
        [collision("3:3", "cafe\u0301", "cafe\u0301", "café", "café", 2)],
        ["café"],
    ),
    "collide-turkish-capital-and-small-i": (
        b"terms:\n  I: Capital.\n  i: Small.\n",
        [collision("3:3", "i", "i", "I", "I", 2)],
        ["I"],
    ),
    "collide-turkish-dotted-capital-and-i-with-combining-dot": (
        "terms:\n  İ: Dotted capital.\n  i\u0307: Small i and a combining dot.\n".encode(),
        [collision("3:3", "i\u0307", "i\u0307", "İ", "İ", 2)],
        ["İ"],
    ),
    # casefold('İ') is 'i̇' and casefold('ı') is 'ı': neither is 'i', so these are two words each.
    "turkish-dotted-capital-and-i-are-distinct": (
        "terms:\n  İstanbul: The city.\n  istanbul: A spelling.\n".encode(),
        [],
        ["İstanbul", "istanbul"],
    ),
    "turkish-dotless-i-and-capital-i-are-distinct": ("terms:\n  ı: Dotless.\n  I: Capital.\n".encode(), [], ["ı", "I"]),
    "collide-sharp-s-and-ss": (
        "terms:\n  straße: The street.\n  STRASSE: Upper case.\n".encode(),
        [collision("3:3", "STRASSE", "STRASSE", "straße", "straße", 2)],
        ["straße"],
    ),
    "collide-capital-sharp-s-and-ss": (
        "terms:\n  ẞ: Capital sharp s.\n  ss: Two letters.\n".encode(),
        [collision("3:3", "ss", "ss", "ẞ", "ẞ", 2)],
        ["ẞ"],
    ),
    "collide-alias-with-sharp-s-name": (
        "terms:\n  straße: The street.\n  road:\n    definition: A way.\n    aliases: [STRASSE]\n".encode(),
        [collision("5:15", "STRASSE", "road", "straße", "straße", 2)],
        ["straße"],
    ),
    "collide-ligature": (
        "terms:\n  ﬁne-tuning: Ligature.\n  fine-tuning: Letters.\n".encode(),
        [collision("3:3", "fine-tuning", "fine-tuning", "ﬁne-tuning", "ﬁne-tuning", 2)],
        ["ﬁne-tuning"],
    ),
    "collide-fullwidth": (
        "terms:\n  ＬＬＭ: Fullwidth.\n  LLM: Ascii.\n".encode(),
        [collision("3:3", "LLM", "LLM", "ＬＬＭ", "ＬＬＭ", 2)],
        ["ＬＬＭ"],
    ),
    "collide-non-breaking-hyphen": (
        "terms:\n  fine\u2011tuning: Non-breaking hyphen.\n  fine-tuning: Hyphen.\n".encode(),
        [collision("3:3", "fine-tuning", "fine-tuning", "fine\u2011tuning", "fine\u2011tuning", 2)],
        ["fine\u2011tuning"],
    ),
    "collide-even-when-case-sensitive": (
        b"terms:\n  LLM:\n    definition: A.\n    case_sensitive: true\n"
        b"  llm:\n    definition: B.\n    case_sensitive: true\n",
        [collision("5:3", "llm", "llm", "LLM", "LLM", 2)],
        ["LLM"],
    ),
    # White space.
    "name-of-spaces": (
        b'terms:\n  "   ": Only spaces.\n  token: The unit.\n',
        ["glossary.yaml:2:3: a term name is empty or only white space; give the term a name"],
        ["token"],
    ),
    "name-of-a-non-breaking-space": (
        'terms:\n  "\u00a0": Only a non-breaking space.\n'.encode(),
        ["glossary.yaml:2:3: a term name is empty or only white space; give the term a name"],
        [],
    ),
    "name-of-a-tab": (
        b'terms:\n  "\\t": Only a tab.\n',
        ["glossary.yaml:2:3: a term name is empty or only white space; give the term a name"],
        [],
    ),
    "empty-name": (
        b'terms:\n  "": Nothing.\n',
        ["glossary.yaml:2:3: a term name is empty or only white space; give the term a name"],
        [],
    ),
    "name-with-leading-space": (
        b'terms:\n  " token": The unit.\n',
        ["glossary.yaml:2:3: term ' token' has leading or trailing white space; remove it"],
        [],
    ),
    # Emoji and right-to-left scripts are names like any other.
    "emoji-and-right-to-left-names": (
        "terms:\n  🤖 agent: A program that acts.\n  👍: Approval.\n  نموذج لغوي: Language model.\n"
        "  מודל שפה: Language model.\n".encode(),
        [],
        ["🤖 agent", "👍", "نموذج لغوي", "מודל שפה"],
    ),
}


@pytest.mark.parametrize(("content", "errors", "names"), GLOSSARY_FILES.values(), ids=GLOSSARY_FILES.keys())
def test_glossary_file(tmp_path: Path, content: bytes | None, errors: list[str | AnyOf], names: list[str]):
    path = tmp_path / "glossary.yaml"
    if content is not None:
        path.write_bytes(content)
    glossary, found = load_glossary(path, "glossary.yaml")
    assert [str(error) for error in found] == errors
    assert [term.name for term in glossary.terms] == names


@pytest.mark.parametrize(
    ("content", "message"),
    [
        pytest.param(None, "glossary.yaml:1:1: glossary-invalid: glossary file not found", id="missing-file"),
        pytest.param(
            b"terms:\n  caf\xe9: A drink.\n", f"glossary.yaml:2:6: glossary-invalid: {NOT_UTF8}", id="latin-1"
        ),
        pytest.param(
            b"terms:\n  token: The\x00 unit.\n",
            "glossary.yaml:2:13: glossary-invalid: invalid YAML: the character U+0000 is not allowed in YAML",
            id="control-character",
        ),
        pytest.param(
            b"terms: {}\n", "glossary.yaml:1:8: glossary-invalid: `terms` is empty; add at least one term", id="empty"
        ),
    ],
)
def test_a_hostile_glossary_stops_the_build_with_its_place_and_no_traceback(
    site: Site, plugin_log: PluginLog, caplog: pytest.LogCaptureFixture, content: bytes | None, message: str
):
    if content is not None:
        (site.root / "glossary.yaml").write_bytes(content)
    site.page("index.md", "# Home\n\nA token.\n")
    with pytest.raises(Abort):
        site.build()
    printed = [r.getMessage() for r in caplog.records if r.name == "mkdocs.commands.build" and r.levelname == "ERROR"]
    assert len(printed) == 1
    assert printed[0].startswith(f"The glossary has errors:\n{message}")
    assert printed[0].endswith("Fix them and build again.")
    assert "Traceback" not in printed[0]
    assert not (site.root / "site" / "index.html").exists()


def test_a_term_of_1000_characters_loads_links_and_gets_an_anchor(tmp_path: Path):
    words = [f"word{number}" for number in range(200)]
    name = " ".join(words)[:1000].rstrip()
    name += "x" * (1000 - len(name))
    assert len(name) == 1000
    path = tmp_path / "glossary.yaml"
    path.write_text(yaml.safe_dump({"terms": {name: "A long name."}}, width=10_000), encoding="utf-8")
    glossary, errors = load_glossary(path, "glossary.yaml")
    assert errors == []
    assert [term.name for term in glossary.terms] == [name]
    linker = Linker(glossary)
    wrapped = name.replace(" ", "\n", 50)  # the page wraps the long name over lines
    out = linker.link_page(f"<p>See {wrapped}.</p>", lambda term: "#x").html
    assert term_links(out) == [(name, wrapped)]
    assert linker.anchors[name] == name.replace(" ", "-")


# -- emoji, right-to-left text, combining marks -----------------------------------


def links_of(glossary: Glossary, page: str, mode: LinkMode = "all", plurals: bool = True) -> list[tuple[str, str]]:
    return term_links(Linker(glossary, plurals=plurals).link_page(page, lambda term: "#x", mode).html)


def glossary_of(*names: str) -> Glossary:
    return Glossary(tuple(Term(name, f"The meaning of {name}.") for name in names))


@pytest.mark.parametrize(
    ("names", "page", "expected"),
    [
        pytest.param(["🤖 agent"], "<p>Ask the 🤖 agent now.</p>", [("🤖 agent", "🤖 agent")], id="emoji-name"),
        pytest.param(["👍"], "<p>👍 and 👍🏽</p>", [("👍", "👍")], id="emoji-not-inside-a-skin-tone-sequence"),
        pytest.param(
            ["نموذج لغوي"], "<p dir='rtl'>هذا نموذج لغوي كبير.</p>", [("نموذج لغوي", "نموذج لغوي")], id="arabic"
        ),
        pytest.param(["מודל שפה"], "<p dir='rtl'>מודל\nשפה גדול</p>", [("מודל שפה", "מודל\nשפה")], id="hebrew"),
        # A combining mark belongs to the letter before it: the word goes on.
        pytest.param(["نموذج"], "<p>نموذجًا نموذج</p>", [("نموذج", "نموذج")], id="arabic-with-a-diacritic"),
        pytest.param(["मॉडल"], "<p>मॉडलों का मॉडल</p>", [("मॉडल", "मॉडल")], id="devanagari-vowel-sign-after"),
        pytest.param(["डल"], "<p>मॉडल</p>", [], id="devanagari-vowel-sign-before"),
        pytest.param(["cafe"], "<p>cafe\u0301 and cafe</p>", [("cafe", "cafe")], id="decomposed-accent"),
        pytest.param(["café"], "<p>cafe\u0301 and café</p>", [("café", "cafe\u0301"), ("café", "café")], id="nfd-text"),
        # An entity for a letter is that letter.
        pytest.param(["caf"], "<p>caf&eacute; caf&#233; caf</p>", [("caf", "caf")], id="letter-reference-after"),
        pytest.param(["fe"], "<p>caf&eacute;fe caf&eacute; fe</p>", [("fe", "fe")], id="letter-reference-before"),
        pytest.param(
            ["token"],
            "<p>token&mdash;and token&hellip;</p>",
            [("token", "token"), ("token", "token")],
            id="punctuation-reference",
        ),
        # What case folding makes equal is the same word on the page too.
        pytest.param(["Straße"], "<p>STRASSE</p>", [("Straße", "STRASSE")], id="sharp-s-in-capitals"),
        # Lower case keeps a final 'ς' that folding makes 'σ', and folding makes 'ß' 'ss': one name has both.
        pytest.param(
            ["λόγος straße"],
            "<p>ΛΌΓΟΣ STRASSE, λόγος straße</p>",
            [("λόγος straße", "ΛΌΓΟΣ STRASSE"), ("λόγος straße", "λόγος straße")],
            id="final-sigma-and-sharp-s-in-capitals",
        ),
        pytest.param(["İstanbul"], "<p>İSTANBUL istanbul</p>", [("İstanbul", "İSTANBUL")], id="turkish-dotted-capital"),
    ],
)
def test_scripts_and_word_boundaries(names: list[str], page: str, expected: list[tuple[str, str]]):
    assert links_of(glossary_of(*names), page) == expected


@pytest.mark.parametrize("plurals", [True, False])
@pytest.mark.parametrize(
    ("names", "page", "expected"),
    [
        pytest.param(
            ["encoder", "encoder-decoder"],
            "<p>An encoder, an encoder-decoder.</p>",
            [("encoder", "encoder"), ("encoder-decoder", "encoder-decoder")],
            id="name-and-longer-hyphenated-name",
        ),
        pytest.param(
            ["مدل", "مدل-زبانی"], "<p>مدل و مدل-زبانی</p>", [("مدل", "مدل"), ("مدل-زبانی", "مدل-زبانی")], id="persian"
        ),
    ],
)
def test_a_name_is_found_when_a_longer_one_continues_it_with_a_hyphen(
    names: list[str], page: str, expected: list[tuple[str, str]], plurals: bool
):
    assert links_of(glossary_of(*names), page, plurals=plurals) == expected


# -- character references ----------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "page"),
    [
        ("GT", "<p>a &gt; b, and GT</p>"),
        ("lt", "<p>a &lt; b, and lt</p>"),
        ("amp", "<p>R&amp;D, and amp</p>"),
        ("quot", "<p>&quot;x&quot;, and quot</p>"),
        ("copy", "<p>&copy; 2024, and copy</p>"),
        ("trade", "<p>Name&trade;, and trade</p>"),
        ("nbsp", "<p>a&nbsp;b, and nbsp</p>"),
        ("39", "<p>it&#39;s, and 39</p>"),
        ("x27", "<p>it&#x27;s, and x27</p>"),
        ("8217", "<p>it&#8217;s, and 8217</p>"),
    ],
)
def test_a_term_named_like_a_character_reference_never_breaks_one(name: str, page: str):
    """Only the word itself is linked; the reference and so the text stay whole."""
    out = Linker(glossary_of(name)).link_page(page, lambda term: "#x", "all").html
    assert visible_text(out) == visible_text(page)
    assert term_links(out) == [(name, name)]
    link = f'<a class="glossary-term" href="#x" data-glossary-term="{name}" title="The meaning of {name}.">{name}</a>'
    assert out == page.replace(f"and {name}<", f"and {link}<")


# -- markup inside attribute values ------------------------------------------------


def test_class_written_inside_another_attribute_value_is_not_the_class():
    glossary = glossary_of("token")
    page = (
        '<p><span title="see class=x" class="no-glossary">token</span>'
        ' and <span title="class=no-glossary">token</span></p>'
    )
    out = Linker(glossary).link_page(page, lambda term: "#x", "all").html
    soup = parse(out)
    assert soup.select_one("span.no-glossary a") is None
    assert term_links(out) == [("token", "token")]
    assert soup.find_all("span")[1].find("a") is not None  # the title merely mentions a class


def test_a_link_whose_title_mentions_the_plugins_attribute_does_not_count_as_a_link():
    page = '<p><a title="data-glossary-term=token" href="x.html">x</a> and a token.</p>'
    assert links_of(glossary_of("token"), page, mode="first") == [("token", "token")]


def test_a_broken_anchor_link_gets_its_class_without_touching_other_attributes():
    linker = Linker(glossary_of("token"))
    page = (
        '<p><a title="a class=b" href="../glossary/#tokn">x</a>'
        ' <a title="see href=y" href="../glossary/#Token">y</a></p>'
    )
    result = linker.link_page(page, lambda term: "#x", "off", "../glossary/")
    first, second = parse(result.html).find_all("a")
    assert first.attrs == {"class": "glossary-broken", "title": "a class=b", "href": "../glossary/#tokn"}
    assert second.attrs == {"title": "see href=y", "href": "../glossary/#token"}  # the alias anchor, rewritten
    assert [(finding.code, finding.needle) for finding in result.findings] == [("undefined-term", "tokn")]


# -- explicit references -------------------------------------------------------------

REF = '<a class="glossary-term glossary-ref" href="#x" data-glossary-term="{}" title="The meaning of {}.">{}</a>'
BROKEN = '<span class="glossary-term glossary-broken" title="&#x27;{0}&#x27; is not in the glossary">{0}</span>'


@pytest.mark.parametrize(
    ("page", "expected", "findings"),
    [
        pytest.param("<p>[[token</p>", "<p>[[token</p>", [], id="no-closing-brackets"),
        pytest.param("<p>token]]</p>", "<p>token]]</p>", [], id="no-opening-brackets"),
        pytest.param("<p>[[]]</p>", "<p>[[]]</p>", [], id="empty"),
        pytest.param("<p>[[ ]]</p>", "<p>[[ ]]</p>", [], id="blank"),
        pytest.param("<p>[[&nbsp;]]</p>", "<p>[[&nbsp;]]</p>", [], id="blank-entity"),
        pytest.param("<p>[[token|]]</p>", "<p>[[token|]]</p>", [], id="empty-label"),
        pytest.param("<p>[[token| ]]</p>", f"<p>{REF.format('token', 'token', 'token')}</p>", [], id="blank-label"),
        pytest.param(
            "<p>[[a|[[b]]]]</p>",
            f"<p>[[a|{BROKEN.format('b')}]]</p>",
            ["'b' is not in the glossary"],
            id="nested-unknown",
        ),
        pytest.param(
            "<p>[[a|[[token]]]]</p>", f"<p>[[a|{REF.format('token', 'token', 'token')}]]</p>", [], id="nested-known"
        ),
        pytest.param(
            "<p>[[TOKEN|the &lt;unit&gt;]]</p>",
            f"<p>{REF.format('token', 'token', 'the &lt;unit&gt;')}</p>",
            [],
            id="label-with-markup-characters",
        ),
        pytest.param("<p>[[tok<em>en</em>]]</p>", "<p>[[tok<em>en</em>]]</p>", [], id="markup-inside-is-no-reference"),
        pytest.param("<p><code>[[tokn]]</code></p>", "<p><code>[[tokn]]</code></p>", [], id="in-code"),
    ],
)
def test_malformed_and_nested_references(page: str, expected: str, findings: list[str]):
    result = Linker(glossary_of("token")).link_page(page, lambda term: "#x", "off")
    assert result.html == expected
    assert [finding.message for finding in result.findings] == findings


# -- size ------------------------------------------------------------------------------

# A page of 5 MB: 20 blocks like this (one with an avoided spelling), over and over.
BLOCK = (
    "<h2>The token</h2>\n<p>A token, two tokens &amp; a <em>prompt engineering</em> trick: R&amp;D &lt;x&gt;"
    " caf\u00e9 \u6771\u4eac.</p>\n<pre><code>token = prompt(engineering)</code></pre>\n"
    "<p class='no-glossary'>token</p>\n<ul><li>fine tuning</li><li>[[token|the unit]]</li></ul>\n"
)
BLOCKS = BLOCK * 19 + BLOCK.replace("fine tuning", "finetuning")
PLUGIN_LINK = re.compile(
    r'<a class="glossary-term[^"]*" href="[^"]*" data-glossary-term="[^"]*" title="[^"]*">(.*?)</a>'
)


def unlinked(html: str) -> str:
    return PLUGIN_LINK.sub(r"\1", html)


@pytest.mark.slow
def test_a_page_of_5_mb():
    glossary = Glossary(
        (
            Term("token", "The unit."),
            Term("prompt engineering", "Writing prompts."),
            Term("fine-tuning", "More training.", avoid=("finetuning",)),
        )
    )
    linker = Linker(glossary)
    repeats = 5_000_000 // len(BLOCKS) + 1
    page = BLOCKS * repeats
    assert len(page.encode()) > 5_000_000
    every = linker.link_page(page, lambda term: "#x", "all")
    # Per block: "token", "tokens", "prompt engineering" and the reference; the rest is skipped.
    # And "fine tuning" in 19 of the 20 blocks: a space is a hyphen inside a multi-word spelling.
    assert every.html.count('class="glossary-term') == (4 * 20 + 19) * repeats
    assert unlinked(every.html) == page.replace("[[token|the unit]]", "the unit")
    assert [(finding.code, finding.occurrence) for finding in every.findings] == [
        ("avoided-spelling", number) for number in range(repeats)
    ]
    first = linker.link_page(page, lambda term: "#x", "first")
    assert term_links(first.html[: first.html.index("</ul>")]) == [
        ("token", "token"),
        ("prompt engineering", "prompt engineering"),
        ("fine-tuning", "fine tuning"),
        ("token", "the unit"),
    ]
    assert first.html.count('class="glossary-term"') == 3
    assert first.html.count('class="glossary-term glossary-ref"') == 20 * repeats
    assert unlinked(first.html) == page.replace("[[token|the unit]]", "the unit")


class _NoOtherPages:
    def url_of(self, src_uri: str) -> str | None:
        return None


@pytest.mark.slow
def test_findings_on_a_page_of_5_mb_are_placed_at_their_lines(tmp_path: Path):
    """The checks of a build or lint run, on a 5 MB page with a thousand findings."""
    glossary = Glossary((Term("token", "The unit."), Term("fine-tuning", "More training.", avoid=("finetuning",))))
    filler = "A token, and words that fill the page of the handbook with ordinary prose. " * 3
    lines = [("finetuning: " if number % 24 == 0 else "") + filler for number in range(24_000)]
    source = tmp_path / "big.md"
    source.write_text("\n\n".join(lines) + "\n", encoding="utf-8")
    assert source.stat().st_size > 5_000_000
    html = "".join(f"<p>{line}</p>\n" for line in lines)
    loaded = Loaded(("glossary.yaml", "", True), glossary, [], Linker(glossary))
    build = Build(loaded, Options(severity={"missing-term": "ignore"}), _NoOtherPages(), "glossary.yaml")
    page = Page(src_uri="big.md", url="big/", path="docs/big.md", abs_path=str(source))
    out, diagnostics = build.check_page(page, html)
    assert [(d.code, d.path, d.line, d.column) for d in diagnostics] == [
        ("avoided-spelling", "docs/big.md", 2 * number + 1, 1) for number in range(0, 24_000, 24)
    ]
    assert term_links(out[:1000]) == [("token", "token")]


@pytest.mark.slow
@pytest.mark.parametrize(
    "page",
    [
        pytest.param("word " * 1_000_000 + "token", id="one-run-of-text"),
        pytest.param("1 < 2 and 3 > 2 " * 320_000 + "token", id="stray-angle-brackets"),
        pytest.param("<span>" * 850_000 + "token", id="deep-nesting"),
        pytest.param("<!-- " + "token " * 900_000, id="unclosed-comment"),
    ],
)
def test_hostile_pages_of_5_mb(page: str):
    out = Linker(glossary_of("token")).link_page(page, lambda term: "#x", "first").html
    if page.startswith("<!--"):
        assert out == page  # all of it is a comment
    else:
        assert (
            out
            == page[: -len("token")]
            + '<a class="glossary-term" href="#x" data-glossary-term="token" title="The meaning of token.">token</a>'
        )


@pytest.mark.slow
def test_a_glossary_of_20000_terms(tmp_path: Path):
    words = ["alpha", "beta", "gamma", "delta", "omega", "sigma", "kappa", "theta", "lambda", "zeta"]
    terms: dict[str, object] = {}
    for number in range(20_000):
        name = f"{words[number % 10]} {words[number // 10 % 10]} {number}"
        if number % 7 == 0:
            terms[name] = {"definition": f"Term {number}.", "aliases": [f"a{number}"]}
        elif number % 11 == 0:
            terms[name] = {"definition": f"Term {number}.", "case_sensitive": True}
        else:
            terms[name] = f"Term {number}."
    path = tmp_path / "glossary.yaml"
    path.write_text(yaml.safe_dump({"terms": terms}, sort_keys=False), encoding="utf-8")
    glossary, errors = load_glossary(path, "glossary.yaml")
    assert errors == []
    assert len(glossary) == 20_000
    linker = Linker(glossary)
    names = list(terms)
    page = (
        f"<p>{names[0]}, {names[19_999]} and {names[12_345].upper()}; a{7 * 999}, {names[11].upper()} "
        f"and {names[22]}; [[{names[5_000]}|five thousand]] [[alpha beta 1]]</p>"
    )
    result = linker.link_page(page, lambda term: "#x", "all")
    assert term_links(result.html) == [
        (names[0], names[0]),
        (names[19_999], names[19_999]),
        (names[12_345], names[12_345].upper()),
        (names[7 * 999], f"a{7 * 999}"),
        (names[22], names[22]),
        (names[5_000], "five thousand"),
    ]
    assert [finding.message for finding in result.findings] == [
        "'alpha beta 1' is not in the glossary (did you mean 'alpha beta 10'?)"
    ]


# -- nothing lost ------------------------------------------------------------------------


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under `root` but the built site: its bytes and modification time."""
    return {
        path.relative_to(root).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*"))
        if path.is_file() and "site" not in path.relative_to(root).parts[:1]
    }


@pytest.fixture
def source_site(site: Site) -> Site:
    """A site whose sources hold everything the plugin reads: terms, references, opt-outs, a glossary page."""
    site.glossary(
        """
        terms:
          token:
            definition: The smallest unit of text, see [[fine-tuning]].
            see: [fine-tuning]
          fine-tuning:
            definition: Further training.
            aliases: [fine-tune]
            avoid: [finetuning]
          unused: Never used.
        """
    )
    site.page("index.md", "# Home\n\nA token, then we fine-tune. [[tokn]] and finetuning.\n")
    site.page("sub/deeper/page.md", "---\nglossary: false\n---\n# Deep\n\nA token and [[fine-tuning|tuning]].\n")
    site.page("glossary.md", "# Our terms\n\nIntro.\n\n<!-- glossary -->\n\nEnd.\n")
    (site.root / "docs" / "image.png").write_bytes(bytes(range(256)) * 4)
    site.write("mkdocs.yml", "site_name: Test\nplugins:\n  - glossary\n")
    return site


def test_nothing_is_written_into_the_sources_by_a_build_or_a_lint_run(
    source_site: Site, plugin_log: PluginLog, capsys: pytest.CaptureFixture[str]
):
    root = source_site.root
    before = snapshot(root)
    build(load_config(str(root / "mkdocs.yml")))
    assert plugin_log.take() == [
        "docs/index.md:3:29: undefined-term: 'tokn' is not in the glossary (did you mean 'token'?)",
        "docs/index.md:3:42: avoided-spelling: 'finetuning' is a spelling to avoid; write 'fine-tuning'",
    ]
    assert (root / "site" / "glossary" / "index.html").is_file()
    assert snapshot(root) == before
    status = main(["-f", str(root / "mkdocs.yml")])
    assert status == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/index.md:3:29: warn: undefined-term: 'tokn' is not in the glossary (did you mean 'token'?)",
        "docs/index.md:3:42: warn: avoided-spelling: 'finetuning' is a spelling to avoid; write 'fine-tuning'",
        "glossary.yaml:9:3: info: unused-term: term 'unused' is not used on any page; use it, or remove it from the "
        "glossary",
    ]
    assert snapshot(root) == before


def test_the_linter_alone_writes_nothing_at_all(source_site: Site, capsys: pytest.CaptureFixture[str]):
    root = source_site.root
    before = snapshot(root)
    listing = sorted(path.relative_to(root).as_posix() for path in root.rglob("*"))
    assert main(["-f", str(root / "mkdocs.yml"), "--format", "json"]) == 1
    capsys.readouterr()
    assert snapshot(root) == before
    assert sorted(path.relative_to(root).as_posix() for path in root.rglob("*")) == listing  # no site/, no cache


def test_a_failed_build_writes_nothing_into_the_sources(source_site: Site, plugin_log: PluginLog):
    root = source_site.root
    (root / "glossary.yaml").write_bytes(b"terms:\n  token: [unclosed\n")
    before = snapshot(root)
    with pytest.raises(Abort):
        build(load_config(str(root / "mkdocs.yml")))
    assert snapshot(root) == before
