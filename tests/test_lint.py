"""The linter: exact findings on a seeded site, from the plugin and from `glossary-lint` alike."""

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
from bs4 import BeautifulSoup
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from glossary_plugin.cli.command import main

from .conftest import ROOT, PluginLog, Site

FIXTURE = Path(__file__).parent / "fixtures" / "defects"

# Every seeded defect, at the exact line and column of its first character.
# Not listed, so never reported: avoided spellings and references in code
# blocks and inline code, a reference that resolves through an alias, and
# the term uses on the page that opts out of linking.
EXPECTED = [
    ("avoided-spelling", "docs/guide.md", 4, 11),  # in an admonition
    ("undefined-term", "docs/guide.md", 5, 9),  # typo, in an admonition
    ("undefined-term", "docs/guide.md", 9, 7),  # typo, in a table
    ("avoided-spelling", "docs/guide.md", 10, 7),  # in a table
    ("undefined-term", "docs/guide.md", 17, 33),  # broken glossary anchor
    ("undefined-term", "docs/guide.md", 19, 10),  # second occurrence of the same typo
    ("avoided-spelling", "docs/guide.md", 21, 21),  # in a list
    ("undefined-term", "docs/index.md", 8, 3),  # after front matter
    ("undefined-term", "docs/index.md", 9, 8),  # unknown reference with a label
    ("avoided-spelling", "docs/index.md", 10, 34),  # in prose after a valid reference
    ("undefined-term", "docs/sub/deeper/page.md", 6, 25),  # on a page that opts out of linking
    ("undefined-term", "docs/sub/deeper/page.md", 7, 43),  # broken anchor, relative path
    ("unused-term", "glossary.yaml", 10, 3),
    ("unused-term", "glossary.yaml", 11, 3),
]
# Build log records: `path:line:col: code: message`; the CLI's text adds the severity before the code.
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<column>\d+): (?:(?P<severity>error|warn|info): )?(?P<code>[a-z-]+): "
    r"(?P<message>.*)$"
)


def parse_lines(lines: list[str]) -> list[tuple[str, str, int, int]]:
    found = []
    for line in lines:
        match = LINE.match(line)
        assert match, line
        found.append((match["code"], match["path"], int(match["line"]), int(match["column"])))
    return sorted(found, key=lambda item: (item[1], item[2], item[3]))


@pytest.fixture
def defects(tmp_path: Path) -> Path:
    """A copy of the seeded site, so that builds write nowhere in the repository."""
    target = tmp_path / "defects"
    shutil.copytree(FIXTURE, target)
    return target


def plugin_findings(site_root: Path, plugin_log: PluginLog, **overrides: object) -> list[str]:
    """What the build logs at info and above (warnings, then info records): findings and nothing else."""
    build(load_config(str(site_root / "mkdocs.yml"), site_dir=str(site_root / "site"), **overrides))
    messages = plugin_log.take() + plugin_log.take(logging.INFO)
    not_findings = [message for message in messages if not LINE.match(message)]
    assert not not_findings, f"the build logged lines that are not findings: {not_findings}"
    return messages


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_plugin_reports_exactly_the_seeded_defects(defects: Path, plugin_log: PluginLog):
    messages = plugin_findings(defects, plugin_log)
    assert parse_lines(messages) == EXPECTED


def test_cli_reports_exactly_the_seeded_defects(defects: Path, capsys: pytest.CaptureFixture[str]):
    status, out, err = cli(["-f", str(defects / "mkdocs.yml")], capsys)
    assert status == 1
    assert parse_lines(out.splitlines()) == EXPECTED
    assert err.strip() == "glossary-lint: 14 finding(s) (12 warn, 2 info); 12 at the failing level"
    assert not (defects / "site").exists(), "the linter must not build the site"


def test_plugin_and_cli_report_identical_findings(
    defects: Path, plugin_log: PluginLog, capsys: pytest.CaptureFixture[str]
):
    from_plugin = sorted(plugin_findings(defects, plugin_log))
    _, out, _ = cli(["-f", str(defects / "mkdocs.yml")], capsys)
    assert sorted(without_severity(out.splitlines())) == from_plugin


def without_severity(lines: list[str]) -> list[str]:
    """CLI text lines as the build logs them (the log record's level is the severity)."""
    return [re.sub(r": (?:error|warn|info): ", ": ", line, count=1) for line in lines]


def test_text_lines_show_the_severity(defects: Path, capsys: pytest.CaptureFixture[str]):
    _, out, _ = cli(["-f", str(defects / "mkdocs.yml")], capsys)
    severities = {LINE.match(line)["severity"] for line in out.splitlines()}  # type: ignore[index]
    assert severities == {"warn", "info"}
    assert "glossary.yaml:10:3: info: unused-term: term 'beam search'" in out


def test_messages_name_the_problem_and_the_fix(defects: Path, capsys: pytest.CaptureFixture[str]):
    _, out, _ = cli(["-f", str(defects / "mkdocs.yml")], capsys)
    lines = without_severity(out.splitlines())
    assert (
        "docs/index.md:9:8: undefined-term: 'fine tunning' is not in the glossary (did you mean 'fine-tuning'?)"
        in lines
    )
    assert "docs/guide.md:4:11: avoided-spelling: 'fine tuning' is a spelling to avoid; write 'fine-tuning'" in lines
    assert (
        "docs/guide.md:17:33: undefined-term: '#fine-tunning' is not an entry of the glossary "
        "(did you mean '#fine-tuning'?)" in lines
    )
    assert (
        "glossary.yaml:10:3: unused-term: term 'beam search' is not used on any page; use it, "
        "or remove it from the glossary" in lines
    )


def test_broken_references_stay_visible_on_the_built_page(defects: Path, plugin_log: PluginLog):
    plugin_findings(defects, plugin_log)
    html = (defects / "site" / "index.html").read_text(encoding="utf-8")
    assert 'class="glossary-term glossary-broken"' in html
    assert ">tokne</span>" in html and ">careful tuning</span>" in html
    guide = BeautifulSoup((defects / "site" / "guide" / "index.html").read_text(encoding="utf-8"), "html.parser")
    broken = guide.select_one('a[href="../glossary/#fine-tunning"]')
    assert broken is not None and broken["class"] == ["glossary-broken"] and broken.get_text() == "the entry"
    alias = guide.find("a", string="an alias")
    assert alias is not None and alias["href"] == "../glossary/#fine-tuning"  # rewritten to the entry


def test_json_output(defects: Path, capsys: pytest.CaptureFixture[str]):
    status, out, _ = cli(["-f", str(defects / "mkdocs.yml"), "--format", "json"], capsys)
    assert status == 1
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == len(EXPECTED)
    assert all(set(item) == {"code", "severity", "path", "line", "column", "message", "suggestion"} for item in data)
    first = data[0]
    assert first == {
        "code": "avoided-spelling",
        "severity": "warn",
        "path": "docs/guide.md",
        "line": 4,
        "column": 11,
        "message": "'fine tuning' is a spelling to avoid; write 'fine-tuning'",
        "suggestion": "fine-tuning",
    }
    assert sorted((d["code"], d["path"], d["line"], d["column"]) for d in data) == sorted(EXPECTED)


def test_github_output_uses_paths_from_the_repository_root(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    repository = tmp_path / "repo"
    (repository / ".git").mkdir(parents=True)
    shutil.copytree(FIXTURE, repository / "site-src")
    status, out, _ = cli(["-f", str(repository / "site-src" / "mkdocs.yml"), "--format", "github"], capsys)
    assert status == 1
    lines = out.splitlines()
    assert len(lines) == len(EXPECTED)
    assert lines[0] == (
        "::warning file=site-src/docs/guide.md,line=4,col=11,title=glossary%3A avoided-spelling::"
        "'fine tuning' is a spelling to avoid; write 'fine-tuning'"
    )
    assert lines[-1].startswith("::notice file=site-src/glossary.yaml,line=11,col=3,title=glossary%3A unused-term::")
    pattern = re.compile(r"^::(warning|notice|error) file=[^,]+,line=\d+,col=\d+,title=[^:]+::.+$")
    assert all(pattern.match(line) for line in lines)


def test_exit_statuses(defects: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    config = str(defects / "mkdocs.yml")
    assert cli(["-f", config], capsys)[0] == 1
    assert cli(["-f", config, "--fail-on", "error"], capsys)[0] == 0
    status, _, err = cli(["-f", str(tmp_path / "missing.yml")], capsys)
    assert status == 2 and err.strip() == f"glossary-lint: config file '{tmp_path / 'missing.yml'}' not found"
    no_plugin = tmp_path / "no-plugin.yml"
    no_plugin.write_text("site_name: x\ndocs_dir: " + str(defects / "docs") + "\n", encoding="utf-8")
    status, _, err = cli(["-f", str(no_plugin)], capsys)
    assert status == 2 and "the glossary plugin is not enabled" in err
    bad_option = tmp_path / "bad-option.yml"
    bad_option.write_text(
        f"site_name: x\ndocs_dir: {defects / 'docs'}\n"
        "plugins:\n  - glossary:\n      severity:\n        unused-terms: warn\n",
        encoding="utf-8",
    )
    status, _, err = cli(["-f", str(bad_option)], capsys)
    assert status == 2
    assert "Unknown check 'unused-terms'. Did you mean 'unused-term'?" in err
    assert len(err.strip().splitlines()) == 1
    with pytest.raises(SystemExit) as usage:
        main(["--format", "xml"])
    assert usage.value.code == 2
    capsys.readouterr()


def test_glossary_errors_are_findings_of_the_cli(site: Site, capsys: pytest.CaptureFixture[str]):
    site.glossary("terms:\n  token:\n    definition: The unit.\n    see: [tokenzier]\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary\n")
    status, out, _ = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert status == 1
    assert out.splitlines() == [
        "glossary.yaml:4:11: error: glossary-invalid: `see` of term 'token' names 'tokenzier', which is not a term "
        "(did you mean 'token'?)"
    ]


def test_severity_per_code_in_mkdocs_yml(defects: Path, plugin_log: PluginLog, capsys: pytest.CaptureFixture[str]):
    config = yaml.safe_load((defects / "mkdocs.yml").read_text(encoding="utf-8"))
    config["plugins"] = [
        {"glossary": {"severity": {"undefined-term": "info", "avoided-spelling": "ignore", "unused-term": "warn"}}}
    ]
    (defects / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    status, out, _ = cli(["-f", str(defects / "mkdocs.yml")], capsys)
    assert status == 1
    found = parse_lines(out.splitlines())
    assert {code for code, *_ in found} == {"undefined-term", "unused-term"}
    assert len(found) == 10
    status, _, _ = cli(["-f", str(defects / "mkdocs.yml"), "--fail-on", "error"], capsys)
    assert status == 0


def test_strict_build_aborts_on_warn_and_passes_at_info(defects: Path, plugin_log: PluginLog):
    with pytest.raises(Abort):
        build(load_config(str(defects / "mkdocs.yml"), site_dir=str(defects / "site"), strict=True))
    assert len(plugin_log.take()) == 12
    assert len(plugin_log.take(logging.INFO)) == 2  # the two unused terms
    relaxed = {"undefined-term": "info", "avoided-spelling": "info"}
    build(
        load_config(
            str(defects / "mkdocs.yml"),
            site_dir=str(defects / "site"),
            strict=True,
            plugins=[{"glossary": {"severity": relaxed}}],
        )
    )
    assert plugin_log.take() == []
    assert len(plugin_log.messages(20)) == 14


def test_error_severity_fails_even_a_normal_build(defects: Path, plugin_log: PluginLog):
    with pytest.raises(Abort):
        build(
            load_config(
                str(defects / "mkdocs.yml"),
                site_dir=str(defects / "site"),
                plugins=[{"glossary": {"severity": {"avoided-spelling": "error"}}}],
            )
        )
    taken = plugin_log.take()
    assert sum("avoided-spelling" in message for message in taken) == 4
    assert sum("undefined-term" in message for message in taken) == 8


def test_demo_site_has_no_findings_at_warn_or_above(capsys: pytest.CaptureFixture[str], monkeypatch):
    monkeypatch.chdir(ROOT)
    status, out, _ = cli([], capsys)
    assert status == 0, out
    assert all(": info: " in line for line in out.splitlines()), out


def test_python_dash_m_runs_the_linter():
    completed = subprocess.run(
        [sys.executable, "-m", "glossary_plugin", "-f", str(FIXTURE / "mkdocs.yml"), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1, completed.stderr
    assert len(json.loads(completed.stdout)) == len(EXPECTED)
    assert not (FIXTURE / "site").exists()


def test_a_zensical_user_with_the_plugin_under_plugins_is_told_where_it_goes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    """Zensical drops `plugins:` silently; with only Zensical installed, glossary-lint says where the name goes."""
    import sys

    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("terms:\n  token: A unit.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - glossary_plugin\n", encoding="utf-8")
    for name in ("mkdocs", "properdocs", "properdocs.replacement"):
        monkeypatch.setitem(sys.modules, name, None)  # neither is installed
    status = main(["-f", str(tmp_path / "mkdocs.yml")])
    err = capsys.readouterr().err
    assert status == 2
    assert "mkdocs.yml lists the glossary plugin under `plugins:`, which Zensical does not run" in err
    assert "put `- glossary_plugin` under `markdown_extensions:`" in err
