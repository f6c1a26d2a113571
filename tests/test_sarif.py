"""`glossary-lint --format sarif`: a SARIF 2.1.0 log that the standard's own JSON Schema accepts."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from glossary_plugin import __version__
from glossary_plugin.cli import sarif
from glossary_plugin.cli.command import main
from glossary_plugin.core.findings import CODES, Diagnostic

FIXTURES = Path(__file__).parent / "fixtures"
SCHEMA = json.loads((FIXTURES / "sarif" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft4Validator(SCHEMA)


def sarif_of(config: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, dict[str, object]]:
    status = main(["-f", str(config), "--format", "sarif"])
    return status, json.loads(capsys.readouterr().out)


@pytest.fixture
def repository(tmp_path: Path) -> Path:
    """The seeded defects site in a folder of a git work tree."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    shutil.copytree(FIXTURES / "defects", root / "site-src")
    return root


def test_the_log_validates_against_the_sarif_schema(repository: Path, capsys: pytest.CaptureFixture[str]):
    status, log = sarif_of(repository / "site-src" / "mkdocs.yml", capsys)
    assert status == 1
    VALIDATOR.validate(log)
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"


def test_rules_and_results(repository: Path, capsys: pytest.CaptureFixture[str]):
    _, log = sarif_of(repository / "site-src" / "mkdocs.yml", capsys)
    (run,) = log["runs"]  # type: ignore[index]
    driver = run["tool"]["driver"]
    assert driver["name"] == "glossary-lint" and driver["version"] == __version__
    assert [rule["id"] for rule in driver["rules"]] == list(CODES)
    assert all(rule["shortDescription"]["text"].endswith(".") for rule in driver["rules"])
    results = run["results"]
    assert len(results) == 14
    first = results[0]
    assert first["ruleId"] == "avoided-spelling" and first["level"] == "warning"
    assert driver["rules"][first["ruleIndex"]]["id"] == "avoided-spelling"
    assert first["message"]["text"] == "'fine tuning' is a spelling to avoid; write 'fine-tuning'"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "site-src/docs/guide.md", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 4, "startColumn": 11}
    assert results[-1]["level"] == "note"  # unused-term is info
    assert results[-1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "site-src/glossary.yaml"


def test_levels_from_severities():
    found = [
        Diagnostic("glossary-invalid", "error", "glossary.yaml", 1, 1, "bad"),
        Diagnostic("avoided-spelling", "warn", "docs/a.md", 2, 3, "avoid"),
        Diagnostic("missing-term", "info", "docs/a.md", 4, 5, "missing"),
    ]
    log = sarif.log(found, lambda diagnostic: diagnostic.path)
    VALIDATOR.validate(log)
    assert [result["level"] for result in log["runs"][0]["results"]] == ["error", "warning", "note"]  # type: ignore[index]


def test_the_schema_rejects_what_is_not_sarif():
    log = sarif.log([Diagnostic("missing-term", "info", "docs/a.md", 1, 1, "x")], lambda diagnostic: diagnostic.path)
    log["runs"][0]["results"][0]["level"] = "info"  # type: ignore[index]
    assert not VALIDATOR.is_valid(log)
    del log["version"]
    assert not VALIDATOR.is_valid(log)


def test_no_findings_is_an_empty_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("A token.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - glossary\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text("terms:\n  token: The unit.\n", encoding="utf-8")
    status, log = sarif_of(tmp_path / "mkdocs.yml", capsys)
    assert status == 0
    VALIDATOR.validate(log)
    assert log["runs"][0]["results"] == []  # type: ignore[index]
