"""`glossary-lint --import csv FILE`: a CSV glossary as `glossary.yaml` entries, printed for review.

The first row is a header when every cell in it names a column this module knows (the shapes of
`export_csv`: `term`, `description` or `definition`, `aliases`, `avoid`, `see`, `case sensitive`,
`term_<lang>` and the like, Phrase's `translatable` and locale codes); else, in a file of two
columns, the rows are read as `term,definition`. With `lang`, the entries are that language's
(`term_<lang>`, `description_<lang>`...: a `glossary.<lang>.yaml`), and the default language's term
becomes an alias where it differs, so that the export pairs them again.

Cells are read as `export_csv` writes them: the formula guard's apostrophe is taken away
(`export_csv.unguard`) and lists are split on `|`. Every value is written double-quoted, with
escapes for line breaks, control and bidi characters, so no cell can add a key or an entry or
hide what it holds. The result is checked with the glossary's own loader, and each of the loader's
errors is reported at the CSV cell it comes from: `file:line:col: message`.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from .export_csv import split_names, unguard
from .findings import printable
from .loader import parse_glossary
from .model import Glossary

_LOCALE = re.compile(r"^[a-z]{2,3}(?:[-_][a-z0-9]{2,8})*$")
_SUFFIXED = re.compile(r"^(term|description|aliases|avoid|case sensitive)_([a-z]{2,3}(?:[-_][a-z0-9]{2,8})*)$")
_PLAIN = {"term", "description", "definition", "aliases", "avoid", "see", "case sensitive", "case_sensitive"}
# Escaped in YAML double-quoted strings: C0 and C1 controls, DEL, line and paragraph separators, bidi
# embeddings, overrides and isolates, the byte-order mark, and what is no character (surrogates, U+FFFE/F).
_TO_ESCAPE = re.compile(
    '[\\\\"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff\ufffe\uffff]'
)
_SHORT = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_LINE_END = re.compile(r"\r\n|\r|\n")
_IGNORED = {"translatable", "source", "target"}
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0", ""}


@dataclass
class Result:
    """What an import gives: the YAML (empty when there are errors), errors and notes, each one line."""

    yaml: str = ""
    errors: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    terms: int = 0


@dataclass(frozen=True)
class _Cell:
    value: str
    line: int
    column: int


def _header_key(cell: str) -> str:
    return " ".join(cell.strip().lower().split())


def _is_header(row: list[str]) -> bool:
    keys = [_header_key(cell) for cell in row if cell.strip()]
    known = all(key in _PLAIN or key in _IGNORED or _SUFFIXED.match(key) or _LOCALE.match(key) for key in keys)
    names_a_term = any(key == "term" or key.startswith("term_") for key in keys)
    return bool(keys) and known and names_a_term


def _delimiter(text: str, path: str) -> str:
    if path.lower().endswith(".tsv"):
        return "\t"
    first = text.split("\n", 1)[0]
    return "\t" if "\t" in first and "," not in first else ","


def _records(text: str, delimiter: str, result: Result, path: str) -> list[list[_Cell]]:
    """The rows, each cell with the line and column where it starts; a malformed row is an error."""
    starts = [0] + [match.end() for match in _LINE_END.finditer(text)]  # as csv's reader splits lines
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[_Cell]] = []
    first_line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            result.errors.append(
                f"{path}:{reader.line_num}:1: the CSV cannot be read here ({error}); a cell that holds "
                f'the delimiter, a quote or a line break must be in double quotes, with each quote inside doubled ("")'
            )
            return rows
        places = _cell_places(text, starts[first_line - 1], delimiter, len(row), first_line)
        rows.append([_Cell(value, *place) for value, place in zip(row, places, strict=True)])
        first_line = reader.line_num + 1
    return rows


def _cell_places(text: str, offset: int, delimiter: str, count: int, line: int) -> list[tuple[int, int]]:
    """Where each of the `count` cells of the record starting at `offset` starts (line, column; 1-based)."""
    places = [(line, 1)]
    column = 1
    quoted = False
    index = offset
    while len(places) < count and index < len(text):
        char = text[index]
        if char == '"':
            quoted = not quoted
        elif char == delimiter and not quoted:
            places.append((line, column + 1))
        if char == "\n":
            line, column = line + 1, 1
        else:
            column += 1
        index += 1
    return places


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    return _SHORT.get(char) or (f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")


def _scalar(value: str) -> str:
    """`value` as a YAML double-quoted string on one line: escapes for the backslash and the quote, and
    for what a reader could not see or YAML cannot hold raw (as `findings.printable` shows them)."""
    return '"' + _TO_ESCAPE.sub(_escape, value) + '"'


def _flow(values: list[str]) -> str:
    return "[" + ", ".join(_scalar(value) for value in values) + "]"


class _Columns:
    """Which column holds what, for the language asked for."""

    def __init__(self, header: list[str], lang: str | None) -> None:
        keys = [_header_key(cell) for cell in header]
        self.index = {key: number for number, key in reversed(list(enumerate(keys)))}
        suffix = f"_{lang.lower()}" if lang else None
        if lang is None and "term" not in self.index:
            first = next((key for key in keys if key.startswith("term_")), None)
            suffix = first[len("term") :] if first else None
        self.name = self._find(f"term{suffix}", lang.lower() if lang else None) if suffix else self._find("term")
        self.definition = self._find(f"description{suffix}") if suffix else self._find("description", "definition")
        self.aliases = self._find(f"aliases{suffix}" if lang else "aliases")
        self.avoid = self._find(f"avoid{suffix}" if lang else "avoid")
        self.see = None if lang else self._find("see")
        self.case = self._find(f"case sensitive{suffix}") if lang else self._find("case sensitive", "case_sensitive")
        self.source_name = self._find("term") if lang else None
        used = {self.name, self.definition, self.aliases, self.avoid, self.see, self.case, self.source_name}
        self.unused = [header[n] for n in range(len(header)) if n not in used and header[n].strip()]

    def _find(self, *keys: str | None) -> int | None:
        for key in keys:
            if key is not None and key in self.index:
                return self.index[key]
        return None


def _cell(row: list[_Cell], index: int | None) -> _Cell | None:
    if index is None or index >= len(row):
        return None
    cell = row[index]
    return _Cell(unguard(cell.value), cell.line, cell.column)


def convert(text: str, path: str, lang: str | None = None, existing: Glossary | None = None) -> Result:
    """The CSV `text` (read from `path`) as glossary entries; see the module's docstring.

    With `existing` (the glossary the entries are for), each entry with a name or alias it already
    has gets a note that says where, to merge by hand."""
    result = Result()
    rows = _records(text.lstrip("\ufeff"), _delimiter(text, path), result, path)
    if result.errors:
        return result
    rows = [row for row in rows if any(cell.value.strip() for cell in row)]
    if not rows:
        result.errors.append(f"{path}:1:1: the file holds no rows; export a glossary as CSV with a header row first")
        return result
    if _is_header([cell.value for cell in rows[0]]):
        header, data = [cell.value for cell in rows[0]], rows[1:]
    elif all(len(row) == 2 for row in rows):
        header, data = ["term", "definition"], rows
        result.notes.append(f"{path}: no header row; reading the two columns as term, definition")
    else:
        result.errors.append(
            f"{path}:1:1: the first row is not a header, so the columns are unknown; add a header row "
            "naming them: term, description, aliases, avoid, see, case sensitive (see the README)"
        )
        return result
    columns = _Columns(header, lang)
    if columns.name is None:
        wanted = f"term_{lang}' or '{lang}" if lang else "term"
        result.errors.append(
            f"{path}:1:1: no '{wanted}' column in the header ({', '.join(header)}); "
            + (f"is '{lang}' the language of a column?" if lang else "name the column of the terms 'term'")
        )
        return result
    if columns.unused:
        result.notes.append(f"{path}: columns not imported: {', '.join(columns.unused)}")
    lines, places = _yaml_lines(data, columns, path, result)
    if result.errors:
        return result
    yaml_text = "\n".join(lines) + "\n"
    glossary, problems = parse_glossary(yaml_text, "import")
    for problem in problems:
        line, column = places.get(problem.line, (1, 1))
        message = f"{path}:{line}:{column}: {problem.message}"
        (result.errors if problem.code == "glossary-invalid" else result.notes).append(message)
    if not result.errors:
        result.yaml, result.terms = yaml_text, len(glossary)
        if existing is not None:
            result.notes += _already_known(glossary, existing, places, path)
    return result


def _already_known(imported: Glossary, existing: Glossary, places: dict[int, tuple[int, int]], path: str) -> list[str]:
    notes = []
    for term in imported.terms:
        for name in term.names:
            known = existing.lookup(name)
            if known is not None:
                line, column = places.get(term.location.line, (1, 1))
                notes.append(
                    f"{path}:{line}:{column}: '{name}' of term '{term.name}' is already in {existing.source} as term "
                    f"'{known.name}' (line {known.location.line}); merge the two entries by hand"
                )
                break
    return notes


def _yaml_lines(
    data: list[list[_Cell]], columns: _Columns, path: str, result: Result
) -> tuple[list[str], dict[int, tuple[int, int]]]:
    """The YAML's lines, and for each line number the CSV cell (line, column) it comes from."""
    lines = [
        f"# Imported from {printable(path)} by glossary-lint --import: review, then add these terms to the glossary.",
        "terms:",
    ]
    places: dict[int, tuple[int, int]] = {}

    def add(text: str, cell: _Cell) -> None:
        lines.append(text)
        places[len(lines)] = (cell.line, cell.column)

    untranslated = 0
    for row in data:
        name = _cell(row, columns.name)
        if columns.source_name is not None and (name is None or not name.value.strip()):
            untranslated += 1  # a default term not translated yet
            continue
        if name is None or not name.value.strip():
            place = row[0]
            result.errors.append(
                f"{path}:{place.line}:{place.column}: this row has no term; write one or delete the row"
            )
            continue
        definition = _cell(row, columns.definition)
        if definition is None or not definition.value.strip():
            where = definition or name
            result.errors.append(
                f"{path}:{where.line}:{where.column}: term '{printable(name.value.strip())}' has no description; "
                "write one"
            )
            continue
        key = _scalar(name.value.strip())
        if len(key) > 1024:  # YAML's limit for a simple key
            add(f"  ? {key}", name)
            add("  :", name)
        else:
            add(f"  {key}:", name)
        add(f"    definition: {_scalar(definition.value)}", definition)
        aliases_cell = _cell(row, columns.aliases)
        aliases = split_names(aliases_cell.value) if aliases_cell else []
        source = _cell(row, columns.source_name)
        if source is not None and source.value.strip() and source.value.strip() not in (name.value.strip(), *aliases):
            aliases.append(source.value.strip())
        if aliases:
            add(f"    aliases: {_flow(aliases)}", aliases_cell or source or name)
        for field_name, index in (("avoid", columns.avoid), ("see", columns.see)):
            cell = _cell(row, index)
            if cell is not None and split_names(cell.value):
                add(f"    {field_name}: {_flow(split_names(cell.value))}", cell)
        case = _cell(row, columns.case)
        if case is not None:
            flag = case.value.strip().lower()
            if flag in _TRUE:
                add("    case_sensitive: true", case)
            elif flag not in _FALSE:
                result.errors.append(
                    f"{path}:{case.line}:{case.column}: 'case sensitive' is '{printable(case.value)}'; "
                    "write true or false"
                )
    if untranslated:
        result.notes.append(f"{path}: {untranslated} row(s) have no term in this language; left out")
    return lines, places
