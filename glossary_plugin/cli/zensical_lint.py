"""`glossary-lint` for Zensical projects: the findings of a real `zensical build`.

Zensical runs the extension inside its own process and has no API, so the
linter runs `zensical build --clean` on a shadow copy of the project in a
temporary folder (Zensical writes its site and its `.cache` under the
project's root and accepts no other place) and reads back the findings that
`glossary_plugin.mdext` writes to the file named by `GLOSSARY_LINT_REPORT`
instead of printing them. So the findings are the build's, codes and
`path:line:col` included. The project's own folders are not touched.
"""

from __future__ import annotations

import importlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..core import lint_request
from ..core.candidates import Candidate, Use
from ..core.findings import Diagnostic, printable
from ..core.loader import load_glossary
from ..core.model import Glossary
from ..core.project import display_path
from ..mdext.extension import NAME
from .targets import UsageError, check_glossary_file, resolved, wanted_files

_PLUGIN_NAMES = ("glossary", "glossary_plugin")
_NOT_COPIED = {".git", ".hg", ".svn", ".cache"}
"""Top-level entries of the project the shadow copy leaves out (besides the site folder)."""
TIMEOUT = 3600
"""Seconds a build may take before it is given up (a corpus of 1,000 pages takes about a minute)."""


class _Loader(yaml.SafeLoader):
    """mkdocs.yml may hold tags (`!ENV`, `!!python/name:`) that only MkDocs can build: read them as None."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def _usage_error(message: str) -> Exception:
    return UsageError(message)


def _read_config(config_file: Path) -> dict[str, Any]:
    """The project's settings (the `[project]` table of zensical.toml, or mkdocs.yml), or a UsageError."""
    try:
        text = config_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise _usage_error(f"{config_file.name}: cannot read the config file ({error})") from None
    try:
        if config_file.suffix == ".toml":
            project = _toml(text).get("project", {})
            return project if isinstance(project, dict) else {}
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader subclass
    except Exception as error:  # tomllib.TOMLDecodeError, yaml.YAMLError
        raise _usage_error(f"{config_file.name}: {' '.join(str(error).split())}") from None
    return data if isinstance(data, dict) else {}


def _toml(text: str) -> dict[str, Any]:
    try:  # the standard library's from Python 3.11 on, the version Zensical needs
        tomllib = importlib.import_module("tomllib")
    except ModuleNotFoundError:
        raise ValueError("reading zensical.toml needs Python 3.11 or newer (so does Zensical)") from None
    loaded: dict[str, Any] = tomllib.loads(text)
    return loaded


def _names(entries: object) -> list[str]:
    """The names in a `plugins:` or `markdown_extensions:` setting (a list of names or one-key maps, or a map)."""
    if isinstance(entries, dict):
        return [str(name) for name in entries]
    if not isinstance(entries, list):
        return []
    names = []
    for entry in entries:
        if isinstance(entry, str):
            names.append(entry)
        elif isinstance(entry, dict):
            names.extend(str(name) for name in entry)
    return names


def _extension_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The extension's options when it is enabled, else None."""
    entries = config.get("markdown_extensions")
    if isinstance(entries, dict):  # zensical.toml: a table per extension
        entries = [{name: options} for name, options in entries.items()]
    for entry in entries if isinstance(entries, list) else []:
        if entry == NAME:
            return {}
        if isinstance(entry, dict) and NAME in entry:
            options = entry[NAME]
            return options if isinstance(options, dict) else {}
    return None


def _plugin_options(config: dict[str, Any]) -> dict[str, Any] | None:
    """The glossary plugin's options when `plugins:` lists it (as `glossary` or `glossary_plugin`), else None."""
    entries = config.get("plugins")
    if isinstance(entries, dict):
        entries = [{name: options} for name, options in entries.items()]
    for entry in entries if isinstance(entries, list) else []:
        if entry in _PLUGIN_NAMES:
            return {}
        if isinstance(entry, dict):
            for name in _PLUGIN_NAMES:
                if name in entry:
                    options = entry[name]
                    return options if isinstance(options, dict) else {}
    return None


def mkdocs_installed() -> bool:
    """True when MkDocs (or ProperDocs, which provides it) can be imported: then it can lint an mkdocs.yml."""
    for name in ("mkdocs", "properdocs.replacement"):
        try:
            importlib.import_module(name)
        except ImportError:
            continue
        return True
    return False


def is_zensical_project(config_file: Path) -> bool:
    """True for zensical.toml, and for an mkdocs.yml that enables the extension and no glossary plugin.

    An mkdocs.yml that has both is an MkDocs site (Zensical would ignore the plugin): MkDocs lints it,
    when it is installed; with only Zensical installed, Zensical does.
    """
    if config_file.suffix == ".toml":
        return True
    try:
        config = _read_config(config_file)
    except Exception:  # an unreadable file is MkDocs' to report
        return False
    if _extension_options(config) is None:
        return False
    return _plugin_options(config) is None or not mkdocs_installed()


def not_enabled(config_file: Path) -> str:
    """Why a Zensical build of `config_file` would not use the glossary, and exactly what to write instead.

    For an mkdocs.yml that lists the plugin under `plugins:` (which Zensical drops without a word): the
    place of that entry, and the `markdown_extensions` entry with the same options.
    """
    config = _read_config(config_file)
    options = _plugin_options(config)
    if options is None:
        return f"{config_file.name}: the glossary extension is not enabled: add `{NAME}` under `markdown_extensions`"
    entry: Any = {NAME: options} if options else NAME
    has_extensions = "markdown_extensions" in config
    snippet = yaml.safe_dump(
        [entry] if has_extensions else {"markdown_extensions": [entry]},
        default_flow_style=False,
        sort_keys=False,
        allow_unicode=True,
    )
    place = _plugin_place(config_file)
    where = f"{config_file.name}:{place[0]}:{place[1]}: " if place else ""
    with_options = ", with the same options" if options else ""
    lines = [
        f"{where}{config_file.name} lists the glossary plugin under `plugins:`, which Zensical does not run "
        "(it drops MkDocs plugins it does not know without a word).",
        f"For Zensical, put `- {NAME}` under `markdown_extensions:` instead{with_options}"
        + (" (add this entry to the list):" if has_extensions else ":"),
        "",
        *("    " + line for line in snippet.splitlines()),
        "",
        "Keep the `plugins:` entry only if MkDocs builds the site too. See the README's Zensical section.",
    ]
    return "\n".join(lines)


def _plugin_place(config_file: Path) -> tuple[int, int] | None:
    """Line and column of the plugin's entry under `plugins:` in an mkdocs.yml, when it can be found."""
    try:
        node = yaml.compose(config_file.read_text(encoding="utf-8-sig"), Loader=_Loader)
    except Exception:  # unreadable: the message goes without a place
        return None
    if not isinstance(node, yaml.MappingNode):
        return None
    for key, value in node.value:
        if key.value != "plugins":
            continue
        items = value.value if isinstance(value, (yaml.SequenceNode, yaml.MappingNode)) else []
        for item in items:
            named = item[0] if isinstance(item, tuple) else item
            if isinstance(named, yaml.MappingNode) and named.value:
                named = named.value[0][0]
            if isinstance(named, yaml.ScalarNode) and named.value in _PLUGIN_NAMES:
                return named.start_mark.line + 1, named.start_mark.column + 1
    return None


@dataclass
class Linted:
    """A Zensical lint run: the findings, and what `--suggest` and `--fix` need from the build."""

    diagnostics: list[Diagnostic]
    glossary: Glossary | None
    """The glossary as the build read it; None when it did not compile (no page was checked)."""
    candidates: list[Candidate]
    """The missing-term candidates, most used first, as the build reported them."""
    docs_dir: Path
    glossary_file: Path


def lint(config_file: Path, files: list[Path] | None = None) -> list[Diagnostic]:
    """Run `zensical build --clean` on a copy of the project; return the glossary's findings.

    With `files`, only findings on those files are returned and the
    whole-site checks are off, unless the glossary or the config file is
    among them (an edit to either can change every page).
    """
    return run(config_file, files).diagnostics


def run(config_file: Path, files: list[Path] | None = None) -> Linted:
    """`lint`, keeping what the build reported for `--suggest` and `--fix`."""
    config_file = Path(os.path.abspath(config_file))
    root = config_file.parent
    config = _read_config(config_file)
    options = _extension_options(config)
    if options is None:
        raise _usage_error(not_enabled(config_file))
    shown = str(options.get("glossary_file") or "glossary.yaml")
    glossary_file = Path(os.path.normpath(root / shown))
    check_glossary_file(glossary_file, shown, config_file.name)
    wanted = wanted_files(files, whole_site_if_named={glossary_file, config_file})
    report = _build(config_file, config, glossary_file, whole_site=True)  # as for MkDocs sites: then kept
    diagnostics = [Diagnostic(**entry) for entry in report["diagnostics"]]
    if wanted is not None:
        diagnostics = [d for d in diagnostics if resolved(root, d.path) in wanted]
    records = report.get("candidates")
    glossary = None
    if isinstance(records, list):  # None: the glossary did not compile
        glossary, _ = load_glossary(glossary_file, display_path(glossary_file, root), config_file.name)
    docs_dir = Path(os.path.normpath(root / str(config.get("docs_dir") or "docs")))
    candidates = [_candidate(record) for record in records or []]
    return Linted(diagnostics, glossary, candidates, docs_dir, glossary_file)


def _candidate(record: dict[str, Any]) -> Candidate:
    """A candidate as the build reported it (`suggestions.records`), for `suggestions.fragment`.

    The record lists the other spellings most used first, without their counts: decreasing counts keep
    that order (the fragment reads them only in order)."""
    name = str(record["name"])
    others = [str(spelling) for spelling in record["spellings"]]
    spellings = {spelling: len(others) - index for index, spelling in enumerate(others)}
    return Candidate(
        name=name,
        first=Use(path="", abs_path=None, needle=name, occurrence=0),
        uses=int(record["uses"]),
        pages=dict.fromkeys(str(page) for page in record["pages"]),
        spellings={name: len(others) + 1, **spellings},
        long_form=record["long_form"],
        long_form_term=record["term_of_long_form"],
        kinds={str(kind) for kind in record["kinds"]},
        where=record["first_use"],
    )


def _build(config_file: Path, config: dict[str, Any], glossary_file: Path, whole_site: bool) -> dict[str, Any]:
    """The report of one clean Zensical build of a shadow copy of the project."""
    command = _zensical()
    with tempfile.TemporaryDirectory(prefix="glossary-lint-zensical-") as temporary:
        shadow = Path(temporary) / config_file.parent.name
        _shadow_copy(config_file, config, glossary_file, shadow)
        report_file = Path(temporary) / "report.json"
        request = lint_request.LintRequest(whole_site=whole_site, report_file=report_file)
        environment = {**os.environ, **lint_request.environment(request)}
        try:
            result = subprocess.run(
                [*command, "build", "--clean", "-f", config_file.name],
                cwd=shadow,
                env=environment,
                capture_output=True,
                text=True,
                timeout=TIMEOUT,
                check=False,
            )
        except subprocess.TimeoutExpired:
            raise _usage_error(f"zensical build took more than {TIMEOUT} s; gave up") from None
        if result.returncode != 0:
            raise _usage_error(f"the site's Zensical build failed: {_why(result.stdout + result.stderr)}")
        if not report_file.is_file():
            raise _usage_error(
                f"{config_file.name}: Zensical built the site without the glossary extension "
                f"(is `{NAME}` installed in Zensical's Python, {' '.join(command)}?)"
            )
        report: dict[str, Any] = json.loads(report_file.read_text(encoding="utf-8"))
    _notes(report)
    return report


def _notes(report: dict[str, Any]) -> None:
    """The extension's messages that are not findings: a bad option stops the lint, the others are shown."""
    notes = report.get("notes", [])
    errors = [note["message"] for note in notes if note["severity"] == "error"]
    if errors:
        raise _usage_error("; ".join(errors))
    for note in notes:
        # A note may show an example on lines of its own: each line is prefixed, so none can start
        # a command (GitHub reads `::error` after leading spaces too), and printable.
        for line in str(note["message"]).split("\n"):
            print(printable(f"glossary-lint: {line}"), file=sys.stderr)


def _why(output: str) -> str:
    """The lines of Zensical's output that say what went wrong (it prints progress lines too)."""
    lines = [" ".join(line.split()) for line in output.splitlines() if line.strip()]
    telling = [line for line in lines if any(word in line.lower() for word in ("error", "fail", "abort"))]
    return "; ".join((telling or lines)[-3:]) or "no message"


def _zensical() -> list[str]:
    """The `zensical` command beside the running Python, else on PATH."""
    beside = Path(sys.executable).parent / "zensical"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("zensical")
    if found:
        return [found]
    raise _usage_error("Zensical is not installed: `pip install zensical` (it needs Python 3.11 or newer)")


def _shadow_copy(config_file: Path, config: dict[str, Any], glossary_file: Path, shadow: Path) -> None:
    """The project under `shadow`, without its site folder and cache.

    What Zensical reads and the extension reports paths of (the config, the
    docs folder, the glossary) is hard-linked or copied into the shadow, so
    every path resolves inside it; every other top-level entry (theme
    overrides, snippets, ...) is a symbolic link to the original.
    """
    root = config_file.parent
    docs_dir = Path(os.path.normpath(root / str(config.get("docs_dir") or "docs")))
    site_dir = Path(os.path.normpath(root / str(config.get("site_dir") or "site")))
    shadow.mkdir()
    _mirror(root, shadow, copied={config_file, docs_dir, glossary_file}, left_out={site_dir, root / ".cache"})


def _mirror(folder: Path, shadow: Path, copied: set[Path], left_out: set[Path]) -> None:
    """`folder`'s entries under `shadow`: copied, left out, or linked; folders holding either are walked."""
    for entry in sorted(folder.iterdir()):
        target = shadow / entry.name
        if entry in left_out or entry.name in _NOT_COPIED:
            continue
        if entry in copied:
            if entry.is_dir():
                shutil.copytree(entry, target, symlinks=True, copy_function=_link_or_copy)
            else:
                _link_or_copy(str(entry), str(target))
        elif entry.is_dir() and not entry.is_symlink() and any(p.is_relative_to(entry) for p in copied | left_out):
            target.mkdir()
            _mirror(entry, target, copied, left_out)
        else:
            target.symlink_to(entry, target_is_directory=entry.is_dir())


def _link_or_copy(source: str, target: str) -> str:
    """A hard link (no bytes copied) where the file system allows it, else a copy."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
    return target
