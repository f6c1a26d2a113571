"""The missing-term check: what the prose uses that the glossary lacks, from the build and the CLI alike."""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from glossary_plugin.cli.command import main
from glossary_plugin.core.candidates import Collector, MissingTermOptions, acronym, long_form
from glossary_plugin.core.linker import Linker
from glossary_plugin.core.loader import load_glossary
from glossary_plugin.core.model import Glossary, Term

from .conftest import PluginLog, Site

FIXTURE = Path(__file__).parent / "fixtures" / "missing"

# Every finding of the seeded site. Not reported: LLMs (a plural of an alias), RLHF and HTML
# (terms, HTML also an abbr), KV (inside the term "KV cache"), API and OK (ignored), PPO (one
# use, min_uses is 2), DPO and MoE in code, a link and headings, Part II (a numeral), GPU in a
# path, CASE and NAME in an identifier.
EXPECTED = [
    "docs/index.md:3:22: info: missing-term: 'SSM' is not in the glossary (3 uses on 2 pages, long form "
    "'state space model'); add it to the glossary (glossary-lint --suggest), or to missing_terms.ignore",
    "docs/index.md:6:43: info: missing-term: 'NPU' is not in the glossary (2 uses on 2 pages); add it to the "
    "glossary (glossary-lint --suggest), or to missing_terms.ignore",
    "docs/index.md:8:22: info: missing-term: 'LoRA' is not in the glossary (3 uses on 2 pages, long form "
    "'Low-Rank Adaptation'); add it to the glossary (glossary-lint --suggest), or to missing_terms.ignore",
    "docs/index.md:16:43: info: missing-term: 'CSS' is not in the glossary (2 uses on 2 pages, long form "
    "'Cascading Style Sheets'); add it to the glossary (glossary-lint --suggest), or to missing_terms.ignore",
    "docs/usage.md:5:23: info: missing-term: 'MoE' is not in the glossary (2 uses on 1 page, long form "
    "'mixture of experts'); add it to the glossary (glossary-lint --suggest), or to missing_terms.ignore",
    "glossary.yaml:10:3: info: unused-term: term 'fine-tuning' is not used on any page; use it, or remove it "
    "from the glossary",
]


@pytest.fixture
def missing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the seeded site, as the current folder (snippets reads its base path from there)."""
    target = tmp_path / "missing"
    shutil.copytree(FIXTURE, target)
    monkeypatch.chdir(target)
    return target


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_cli_reports_exactly_the_seeded_candidates(missing: Path, capsys: pytest.CaptureFixture[str]):
    status, out, err = cli([], capsys)
    assert out.splitlines() == EXPECTED
    assert status == 0, err  # info does not fail by default
    assert cli(["--fail-on", "info"], capsys)[0] == 1


def test_the_build_logs_the_same_findings(missing: Path, plugin_log: PluginLog, capsys: pytest.CaptureFixture[str]):
    build(load_config(str(missing / "mkdocs.yml")))
    logged = sorted(plugin_log.messages(logging.INFO))
    _, out, _ = cli([], capsys)
    assert logged == sorted(line.replace(": info: ", ": ", 1) for line in out.splitlines())


def test_a_named_file_gets_the_candidates_a_whole_site_run_reports_on_it(
    missing: Path, capsys: pytest.CaptureFixture[str]
):
    """Candidates count their uses over every page: naming a file changes which findings are shown, not them."""
    _, whole, _ = cli([], capsys)
    _, named, _ = cli(["docs/index.md"], capsys)
    on_index = [line for line in whole.splitlines() if line.startswith("docs/index.md:")]
    assert any(": missing-term: " in line for line in on_index)
    assert named.splitlines() == on_index


def test_severity_and_min_uses_are_configurable(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The unit of text.\n")
    site.page("index.md", "A token, then PPO once and DPO twice: DPO.\n")
    site.build(plugins=[{"glossary": {"severity": {"missing-term": "warn"}}}])
    assert [line.split(": ")[1] for line in plugin_log.take()] == ["missing-term", "missing-term"]
    site.build(plugins=[{"glossary": {"missing_terms": {"min_uses": 2}}}])
    assert [line.split(": ")[2] for line in plugin_log.messages(logging.INFO)][-1:] == [
        "'DPO' is not in the glossary (2 uses on 1 page); add it to the glossary (glossary-lint --suggest), or to "
        "missing_terms.ignore"
    ]


@pytest.mark.parametrize(
    ("options", "error"),
    [
        ({"ignored": ["API"]}, "Unknown key 'ignored'. Did you mean 'ignore'? Known keys: ignore, min_uses."),
        ({"min_uses": 0}, "'min_uses' must be a whole number of at least 1, not 0."),
        ({"min_uses": "two"}, "'min_uses' must be a whole number of at least 1, not 'two'."),
        ({"ignore": [1]}, "'ignore' must be a list of words"),
        (["API"], "must be a mapping such as '{ignore: [API, OK], min_uses: 2}'."),
    ],
)
def test_bad_options_are_usage_errors(missing: Path, capsys: pytest.CaptureFixture[str], options: object, error: str):
    import yaml

    config = yaml.safe_load((missing / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [{"glossary": {"missing_terms": options}}]
    (missing / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    status, _, err = cli([], capsys)
    assert status == 2
    assert "option 'missing_terms'" in err and error in err


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("RLHF", "RLHF"),
        ("LoRA", "LoRA"),
        ("MoE", "MoE"),
        ("KV", "KV"),
        ("LLMs", "LLM"),
        ("QLoRA", "QLoRA"),
        ("AI21", "AI21"),
        ("OpenAI", None),  # as many small letters as capitals: a name
        ("PyTorch", None),
        ("The", None),
        ("I", None),
        ("T5", None),
        ("II", None),  # a Roman numeral
        ("XIV", None),
        ("iPhone", None),  # starts with a small letter
        ("ABCDEFGHIJK", None),  # longer than 10
        ("BOS", "BOS"),  # a capital S is part of it
    ],
)
def test_the_acronym_rule(word: str, expected: str | None):
    assert acronym(word) == expected


@pytest.mark.parametrize(
    ("short", "before", "expected"),
    [
        ("SSM", "A state space model ", "state space model"),
        ("RAG", "We use retrieval-augmented generation ", "retrieval-augmented generation"),
        ("MoE", "then a mixture of experts ", "mixture of experts"),
        ("LoRA", "Low-Rank Adaptation ", "Low-Rank Adaptation"),
        (
            "RLHF",
            "the model. Then reinforcement learning from human feedback ",
            "reinforcement learning from human feedback",
        ),
        ("GPU", "it runs on hardware ", None),  # the letters are not there in order
        ("SSM", "Models. SM ", None),  # not past the end of the sentence
    ],
)
def test_long_forms(short: str, before: str, expected: str | None):
    assert long_form(short, before) == expected


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>The French company Mistral AI released a model.</p>", []),  # part of a proper name
        ("<p>Models such as AI21's Jamba, by AI21 Labs.</p>", []),
        ("<p>Meta's LLaMA appeared; LLaMA is open.</p>", ["LLaMA"]),  # a possessive is no name
        ("<p>Using PPO, the model improves.</p>", ["PPO"]),  # the word before starts the sentence
        ("<p>Generative AI and generative-AI tools; an AI.</p>", ["AI"]),  # only the last is alone
        ("<p>See torch.FloatTensor, MY_CONST, a/GPU/path, me@ABC.org and v.RLHF.</p>", []),
    ],
)
def test_words_that_are_not_acronym_uses(html: str, expected: list[str]):
    collector = Collector(glossary(Term("generative AI", "x")))
    read(collector, "docs/a.md", html)
    assert [candidate.name for candidate in collector.reported()] == expected


def test_a_short_form_with_more_in_its_parentheses():
    collector = Collector(glossary(Term("token", "x")))
    read(collector, "docs/a.md", "<p>Direct preference optimization (DPO, 2023), usually (PPO).</p>")
    assert [(candidate.name, candidate.long_form) for candidate in collector.reported()] == [
        ("DPO", "Direct preference optimization"),
        ("PPO", None),  # not found in the words before it
    ]


def test_the_first_use_is_on_the_first_page_by_path_in_any_build_order():
    orders = []
    for pages in (["docs/b.md", "docs/a.md"], ["docs/a.md", "docs/b.md"]):
        collector = Collector(glossary(Term("token", "x")))
        for path in pages:
            read(collector, path, f"<p>Use NPU on {path}, and NPU again.</p>")
        (candidate,) = collector.reported()
        orders.append((candidate.first, candidate.uses, sorted(candidate.pages)))
    assert orders[0] == orders[1]
    assert orders[0][0].path == "docs/a.md" and orders[0][1] == 4


def glossary(*terms: Term) -> Glossary:
    return Glossary(terms)


def read(collector: Collector, path: str, html: str) -> None:
    """What the build does with a page: the linker finds its prose, and the collector reads that."""
    prose = Linker(collector.glossary).link_page(html, lambda term: "#").prose
    collector.add_page(path, None, html, prose)


def test_abbr_outside_prose_and_case_folded_ignore():
    collector = Collector(glossary(Term("token", "x")), MissingTermOptions(ignore=("ok",)))
    read(
        collector,
        "docs/a.md",
        '<h2><abbr title="Cascading Style Sheets">CSS</abbr> OK</h2><p>OK and <abbr title="W3 C">W3C</abbr>.</p>'
        "<p><a href='x'>RLHF</a> <code>RLHF</code> <kbd>RLHF</kbd></p>",
    )
    assert [(candidate.name, candidate.long_form, candidate.kinds) for candidate in collector.reported()] == [
        ("W3C", "W3 C", {"abbr"})
    ]


def test_long_form_that_is_a_term_asks_for_an_alias(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  state space model: A sequence model.\n")
    site.page("index.md", "A state space model (SSM) is fast.\n")
    site.build()
    assert plugin_log.messages(logging.INFO)[-1] == (
        "docs/index.md:1:22: missing-term: 'SSM' is not in the glossary (1 use on 1 page, spelt out as the term "
        "'state space model'); add 'SSM' to its aliases, or to missing_terms.ignore"
    )


def test_first_use_is_placed_after_earlier_uses_in_code_and_headings(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The unit.\n")
    site.page("index.md", "# On PPO\n\n```\nprint('PPO')\n```\n\nA `PPO` token and PPO in prose.\n")
    site.build()
    assert plugin_log.messages(logging.INFO)[-1].startswith("docs/index.md:7:19: missing-term: 'PPO'")


@pytest.mark.slow
@pytest.mark.parametrize(
    "block",
    ["(AB) ", "KV ", '<abbr title="x y">ZZ</abbr> ', "A state space model (SSM) ", "Mistral AI ", "<b>"],
)
def test_hostile_pages_take_time_in_proportion(block: str):
    def seconds(repeats: int) -> float:
        collector = Collector(glossary(Term("KV cache", "x"), Term("generative AI", "y")))
        start = time.perf_counter()
        read(collector, "docs/a.md", "<p>" + block * repeats + "</p>")
        return time.perf_counter() - start

    small, large = seconds(10_000), seconds(80_000)
    assert large < 8 * small * 3 + 0.5


@pytest.mark.slow
def test_time_is_linear_in_the_page(tmp_path: Path):
    def seconds(blocks: int) -> float:
        words = " ".join(f"AB{index:X}Q" for index in range(blocks))
        page = f"<p>{words}</p>" + "<p>plain prose with a token and RLHF and more words here.</p>" * blocks
        collector = Collector(glossary(Term("token", "x")))
        start = time.perf_counter()
        read(collector, "docs/a.md", page)
        return time.perf_counter() - start

    small, large = seconds(5_000), seconds(40_000)
    assert large < 8 * small * 3 + 0.5


def test_suggest_prints_entries_that_load_into_the_glossary(missing: Path, capsys: pytest.CaptureFixture[str]):
    status, out, err = cli(["--suggest"], capsys)
    assert status == 0 and err.strip() == "glossary-lint: 5 candidate term(s)"
    entries = [line.strip() for line in out.splitlines() if line.strip().endswith(":") and "'" not in line]
    assert entries == ["LoRA:", "SSM:", "CSS:", "MoE:", "# NPU:"]  # most used first, then by name
    assert "  # 'SSM': 3 uses on docs/index.md, docs/usage.md, first at docs/index.md:3:22\n" in out
    assert "  # no long form found: write its definition, then uncomment the entry\n  # NPU:\n" in out
    glossary_file = missing / "glossary.yaml"
    before, errors = load_glossary(glossary_file)
    assert errors == []
    glossary_file.write_text(glossary_file.read_text(encoding="utf-8") + out, encoding="utf-8")
    after, errors = load_glossary(glossary_file)
    assert errors == []
    added = {term.name: term for term in after.terms}.keys() - {term.name for term in before.terms}
    assert added == {"SSM", "LoRA", "CSS", "MoE"}
    assert after.get("SSM").definition == "State space model."
    assert after.get("CSS").definition == "Cascading Style Sheets."
    assert after.get("MoE").case_sensitive
    # With the entries in, the site has only the candidate without a definition left.
    _, out, _ = cli([], capsys)
    assert [line.split(": ")[3].split("'")[1] for line in out.splitlines() if "missing-term" in line] == ["NPU"]


def test_suggest_keeps_plurals_as_aliases_and_names_the_term_a_long_form_spells(
    site: Site, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    site.glossary("terms:\n  state space model: A sequence model.\n")
    site.page("index.md", "A state space model (SSM) is fast. Two large language models (LLMs); an LLM.\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary\n")
    monkeypatch.chdir(site.root)
    _, out, _ = cli(["--suggest"], capsys)
    assert "  LLM:\n    definition: Large language models.\n    aliases: [LLMs]\n    case_sensitive: true\n" in out
    assert "  # add 'SSM' to the aliases of 'state space model'\n" in out
    assert cli(["--suggest", "docs/index.md"], capsys)[0] == 2


def test_an_acronym_spelt_with_character_references_is_a_use():
    """Prose without two capitals in its markup is passed over, unless a reference may spell one."""
    collector = Collector(glossary(Term("token", "x")))
    read(collector, "docs/a.md", "<p>The &#82;&#76;HF step, and &#x52;LHF again.</p><p>Nothing here.</p>")
    assert [(candidate.name, candidate.uses) for candidate in collector.reported()] == [("RLHF", 2)]


def test_suggest_as_json_holds_the_same_candidates(missing: Path, capsys: pytest.CaptureFixture[str]):
    import json

    status, out, _ = cli(["--suggest", "--format", "json"], capsys)
    assert status == 0
    records = json.loads(out)
    assert [record["name"] for record in records] == ["LoRA", "SSM", "CSS", "MoE", "NPU"]
    ssm = records[1]
    assert ssm["long_form"] == "state space model" and ssm["uses"] == 3
    assert ssm["pages"] == ["docs/index.md", "docs/usage.md"] and ssm["first_use"] == "docs/index.md:3:22"


@pytest.mark.parametrize(
    "args", [["--suggest", "--format", "github"], ["--fix", "--format", "json"], ["--diff", "--format", "sarif"]]
)
def test_format_is_refused_where_it_cannot_apply(missing: Path, capsys: pytest.CaptureFixture[str], args: list[str]):
    status, out, err = cli(args, capsys)
    assert status == 2 and out == ""
    assert "--format chooses how findings are printed" in err


def test_an_acronym_inside_a_not_inside_phrase_is_no_candidate(site: Site, plugin_log: PluginLog):
    site.glossary(
        "not_inside: [Pydantic AI]\n"
        "terms:\n  agent: A program that acts.\n  token:\n    definition: The unit.\n    not_inside: [GPT Token Kit]\n"
    )
    site.page(
        "index.md",
        "# Home\n\nPydantic AI builds an agent. Pydantic AI again, with a token.\n\n"
        "GPT Token Kit counts. Then GPT Token Kit again. An NPU runs it; the NPU is fast.\n",
    )
    site.build()
    messages = plugin_log.messages(logging.INFO)
    assert not any("'AI'" in message for message in messages), messages
    assert not any("'GPT'" in message for message in messages), messages
    assert any("missing-term: 'NPU'" in message for message in messages), "other candidates are still found"
