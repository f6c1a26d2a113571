"""Python 3.10 and newer: the project's metadata says so, and no module uses anything newer than 3.10."""

from __future__ import annotations

import ast
import re
import sys
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import pytest

import glossary_plugin

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the test extra installs tomli there
    import tomli as tomllib

MODULES = sorted((ROOT / "glossary_plugin").rglob("*.py"))
# Standard-library names added after 3.10 that a module could use by mistake, with the version that added them.
NEWER_MODULES = {"tomllib": "3.11", "wsgiref.types": "3.11"}
NEWER_NAMES = {
    "typing": {
        **dict.fromkeys(
            ("Self", "LiteralString", "Never", "assert_never", "assert_type", "reveal_type", "TypeVarTuple"), "3.11"
        ),
        **dict.fromkeys(("Unpack", "Required", "NotRequired", "dataclass_transform", "get_overloads"), "3.11"),
        **dict.fromkeys(("override", "TypeAliasType"), "3.12"),
        **dict.fromkeys(("ReadOnly", "TypeIs", "NoDefault", "get_protocol_members", "is_protocol"), "3.13"),
    },
    "datetime": {"UTC": "3.11"},
    "enum": dict.fromkeys(("StrEnum", "ReprEnum", "EnumCheck", "verify", "member", "nonmember", "global_enum"), "3.11"),
    "itertools": {"batched": "3.12"},
    "hashlib": {"file_digest": "3.11"},
    "contextlib": {"chdir": "3.11"},
    "asyncio": dict.fromkeys(("TaskGroup", "timeout", "Runner"), "3.11"),
    "operator": {"call": "3.11"},
    "logging": {"getLevelNamesMapping": "3.11"},
    "re": {"NOFLAG": "3.11"},
    "math": {"cbrt": "3.11", "exp2": "3.11", "sumprod": "3.12"},
    "os": {"process_cpu_count": "3.13"},
    "warnings": {"deprecated": "3.13"},
    "copy": {"replace": "3.13"},
}
NEWER_BUILTINS = {"ExceptionGroup": "3.11", "BaseExceptionGroup": "3.11"}
NEWER_METHODS = {"add_note": "3.11", "is_junction": "3.12", "full_match": "3.13", "from_uri": "3.13"}
NEWER_KEYWORDS = {"walk_up": "3.12"}  # Path.relative_to(..., walk_up=True)


def newer_than_310(path: Path) -> list[str]:
    """Uses of the standard library or of syntax that Python 3.10 does not have, as `line: what (version)`."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source, filename=str(path), feature_version=(3, 10))  # rejects newer syntax
    found = []
    aliases: dict[str, str] = {}  # local name -> module
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                aliases[alias.asname or alias.name] = alias.name
                if alias.name in NEWER_MODULES:
                    found.append(f"{node.lineno}: import {alias.name} ({NEWER_MODULES[alias.name]})")
        elif isinstance(node, ast.ImportFrom) and node.module:
            if node.module in NEWER_MODULES:
                found.append(f"{node.lineno}: from {node.module} ({NEWER_MODULES[node.module]})")
            for alias in node.names:
                version = NEWER_NAMES.get(node.module, {}).get(alias.name)
                if version:
                    found.append(f"{node.lineno}: from {node.module} import {alias.name} ({version})")
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute):
            if isinstance(node.value, ast.Name) and node.value.id in aliases:
                version = NEWER_NAMES.get(aliases[node.value.id], {}).get(node.attr)
                if version:
                    found.append(f"{node.lineno}: {node.value.id}.{node.attr} ({version})")
            if node.attr in NEWER_METHODS:
                found.append(f"{node.lineno}: .{node.attr}() ({NEWER_METHODS[node.attr]})")
        elif isinstance(node, ast.Name) and node.id in NEWER_BUILTINS:
            found.append(f"{node.lineno}: {node.id} ({NEWER_BUILTINS[node.id]})")
        elif isinstance(node, ast.keyword) and node.arg in NEWER_KEYWORDS:
            found.append(f"{node.lineno}: {node.arg}= ({NEWER_KEYWORDS[node.arg]})")
        elif isinstance(node, ast.JoinedStr) and sys.version_info >= (3, 12):  # older parsers reject these anyway
            found += _pep701_fstring(source, node)
    return found


def _pep701_fstring(source: str, node: ast.JoinedStr) -> list[str]:
    """F-string fields that only Python 3.12 parses: the string's own quote, a backslash or a comment inside."""
    segment = ast.get_source_segment(source, node) or ""
    quote = re.match(r"[a-zA-Z]*('''|\"\"\"|'|\")", segment)
    if quote is None:  # an implicitly concatenated string: nothing to check precisely
        return []
    found = []
    for field in node.values:
        if isinstance(field, ast.FormattedValue):
            expression = ast.get_source_segment(source, field.value) or ""
            if quote.group(1) in expression or "\\" in expression or "#" in expression:
                found.append(f"{node.lineno}: f-string field {expression!r} (3.12)")
    return found


@pytest.mark.parametrize("path", MODULES, ids=lambda path: path.relative_to(ROOT).as_posix())
def test_module_uses_nothing_newer_than_python_310(path: Path) -> None:
    assert newer_than_310(path) == []


def test_the_check_finds_what_python_310_lacks(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import typing\nfrom typing import Self\nimport tomllib\nx = typing.override\n"
        "try:\n    pass\nexcept ValueError as error:\n    error.add_note('x')\n",
        encoding="utf-8",
    )
    assert newer_than_310(sample) == [
        "2: from typing import Self (3.11)",
        "3: import tomllib (3.11)",
        "4: typing.override (3.12)",
        "8: .add_note() (3.11)",
    ]
    sample.write_text("try:\n    pass\nexcept* ValueError:\n    pass\n", encoding="utf-8")
    with pytest.raises(SyntaxError):
        newer_than_310(sample)


@pytest.fixture(scope="module")
def pyproject() -> dict[str, Any]:
    data: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return data


def test_project_declares_python_310_and_newer(pyproject: dict[str, Any]) -> None:
    project = pyproject["project"]
    assert project["requires-python"] == ">=3.10"
    classifiers = project["classifiers"]
    assert "Programming Language :: Python :: 3 :: Only" in classifiers
    assert "Framework :: MkDocs" in classifiers
    minors = sorted(
        int(found.group(1))
        for classifier in classifiers
        if (found := re.fullmatch(r"Programming Language :: Python :: 3\.(\d+)", classifier))
    )
    assert minors == list(range(10, minors[-1] + 1)), "the Python classifiers must run from 3.10 without gaps"
    assert sys.version_info.minor in minors, f"the tests run on 3.{sys.version_info.minor}: declare it"


def test_tools_check_for_python_310(pyproject: dict[str, Any]) -> None:
    assert pyproject["tool"]["ruff"]["target-version"] == "py310"
    assert pyproject["tool"]["mypy"]["python_version"] == "3.10"


def test_project_depends_on_mkdocs_1_6_and_registers_for_both_engines(pyproject: dict[str, Any]) -> None:
    project = pyproject["project"]
    assert any(
        re.fullmatch(r"mkdocs\s*(>=1\.6,\s*<2|<2,\s*>=1\.6)", dependency) for dependency in project["dependencies"]
    )
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        assert project["entry-points"][group] == {
            "glossary": "glossary_plugin.plugin:GlossaryPlugin",
            "glossary_plugin": "glossary_plugin.plugin:GlossaryPlugin",
        }
        installed = {entry.name for entry in entry_points(group=group) if entry.value.startswith("glossary_plugin.")}
        assert installed == {"glossary", "glossary_plugin"}, f"not installed in {group}"
    assert project["version"] == glossary_plugin.__version__
