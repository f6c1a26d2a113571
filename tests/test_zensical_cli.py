"""`glossary-lint --suggest`, `--fix` and `--diff` on Zensical projects: the same output as on the MkDocs site.

Each site is a copy of an MkDocs fixture, and beside it the same site for
Zensical: its mkdocs.yml with the plugin's options moved under
`markdown_extensions` (which Zensical reads), or a zensical.toml. The linter
builds those with Zensical (the extension reports what `--suggest` and `--fix`
need) and the MkDocs copy with MkDocs; their outputs must be the same.
"""

from __future__ import annotations

import filecmp
import shutil
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
import yaml

from glossary_plugin.cli import zensical_lint
from glossary_plugin.cli.command import main

pytestmark = pytest.mark.slow

FIXTURES = Path(__file__).parent / "fixtures"
GLOSSARY_PAGE = "# Glossary\n\n<!-- glossary -->\n"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    (entry,) = config.pop("plugins")
    return entry["glossary"] if isinstance(entry, dict) else {}


def mkdocs_and_zensical(tmp_path: Path, fixture: str, zensical_config: str) -> tuple[Path, Path]:
    """Two copies of `fixture` (with a glossary page, which Zensical needs): MkDocs', with the plugin, and
    Zensical's, with the same options under `markdown_extensions` in mkdocs.yml or in zensical.toml."""
    mkdocs_site, zensical_site = tmp_path / "mkdocs", tmp_path / "zensical"
    for site in (mkdocs_site, zensical_site):
        shutil.copytree(FIXTURES / fixture, site)
        (site / "docs" / "glossary.md").write_text(GLOSSARY_PAGE, encoding="utf-8")
    config = yaml.safe_load((zensical_site / "mkdocs.yml").read_text(encoding="utf-8"))
    options = _plugin_options(config)
    extension: Any = {"glossary_plugin": options} if options else "glossary_plugin"
    config["markdown_extensions"] = [*config.get("markdown_extensions", []), extension]
    if zensical_config == "mkdocs.yml":
        (zensical_site / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    else:
        (zensical_site / "mkdocs.yml").unlink()
        (zensical_site / "zensical.toml").write_text(_toml(config), encoding="utf-8")
    assert zensical_lint.is_zensical_project(zensical_site / zensical_config)
    return mkdocs_site / "mkdocs.yml", zensical_site / zensical_config


def _toml(config: dict[str, Any]) -> str:
    """The mkdocs.yml settings these fixtures use, as zensical.toml's `[project]` table."""
    lines = ["[project]", f"site_name = {_value(config['site_name'])}", f"docs_dir = {_value(config['docs_dir'])}"]
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        lines += ["", f'[project.markdown_extensions."{name}"]']
        lines += [f"{key} = {_value(value)}" for key, value in options.items()]
    return "\n".join(lines) + "\n"


def _value(value: Any) -> str:
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{key} = {_value(item)}" for key, item in value.items()) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(_value(item) for item in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return '"' + str(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


@pytest.mark.parametrize("zensical_config", ["mkdocs.yml", "zensical.toml"])
def test_suggest_prints_what_it_prints_for_the_mkdocs_site(
    tmp_path: Path, zensical_config: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    mkdocs_config, zensical_config_file = mkdocs_and_zensical(tmp_path, "missing", zensical_config)
    for extra in ([], ["--format", "json"]):
        monkeypatch.chdir(mkdocs_config.parent)  # the snippets' base_path is read from the working folder
        mkdocs = run(["-f", str(mkdocs_config), "--suggest", *extra], capsys)
        monkeypatch.chdir(zensical_config_file.parent)
        zensical = run(["-f", str(zensical_config_file), "--suggest", *extra], capsys)
        assert mkdocs[0] == 0 and "candidate term(s)" in mkdocs[2]
        assert "NPU" in mkdocs[1] and "Cascading Style Sheets" in mkdocs[1]  # with a long form from an abbr
        assert zensical == mkdocs


@pytest.mark.parametrize("zensical_config", ["mkdocs.yml", "zensical.toml"])
def test_diff_and_fix_change_what_they_change_on_the_mkdocs_site(
    tmp_path: Path, zensical_config: str, capsys: pytest.CaptureFixture[str]
) -> None:
    mkdocs_config, zensical_config_file = mkdocs_and_zensical(tmp_path, "fix/source", zensical_config)
    mkdocs = run(["-f", str(mkdocs_config), "--diff"], capsys)
    zensical = run(["-f", str(zensical_config_file), "--diff"], capsys)
    assert mkdocs[0] == 1 and mkdocs[1].startswith("--- ")  # there is something to fix
    assert zensical == mkdocs
    assert run(["-f", str(zensical_config_file), "--fix"], capsys)[0] == 0
    expected = FIXTURES / "fix" / "expected" / "docs"
    docs = zensical_config_file.parent / "docs"
    comparison = filecmp.dircmp(docs, expected)
    for name in comparison.common_files:
        assert (docs / name).read_bytes() == (expected / name).read_bytes(), name
    status, out, err = run(["-f", str(zensical_config_file), "--diff"], capsys)
    assert (status, out) == (0, "") and "0 avoided spelling(s) to fix" in err


def test_fix_on_a_zensical_project_reads_its_docs_dir_and_glossary_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not `docs` and `glossary.yaml` whatever the config says: the folders and file it names."""
    mkdocs_config, zensical_config_file = mkdocs_and_zensical(tmp_path, "fix/source", "mkdocs.yml")
    site = zensical_config_file.parent
    (site / "docs").rename(site / "pages")
    (site / "glossary.yaml").rename(site / "terms.yaml")
    config = yaml.safe_load(zensical_config_file.read_text(encoding="utf-8"))
    config["docs_dir"] = "pages"
    config["markdown_extensions"][-1] = {"glossary_plugin": {"glossary_file": "terms.yaml"}}
    zensical_config_file.write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    mkdocs_diff = run(["-f", str(mkdocs_config), "--diff"], capsys)[1]
    status, out, _ = run(["-f", str(zensical_config_file), "--diff"], capsys)
    assert status == 1
    assert out == mkdocs_diff.replace("docs/", "pages/")


def test_a_glossary_that_does_not_compile_prints_its_errors_instead(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As on an MkDocs site: nothing to suggest or fix from a glossary that did not compile; its errors show."""
    mkdocs_config, zensical_config_file = mkdocs_and_zensical(tmp_path, "fix/source", "zensical.toml")
    for config in (mkdocs_config, zensical_config_file):
        (config.parent / "glossary.yaml").write_text("terms: [not, a, mapping]\n", encoding="utf-8")
    mkdocs = run(["-f", str(mkdocs_config), "--suggest"], capsys)
    zensical = run(["-f", str(zensical_config_file), "--suggest"], capsys)
    assert mkdocs[0] == 1 and "glossary.yaml:1:" in mkdocs[1]
    assert zensical[:2] == mkdocs[:2]


# -- an mkdocs.yml that Zensical reads, with the plugin under `plugins:` -------------------------------------


def _only_zensical(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("mkdocs", "properdocs", "properdocs.replacement"):
        monkeypatch.setitem(sys.modules, name, None)  # neither is installed


def test_the_plugin_under_plugins_is_answered_with_the_entry_to_write(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\nA token.\n", encoding="utf-8")
    (tmp_path / "docs" / "glossary.md").write_text(GLOSSARY_PAGE, encoding="utf-8")
    (tmp_path / "terms.yaml").write_text("terms:\n  token: A unit.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nplugins:\n  - search\n  - glossary:\n      glossary_file: terms.yaml\n      link: all\n",
        encoding="utf-8",
    )
    _only_zensical(monkeypatch)
    status, out, err = run(["-f", str(tmp_path / "mkdocs.yml")], capsys)
    assert (status, out) == (2, "")
    lines = err.splitlines()
    assert lines[0] == (
        "glossary-lint: mkdocs.yml:4:5: mkdocs.yml lists the glossary plugin under `plugins:`, which Zensical "
        "does not run (it drops MkDocs plugins it does not know without a word)."
    )
    assert lines[1] == (
        "glossary-lint: For Zensical, put `- glossary_plugin` under `markdown_extensions:` instead, "
        "with the same options:"
    )
    snippet = "\n".join(line.removeprefix("glossary-lint: ") for line in lines[2:-1])
    assert yaml.safe_load(snippet) == {
        "markdown_extensions": [{"glossary_plugin": {"glossary_file": "terms.yaml", "link": "all"}}]
    }
    assert all(line.startswith("glossary-lint: ") for line in lines)

    # Written as told (the plugin kept for MkDocs): the lint runs, with Zensical.
    with (tmp_path / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(textwrap.dedent(snippet).strip("\n") + "\n")
    assert zensical_lint.is_zensical_project(tmp_path / "mkdocs.yml")
    status, out, err = run(["-f", str(tmp_path / "mkdocs.yml")], capsys)
    assert status == 0, err
    assert "glossary-lint: no findings" in err


def test_an_existing_markdown_extensions_list_gets_the_entry_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "glossary.yaml").write_text("terms:\n  token: A unit.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: x\nmarkdown_extensions:\n  - toc\nplugins:\n  - glossary_plugin\n", encoding="utf-8"
    )
    _only_zensical(monkeypatch)
    status, _, err = run(["-f", str(tmp_path / "mkdocs.yml")], capsys)
    assert status == 2
    assert "mkdocs.yml:5:5: " in err
    assert "instead (add this entry to the list):" in err
    assert "glossary-lint:     - glossary_plugin\n" in err
    assert "markdown_extensions:\n" not in err.split("instead", 1)[1]


def test_neither_the_plugin_nor_the_extension_says_which_to_add(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    _only_zensical(monkeypatch)
    status, _, err = run(["-f", str(tmp_path / "mkdocs.yml")], capsys)
    assert status == 2
    assert err == (
        "glossary-lint: mkdocs.yml: the glossary extension is not enabled: add `glossary_plugin` under "
        "`markdown_extensions`\n"
    )
