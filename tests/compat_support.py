"""Helpers shared by the test_compat_* modules (this module holds no tests).

- `run_build`: build a project with the `mkdocs` or the `properdocs` command in a subprocess, as users do.
  ProperDocs aliases every `mkdocs.*` import to `properdocs.*` for the rest of the process, so it never runs
  inside the test process.
- `project_from`: a copy of the demo (or of a fixture) in a temporary folder, with its configuration
  file under the name each engine looks for and any options overridden (through MkDocs' `INHERIT`, so the
  original file is used as it is).
- `content_of`: the main content column of a page, for each supported theme.
- `broken_links`: follows every link of the built site and reports those whose file or anchor is missing.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sysconfig
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import yaml
from bs4 import BeautifulSoup, Tag

from .conftest import ROOT

FIXTURES = Path(__file__).parent / "fixtures" / "compat"
ENGINES = ("mkdocs", "properdocs")
THEMES = ("mkdocs", "readthedocs", "material")
CONFIG_NAMES = {"mkdocs": "mkdocs.yml", "properdocs": "properdocs.yml"}
# Where each theme puts the page's own content (everything else is the theme's navigation and chrome).
CONTENT_SELECTORS = {
    "mkdocs": "div[role=main]",
    "readthedocs": "div[role=main]",
    "material": "article.md-content__inner",
}
ASSETS = ("assets/glossary_plugin/glossary.css", "assets/glossary_plugin/glossary.js")
FINDING_MARK = "glossary_plugin: "
# Variables that silence the "switch to ProperDocs" banner: removed, so a banner would show.
_BANNER_SWITCHES = ("DISABLE_MKDOCS_2_WARNING", "NO_MKDOCS_2_WARNING")


def command(name: str) -> Path:
    """A console command installed in the Python environment that runs the tests."""
    path = Path(sysconfig.get_path("scripts")) / name
    assert path.is_file(), f"{name} is not installed in this environment ({path})"
    return path


def subprocess_env(**extra: str) -> dict[str, str]:
    """The environment for a child process: no banner switches and no PYTHONPATH pointing at the checkout."""
    env = {key: value for key, value in os.environ.items() if key not in (*_BANNER_SWITCHES, "PYTHONPATH")}
    env.update(extra)
    return env


@dataclass(frozen=True)
class Build:
    """The outcome of one `mkdocs build` or `properdocs build`."""

    engine: str
    returncode: int
    output: str
    """Standard output and standard error, in the order they were written."""
    site_dir: Path

    @property
    def lines(self) -> list[str]:
        return [line.rstrip() for line in self.output.splitlines() if line.strip()]

    @property
    def findings(self) -> list[str]:
        """The plugin's log lines (`LEVEL -  glossary_plugin: path:line:col: code: message`), in order."""
        return [line for line in self.lines if FINDING_MARK in line]


def run_build(engine: str, project: Path, *args: str, timeout: float = 300) -> Build:
    """Run `<engine> build ARGS` in `project`, into `project/site`."""
    assert engine in ENGINES, engine
    completed = subprocess.run(
        [str(command(engine)), "build", *args],
        cwd=project,
        env=subprocess_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=timeout,
        check=False,
    )
    return Build(engine, completed.returncode, completed.stdout, project / "site")


def project_from(
    source: Path,
    target: Path,
    engine: str = "mkdocs",
    config: str = "mkdocs.yml",
    copy: Iterable[str] = ("docs", "glossary.yaml"),
    **overrides: Any,
) -> Path:
    """Copy the parts `copy` of the project in `source` to `target`, and write its configuration there.

    The configuration is named for `engine` (`mkdocs.yml` or `properdocs.yml`). With `overrides`, it
    inherits the original file (MkDocs' and ProperDocs' `INHERIT`) and sets those options on top.
    """
    target.mkdir(parents=True, exist_ok=True)
    for name in copy:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(path, target / name)
    config_path = target / CONFIG_NAMES[engine]
    if not overrides:
        shutil.copy2(source / config, config_path)
        return target
    shutil.copy2(source / config, target / "base.yml")
    config_path.write_text(yaml.safe_dump({"INHERIT": "base.yml", **overrides}, sort_keys=False), encoding="utf-8")
    return target


def demo_project(target: Path, engine: str = "mkdocs", **overrides: Any) -> Path:
    """A copy of the repository's demo (docs/, glossary.yaml and its configuration)."""
    return project_from(ROOT, target, engine, **overrides)


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def content_of(page: BeautifulSoup | Path, theme: str = "mkdocs") -> Tag:
    """The main content of a built page in `theme`."""
    soup = soup_of(page) if isinstance(page, Path) else page
    main = soup.select_one(CONTENT_SELECTORS[theme])
    assert main is not None, f"no {CONTENT_SELECTORS[theme]} in the page"
    return main


def html_pages(site_dir: Path) -> list[Path]:
    """Every HTML file of a built site, in a stable order."""
    return sorted(site_dir.rglob("*.html"))


def glossary_links(main: Tag) -> list[tuple[str, str, str, str]]:
    """The plugin's links in a page's content: (term, text, href, tooltip), in document order."""
    return [
        (str(link.get("data-glossary-term", "")), link.get_text(), str(link["href"]), str(link.get("title", "")))
        for link in main.select("a.glossary-term")
    ]


def forbidden_ancestors(element: Tag, names: Iterable[str], classes: Iterable[str] = ()) -> list[str]:
    """The enclosing elements of `element` that are among `names` or carry one of `classes`."""
    names, classes = set(names), set(classes)
    found = []
    for parent in element.parents:
        parent_classes = set(parent.get("class") or [])
        if parent.name in names or parent_classes & classes:
            found.append(parent.name + "".join(f".{name}" for name in sorted(parent_classes & classes)))
    return found


# -- following links ---------------------------------------------------------


@functools.lru_cache(maxsize=512)
def _anchors(path: Path, mtime_ns: int) -> frozenset[str]:
    soup = soup_of(path)
    ids = {str(tag["id"]) for tag in soup.find_all(id=True)}
    names = {str(tag["name"]) for tag in soup.find_all("a", attrs={"name": True})}
    return frozenset(ids | names)


def anchors_of(path: Path) -> frozenset[str]:
    """The ids (and `a name`s) a link's fragment can point at in the page `path`."""
    return _anchors(path, path.stat().st_mtime_ns)


@dataclass(frozen=True)
class LinkCheck:
    """What following the links of a site found."""

    checked: int
    broken: list[str]


def resolve(site_dir: Path, base_url: str, page: Path, href: str) -> tuple[Path | None, str] | None:
    """The file and fragment `href` on `page` points at; None for another host.

    `base_url` is where `site_dir` is served (the `site_url`, sub-path included). A URL that names a
    folder is that folder's `index.html`, as a web server serves it. The file is None for a URL on the
    same host but outside `base_url`'s path: no file of the site is there.
    """
    page_url = urljoin(base_url, page.relative_to(site_dir).as_posix())
    target = urlsplit(urljoin(page_url, href))
    base = urlsplit(base_url)
    if (target.scheme, target.netloc) != (base.scheme, base.netloc):
        return None
    path = unquote(target.path)
    if not path.startswith(base.path):
        return None, unquote(target.fragment)
    relative = path[len(base.path) :]
    file = site_dir / relative
    if not relative or relative.endswith("/") or file.is_dir():
        file = file / "index.html"
    return file, unquote(target.fragment)


def broken_links(
    site_dir: Path,
    base_url: str = "http://localhost/",
    selector: str = "a[href]",
    pages: Iterable[Path] | None = None,
) -> LinkCheck:
    """Follow every link matched by `selector` on every page; report each whose file or anchor is missing.

    Also follows the plugin's stylesheet and script on every page. Links to other hosts are not followed.
    """
    checked, broken = 0, []
    for page in html_pages(site_dir) if pages is None else pages:
        soup = soup_of(page)
        references = [(str(link["href"]), True) for link in soup.select(selector)]
        references += [
            (str(tag.get("href") or tag.get("src")), False)
            for tag in soup.select("link[href], script[src]")
            if str(tag.get("href") or tag.get("src")).split("?")[0].endswith(ASSETS)
        ]
        for href, check_fragment in references:
            resolved = resolve(site_dir, base_url, page, href)
            if resolved is None:
                continue
            file, fragment = resolved
            where = f"{page.relative_to(site_dir).as_posix()}: {href}"
            checked += 1
            if file is None:
                broken.append(f"{where} (outside the site at {base_url})")
            elif not file.is_file():
                broken.append(f"{where} (no file {file})")
            elif check_fragment and fragment and fragment not in anchors_of(file):
                broken.append(f"{where} (no #{fragment} in {file.relative_to(site_dir).as_posix()})")
    return LinkCheck(checked, broken)
