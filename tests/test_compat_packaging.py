"""Packaging: the sdist and the wheel hold everything the plugin needs at run time, and the demo builds
with the wheel installed in a fresh virtual environment (not with this checkout).

The project is copied, built into an sdist, and the wheel is built from that sdist (what `python -m build`
does), so a file missing from the sdist is missing from the wheel too. This needs the `build` package and
PyPI (for setuptools and the plugin's dependencies) and takes about a minute.
"""

from __future__ import annotations

import email
import json
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .compat_support import ASSETS, content_of, demo_project, glossary_links, subprocess_env
from .conftest import ROOT

pytestmark = pytest.mark.slow

PACKAGE = "glossary_plugin"
RUNTIME_FILES = (
    f"{PACKAGE}/py.typed",
    f"{PACKAGE}/assets/glossary.css",
    f"{PACKAGE}/assets/glossary.js",
    *(
        f"{PACKAGE}/assets/inline/{name}"
        for name in ("page.min.css", "page.min.js", "glossary-page.min.css", "glossary-page.min.js")
    ),
    f"{PACKAGE}/schema/glossary.schema.json",
    f"{PACKAGE}/schema/glossary-export.schema.json",
)
NOT_COPIED = shutil.ignore_patterns(
    ".git",
    ".venv",
    "venv",
    "site",
    "build",
    "dist",
    "*.egg-info",
    "__pycache__",
    "*.py[cod]",
    ".*_cache",
    "out",
    "node_modules",
    ".venv-*",
)


def run(args: list[str | Path], cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    completed = subprocess.run(
        [str(arg) for arg in args],
        cwd=cwd,
        env=subprocess_env(PIP_DISABLE_PIP_VERSION_CHECK="1"),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert completed.returncode == 0, f"{' '.join(map(str, args))} failed:\n{completed.stdout}"
    return completed


def package_files() -> set[str]:
    """Every file of the package in the checkout, as `glossary_plugin/...`."""
    root = ROOT / PACKAGE
    return {
        f"{PACKAGE}/{path.relative_to(root).as_posix()}"
        for path in root.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix not in (".pyc", ".pyo")
    }


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The sdist and the wheel (built from that sdist) of a copy of the project."""
    tmp = tmp_path_factory.mktemp("packaging")
    source = tmp / "source"
    shutil.copytree(ROOT, source, ignore=NOT_COPIED)
    run([sys.executable, "-m", "build", "--outdir", tmp / "dist", source], cwd=tmp)
    sdists, wheels = sorted((tmp / "dist").glob("*.tar.gz")), sorted((tmp / "dist").glob("*.whl"))
    assert len(sdists) == 1 and len(wheels) == 1, list((tmp / "dist").iterdir())
    return sdists[0], wheels[0]


def test_sdist_holds_the_package_and_its_metadata(dists: tuple[Path, Path]) -> None:
    with tarfile.open(dists[0]) as archive:
        top = archive.getnames()[0].split("/")[0]
        names = {name.removeprefix(f"{top}/") for name in archive.getnames()}
    assert {"pyproject.toml", "README.md", *RUNTIME_FILES} <= names
    assert package_files() <= names


def test_wheel_holds_every_file_the_plugin_needs(dists: tuple[Path, Path]) -> None:
    with zipfile.ZipFile(dists[1]) as archive:
        names = set(archive.namelist())
        dist_info = next(name.split("/")[0] for name in names if name.split("/")[0].endswith(".dist-info"))
        metadata = email.message_from_bytes(archive.read(f"{dist_info}/METADATA"))
        entry_points = archive.read(f"{dist_info}/entry_points.txt").decode()
        schema = json.loads(archive.read(f"{PACKAGE}/schema/glossary.schema.json"))
    assert set(RUNTIME_FILES) <= names
    assert package_files() <= names, "files of the package that the wheel lacks"
    assert not [name for name in names if name.startswith(("tests/", "docs/", "bench/"))]
    assert metadata["Requires-Python"] == ">=3.10"
    assert any(
        requirement.replace(" ", "").startswith("mkdocs<2,>=1.6") for requirement in metadata.get_all("Requires-Dist")
    )
    assert "Programming Language :: Python :: 3.10" in metadata.get_all("Classifier")
    for group in ("[mkdocs.plugins]", "[properdocs.plugins]"):
        assert f"{group}\nglossary = glossary_plugin.plugin:GlossaryPlugin" in entry_points
        section = entry_points.split(group)[1].split("\n[")[0]
        assert "glossary_plugin = glossary_plugin.plugin:GlossaryPlugin" in section
    assert "glossary-lint = glossary_plugin.cli:main" in entry_points
    assert isinstance(schema, dict) and "properties" in schema


def test_build_backend_minimum_understands_the_license_expression() -> None:
    """`license = "MIT"` (an SPDX expression) needs setuptools 77; older ones stop the build with an error.

    Build isolation fetches the newest setuptools, but `pip install --no-build-isolation` (as distributions
    build) uses whatever is installed, so the declared minimum must be one that can build the project.
    """
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    license_is_expression = re.search(r'^license\s*=\s*"', pyproject, re.MULTILINE) is not None
    minimum = re.search(r'"setuptools\s*>=\s*(\d+)', pyproject)
    assert minimum is not None, "build-system.requires names no minimum setuptools"
    assert not license_is_expression or int(minimum.group(1)) >= 77


def test_demo_builds_with_the_wheel_installed_in_a_fresh_environment(dists: tuple[Path, Path], tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    python, bin_dir = venv / "bin/python", venv / "bin"
    run([python, "-m", "pip", "install", "-q", dists[1]], cwd=tmp_path)
    demo = demo_project(tmp_path / "demo")

    located = run([python, "-c", "import glossary_plugin; print(glossary_plugin.__file__)"], cwd=demo).stdout
    installed = Path(located.strip()).resolve()
    assert installed.is_relative_to(venv.resolve()), installed
    assert not installed.is_relative_to(ROOT)

    run([bin_dir / "glossary-lint", "-f", demo / "mkdocs.yml"], cwd=demo)
    run([bin_dir / "mkdocs", "build", "--strict", "-f", demo / "mkdocs.yml", "-d", tmp_path / "site"], cwd=demo)
    site = tmp_path / "site"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert len(glossary_links(content_of(home))) > 5
    assert content_of(site / "glossary/index.html").select("section.glossary-entry > h3[id]")
    for asset in ASSETS:
        shipped = installed.parent / "assets" / Path(asset).name
        assert (site / asset).read_bytes() == shipped.read_bytes()
    assert (installed.parent / "schema/glossary.schema.json").is_file()


def test_no_source_file_matches_a_gitignore_pattern() -> None:
    """A fixture or page that `.gitignore` matches is missing from every clean clone (a fixture folder
    named `site` once was), so the tests pass here and fail in CI. Checked against the patterns
    themselves (`--no-index`), so a tracked file that a pattern matches fails too."""
    sources = [
        path.relative_to(ROOT).as_posix()
        for folder in ("glossary_plugin", "tests/fixtures", "docs", "bench", "scripts")
        for path in (ROOT / folder).rglob("*")
        if path.is_file()
        # caches (`__pycache__`, `.mypy_cache`, ...) and the benchmark's generated sites are not sources
        and not any(part.startswith((".", "__")) for part in path.relative_to(ROOT).parts[:-1])
        and not path.is_relative_to(ROOT / "bench" / "out")
    ]
    assert sources
    checked = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        cwd=ROOT,
        input="\n".join(sources),
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode in (0, 1), checked.stderr
    assert checked.stdout.split() == []
