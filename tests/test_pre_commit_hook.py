"""The pre-commit hook runs on the files that can change glossary findings, and on no others."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
(HOOK,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("path", "runs"),
    [
        ("docs/index.md", True),
        ("docs/guide/setup.md", True),
        ("glossary.yaml", True),
        ("glossary.yml", True),
        ("docs-site/glossary.fr.yaml", True),
        ("mkdocs.yml", True),
        ("site/mkdocs.yaml", True),
        ("properdocs.yml", True),
        ("zensical.toml", True),
        (".github/workflows/docs.yml", False),
        ("pyproject.toml", False),
        ("my-glossary.yaml", False),
        ("docs/img/logo.png", False),
    ],
)
def test_the_hook_runs_on_pages_configs_and_glossaries(path: str, runs: bool):
    assert HOOK["id"] == "glossary-lint" and HOOK["entry"] == "glossary-lint"
    assert bool(re.search(HOOK["files"], path)) is runs
