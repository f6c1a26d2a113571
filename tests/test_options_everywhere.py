"""One options layer: the same value gets the same verdict and the same words on every host.

Each row is an option set as a writer might give it. The core (`parse_options`) states the verdict
and the message; MkDocs, ProperDocs and `glossary-lint` (mkdocs.yml) must agree, and so must real
Zensical builds of the same options in mkdocs.yml and in zensical.toml (the slow set).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from glossary_plugin.cli.command import main as lint
from glossary_plugin.core.options import OPTION_NAMES, OptionError, parse_options

ACCEPTED = None
ROWS: list[tuple[str, dict[str, Any], str | None]] = [
    ("nothing", {}, ACCEPTED),
    ("link all", {"link": "all"}, ACCEPTED),
    ("link off as YAML false", {"link": False}, ACCEPTED),
    ("page in a folder", {"glossary_page": "reference/glossary.md"}, ACCEPTED),
    ("exclude list", {"exclude": ["changelog.md", "api/*"]}, ACCEPTED),
    ("plurals off", {"plurals": False}, ACCEPTED),
    ("severity", {"severity": {"unused-term": "warn", "missing-term": "ignore"}}, ACCEPTED),
    ("missing terms", {"missing_terms": {"ignore": ["API"], "min_uses": 2}}, ACCEPTED),
    ("skip", {"skip": ["figcaption", ".tabbed-labels"]}, ACCEPTED),
    ("assets off", {"assets": False}, ACCEPTED),
    ("labels per language", {"labels": {"fr": {"used_on": "Cité dans"}, "pt_BR": {"also": "Ou"}}}, ACCEPTED),
    ("label unknown", {"labels": {"fr": {"usedon": "Cité"}}}, "Unknown label 'usedon'. Did you mean 'used_on'?"),
    ("labels not per language", {"labels": {"used_on": "Cité dans"}}, "Expected labels for 'used_on' as a mapping"),
    ("plurals as text", {"plurals": "yes"}, "option 'plurals': Expected true or false, but got 'yes'."),
    ("link unknown", {"link": "sometimes"}, "option 'link': Expected one of first, all, off, but got 'sometimes'."),
    ("exclude as text", {"exclude": "api/*"}, "option 'exclude': Expected a list of glob patterns"),
    ("severity as list", {"severity": ["warn"]}, "option 'severity': Expected a mapping of checks to levels"),
    ("assets as number", {"assets": 1}, "option 'assets': Expected true or false, but got 1."),
    ("unknown option", {"colour": "red"}, "unknown option 'colour'. Known options: "),
    ("misspelt option", {"glosary_file": "g.yaml"}, "unknown option 'glosary_file'. Did you mean 'glossary_file'?"),
    ("misspelt check", {"severity": {"unused-terms": "warn"}}, "Unknown check 'unused-terms'. Did you mean"),
    ("level out of range", {"severity": {"unused-term": "loud"}}, "Unknown level 'loud' for 'unused-term'"),
    ("min uses out of range", {"missing_terms": {"min_uses": 0}}, "'min_uses' must be a whole number of at least 1"),
    ("page outside docs", {"glossary_page": "../glossary.md"}, "'../glossary.md' is outside docs_dir"),
    ("page absolute", {"glossary_page": "/abs/glossary.md"}, "must be a path relative to docs_dir"),
    ("page over a site file", {"glossary_page": "index.html.md"}, "must be a plain name ending in '.md'"),
    ("glossary file empty", {"glossary_file": ""}, "option 'glossary_file': Expected a file name"),
    ("skip selector", {"skip": ["div > p"]}, "option 'skip': "),
]
IDS = [row[0] for row in ROWS]
GLOSSARY = "terms:\n  token: The smallest unit of text.\n"
PAGE = "# Home\n\nA token.\n"


def _core_message(options: dict[str, Any]) -> str | None:
    try:
        parse_options(options)
    except OptionError as error:
        return str(error)
    return None


def _project(root: Path, config_name: str, options: dict[str, Any]) -> Path:
    (root / "docs").mkdir(parents=True, exist_ok=True)
    (root / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    config = {"site_name": "Options", "docs_dir": "docs", "plugins": [{"glossary_plugin": options}]}
    (root / config_name).write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root / config_name


def test_the_table_covers_every_option():
    named = {name for _, options, _ in ROWS for name in options}
    assert set(OPTION_NAMES) <= named


@pytest.mark.parametrize(("options", "expected"), [row[1:] for row in ROWS], ids=IDS)
def test_the_core_gives_the_verdict(options: dict[str, Any], expected: str | None):
    message = _core_message(options)
    if expected is None:
        assert message is None
    else:
        assert message is not None and expected in message


def _config_error(load: Any, config_file: Path) -> str | None:
    """The error a host's config loader reports, or None when it accepts the config."""
    try:
        load(str(config_file))
    except Exception as error:  # MkDocs' and ProperDocs' ConfigurationError
        return str(error)
    return None


@pytest.mark.parametrize(("options", "expected"), [row[1:] for row in ROWS], ids=IDS)
def test_mkdocs_agrees_with_the_core(
    tmp_path: Path, options: dict[str, Any], expected: str | None, caplog: pytest.LogCaptureFixture
):
    from mkdocs.config import load_config

    core = _core_message(options)
    config_file = _project(tmp_path, "mkdocs.yml", options)
    error = _config_error(load_config, config_file)
    logged = " ".join(record.getMessage() for record in caplog.records if record.levelname == "ERROR")
    if core is None:
        assert error is None, logged
    else:
        assert error is not None
        assert f"invalid-option: plugins: glossary: {core}" in logged and "mkdocs.yml:" in logged, logged


@pytest.mark.slow
@pytest.mark.parametrize(("options", "expected"), [row[1:] for row in ROWS], ids=IDS)
def test_properdocs_agrees_with_the_core(tmp_path: Path, options: dict[str, Any], expected: str | None):
    """ProperDocs loads the plugin under its own entry point group: `properdocs build`, as users run it."""
    core = _core_message(options)
    root = _project(tmp_path, "properdocs.yml", options).parent
    properdocs = Path(sys.executable).parent / "properdocs"
    result = subprocess.run(
        [str(properdocs), "build"], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    if core is None:
        assert result.returncode == 0, output
    else:
        assert result.returncode == 1, output
        assert f"invalid-option: plugins: glossary: {core}" in " ".join(output.split()), output


@pytest.mark.parametrize(("options", "expected"), [row[1:] for row in ROWS], ids=IDS)
def test_glossary_lint_agrees_with_the_core(
    tmp_path: Path, options: dict[str, Any], expected: str | None, capsys: pytest.CaptureFixture[str]
):
    core = _core_message(options)
    config_file = _project(tmp_path, "mkdocs.yml", options)
    status = lint(["-f", str(config_file)])
    err = capsys.readouterr().err
    if core is None:
        assert status in (0, 1), err
    else:
        assert status == 2
        assert f"invalid-option: plugins: glossary: {core}" in err


# -- Zensical, for real ------------------------------------------------------------------------------


def _zensical_build(root: Path) -> subprocess.CompletedProcess[str]:
    zensical = Path(sys.executable).parent / "zensical"
    assert zensical.is_file(), "zensical is installed with the test extra"
    return subprocess.run(
        [str(zensical), "build", "--clean"], cwd=root, capture_output=True, text=True, timeout=120, check=False
    )


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return "{ " + ", ".join(f'"{key}" = {_toml_value(item)}' for key, item in value.items()) + " }"


def _zensical_project(root: Path, form: str, options: dict[str, Any]) -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text(PAGE, encoding="utf-8")
    # Zensical generates no glossary page: the one the options name is written (a missing one fails).
    page = options.get("glossary_page")
    page = page if isinstance(page, str) and page.endswith(".md") and ".." not in page else "glossary.md"
    (root / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
    (root / "docs" / page).write_text("# Glossary\n\n<!-- glossary -->\n", encoding="utf-8")
    (root / "glossary.yaml").write_text(GLOSSARY, encoding="utf-8")
    if form == "zensical.toml":
        lines = ["[project]", 'site_name = "Options"', "", "[project.markdown_extensions.glossary_plugin]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in options.items()]
        (root / "zensical.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        config = {"site_name": "Options", "markdown_extensions": [{"glossary_plugin": options}]}
        (root / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return root


@pytest.mark.slow
@pytest.mark.parametrize("form", ["mkdocs.yml", "zensical.toml"])
@pytest.mark.parametrize(("options", "expected"), [row[1:] for row in ROWS], ids=IDS)
def test_zensical_agrees_with_the_core(tmp_path: Path, form: str, options: dict[str, Any], expected: str | None):
    core = _core_message(options)
    result = _zensical_build(_zensical_project(tmp_path / "site", form, options))
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    if core is None:
        assert result.returncode == 0, output
        assert "invalid-option: markdown_extensions" not in output
    else:
        assert result.returncode == 1, output
        assert f"{form}:" in output and f"invalid-option: markdown_extensions: glossary_plugin: {core}" in output


@pytest.mark.parametrize("config_name", ["mkdocs.yml", "properdocs.yml", "zensical.toml"])
def test_the_glossary_files_advice_names_the_sites_own_config_file(tmp_path: Path, config_name: str):
    from glossary_plugin.core.loader import file_problem, load_glossary

    missing = tmp_path / "terms.yaml"
    assert file_problem(missing, config_name) == (
        f"glossary file not found; create it (see the README) or set `glossary_file` in {config_name}"
    )
    (folder := tmp_path / "folder.yaml").mkdir()
    _, errors = load_glossary(folder, "folder.yaml", config_name)
    assert [error.message for error in errors] == [
        f"the glossary file is a folder, not a regular file; set `glossary_file` in {config_name} to a YAML file, "
        "or put one at this path"
    ]
