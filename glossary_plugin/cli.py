"""`glossary-lint`: the plugin's checks without building the site, for CI and editors.

It loads mkdocs.yml, renders each page's Markdown exactly as a build does
(same extensions, same plugin code for the glossary), and prints the
findings instead of logging them. Nothing is written.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .findings import Diagnostic, at_least

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .plugin import GlossaryPlugin

FORMATS = ("text", "json", "github")
SCHEMA = Path(__file__).parent / "schema" / "glossary.schema.json"
_GITHUB_LEVEL = {"error": "error", "warn": "warning", "info": "notice"}


class UsageError(Exception):
    """A problem with the command line or mkdocs.yml: exit status 2."""


class _ErrorRecords(logging.Handler):
    """Keeps the messages of error records (MkDocs logs config errors, then raises)."""

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="glossary-lint",
        description="Check glossary terms in an MkDocs site without building it.",
    )
    parser.add_argument("-f", "--config-file", help="the site's config file (default: mkdocs.yml, else properdocs.yml)")
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--fail-on",
        choices=("warn", "error"),
        default="warn",
        help="exit with status 1 when a finding is at this level or above (default: warn)",
    )
    parser.add_argument(
        "--print-schema",
        action="store_true",
        help="print the JSON Schema of glossary.yaml (for editor completion) and exit",
    )
    args = parser.parse_args(argv)
    if args.print_schema:
        print(SCHEMA.read_text(encoding="utf-8"), end="")
        return 0
    try:
        config_file = _find_config(args.config_file)
        diagnostics = lint(config_file)
    except UsageError as error:
        print(f"glossary-lint: {error}", file=sys.stderr)
        return 2
    diagnostics.sort(key=lambda diagnostic: diagnostic.sort_key)
    print(render(diagnostics, args.format, config_file.parent), end="")
    failing = [diagnostic for diagnostic in diagnostics if at_least(diagnostic.severity, args.fail_on)]
    print(_summary(diagnostics, len(failing)), file=sys.stderr)
    return 1 if failing else 0


def _find_config(given: str | None) -> Path:
    if given:
        path = Path(given)
        if not path.is_file():
            raise UsageError(f"config file '{given}' not found")
        return path.resolve()
    for name in ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml"):
        if Path(name).is_file():
            return Path(name).resolve()
    raise UsageError("no mkdocs.yml in this folder; run from the site's folder or pass -f PATH")


def lint(config_file: Path) -> list[Diagnostic]:
    """Run every check on the site configured by `config_file`."""
    _import_mkdocs()
    from mkdocs.config import load_config

    # MkDocs logs about the pages it renders (broken relative links and the
    # like); that is the build's business, not the linter's. Its config
    # errors are kept to say why the config file cannot be used.
    config_errors = _ErrorRecords()
    for name in ("mkdocs", "properdocs"):
        logging.getLogger(name).addHandler(config_errors)
        logging.getLogger(name).propagate = False
    try:
        config = load_config(str(config_file))
    except Exception as error:  # ConfigurationError, a YAML error, a missing theme...
        reason = "; ".join(config_errors.messages) or str(error)
        raise UsageError(f"{config_file.name}: {' '.join(reason.split())}") from None
    finally:
        for name in ("mkdocs", "properdocs"):
            logging.getLogger(name).removeHandler(config_errors)
            logging.getLogger(name).addHandler(logging.NullHandler())
    plugin = _glossary_plugin(config)
    # MkDocs keeps one plugin instance per process (for `mkdocs serve`), so
    # put back what is changed here.
    plugin.log_findings = False  # printed by the CLI instead
    try:
        return _check_pages(plugin, config)
    finally:
        plugin.log_findings = True


def _check_pages(plugin: GlossaryPlugin, config: MkDocsConfig) -> list[Diagnostic]:
    """Render each page as a build would and run the plugin's checks on it."""
    from mkdocs.structure.files import get_files, set_exclusions
    from mkdocs.structure.nav import get_navigation
    from mkdocs.structure.pages import Page

    plugin.start_run(config)
    run = plugin.run
    assert run is not None
    files = get_files(config)
    # File.generated() records which plugin made a file; MkDocs sets that while
    # it runs an event, and here only this plugin's events run.
    config.plugins._current_plugin = "glossary"
    files = plugin.on_files(files, config=config)
    set_exclusions(files, config)
    get_navigation(files, config)
    for file in files.documentation_pages():
        page = file.page if file.page is not None else Page(None, file, config)
        page.read_source(config)
        page.render(config, files)
        page.content = plugin.on_page_content(page.content or "", page=page, config=config, files=files)
    plugin.link_pages()  # what on_env does in a build
    run.finish()
    return list(run.diagnostics)


def _import_mkdocs() -> None:
    """Make `mkdocs` importable where only ProperDocs is installed."""
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        try:
            import properdocs.replacement  # noqa: F401
        except ImportError:
            raise UsageError("neither MkDocs nor ProperDocs is installed") from None


def _glossary_plugin(config: object) -> GlossaryPlugin:
    from .plugin import GlossaryPlugin

    plugins = getattr(config, "plugins", {})
    for plugin in plugins.values():
        if isinstance(plugin, GlossaryPlugin):
            return plugin
    raise UsageError("the glossary plugin is not enabled: add `- glossary` under `plugins:` in the config file")


def render(diagnostics: list[Diagnostic], output_format: str, config_dir: Path) -> str:
    """The diagnostics as the chosen format prints them."""
    if output_format == "json":
        return json.dumps([diagnostic.as_dict() for diagnostic in diagnostics], indent=2, ensure_ascii=False) + "\n"
    if output_format == "github":
        root = _repository_root(config_dir)
        return "".join(_github_line(diagnostic, config_dir, root) + "\n" for diagnostic in diagnostics)
    return "".join(f"{diagnostic}\n" for diagnostic in diagnostics)


def _repository_root(start: Path) -> Path:
    """The enclosing git work tree (GitHub names files relative to it), else `start`."""
    workspace = os.environ.get("GITHUB_WORKSPACE")
    if workspace and start.resolve().is_relative_to(Path(workspace).resolve()):
        return Path(workspace).resolve()
    for folder in (start.resolve(), *start.resolve().parents):
        if (folder / ".git").exists():
            return folder
    return start.resolve()


def _github_line(diagnostic: Diagnostic, config_dir: Path, root: Path) -> str:
    """A workflow command that GitHub shows as an annotation on the line."""
    path = (config_dir / diagnostic.path).resolve()
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else diagnostic.path
    level = _GITHUB_LEVEL.get(diagnostic.severity, "notice")
    properties = ",".join(
        f"{key}={_escape_property(value)}"
        for key, value in (
            ("file", shown),
            ("line", str(diagnostic.line)),
            ("col", str(diagnostic.column)),
            ("title", f"glossary: {diagnostic.code}"),
        )
    )
    return f"::{level} {properties}::{_escape_data(diagnostic.message)}"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _summary(diagnostics: list[Diagnostic], failing: int) -> str:
    if not diagnostics:
        return "glossary-lint: no findings"
    counts: dict[str, int] = {}
    for diagnostic in diagnostics:
        counts[diagnostic.severity] = counts.get(diagnostic.severity, 0) + 1
    detail = ", ".join(f"{count} {severity}" for severity, count in counts.items())
    verdict = f"{failing} at the failing level" if failing else "none at the failing level"
    return f"glossary-lint: {len(diagnostics)} finding(s) ({detail}); {verdict}"


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
