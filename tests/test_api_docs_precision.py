"""API reference pages (mkdocstrings): what real SDK docs showed the linker and the checks got wrong.

Bare URLs in docstrings were linked into; admonition keywords, shouting, units, HTTP methods,
a base class's name and `UTF-8` were reported as missing terms; findings in generated text
were placed at `page.md:1:1` with nothing to say why; a `not_inside` phrase with a slash was
refused although the linker links the term there. Each case is checked on a page shaped as
mkdocstrings renders one, and once through a real `mkdocs build` with mkdocstrings.
"""

from __future__ import annotations

import logging
import textwrap
from pathlib import Path

from glossary_plugin.core.candidates import Collector, MissingTermOptions
from glossary_plugin.core.findings import Diagnostic
from glossary_plugin.core.linker import Linker
from glossary_plugin.core.loader import parse_glossary
from glossary_plugin.core.model import Glossary, Term
from glossary_plugin.core.options import Options
from glossary_plugin.core.pipeline import GENERATED, Build, Loaded, Page

from .conftest import PluginLog, Site

# A class as mkdocstrings-python renders it (bases, docstring, a "Note" section, its source listing).
DOCSTRING = (
    "<p>A client for the API. See https://platform.example.com/docs/guides/structured-outputs, "
    "www.example.com/finetuning, ftp://files.example.com/finetuning and "
    "https://example.com/search?q=RLHF&amp;tag=LLM-guide for structured outputs, or write to "
    "finetuning@example.com.</p>"
)
NOTE = (
    "<p>NOTE: uploads over 512 MiB (or 2 GB, 10 KB) are refused; send a POST, NOT a GET, PUT, PATCH or "
    "DELETE. IMPORTANT: text is UTF-8 or ISO-8859-1, hashed with SHA-256. TODO and FIXME: WARNING, TIP, "
    "CAUTION, DANGER, DEPRECATED. Client is an ABC. The LLM is tuned with RLHF; a state space model (SSM) "
    "and LoRA adapters.</p>"
)
SOURCE_LISTING = (
    '<details class="mkdocstrings-source"><summary>Source code in <code>src/pkg/__init__.py</code></summary>'
    '<div class="highlight"><pre><span></span><code><span class="k">class</span><span class="w"> </span>'
    '<span class="nc">Client</span><span class="p">(</span><span class="n">ABC</span><span class="p">):</span>\n'
    '<span class="w">    </span><span class="sd">&quot;&quot;&quot;A client. The LLM is tuned with RLHF.</span>\n'
    '<span class="sd">    &quot;&quot;&quot;</span>\n</code></pre></div></details>'
)


def api_page(docstring: str = DOCSTRING, note: str = NOTE, source: str = SOURCE_LISTING) -> str:
    return (
        '<div class="doc doc-object doc-class"><h2 class="doc doc-heading" id="pkg.Client"><code>Client</code>'
        '</h2><div class="doc doc-contents"><p class="doc doc-class-bases">Bases: <code>'
        '<span title="abc.ABC">ABC</span></code></p>'
        f'{docstring}<details class="note" open><summary>Note</summary>{note}</details>{source}</div></div>'
    )


GLOSSARY = Glossary(
    (
        Term("structured outputs", "Output that follows a schema."),
        Term("fine-tuning", "More training.", avoid=("finetuning",)),
        Term("guide", "A how-to."),
    )
)


def link(html: str, glossary: Glossary = GLOSSARY):
    return Linker(glossary).link_page(html, lambda term: "#")


def candidates(*pages: str, glossary: Glossary = GLOSSARY) -> list[str]:
    """The missing terms a build reports for these pages (each through the linker, as the build does)."""
    collector = Collector(glossary, MissingTermOptions())
    for number, html in enumerate(pages):
        collector.add_page(f"docs/p{number}.md", None, html, link(html, glossary).prose)
    return [candidate.name for candidate in collector.reported()]


# -- 1. bare URLs ------------------------------------------------------------------------------


def test_no_term_is_linked_inside_a_bare_url_in_a_docstring():
    result = link(api_page())
    linked = result.html.count('class="glossary-term"')
    # One link: 'structured outputs' in the prose after the URLs; none inside them.
    assert linked == 1
    assert "structured-outputs," in result.html  # the URL as written, no markup inside
    assert "structured-outputs</a>" not in result.html
    assert ">structured outputs</a>" in result.html
    assert "guide</a>" not in result.html  # in '/guides/' and 'LLM-guide' of URLs


def test_an_avoided_spelling_in_a_url_or_an_address_is_no_finding():
    result = link(api_page())
    assert result.findings == []
    prose = link(api_page(docstring="<p>See https://example.com/finetuning/x, then finetuning here.</p>"))
    assert [finding.needle for finding in prose.findings] == ["finetuning"]


def test_a_user_at_host_address_and_mailto_hold_no_term():
    result = link("<p>Write to guide@example.com, mailto:guide@example.com or support@guide, not a guide.</p>")
    assert result.html.count('class="glossary-term"') == 1 and result.html.endswith(">guide</a>.</p>")


def test_url_spans_are_found_in_one_pass_in_page_order():
    # Many URLs and many terms between them: every term outside a URL links, none inside.
    html = "<p>" + " ".join("https://e.com/guide guide" for _ in range(2000)) + "</p>"
    result = Linker(GLOSSARY).link_page(html, lambda term: "#", mode="all")
    assert result.html.count('class="glossary-term"') == 2000
    assert "/guide guide" not in result.html


def test_a_bare_url_holds_no_missing_term():
    page = "<p>See https://example.com/search?q=RLHF&amp;tag=LLM and www.example.com/?m=SSM now.</p>"
    assert candidates(page) == []


# -- 2. words that are not missing terms ---------------------------------------------------------


def test_admonition_words_shouting_units_and_http_methods_are_no_candidates():
    # Also without the source listing, ABC is code: the bases row is mkdocstrings' marked-up code.
    found = candidates(api_page(source=""))
    assert sorted(found) == ["API", "LLM", "LoRA", "RLHF", "SSM"]


def test_a_name_the_sites_code_uses_is_no_candidate():
    # `class Client(ABC)` in the source listing: ABC is code. The docstring inside the listing is a
    # string, so the real acronyms it holds (LLM, RLHF) are still candidates.
    assert sorted(candidates(api_page())) == ["API", "LLM", "LoRA", "RLHF", "SSM"]


def test_the_code_may_be_on_another_page_than_the_prose():
    prose = "<p>Client is an ABC and MoE layers route.</p>"
    code = '<pre><code>from abc import ABC\nclass Layer(ABC): ...\nx = "MoE"\n</code></pre>'
    assert candidates(prose, code) == ["MoE"]
    assert sorted(candidates(prose)) == ["ABC", "MoE"]


def test_a_word_in_backticks_is_not_the_sites_code():
    # `MoE` written in backticks in prose is a word, not a name the code uses (its prose use still counts).
    assert candidates("<p>A <code>MoE</code> layer: MoE routes tokens.</p>") == ["MoE"]


def test_an_acronym_joined_to_a_number_is_part_of_a_name():
    page = "<p>Text is UTF-8, ISO-8859-1 or SHA-256 hashed; 3-DES is old. The SSM is new.</p>"
    assert candidates(page) == ["SSM"]


# -- 3. findings in generated text ----------------------------------------------------------------


class _NoOtherPages:
    def url_of(self, src_uri: str) -> str | None:
        return None


def _build(glossary: Glossary = GLOSSARY) -> Build:
    loaded = Loaded(("glossary.yaml", "", True), glossary, [], Linker(glossary))
    return Build(loaded, Options(), _NoOtherPages(), "glossary.yaml")


def _stub(tmp_path: Path, text: str) -> Page:
    source = tmp_path / "api.md"
    source.write_text(text, encoding="utf-8")
    return Page(src_uri="api.md", url="api/", path="docs/api.md", abs_path=str(source))


def _where(diagnostics: list[Diagnostic]) -> list[str]:
    return [f"{found.path}:{found.line}:{found.column}: {found.code}: {found.message}" for found in diagnostics]


def test_a_finding_in_text_that_mkdocstrings_generated_is_at_its_directive_and_says_so(tmp_path: Path):
    glossary = Glossary((Term("fine-tuning", "More training.", avoid=("finetuning", "fine tuning")),))
    page = _stub(tmp_path, "# API\n\nThe client, and fine tuning written here.\n\n::: pkg.Client\n")
    docstring = "<p>The docstring says finetuning, and [[tokn]].</p>"
    html = "<h1>API</h1><p>The client, and fine tuning written here.</p>" + api_page(docstring, "<p>x</p>", "")
    _, found = _build(glossary).check_page(page, html)
    assert _where(found) == [
        "docs/api.md:3:17: avoided-spelling: 'fine tuning' is a spelling to avoid; write 'fine-tuning'",
        "docs/api.md:5:1: avoided-spelling: 'finetuning' is a spelling to avoid; write 'fine-tuning'" + GENERATED,
        "docs/api.md:5:1: undefined-term: 'tokn' is not in the glossary" + GENERATED,
    ]


def test_a_generated_page_without_a_directive_or_a_source_is_at_1_1_and_says_so(tmp_path: Path):
    build = _build()
    html = "<p>finetuning</p>"
    _, on_stub = build.check_page(_stub(tmp_path, "# Title\n\nNothing of it.\n"), html)
    _, no_source = build.check_page(Page(src_uri="gen.md", url="gen/", path="docs/gen.md"), html)
    assert [(found.line, found.column, found.message.endswith(GENERATED)) for found in on_stub + no_source] == [
        (1, 1, True),
        (1, 1, True),
    ]


def test_a_finding_written_at_1_1_is_not_called_generated(tmp_path: Path):
    build = _build()
    _, found = build.check_page(_stub(tmp_path, "finetuning at the start.\n"), "<p>finetuning at the start.</p>")
    assert _where(found) == [
        "docs/api.md:1:1: avoided-spelling: 'finetuning' is a spelling to avoid; write 'fine-tuning'"
    ]


def test_a_missing_term_in_generated_text_is_at_the_directive_and_says_so(tmp_path: Path):
    build = _build()
    page = _stub(tmp_path, "# Reference\n\nIntro.\n\n  ::: pkg.Client\n")
    build.check_page(page, api_page())
    found = [line for line in _where(build.finish()) if "missing-term" in line]
    assert found and all(line.startswith("docs/api.md:5:3: missing-term: ") for line in found)
    assert all(line.endswith(GENERATED) for line in found)


# -- 4. not_inside phrases as the linker reads them -------------------------------------------------


def test_a_not_inside_phrase_with_a_slash_is_accepted_and_keeps_the_term_unlinked():
    glossary, errors = parse_glossary(
        "terms:\n  session:\n    definition: A connection.\n    not_inside: [client/session]\n"
    )
    assert errors == []
    result = link("<p>Open a client/session, then a session.</p>", glossary)
    assert result.html.count('class="glossary-term"') == 1 and "client/session," in result.html


def test_a_not_inside_phrase_is_judged_by_the_linker():
    accepted = ["client/session", "(session)", "session_id or session", "sessions pool", "user:session"]
    for phrase in accepted:
        _, errors = parse_glossary(f"terms:\n  session:\n    definition: d\n    not_inside: ['{phrase}']\n")
        assert errors == [], phrase
    # Where the linker never finds the term, the phrase still names none of its spellings.
    for phrase in ["pkg.session", "bearer"]:
        _, errors = parse_glossary(f"terms:\n  session:\n    definition: d\n    not_inside: ['{phrase}']\n")
        assert [error.message.split(" holds ")[0] for error in errors] == [
            f"`not_inside` phrase '{phrase}' of term 'session'"
        ], phrase


# -- end to end: mkdocs build with mkdocstrings --------------------------------------------------------


MODULE = '''
"""The package."""
from abc import ABC


class Client(ABC):
    """A client for the API of an LLM.

    See https://platform.example.com/docs/guides/structured-outputs for the guide, or write
    to help@example.com. Keep a client/session open.

    Note:
        NOTE: uploads over 512 MiB are refused; send a POST, NOT a GET. Text is UTF-8.
        Client is an ABC; it speaks to the LLM, trained with RLHF.
    """
'''


def test_mkdocs_build_with_mkdocstrings(site: Site, plugin_log: PluginLog):
    site.write("src/pkg/__init__.py", textwrap.dedent(MODULE))
    site.page("index.md", "# Home\n\nStructured outputs follow a schema; one session at a time.\n")
    site.page("api.md", "# Reference\n\nThe client.\n\n::: pkg.Client\n")
    site.glossary(
        "terms:\n"
        "  structured outputs: Output that follows a schema.\n"
        "  session:\n    definition: A connection.\n    not_inside: [client/session]\n"
    )
    site.build(
        plugins=["search", {"mkdocstrings": {"handlers": {"python": {"paths": [str(site.root / "src")]}}}}, "glossary"]
    )
    api = site.html("api/index.html")
    assert "structured-outputs for the guide" in api  # the URL as written: no link inside it
    assert "client/session open" in api  # the phrase keeps `session` unlinked there
    found = plugin_log.messages(logging.INFO)
    missing = sorted(line.split("'")[1] for line in found if "missing-term" in line)
    assert missing == ["API", "LLM", "RLHF"]
    # The docstring's LLM is in generated text: at the `:::` line of the stub, saying so.
    assert any(
        line.startswith("docs/api.md:5:1: missing-term: 'LLM'") and line.endswith(GENERATED) for line in found
    ), found


def test_a_term_that_holds_what_looks_like_an_address_still_links():
    """Found by Hypothesis: the spelling `🤖-@home` is the writer's term, not an e-mail address in the text."""
    linker = Linker(Glossary((Term("🤖-@home", "A plain definition."),)))
    html = linker.link_page("<p>Xq 🤖-@home qX</p>", lambda term: "#x").html
    assert 'data-glossary-term="🤖-@home"' in html
    # A term inside a longer address is still not linked.
    other = Linker(Glossary((Term("home", "A place."),)))
    html = other.link_page("<p>Mail me@home.example.org.</p>", lambda term: "#x").html
    assert "glossary-term" not in html
