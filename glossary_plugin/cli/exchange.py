"""`glossary-lint --export csv|tsv|tbx|json` and `--import csv FILE`: the glossary in and out of
translators' tools.

The formats are the core's (`core/export_*.py`, `core/import_csv.py`); this module reads the command
line, finds the glossary the site's config names (and `glossary.<lang>.yaml` beside it for a language
pair), and prints. Nothing is built and no file is written unless `--output` names one. It plugs
into `glossary-lint`'s parser with `add_arguments(parser)`; `run(args)` returns the exit status, or
None when neither option was given (the lint run goes on).
"""

from __future__ import annotations

import argparse
import importlib
import os
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from ..core import export_csv, export_json, export_tbx, import_csv, interchange
from ..core.findings import GLOSSARY_INVALID, printable
from ..core.loader import GlossaryError, load_glossary
from ..core.model import Glossary
from ..core.project import config_files_sentence, display_path, find_config
from ..mdext.extension import NAME as EXTENSION_NAME
from .targets import UsageError, check_glossary_file

_PLUGIN_NAMES = ("glossary", "glossary_plugin")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
_MODIFIERS = ("lang", "source_lang", "shape", "output", "glossary", "no_formula_guard")


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags (`!ENV`, `!!python/name:`) that only MkDocs builds: read them as None."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_ConfigLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The exchange options, as a group of glossary-lint's."""
    group = parser.add_argument_group("exchanging the glossary with translators' tools (see the README)")
    exclusive = group.add_mutually_exclusive_group()
    exclusive.add_argument(
        "--export",
        choices=interchange.FORMATS,
        metavar="FORMAT",
        help="print the glossary as csv, tsv, tbx (TBX-Basic, ISO 30042) or json, and exit",
    )
    exclusive.add_argument(
        "--import",
        dest="import_csv",
        nargs=2,
        metavar=("csv", "FILE"),
        help="print the terms of a CSV glossary as glossary.yaml entries to review (writes nothing), and exit",
    )
    group.add_argument(
        "--lang",
        metavar="LANG",
        help="--export: pair the glossary with glossary.LANG.yaml beside it; --import: read the LANG columns",
    )
    group.add_argument(
        "--source-lang", metavar="LANG", help="language code of the default glossary in exports (default: en)"
    )
    group.add_argument(
        "--shape",
        choices=export_csv.SHAPES + export_tbx.SHAPES,
        help="csv/tsv columns: table (default; every field, read back by --import), crowdin, phrase or deepl; "
        "tbx: basic (default; TBX-Basic, ISO 30042:2019) or weblate (TBX 2008, as Weblate reads it)",
    )
    group.add_argument(
        "--no-formula-guard",
        action="store_true",
        help="csv/tsv: leave cells starting with = + - @ as they are (for tools that are no spreadsheet)",
    )
    group.add_argument("--glossary", metavar="PATH", help="this glossary file instead of the config's")
    group.add_argument("-o", "--output", metavar="FILE", help="write the export or import to FILE, not to stdout")


def run(args: argparse.Namespace) -> int | None:
    """Run `--export` or `--import` when given: the exit status (0, 1 for errors in the input, 2 for usage)."""
    try:
        if args.export is None and args.import_csv is None:
            given = [f"--{name.replace('_', '-')}" for name in _MODIFIERS if getattr(args, name, None)]
            if given:
                raise UsageError(f"{', '.join(given)} go(es) with --export or --import")
            return None
        _check_alone(args)
        return _import(args) if args.import_csv is not None else _export(args)
    except UsageError as error:
        print(printable(f"glossary-lint: {error}"), file=sys.stderr)
        return 2


def _check_alone(args: argparse.Namespace) -> None:
    if getattr(args, "files", None):
        raise UsageError("--export and --import read the glossary, not pages: name no files")
    if getattr(args, "format", "text") != "text":
        raise UsageError("--format chooses how findings are printed; --export names the format: drop --format")
    if any(getattr(args, name, False) for name in ("suggest", "fix", "diff", "print_schema")):
        raise UsageError("--export and --import go alone: drop --suggest, --fix, --diff and --print-schema")
    for option in ("lang", "source_lang"):
        value = getattr(args, option)
        if value is not None and not _LANG.match(value):
            raise UsageError(f"--{option.replace('_', '-')} '{value}' is not a language code such as fr or pt-BR")
    if args.import_csv is not None:
        if args.import_csv[0].lower() != "csv":
            raise UsageError(f"--import reads csv only (not '{args.import_csv[0]}'): --import csv FILE")
        if args.shape or args.source_lang or args.no_formula_guard:
            raise UsageError("--shape, --source-lang and --no-formula-guard go with --export")
        if args.output and os.path.lexists(args.output):
            raise UsageError(
                f"'{args.output}' exists; --import never overwrites a file (your glossary least of all): "
                "name a new file, or leave out -o to print the entries"
            )
    elif args.no_formula_guard and args.export not in ("csv", "tsv"):
        raise UsageError("--no-formula-guard goes with --export csv or --export tsv")
    elif args.shape:
        shapes = export_tbx.SHAPES if args.export == "tbx" else () if args.export == "json" else export_csv.SHAPES
        if args.shape not in shapes:
            allowed = f"one of {', '.join(shapes)}" if shapes else "none"
            raise UsageError(f"--shape {args.shape} is no shape of --export {args.export} ({allowed})")


def _emit(text: str, output: str | None) -> None:
    data = text.encode("utf-8")
    if output:
        try:
            Path(output).write_bytes(data)
        except OSError as error:
            raise UsageError(f"cannot write '{output}': {error.strerror}") from None
        return
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _report(errors: list[GlossaryError]) -> bool:
    """Print the glossary's errors (warnings go by); True when there were any."""
    failing = [error for error in errors if error.code == GLOSSARY_INVALID]
    for error in failing:
        print(printable(str(error)), file=sys.stderr)
    return bool(failing)


def _load(path: Path, root: Path, config_name: str) -> tuple[Glossary, str, bool]:
    shown = display_path(path, root)
    check_glossary_file(path, shown, config_name)
    glossary, errors = load_glossary(path, shown, config_name)
    return glossary, shown, _report(errors)


def _export(args: argparse.Namespace) -> int:
    glossary_file, root, config_name = _glossary_file(args)
    glossary, shown, failed = _load(glossary_file, root, config_name)
    translated = None
    if args.lang:
        other = interchange.translated_path(glossary_file, args.lang)
        if not other.is_file():
            raise UsageError(
                f"no glossary for '{args.lang}': {display_path(other, root)} not found; create it beside "
                f"{shown} (see the README), or export one language without --lang"
            )
        translated, _, failed_too = _load(other, root, config_name)
        failed = failed or failed_too
    if failed:
        print("glossary-lint: the glossary has errors (above); fix them, then export again", file=sys.stderr)
        return 1
    export = interchange.build(glossary, args.source_lang or "en", translated, args.lang)
    text = _render(export, args, shown)
    _emit(text, args.output)
    _notes(export, root)
    print(f"glossary-lint: exported {len(export.entries)} term(s) as {args.export.upper()}", file=sys.stderr)
    return 0


def _render(export: interchange.Export, args: argparse.Namespace, shown: str) -> str:
    if args.export == "json":
        return export_json.render(export, shown)
    if args.export == "tbx":
        for name in export_tbx.unwritable(export):
            print(
                printable(f"glossary-lint: term '{name}' holds a character XML cannot carry; written as U+FFFD"),
                file=sys.stderr,
            )
        return (export_tbx.render_weblate if args.shape == "weblate" else export_tbx.render)(export, shown)
    delimiter = "\t" if args.export == "tsv" else ","
    try:
        return export_csv.render(export, args.shape or "table", delimiter, formula_guard=not args.no_formula_guard)
    except export_csv.ShapeError as error:
        raise UsageError(str(error)) from None


def _notes(export: interchange.Export, root: Path) -> None:
    """What a language pair left out, on stderr."""
    if export.untranslated:
        shown = ", ".join(f"'{name}'" for name in export.untranslated[:5])
        more = f" and {len(export.untranslated) - 5} more" if len(export.untranslated) > 5 else ""
        print(
            printable(
                f"glossary-lint: {len(export.untranslated)} term(s) have no '{export.target_lang}' entry: {shown}{more}"
            ),
            file=sys.stderr,
        )
    for term in export.unpaired:
        print(
            printable(
                f"glossary-lint: '{term.name}' (line {term.location.line}) of the '{export.target_lang}' "
                "glossary names no term of the default glossary, so it is left out; "
                "give it the default term's name as an alias"
            ),
            file=sys.stderr,
        )


def _import(args: argparse.Namespace) -> int:
    name = args.import_csv[1]
    path = Path(name)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read '{name}': {error.strerror}") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = len(data[data.rfind(b"\n", 0, error.start) + 1 : error.start].decode("utf-8", "replace")) + 1
        print(
            f"{printable(name)}:{line}:{column}: byte 0x{data[error.start]:02x} is not UTF-8; "
            "save the file as UTF-8 (CSV UTF-8 in a spreadsheet) and import again",
            file=sys.stderr,
        )
        return 1
    result = import_csv.convert(text, name, args.lang, _existing(args))
    for note in result.notes:
        print(printable(f"glossary-lint: {note}"), file=sys.stderr)
    for problem in result.errors:
        print(printable(problem), file=sys.stderr)
    if result.errors:
        print(f"glossary-lint: {len(result.errors)} error(s); nothing imported", file=sys.stderr)
        return 1
    _emit(result.yaml, args.output)
    print(f"glossary-lint: {result.terms} term(s) to review; nothing was written to the glossary", file=sys.stderr)
    return 0


def _existing(args: argparse.Namespace) -> Glossary | None:
    """The site's glossary (of `--lang`, when given) that imported entries are for, when one is found and
    loads: only to say which entries it already has, so any problem finding it is no error."""
    try:
        glossary_file, root, config_name = _glossary_file(args)
    except UsageError:
        return None
    if args.lang:
        glossary_file = interchange.translated_path(glossary_file, args.lang)
    if not glossary_file.is_file():
        return None
    glossary, _ = load_glossary(glossary_file, display_path(glossary_file, root), config_name)
    return glossary


def _glossary_file(args: argparse.Namespace) -> tuple[Path, Path, str]:
    """The glossary to export, the folder paths are shown from, and the config's name (for messages)."""
    if args.glossary:
        path = Path(os.path.abspath(args.glossary))
        return path, Path.cwd(), "the command line"
    given = getattr(args, "config_file", None)
    if given:
        config_file = Path(os.path.abspath(given))
        if not config_file.is_file():
            raise UsageError(f"config file '{given}' not found")
    else:
        found = find_config(Path.cwd())
        if found is None:
            raise UsageError(
                f"no {config_files_sentence()} in this folder; run from the site's folder, pass -f PATH, "
                "or name the glossary with --glossary PATH"
            )
        config_file = found
    option = _glossary_option(config_file)
    return Path(os.path.normpath(config_file.parent / option)), config_file.parent, config_file.name


def _glossary_option(config_file: Path) -> str:
    """The config's `glossary_file` for the plugin or the extension (default glossary.yaml)."""
    try:
        text = config_file.read_text(encoding="utf-8-sig")
        if config_file.suffix == ".toml":
            loaded = importlib.import_module("tomllib").loads(text).get("project", {})
        else:
            loaded = yaml.load(text, Loader=_ConfigLoader)  # a SafeLoader subclass
    except Exception as error:  # OSError, UnicodeDecodeError, a YAML or TOML error, no tomllib
        raise UsageError(f"{config_file.name}: cannot be read ({' '.join(str(error).split())})") from None
    config: dict[str, Any] = loaded if isinstance(loaded, dict) else {}
    options = _options(config.get("plugins"), _PLUGIN_NAMES)
    if options is None:
        options = _options(config.get("markdown_extensions"), (EXTENSION_NAME,))
    if options is None:
        raise UsageError(
            f"{config_file.name} enables no glossary plugin or extension; add it (see the README), "
            "or name the glossary with --glossary PATH"
        )
    value = options.get("glossary_file", "glossary.yaml")
    if not isinstance(value, str) or not value:
        raise UsageError(
            f"`glossary_file` in {config_file.name} is not a plain path (an !ENV tag?); "
            "name the glossary with --glossary PATH"
        )
    return value


def _options(entries: object, names: tuple[str, ...]) -> dict[str, Any] | None:
    """The options of the first of `names` in a `plugins:` or `markdown_extensions:` setting (list or table)."""
    items = list(entries.items()) if isinstance(entries, dict) else []
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            items.append((entry, {}))
        elif isinstance(entry, dict):
            items.extend(entry.items())
    for name, options in items:
        if name in names:
            return options if isinstance(options, dict) else {}
    return None
