"""`glossary-lint --fix` and `--diff`: avoided spellings rewritten to the terms' names in the Markdown sources.

The places come from the build's own `avoided-spelling` findings. An occurrence
is rewritten only when a finding points exactly at it (the source holds an
avoided spelling there, case folded, a hyphen and a space alike), the source
map in `prose_map` calls it prose (not front matter, code, markup, labels,
definitions, paths, alt text or attributes), and the findings of the term on
the page are as many as the places where the linter can see the spelling:
otherwise findings and places cannot be paired. Every finding left is reported
("could not place it in the source with certainty; fix it by hand"). Every other
byte of the file is kept: its line endings, its byte order mark, its other text.
A file is written only when it changes, through a temporary file in its folder
that then replaces it, and never outside docs_dir.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
import tempfile
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from . import prose_map
from .findings import AVOIDED_SPELLING, Diagnostic, printable
from .model import Glossary, Term

_LINE_END = re.compile(r"\r\n|\r|\n")
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
    by_term: dict[str, tuple[Term, list[Diagnostic]]] = {}
    for diagnostic in diagnostics:
        term = glossary.lookup(diagnostic.suggestion or "")
        if term is None:
            skipped.append(_not_fixed(diagnostic, "the term it names is not in the glossary"))
        else:
            by_term.setdefault(term.name, (term, []))[1].append(diagnostic)
    edits: list[_Edit] = []
    for term, found in by_term.values():
        edits += source.edits(term, found, skipped)
    pieces, position = [], 0
    for start, end, replacement, diagnostic in sorted(edits, key=lambda edit: edit[:2]):
        if start < position:  # two terms' spellings share words: the first one wins
            skipped.append(_not_fixed(diagnostic, "it overlaps another fix"))
            continue
        pieces += [old[position:start], replacement]
        position = end
        fix.fixed += 1
    fix.new = "".join(pieces) + old[position:]
    return fix


def _place(diagnostic: Diagnostic) -> str:
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}"


def _not_fixed(diagnostic: Diagnostic, why: str) -> str:
    return f"{_place(diagnostic)}: {AVOIDED_SPELLING} not fixed: {why}; fix it by hand"


UNPLACED = "could not place it in the source with certainty"
_Edit = tuple[int, int, str, Diagnostic]
"""Start and end in the file as written, the new text, and the finding it fixes."""


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
        self.lines = lines
        self.classes = prose_map.classify(self.normal)

    def edits(self, term: Term, diagnostics: list[Diagnostic], skipped: list[str]) -> list[_Edit]:
        """The edits for the findings of one term in this file; the others go to `skipped`, with why.

        An occurrence is rewritten only when a finding points exactly at it, it
        is prose, and the findings are as many as the places in the source
        where the linter can see the spelling: else they cannot be paired.
        """
        spellings = _spellings(term)  # once per term: hashing the term costs its avoided spellings
        found = prose_map.occurrences(self.normal, self.classes, spellings)
        # The linker reports nothing in a bare URL: such occurrences pair with no finding.
        found = [occurrence for occurrence in found if occurrence.kind != prose_map.URL]
        unsure = [occurrence for occurrence in found if occurrence.kind == prose_map.UNSURE]
        if unsure or len(diagnostics) != len(found):
            skipped += [_not_fixed(diagnostic, UNPLACED) for diagnostic in diagnostics]
            return []
        by_start = {occurrence.start: occurrence for occurrence in found}
        aimed = Counter(self.offset(diagnostic) for diagnostic in diagnostics)
        result = []
        for diagnostic in diagnostics:
            at = self.offset(diagnostic)
            occurrence = by_start.get(at) if at is not None and aimed[at] == 1 else None
            if occurrence is None:
                skipped.append(_not_fixed(diagnostic, UNPLACED))
            elif occurrence.kind != prose_map.PROSE:
                skipped.append(_not_fixed(diagnostic, prose_map.WHY_SHOWN[occurrence.kind]))
            else:
                result.append((*self.edit(occurrence, term, spellings), diagnostic))
        return result

    def offset(self, diagnostic: Diagnostic) -> int | None:
        """Where the finding points in the normalised text; None when that is not in the file."""
        line, column = diagnostic.line, diagnostic.column
        if not 1 <= line <= len(self.lines) or not 1 <= column <= len(self.lines[line - 1]):
            return None
        return self.normal_starts[line - 1] + column - 1

    def edit(self, occurrence: prose_map.Occurrence, term: Term, spellings: re.Pattern[str]) -> tuple[int, int, str]:
        found = spellings.match(self.normal, occurrence.start)
        assert found is not None and found.end() == occurrence.end
        # The same place in the file as written: only line endings differ before it.
        line = bisect_right(self.normal_starts, occurrence.start)
        start = self.starts[line - 1] + occurrence.start - self.normal_starts[line - 1]
        raw_end = start + len(_raw_span(self.raw, start, found.group()))
        return start, raw_end, _cased(found.group("word"), term) + found.group("plural")


@lru_cache(maxsize=64)
def _spellings(term: Term) -> re.Pattern[str]:
    """Any avoided spelling of `term` as a whole word (maybe plural), the longest first."""
    alternatives = []
    for spelling in sorted(term.avoid, key=len, reverse=True):
        words = [re.escape(word) for word in re.split(r"[\s\-\u2010\u2011]+", spelling) if word]
        alternatives.append(r"[\s\-\u2010\u2011]+".join(words))
    pattern = r"(?<![\w-])(?P<word>" + "|".join(alternatives) + r")(?P<plural>(?:e?s)?)(?!\w)"
    return re.compile(pattern, re.IGNORECASE)


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


def diff(plan_: Plan) -> str:
    """The changes as a unified diff (paths as reported, `a/` and `b/` before them)."""
    chunks: list[str] = []
    for file in plan_.changed:
        chunks += difflib.unified_diff(
            file.old.splitlines(keepends=True),
            file.new.splitlines(keepends=True),
            fromfile=f"a/{printable(file.shown)}",
            tofile=f"b/{printable(file.shown)}",
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
