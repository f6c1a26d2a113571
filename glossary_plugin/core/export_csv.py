"""`glossary-lint --export csv|tsv`: the glossary as a table for spreadsheets and translation tools.

Shapes (`--shape`), each as the tool documents its glossary files:

- `table` (default): every column the glossary has, with a header row: `term`, `description`,
  `aliases`, `avoid`, `see`, `case sensitive`; for a language pair also `term_<lang>`,
  `description_<lang>`, `aliases_<lang>`, `avoid_<lang>` and `case sensitive_<lang>`.
  `glossary-lint --import csv` reads it back.
- `crowdin`: `term_<lang>,description_<lang>` for each language, the header being Crowdin's column
  scheme (upload with "first line contains header" and that scheme: Crowdin's upload-glossary API).
- `phrase`: Phrase Strings' term base CSV: the header names only the columns it supports
  (`term`, `description`, `case sensitive`) and one column per locale code holding the term in it.
- `deepl`: a DeepL glossary's entries: no header, one `source,target` row per term (DeepL's
  "entry formats": CSV or TSV, source phrase first). It needs a language pair.

Cells are written as RFC 4180 says (as Python's csv module writes and reads them): a cell holding
the delimiter, a double quote or a line break is put in double quotes, a double quote inside doubled.
Nothing else is changed, with one exception for spreadsheets, which run a cell that starts with
`=`, `+`, `-`, `@`, a tab or a carriage return as a formula (CSV injection): such a cell, and one
that already starts with apostrophes followed by one of those, gets one more apostrophe in front
(`'=1+1`), which spreadsheets show as text. `--import csv` takes exactly that one apostrophe away
again, so every definition comes back byte for byte (`unguard`). `formula_guard=False` leaves cells
as they are, for tools that read cells literally (DeepL's API).

Lists (aliases, avoided spellings, see-also) are one cell with the names separated by `|`; a `|`
or a backslash inside a name is written `\\|` or `\\\\`.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence

from .interchange import Entry, Export, Side

SHAPES = ("table", "crowdin", "phrase", "deepl")
LIST_SEPARATOR = "|"
_FORMULA = re.compile(r"'*[=+\-@\t\r]")


class ShapeError(ValueError):
    """The shape cannot be written for this export (DeepL's needs a language pair)."""


def guard(cell: str) -> str:
    """The cell with one apostrophe in front when a spreadsheet would read it as a formula."""
    return "'" + cell if _FORMULA.match(cell) else cell


def unguard(cell: str) -> str:
    """`guard` undone: one apostrophe less in front of a guarded cell; any other cell as it is."""
    return cell[1:] if cell.startswith("'") and _FORMULA.match(cell) else cell


def join_names(names: Sequence[str]) -> str:
    """Names as one cell: separated by `|`, with `|` and backslash escaped inside a name."""
    return LIST_SEPARATOR.join(name.replace("\\", "\\\\").replace("|", "\\|") for name in names)


def split_names(cell: str) -> list[str]:
    """`join_names` undone (an empty cell is no name)."""
    names: list[str] = []
    current: list[str] = []
    escaped = False
    for char in cell:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == LIST_SEPARATOR:
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    if escaped:  # a lone backslash at the end stands for itself
        current.append("\\")
    names.append("".join(current))
    return [name.strip() for name in names if name.strip()]


Column = tuple[str, Callable[[Entry], str]]


def _translation(entry: Entry, pick: Callable[[Side], str]) -> str:
    return pick(entry.translation) if entry.translation is not None else ""


def columns(export: Export, shape: str) -> tuple[list[Column], bool]:
    """The columns of `shape` (header, cell of an entry), and whether a header row is written."""
    src, tgt = export.source_lang, export.target_lang
    if shape == "deepl":
        if tgt is None:
            raise ShapeError("a DeepL glossary maps one language to another: add --lang LANG (the target language)")
        return [("source", lambda e: e.term.name), ("target", lambda e: _translation(e, lambda s: s.name))], False
    if shape == "crowdin":
        found: list[Column] = [
            (f"term_{src}", lambda e: e.term.name),
            (f"description_{src}", lambda e: e.term.definition),
        ]
        if tgt is not None:
            found += [
                (f"term_{tgt}", lambda e: _translation(e, lambda s: s.name)),
                (f"description_{tgt}", lambda e: _translation(e, lambda s: s.definition)),
            ]
        return found, True
    if shape == "phrase":
        found = [
            ("term", lambda e: e.term.name),
            ("description", lambda e: e.term.definition),
            ("case sensitive", lambda e: "true" if e.term.case_sensitive else "false"),
            (src, lambda e: e.term.name),
        ]
        if tgt is not None:
            found.append((tgt, lambda e: _translation(e, lambda s: s.name)))
        return found, True
    found = [
        ("term", lambda e: e.term.name),
        ("description", lambda e: e.term.definition),
        ("aliases", lambda e: join_names(e.term.aliases)),
        ("avoid", lambda e: join_names(e.term.avoid)),
        ("see", lambda e: join_names(e.term.see)),
        ("case sensitive", lambda e: "true" if e.term.case_sensitive else "false"),
    ]
    if tgt is not None:
        found += [
            (f"term_{tgt}", lambda e: _translation(e, lambda s: s.name)),
            (f"description_{tgt}", lambda e: _translation(e, lambda s: s.definition)),
            (f"aliases_{tgt}", lambda e: _translation(e, lambda s: join_names(s.aliases))),
            (f"avoid_{tgt}", lambda e: _translation(e, lambda s: join_names(s.avoid))),
            (f"case sensitive_{tgt}", lambda e: _translation(e, lambda s: "true" if s.case_sensitive else "false")),
        ]
    return found, True


def render(export: Export, shape: str = "table", delimiter: str = ",", formula_guard: bool = True) -> str:
    """The export as CSV (`delimiter` ",") or TSV ("\\t"), lines ending in CRLF as RFC 4180 says."""
    found, header = columns(export, shape)
    entries = export.entries
    if shape == "deepl":  # a term without a translation has no DeepL entry
        entries = tuple(entry for entry in entries if entry.translation is not None)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    if header:
        writer.writerow([name for name, _ in found])
    cell = guard if formula_guard else str
    for entry in entries:
        writer.writerow([cell(pick(entry)) for _, pick in found])
    return out.getvalue()
