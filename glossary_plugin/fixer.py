"""`glossary-lint --fix` and `--diff`: avoided spellings rewritten to the terms' names in the Markdown sources.

The places come from the build's own `avoided-spelling` findings, which are
found in prose only (never in code, links or markup) and placed at their exact
line and column in the source. Before it changes anything, the fixer checks
that the source holds the avoided spelling there (case folded, a hyphen and a
space alike), as a whole word, outside front matter, comments, link targets,
HTML tags, code spans, fenced code and URLs. Every other byte of the file is
kept: its line endings, its byte order mark, its other text. A file is written
only when it changes, through a temporary file in its folder that then
replaces it, and never outside docs_dir.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from .findings import AVOIDED_SPELLING, Diagnostic
from .model import Glossary, Term
from .sourcemap import text_view

_LINE_END = re.compile(r"\r\n|\r|\n")
_FENCE = re.compile(r"^[ \t>]*(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)")
_BOM = "\ufeff"


@dataclass
class FileFix:
    """The changes to one file."""

    path: Path
    """The real path of the file (inside docs_dir)."""
    shown: str
    """As reported (`docs/guide.md`)."""
    old: str
    new: str = ""
    fixed: int = 0


@dataclass
class Plan:
    """Everything --fix would change, and the findings it leaves alone (with why)."""

    files: list[FileFix] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    @property
    def changed(self) -> list[FileFix]:
        return [file for file in self.files if file.new != file.old]

    @property
    def fixed(self) -> int:
        return sum(file.fixed for file in self.files)


def plan(diagnostics: list[Diagnostic], glossary: Glossary, config_dir: Path, docs_dir: Path) -> Plan:
    """The edits for every avoided-spelling finding, per file."""
    result = Plan()
    docs = Path(os.path.realpath(docs_dir))
    by_file: dict[Path, tuple[str, list[Diagnostic]]] = {}
    for diagnostic in diagnostics:
        if diagnostic.code != AVOIDED_SPELLING:
            continue
        real = Path(os.path.realpath(config_dir / diagnostic.path))
        if not real.is_relative_to(docs) or not real.is_file():
            result.skipped.append(f"{_place(diagnostic)}: not a page under docs_dir; fix it by hand")
            continue
        by_file.setdefault(real, (diagnostic.path, []))[1].append(diagnostic)
    for real, (shown, found) in sorted(by_file.items(), key=lambda item: item[1][0]):
        fix = _fix_file(real, shown, found, glossary, result.skipped)
        if fix is not None:
            result.files.append(fix)
    return result


def _fix_file(
    real: Path, shown: str, diagnostics: list[Diagnostic], glossary: Glossary, skipped: list[str]
) -> FileFix | None:
    try:
        old = real.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        skipped.append(f"{shown}:1:1: cannot read the file as UTF-8 ({error}); nothing fixed in it")
        return None
    fix = FileFix(real, shown, old)
    source = _Source(old)
    edits: list[tuple[int, int, str]] = []
    for diagnostic in sorted(set(diagnostics), key=lambda item: (item.line, item.column)):
        term = glossary.lookup(diagnostic.suggestion or "")
        edit = source.edit(diagnostic, term) if term else "the term it names is not in the glossary"
        if isinstance(edit, str):
            skipped.append(f"{_place(diagnostic)}: not fixed: {edit}")
        elif edits and edit[0] < edits[-1][1]:
            skipped.append(f"{_place(diagnostic)}: not fixed: it overlaps another fix")
        else:
            edits.append(edit)
    pieces, position = [], 0
    for start, end, replacement in edits:
        pieces += [old[position:start], replacement]
        position = end
    fix.new = "".join(pieces) + old[position:]
    fix.fixed = len(edits)
    return fix


def _place(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}"


class _Source:
    """A file's text as written (line endings kept), and the same text as the source mapper reads it."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.bom = len(_BOM) if raw.startswith(_BOM) else 0
        body = raw[self.bom :]
        self.starts = [self.bom, *(self.bom + found.end() for found in _LINE_END.finditer(body))]
        lines = _LINE_END.split(body)
        self.normal = "\n".join(lines)
        """With every line ending as '\\n' (as Python reads text), so that its columns are the mapper's."""
        self.normal_starts = [0]
        for line in lines[:-1]:
            self.normal_starts.append(self.normal_starts[-1] + len(line) + 1)
        self.view = text_view(self.normal)
        self.code_lines = _code_lines(lines)
        self.lines = lines

    def edit(self, diagnostic: Diagnostic, term: Term) -> tuple[int, int, str] | str:
        """The edit for one finding, or why there is none."""
        line, column = diagnostic.line, diagnostic.column
        if not 1 <= line <= len(self.lines) or not 1 <= column <= len(self.lines[line - 1]) + 1:
            return "the place is not in the file (was it changed since the lint?)"
        at = self.normal_starts[line - 1] + column - 1
        found = _spelling_at(self.normal, at, term)
        if found is None:
            return "the source does not hold an avoided spelling there"
        end = found.end()
        if "\0" in self.view[at:end]:
            return "it is in front matter, a comment, a link target or an HTML tag"
        if _in_code(self.lines, self.code_lines, line, column, end - at):
            return "it is in code"
        if _in_url(self.normal, at, end):
            return "it is in a URL"
        # The same place in the file as written: only line endings differ before it.
        start = self.starts[line - 1] + column - 1
        raw_end = start + len(_raw_span(self.raw, start, found.group()))
        return start, raw_end, _cased(found.group("word"), term) + found.group("plural")


def _spelling_at(text: str, at: int, term: Term) -> re.Match[str] | None:
    """The longest avoided spelling of `term` that starts at `at`, as a whole word (maybe plural)."""
    for spelling in sorted(term.avoid, key=len, reverse=True):
        words = [re.escape(word) for word in re.split(r"[\s\-\u2010\u2011]+", spelling) if word]
        pattern = r"(?<![\w-])(?P<word>" + r"[\s\-\u2010\u2011]+".join(words) + r")(?P<plural>(?:e?s)?)(?!\w)"
        found = re.compile(pattern, re.IGNORECASE).match(text, at)
        if found is not None:
            return found
    return None


def _raw_span(raw: str, start: int, normal: str) -> str:
    """The text as written that reads as `normal` (which has '\\n' where the file may have '\\r\\n')."""
    end, index = start, 0
    while index < len(normal):
        if normal[index] == "\n" and raw.startswith("\r\n", end):
            end += 2
        else:
            end += 1
        index += 1
    return raw[start:end]


def _cased(written: str, term: Term) -> str:
    """The term's name in the written text's case, where that is unambiguous."""
    name = term.name
    if term.case_sensitive or name != name.lower():
        return name  # the name's own capitals are part of it
    letters = [char for char in written if char.isalpha()]
    if len(letters) > 1 and all(char.isupper() for char in letters):
        return name.upper()
    if letters and letters[0].isupper() and all(not char.isupper() for char in letters[1:]):
        return name[:1].upper() + name[1:]  # a capital at the start of a sentence
    return name


def _code_lines(lines: list[str]) -> set[int]:
    """The 1-based numbers of the lines inside fenced code blocks (fences included)."""
    inside: set[int] = set()
    fence = ""
    for number, line in enumerate(lines, start=1):
        opening = _FENCE.match(line)
        if fence:
            inside.add(number)
            if opening and opening.group(1)[0] == fence[0] and len(opening.group(1)) >= len(fence):
                fence = ""
        elif opening:
            fence = opening.group(1)
            inside.add(number)
    return inside


def _in_code(lines: list[str], code_lines: set[int], line: int, column: int, length: int) -> bool:
    if line in code_lines:
        return True
    start = column - 1
    return any(span.start() < start + length and start < span.end() for span in _CODE_SPAN.finditer(lines[line - 1]))


def _in_url(text: str, start: int, end: int) -> bool:
    """True when the text at start:end is part of a URL (a run without white space, brackets or quotes
    that holds '://', 'mailto:' or starts with 'www.')."""
    left = max(text.rfind(char, 0, start) for char in " \t\n<([\"'") + 1
    ends = (text.find(char, end) for char in " \t\n>)]\"'")
    right = min((index for index in ends if index >= 0), default=len(text))
    word = text[left:right]
    return "://" in word or word.startswith("www.") or "mailto:" in word


def diff(plan_: Plan) -> str:
    """The changes as a unified diff (paths as reported, `a/` and `b/` before them)."""
    chunks: list[str] = []
    for file in plan_.changed:
        chunks += difflib.unified_diff(
            file.old.splitlines(keepends=True),
            file.new.splitlines(keepends=True),
            fromfile=f"a/{file.shown}",
            tofile=f"b/{file.shown}",
        )
    text = "".join(chunks)
    return text if not text or text.endswith("\n") else text + "\n"


def write(plan_: Plan) -> list[str]:
    """Write each changed file: a temporary file beside it, then replacing it (its mode kept).

    Returns a line for each file that could not be written (it is left as it was).
    """
    problems = []
    for file in plan_.changed:
        try:
            _replace(file.path, file.new.encode("utf-8"))
        except OSError as error:
            problems.append(
                f"{file.shown}:1:1: cannot write the fixed file ({error.strerror or error}); it is unchanged"
            )
    return problems


def _replace(path: Path, content: bytes) -> None:
    mode = stat.S_IMODE(os.stat(path).st_mode)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
