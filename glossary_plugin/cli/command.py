"""`glossary-lint`: the build's glossary findings, printed for CI and editors.

It loads mkdocs.yml with MkDocs' own loader and runs MkDocs' real build
(every plugin, hook and Markdown extension) into a temporary folder that is
thrown away, with the plugin's findings collected instead of logged. So its
findings are the build's, whatever other plugins do to the pages. Nothing is
written into the site's folders.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import os
import re
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..core import fixer, lint_request, suggestions
from ..core.findings import Diagnostic, build_threshold, failing, json_text, printable
from ..core.project import config_files_sentence, display_path, find_config
from . import exchange, sarif, zensical_lint
from .targets import UsageError, check_glossary_file, resolved, wanted_files

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from ..core.candidates import Candidate
    from ..core.model import Glossary
    from ..plugin.plugin import GlossaryPlugin

FORMATS = ("text", "json", "github", "sarif")
SCHEMA = Path(__file__).parent.parent / "schema" / "glossary.schema.json"
_GITHUB_LEVEL = {"error": "error", "warn": "warning", "info": "notice"}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="glossary-lint",
        description="Check the glossary terms of an MkDocs site: the build's own checks, with nothing written.",
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="report findings on these pages only (whole-site checks such as unused-term are off)",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        help=f"the site's config file (default: the first of {config_files_sentence()} in this folder)",
    )
    parser.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    parser.add_argument(
        "--fail-on",
        choices=("info", "warn", "error"),
        default="warn",
        help="exit with status 1 when a finding is at this level or above (default: warn)",
    )
    actions = parser.add_mutually_exclusive_group()
    actions.add_argument(
        "--suggest",
        action="store_true",
        help="print glossary entries (YAML) for the missing terms, most used first, to review and append",
    )
    actions.add_argument(
        "--fix",
        action="store_true",
        help="rewrite each avoided spelling in the Markdown sources to its term's name (never in code or markup)",
    )
    actions.add_argument("--diff", action="store_true", help="print what --fix would change, as a unified diff")
    parser.add_argument(
        "--print-schema",
        action="store_true",
        help="print the JSON Schema of glossary.yaml (for editor completion) and exit",
    )
    parser.add_argument("--version", action="version", version=f"glossary-lint {__version__}")
    exchange.add_arguments(parser)
    args = parser.parse_args(argv)
    if (code := exchange.run(args)) is not None:
        return code
    if args.print_schema:
        print(SCHEMA.read_text(encoding="utf-8"), end="")
        return 0
    try:
        config_file = _find_config(args.config_file)
        if (args.suggest and args.format not in ("text", "json")) or (
            (args.fix or args.diff) and args.format != "text"
        ):
            raise UsageError(
                "--format chooses how findings are printed: --suggest prints YAML (or, with --format json, JSON), "
                "--fix and --diff print changes; drop --format"
            )
        if args.suggest and args.files:
            raise UsageError("--suggest reads the whole site: name no files")
        result = run(config_file, [Path(name) for name in args.files] or None)
    except UsageError as error:
        # A message may show an example on lines of its own: each line is prefixed and printable.
        for line in str(error).split("\n"):
            print(printable(f"glossary-lint: {line}"), file=sys.stderr)
        return 2
    diagnostics = result.diagnostics
    if (args.suggest or args.fix or args.diff) and result.glossary is not None:
        return _suggest(result, as_json=args.format == "json") if args.suggest else _fix(result, write=args.fix)
    diagnostics.sort(key=lambda diagnostic: diagnostic.sort_key)
    print(render(diagnostics, args.format, config_file.parent), end="")
    failed = failing(diagnostics, args.fail_on)
    print(_summary(diagnostics, len(failed)), file=sys.stderr)
    return 1 if failed else 0


def _find_config(given: str | None) -> Path:
    if given:
        path = Path(given)
        if not path.is_file():
            raise UsageError(f"config file '{given}' not found")
        return Path(os.path.abspath(path))
    found = find_config(Path.cwd())
    if found is None:
        raise UsageError(f"no {config_files_sentence()} in this folder; run from the site's folder or pass -f PATH")
    return found


class _Records(logging.Handler):
    """Keeps the messages MkDocs logs at one level or above, instead of printing them."""

    def __init__(self, level: int) -> None:
        super().__init__(level=level)
        self.messages: list[str] = []
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = " ".join(record.getMessage().split())
        self.messages.append(message)
        if record.levelno >= logging.ERROR and not message.startswith("Aborted with"):
            self.errors.append(message)


@contextmanager
def _quiet(*names: str, level: int = logging.WARNING) -> Iterator[_Records]:
    """MkDocs' own log records kept aside (the build's business, not the linter's), put back afterwards."""
    records = _Records(level)
    saved = []
    for name in names:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate, logger.handlers[:]))
        logger.handlers = [records]
        logger.propagate = False
    try:
        yield records
    finally:
        for logger, propagate, handlers in saved:
            logger.handlers = handlers
            logger.propagate = propagate


@dataclass
class Result:
    """A lint run: its findings, and what --suggest and --fix need of the build (MkDocs' or Zensical's)."""

    diagnostics: list[Diagnostic]
    glossary: Glossary | None
    """The glossary the build compiled; None when it did not compile (then the findings are printed)."""
    candidates: list[Candidate]
    """The missing-term candidates, most used first."""
    config_dir: Path
    docs_dir: Path
    glossary_file: Path


def lint(config_file: Path, files: list[Path] | None = None) -> list[Diagnostic]:
    """Run MkDocs' real build of the site into a temporary folder and return the glossary's findings.

    Every plugin, hook and Markdown extension runs as in `mkdocs build`, so
    the findings are the build's. With `files`, only findings on those files
    are returned and the whole-site checks are off.
    """
    return run(config_file, files).diagnostics


def run(config_file: Path, files: list[Path] | None = None) -> Result:
    """`lint`, keeping the build (its glossary and candidate terms) and the site's folders."""
    if zensical_lint.is_zensical_project(config_file):  # Zensical's own build, with the Markdown extension
        linted = zensical_lint.run(config_file, files)
        return Result(
            linted.diagnostics,
            linted.glossary,
            linted.candidates,
            config_file.parent,
            linted.docs_dir,
            linted.glossary_file,
        )
    _import_mkdocs(config_file)
    from mkdocs.config import load_config

    with _quiet("mkdocs", "properdocs") as records:
        try:
            config = load_config(str(config_file))
        except Exception as error:  # ConfigurationError, a YAML error, a missing theme...
            reason = "; ".join(records.errors) or str(error)
            raise UsageError(f"{config_file.name}: {' '.join(reason.split())}") from None
    plugin = _glossary_plugin(config)
    glossary_file = Path(os.path.normpath(config_file.parent / plugin.settings.glossary_file))
    wanted = wanted_files(files, whole_site_if_named={glossary_file, config_file})
    check_glossary_file(glossary_file, plugin.settings.glossary_file, config_file.name)
    # Named files or not, the whole site is checked, so a named file gets exactly the findings a
    # whole-site run reports on it (missing-term counts uses over every page); then they are kept.
    with lint_request.linting(lint_request.LintRequest(whole_site=True)):
        diagnostics = _build(plugin, config)
    if wanted is not None:
        diagnostics = [d for d in diagnostics if resolved(config_file.parent, d.path) in wanted]
    docs_dir = Path(os.path.abspath(config.docs_dir))
    build = plugin.build if plugin.build is not None and not plugin.build.fatal else None
    glossary = build.glossary if build is not None else None
    candidates = build.missing_terms.reported() if build is not None else []
    return Result(diagnostics, glossary, candidates, config_file.parent, docs_dir, glossary_file)


def _suggest(result: Result, as_json: bool) -> int:
    """Print the glossary entries for the missing terms (YAML to review and append, or JSON for tools)."""
    assert result.glossary is not None
    try:
        text: str | None = result.glossary_file.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        text = None
    candidates = result.candidates
    if as_json:
        print(json_text(suggestions.records(candidates)), end="")
    else:
        print(suggestions.fragment(candidates, result.glossary, suggestions.indentation(text)), end="")
    print(f"glossary-lint: {len(candidates)} candidate term(s)", file=sys.stderr)
    return 0


def _fix(result: Result, write: bool) -> int:
    """Rewrite (or, without `write`, show as a diff) the avoided spellings; 1 when any is left."""
    assert result.glossary is not None
    plan = fixer.plan(result.diagnostics, result.glossary, result.config_dir, result.docs_dir)
    for reason in plan.skipped:
        print(printable(reason), file=sys.stderr)
    changed = plan.changed
    if write:
        problems = fixer.write(plan)
        for problem in problems:
            print(printable(problem), file=sys.stderr)
        written = [file for file in changed if not any(problem.startswith(f"{file.shown}:") for problem in problems)]
        fixed = sum(file.fixed for file in written)
        print(f"glossary-lint: fixed {fixed} avoided spelling(s) in {len(written)} file(s)", file=sys.stderr)
        return 1 if plan.skipped or problems else 0
    print(fixer.diff(plan), end="")
    print(f"glossary-lint: {plan.fixed} avoided spelling(s) to fix in {len(changed)} file(s)", file=sys.stderr)
    return 1 if changed or plan.skipped else 0


def _build(plugin: GlossaryPlugin, config: MkDocsConfig) -> list[Diagnostic]:
    """`mkdocs build` into a folder that is thrown away; the plugin's findings, collected."""
    from mkdocs.commands.build import build
    from mkdocs.exceptions import MkDocsException

    with tempfile.TemporaryDirectory(prefix="glossary-lint-") as site_dir, _quiet("mkdocs", "properdocs") as records:
        config.site_dir = site_dir
        try:
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except Exception as error:
            if plugin.build is not None and isinstance(error, MkDocsException) and _reported(plugin):
                return plugin.findings()  # the glossary's own errors stopped it
            raise UsageError(_failure(error, records.messages, _docs_display(config), Path(config.docs_dir))) from None
    assert plugin.build is not None
    return plugin.findings()  # every language's, on a translated site


def _reported(plugin: GlossaryPlugin) -> bool:
    """True when the build stopped on an error the glossary plugin found (and so has reported)."""
    return plugin.build is not None and bool(failing(plugin.findings(), build_threshold(strict=False)))


_PAGE_ERROR = re.compile(r"Error reading page '(?P<page>[^']+)': (?P<reason>.*)")


def _docs_display(config: MkDocsConfig) -> str:
    return display_path(config.docs_dir, Path(os.path.abspath(config.config_file_path or ".")).parent)


_UNDECODABLE = re.compile(r"can't decode byte 0x[0-9a-f]{2} in position (\d+)")


def _failure(error: Exception, messages: list[str], docs: str, docs_dir: Path) -> str:
    """One line saying why the build could not run, at the page MkDocs could not read when it says which."""
    for message in messages:
        page = _PAGE_ERROR.match(message)
        if page:
            line, column = _undecodable_place(docs_dir / page["page"], page["reason"])
            return (
                f"{docs}/{page['page']}:{line}:{column}: the page cannot be built: {page['reason']}; "
                "fix it and lint again"
            )
    reason = str(error).strip() or type(error).__name__
    logged = [message for message in messages if message and message not in reason]
    detail = f" ({logged[-1]})" if logged else ""
    return f"the site's build failed: {' '.join(reason.split())}{detail}"


def _undecodable_place(path: Path, reason: str) -> tuple[int, int]:
    """Where the byte that is not UTF-8 is, when that is why a page cannot be read (the codec names its offset)."""
    found = _UNDECODABLE.search(reason)
    if found is None:
        return 1, 1
    try:
        data = path.read_bytes()
    except OSError:
        return 1, 1
    offset = int(found.group(1))
    start = data.rfind(b"\n", 0, offset) + 1
    column = len(data[start:offset].decode("utf-8", "replace")) + 1
    return data.count(b"\n", 0, offset) + 1, column


def _import_mkdocs(config_file: Path) -> None:
    """Make `mkdocs` importable where only ProperDocs is installed."""
    try:
        import mkdocs  # noqa: F401
    except ImportError:
        try:
            import properdocs.replacement  # noqa: F401
        except ImportError:
            if importlib.util.find_spec("zensical") is not None:
                # A Zensical user's mkdocs.yml without the extension (`plugins: [glossary_plugin]` is dropped by
                # Zensical without a word): what to write instead.
                raise UsageError(zensical_lint.not_enabled(config_file)) from None
            raise UsageError("neither MkDocs nor ProperDocs is installed") from None


def _glossary_plugin(config: object) -> GlossaryPlugin:
    from ..plugin.plugin import GlossaryPlugin

    plugins = getattr(config, "plugins", {})
    for plugin in plugins.values():
        if isinstance(plugin, GlossaryPlugin):
            return plugin
    raise UsageError("the glossary plugin is not enabled: add `- glossary_plugin` under `plugins:` in the config file")


def render(diagnostics: list[Diagnostic], output_format: str, config_dir: Path) -> str:
    """The diagnostics as the chosen format prints them."""
    if output_format == "json":
        return json_text([diagnostic.as_dict() for diagnostic in diagnostics])
    if output_format == "github":
        root = _repository_root(config_dir)
        return "".join(_github_line(diagnostic, config_dir, root) + "\n" for diagnostic in diagnostics)
    if output_format == "sarif":
        root = _repository_root(config_dir)
        return sarif.render(diagnostics, lambda diagnostic: _from_root(diagnostic, config_dir, root))
    return "".join(_text_line(diagnostic) + "\n" for diagnostic in diagnostics)


def _text_line(d: Diagnostic) -> str:
    """`path:line:col: severity: code: message`, on one line whatever the names in it hold."""
    return printable(f"{d.path}:{d.line}:{d.column}: {d.severity}: {d.code}: {d.message}")


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
    shown = _from_root(diagnostic, config_dir, root)
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


def _from_root(diagnostic: Diagnostic, config_dir: Path, root: Path) -> str:
    """The diagnostic's file relative to the repository root (as it is reported, when outside it)."""
    path = (config_dir / diagnostic.path).resolve()
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else diagnostic.path


def _escape_data(text: str) -> str:
    """A workflow command's message: shown as printable text, then with GitHub's own escapes.

    GitHub decodes `%25`, `%0D` and `%0A` (so a raw `%` must be escaped too); a line break,
    already shown as `\\n`, could otherwise start a command of its own.
    """
    return printable(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,`, which end it."""
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
