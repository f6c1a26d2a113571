"""MkDocs 1.6 and ProperDocs: the same demo, built with each one's own command, gives the same site.

Each build runs the real command in a subprocess (`mkdocs build` with `mkdocs.yml`, `properdocs build`
with `properdocs.yml`), the way users run them, and the test reads `site/` and the command's output.
"""

from __future__ import annotations

import re
from importlib.metadata import entry_points

import pytest

from .compat_support import (
    ENGINES,
    FIXTURES,
    Build,
    content_of,
    demo_project,
    glossary_links,
    html_pages,
    project_from,
    run_build,
)

pytestmark = pytest.mark.slow  # the demo built with both engines

DEFECTS = FIXTURES.parent / "defects"
# What a clean build prints, besides the plugin's own findings.
CLEAN_BUILD_LINES = re.compile(
    r"INFO +-  (Cleaning site directory|Building documentation to directory: .*|Documentation built in [\d.]+ seconds)"
)
BANNER_WORDS = ("MkDocs may break", "ProperDocs", "switch to", "DISABLE_MKDOCS_2_WARNING")


@pytest.fixture(scope="module")
def demo_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Build]:
    """The demo built with `--strict` by each engine, from its own configuration file."""
    builds = {}
    for engine in ENGINES:
        project = demo_project(tmp_path_factory.mktemp(f"demo-{engine}"), engine)
        builds[engine] = run_build(engine, project, "--strict")
    return builds


def site_content(build: Build) -> dict[str, str]:
    """Every page's main content as HTML, by its path in site/."""
    return {
        page.relative_to(build.site_dir).as_posix(): str(content_of(page))
        for page in html_pages(build.site_dir)
        if page.name != "404.html"
    }


def test_properdocs_finds_the_plugin_under_its_own_entry_point_group() -> None:
    for group in ("mkdocs.plugins", "properdocs.plugins"):
        found = {entry.name: entry.value for entry in entry_points(group=group)}
        assert found.get("glossary") == "glossary_plugin.plugin:GlossaryPlugin", group


def test_demo_builds_strictly_with_mkdocs_and_with_properdocs(demo_builds: dict[str, Build]) -> None:
    for engine, build in demo_builds.items():
        assert build.returncode == 0, f"{engine} build --strict failed:\n{build.output}"
        assert (build.site_dir / "glossary/index.html").is_file()
    assert (demo_builds["properdocs"].site_dir.parent / "properdocs.yml").is_file()
    assert not (demo_builds["properdocs"].site_dir.parent / "mkdocs.yml").exists()


def test_demo_has_identical_glossary_links_with_both_engines(demo_builds: dict[str, Build]) -> None:
    mkdocs_site, properdocs_site = (site_content(demo_builds[engine]) for engine in ENGINES)
    assert sorted(mkdocs_site) == sorted(properdocs_site)
    links = 0
    for path, html in mkdocs_site.items():
        assert html == properdocs_site[path], f"{path} differs between MkDocs and ProperDocs"
        links += len(glossary_links(content_of(demo_builds["mkdocs"].site_dir / path)))
    assert links > 50
    assert demo_builds["mkdocs"].findings == demo_builds["properdocs"].findings


def test_demo_under_properdocs_prints_no_banner_and_no_deprecation(demo_builds: dict[str, Build]) -> None:
    """Nothing but the usual three lines and the plugin's findings: no banner, no deprecation warning."""
    build = demo_builds["properdocs"]
    unexpected = [line for line in build.lines if not (CLEAN_BUILD_LINES.fullmatch(line) or line in build.findings)]
    assert unexpected == [], build.output
    for words in (*BANNER_WORDS, "Deprecat", "deprecat"):
        assert words not in build.output


@pytest.fixture(scope="module")
def defect_builds(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, bool], Build]:
    """The seeded-defects site built by each engine, with and without `--strict`."""
    builds = {}
    for engine in ENGINES:
        for strict in (False, True):
            target = tmp_path_factory.mktemp(f"defects-{engine}-{'strict' if strict else 'lax'}")
            project = project_from(DEFECTS, target, engine, theme={"name": "mkdocs"})
            builds[engine, strict] = run_build(engine, project, *(["--strict"] if strict else []))
    return builds


def test_findings_are_identical_with_both_engines(defect_builds: dict[tuple[str, bool], Build]) -> None:
    for strict in (False, True):
        mkdocs_build, properdocs_build = (defect_builds[engine, strict] for engine in ENGINES)
        assert len(mkdocs_build.findings) == 14  # 12 warnings and 2 unused terms (info)
        assert mkdocs_build.findings == properdocs_build.findings
    assert sum(line.startswith("WARNING") for line in defect_builds["mkdocs", True].findings) == 12


def test_strict_fails_alike_with_both_engines(defect_builds: dict[tuple[str, bool], Build]) -> None:
    for engine in ENGINES:
        lax, strict = defect_builds[engine, False], defect_builds[engine, True]
        assert lax.returncode == 0, lax.output
        assert (lax.site_dir / "index.html").is_file()
        assert strict.returncode == 1, strict.output
        assert strict.lines[-1] == "Aborted with 12 warnings in strict mode!", engine
