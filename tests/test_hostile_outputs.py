"""Hostile names in what the plugin and the linter print, from a pull request that changes glossary.yaml or a page.

A name, an alias, a reference or a file name holding a line break, an escape
sequence or a bidi override must not start a line of its own (on GitHub, a
line `::error ...` is a workflow command), act on the terminal, or add an entry
to the YAML that `--suggest` prints; the options that name files must be clear
configuration errors, never tracebacks.
"""

from __future__ import annotations

import json
import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from mkdocs.exceptions import Abort

from glossary_plugin.cli import zensical_lint
from glossary_plugin.cli.command import main
from glossary_plugin.core.findings import Diagnostic, printable
from glossary_plugin.mdext.extension import OptionError, parse_options

from .conftest import ROOT, PluginLog, Site

RAW_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
"""What no output may hold as it is (a line break only ends a line of the output's own)."""
INJECTED = "\n::error file=x::pwned\x1b[31m"
GLOSSARY = """\
terms:
  "evil\\n::error file=x::pwned\\e[31m":
    definition: A unit.
    aliases: ["al\\n::error file=y::pwned", "AL\\n::error file=y::pwned"]
  "pct%0A::error file=p::pct":
    definition: A name that GitHub would decode.
  token:
    definition: The smallest unit.
    avoid: ["ba\\u202ed"]
"""
PAGE = "# Home\n\nA token, a ba\u202ed one, [[x\x85::error::y]] and [[nope\x1bc]].\n"


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_one_line_each(output: str, own_commands: int = 0) -> None:
    """No raw control character; only our `own_commands` annotations start with `::` (GitHub skips leading spaces)."""
    assert not RAW_CONTROL.findall(output), output
    commands = [line for line in output.splitlines() if line.lstrip().startswith("::")]
    assert len(commands) == own_commands, commands
    assert all(
        re.match(r"::(error|warning|notice) file=[^:]*,line=\d+,col=\d+,title=glossary%3A [a-z-]+::", line)
        for line in commands
    ), commands


@pytest.fixture
def hostile(site: Site) -> Site:
    site.glossary(GLOSSARY)
    site.page("index.md", PAGE)
    site.page("glossary.md", "# Glossary\n\n<!-- glossary -->\n")
    site.write("mkdocs.yml", "site_name: Test\nplugins:\n  - glossary\n")
    return site


# -- item 7: the MkDocs log, the text and github formats, JSON and SARIF -------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("a\nb\r\tc", "a\\nb\\r\\tc"),
        ("\x1b[31mred\x07", "\\x1b[31mred\\x07"),
        ("\x00\x7f\x85\x9b", "\\x00\\x7f\\x85\\x9b"),
        ("\u2028\u2029\u202e\u2066", "\\u2028\\u2029\\u202e\\u2066"),
        ("فارسی\u200c\u200f token é 字", "فارسی\u200c\u200f token é 字"),  # RTL scripts need ZWNJ and their marks
    ],
)
def test_printable_shows_each_control_character_as_an_escape(text: str, shown: str) -> None:
    assert printable(text) == shown


def test_a_diagnostic_is_one_printable_line() -> None:
    diagnostic = Diagnostic("unused-term", "info", f"docs/a{INJECTED}.md", 1, 2, f"term '{INJECTED}'")
    assert str(diagnostic) == (
        "docs/a\\n::error file=x::pwned\\x1b[31m.md:1:2: unused-term: term '\\n::error file=x::pwned\\x1b[31m'"
    )


def test_the_mkdocs_log_shows_hostile_names_as_escapes(hostile: Site, plugin_log: PluginLog) -> None:
    hostile.build()
    messages = plugin_log.take(logging.INFO)
    assert sorted(messages) == [
        "docs/index.md:3:12: avoided-spelling: 'ba\\u202ed' is a spelling to avoid; write 'token'",
        "docs/index.md:3:22: undefined-term: 'x\\x85::error::y' is not in the glossary",
        "docs/index.md:3:43: undefined-term: 'nope\\x1bc' is not in the glossary",
        "glossary.yaml:2:3: unused-term: term 'evil\\n::error file=x::pwned\\x1b[31m' is not used on any page; "
        "use it, or remove it from the glossary",
        "glossary.yaml:4:44: redundant-alias: alias 'AL\\n::error file=y::pwned' of term "
        "'evil\\n::error file=x::pwned\\x1b[31m' repeats 'al\\n::error file=y::pwned' "
        "(the same after case folding and Unicode normalisation); remove it",
        "glossary.yaml:5:3: unused-term: term 'pct%0A::error file=p::pct' is not used on any page; "
        "use it, or remove it from the glossary",
    ]
    assert_one_line_each("\n".join(messages))


def test_the_text_format_shows_hostile_names_as_escapes(hostile: Site, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(["-f", str(hostile.root / "mkdocs.yml")], capsys)
    assert status == 1
    assert len(out.splitlines()) == 6
    assert "glossary.yaml:2:3: info: unused-term: term 'evil\\n::error file=x::pwned\\x1b[31m' is not" in out
    assert_one_line_each(out + err)


def test_the_github_format_has_only_our_own_commands(hostile: Site, capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = cli(["-f", str(hostile.root / "mkdocs.yml"), "--format", "github"], capsys)
    assert status == 1
    assert_one_line_each(out + err, own_commands=6)
    assert (
        "::notice file=glossary.yaml,line=2,col=3,title=glossary%3A unused-term::"
        "term 'evil\\n::error file=x::pwned\\x1b[31m' is not used on any page" in out
    )
    # GitHub decodes %0A into a line break: a `%` of the name is escaped first.
    assert "term 'pct%250A::error file=p::pct' is not used" in out


def test_the_zensical_lints_notes_keep_their_lines_and_start_no_command(capsys: pytest.CaptureFixture[str]) -> None:
    zensical_lint._notes({"notes": [{"severity": "warn", "message": "see:\n    # Glossary\n::error x\x1b[2J"}]})
    err = capsys.readouterr().err
    assert err.splitlines() == [
        "glossary-lint: see:",
        "glossary-lint:     # Glossary",
        "glossary-lint: ::error x\\x1b[2J",
    ]
    assert_one_line_each(err)


@pytest.mark.parametrize("output_format", ["json", "sarif"])
def test_json_and_sarif_stay_lossless_and_escape_what_a_terminal_acts_on(
    hostile: Site, capsys: pytest.CaptureFixture[str], output_format: str
) -> None:
    _, out, _ = cli(["-f", str(hostile.root / "mkdocs.yml"), "--format", output_format], capsys)
    assert not RAW_CONTROL.findall(out)
    data = json.loads(out)
    results = data if output_format == "json" else data["runs"][0]["results"]
    messages = {result["message"] if output_format == "json" else result["message"]["text"] for result in results}
    assert "'ba\u202ed' is a spelling to avoid; write 'token'" in messages
    assert "'x\x85::error::y' is not in the glossary" in messages
    assert f"term 'evil{INJECTED}' is not used on any page; use it, or remove it from the glossary" in messages


# -- item 6: --suggest ----------------------------------------------------------------------------

HOSTILE_FILE = "a\n  injected: yes\x1b[31m\u2028\x85\u202e.md"


def test_suggest_keeps_file_names_and_long_forms_in_their_place(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("glossary.md", "# Glossary\n\n<!-- glossary -->\n")
    site.page(
        HOSTILE_FILE, "# A\n\nThe RLHF step, a state space model (SSM) and ZQX.\n\n*[ZQX]: zed\x1b[2J quux: injected\n"
    )
    site.write("mkdocs.yml", "site_name: Test\nplugins:\n  - glossary\nmarkdown_extensions:\n  - abbr\n")
    status, out, _ = cli(["-f", str(site.root / "mkdocs.yml"), "--suggest"], capsys)
    assert status == 0
    assert not RAW_CONTROL.findall(out), out
    assert yaml.safe_load("terms:\n" + out) == {
        "terms": {
            "SSM": {"definition": "State space model.", "case_sensitive": True},
            "ZQX": {"definition": "Zed\x1b[2J quux: injected.", "case_sensitive": True},
        }
    }
    assert "docs/a\\n  injected: yes\\x1b[31m\\u2028\\x85\\u202e.md:3:5" in out  # shown, as a comment


# -- item 8: options that name files ----------------------------------------------------------------

RELATIVE = "such as 'glossary.md' or 'reference/glossary.md'."
SUFFIX = "must be a plain name ending in '.md', with no other suffix"
BAD_PAGES = [
    ("index.html.md", SUFFIX),
    ("sitemap.xml.md", SUFFIX),
    ("sitemap.xml.gz.md", SUFFIX),
    ("404.html.md", SUFFIX),
    ("search/search_index.json.md", SUFFIX),
    (".md", SUFFIX),
    ("assets/glossary_plugin/glossary.js", "must be a Markdown page ending in '.md'"),
    ("assets/glossary_plugin/glossary.css", "must be a Markdown page ending in '.md'"),
    ("assets/glossary_plugin/terms.md", "is in 'assets/glossary_plugin/', where the plugin writes its own files"),
    ("glo\x00ssary.md", "'glo\\x00ssary.md' holds a control, line-break or bidi character"),
    ("glo\nssary.md", "'glo\\nssary.md' holds a control, line-break or bidi character"),
    ("x" * 5000 + ".md", "(5003 characters) is longer than 1024 bytes; write a shorter path"),
    ("d/" + "y" * 300 + ".md", "holds a name longer than 255 bytes, more than file systems allow"),
    ("y" * 252 + ".md", "holds a name longer than 255 bytes"),  # published as 'yyy...y.html': 257 bytes
]
BAD_FILES = [
    ("glo\x00ssary.yaml", "'glo\\x00ssary.yaml' holds a control, line-break or bidi character"),
    ("x" * 5000 + ".yaml", "is longer than 1024 bytes"),
    ("d/" + "y" * 300 + ".yaml", "holds a name longer than 255 bytes"),
]
BAD_OPTIONS = [("glossary_page", value, reason) for value, reason in BAD_PAGES] + [
    ("glossary_file", value, reason) for value, reason in BAD_FILES
]
IDS = [f"{option}={printable(value)[:40]}" for option, value, _ in BAD_OPTIONS]


@pytest.mark.parametrize(("option", "value", "reason"), BAD_OPTIONS, ids=IDS)
def test_a_bad_file_option_is_a_configuration_error_under_mkdocs(
    site: Site, caplog: pytest.LogCaptureFixture, option: str, value: str, reason: str
) -> None:
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    with pytest.raises(Abort):
        site.build(plugins=[{"glossary": {option: value}}])
    errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
    assert len(errors) == 1
    assert errors[0].startswith("Config value 'plugins': mkdocs.yml:")
    assert f": invalid-option: plugins: glossary: option '{option}': " in errors[0]
    assert reason in errors[0]
    assert not RAW_CONTROL.findall(errors[0])


@pytest.mark.parametrize(("option", "value", "reason"), BAD_OPTIONS, ids=IDS)
def test_a_bad_file_option_is_an_option_error_under_zensical(option: str, value: str, reason: str) -> None:
    with pytest.raises(OptionError) as raised:
        parse_options({option: value})
    assert raised.value.option == option
    assert str(raised.value).startswith(f"option '{option}': ")
    assert reason in str(raised.value)


@pytest.mark.parametrize("value", ["glossary.md", "reference/terms.md", "v1.2/glossary.md", "a\\b.md", "用語.md"])
def test_plain_page_names_are_accepted(value: str) -> None:
    assert parse_options({"glossary_page": value}).options.glossary_page == value.replace("\\", "/")


ZENSICAL = Path(sys.executable).parent / "zensical"


@pytest.mark.slow
def test_a_nul_glossary_file_under_zensical_is_one_located_error(tmp_path: Path) -> None:
    assert ZENSICAL.is_file(), f"zensical is not installed next to {sys.executable}"
    site = tmp_path / "site"
    shutil.copytree(ROOT / "tests" / "fixtures" / "zensical" / "site", site)
    extension = {"glossary_plugin": {"glossary_file": "glo\x00ssary.yaml"}}
    settings = {"site_name": "Test", "theme": {"name": "material"}, "markdown_extensions": ["attr_list", extension]}
    (site / "mkdocs.yml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    result = subprocess.run(
        [str(ZENSICAL), "build"], cwd=site, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: glossary: ")]
    assert errors[0] == (
        "Error: glossary: mkdocs.yml:4:5: invalid-option: markdown_extensions: glossary_plugin: option "
        "'glossary_file': 'glo\\x00ssary.yaml' holds a control, line-break or bidi character; "
        "write a name such as 'glossary.yaml'."
    )
