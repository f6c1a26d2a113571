"""`glossary-lint --suggest`: glossary entries for the missing terms, as YAML to review and append.

One entry per candidate, most used first. A candidate whose long form is
known becomes a real entry (the long form as its definition, the spellings
seen as aliases); one without a definition is written as a commented-out entry
that says what to fill in, so appending the fragment to glossary.yaml adds
nothing undefined. Every name and alias is quoted by the YAML writer where
YAML would read it as something else (`NO`, `ON`), and written on one line; the
comments show page paths and names as printable text. So no name, long form or
file name can add an entry or end the one it is in.
"""

from __future__ import annotations

import re
import sys

import yaml

from .candidates import Candidate
from .findings import printable, unicode_escaped
from .model import Glossary, fold

_INDENT = re.compile(r"^terms[ \t]*:[ \t]*(?:#.*)?\n(?:[ \t]*(?:#.*)?\n)*([ \t]+)\S", re.MULTILINE)


def indentation(glossary_text: str | None) -> str:
    """The indentation of the glossary file's terms (two spaces when it has none yet)."""
    found = _INDENT.search(glossary_text or "")
    return found.group(1) if found else "  "


def fragment(candidates: list[Candidate], glossary: Glossary, indent: str = "  ") -> str:
    """The YAML fragment: entries to append under `terms:` in glossary.yaml."""
    if not candidates:
        return "# glossary-lint --suggest: no missing terms found\n"
    lines = [
        "",
        "# glossary-lint --suggest: candidate terms, most used first. Review each entry;",
        "# the commented-out ones need a definition before they can be used.",
    ]
    taken = {fold(name) for name in glossary.all_names()}
    for candidate in candidates:
        taken.add(fold(candidate.name))
    for candidate in candidates:
        lines += [indent + line if line else line for line in _entry(candidate, taken, indent)]
    return "\n".join(lines) + "\n"


def _entry(candidate: Candidate, taken: set[str], indent: str) -> list[str]:
    """The lines of one entry (without the terms' indentation)."""
    where = f"'{candidate.name}': {_uses(candidate)}"
    if candidate.long_form_term:
        return [
            _comment(f"{where}; it spells out the term '{candidate.long_form_term}':"),
            _comment(f"add '{candidate.name}' to the aliases of '{candidate.long_form_term}'"),
        ]
    aliases = []
    for variant in candidate.variants:
        if fold(variant) not in taken:
            taken.add(fold(variant))
            aliases.append(variant)
    body_lines = [
        *_key(candidate.name),
        f"{indent}definition: {_scalar(_definition(candidate.long_form or '...'))}",
    ]
    if aliases:
        body_lines.append(f"{indent}aliases: [{', '.join(_scalar(alias) for alias in aliases)}]")
    if candidate.name != candidate.name.lower():
        body_lines.append(f"{indent}case_sensitive: true")
    if candidate.long_form:
        return [_comment(where), *body_lines]
    return [
        _comment(where),
        "# no long form found: write its definition, then uncomment the entry",
        *("# " + line for line in body_lines),
    ]


def _comment(text: str) -> str:
    """A YAML comment: a line break in `text` would end it, and start an entry of its own."""
    return f"# {printable(text)}"


def _key(name: str) -> list[str]:
    """The line (two, for a key longer than YAML's 1,024 characters: `? key` then `:`) that opens an entry."""
    key = _scalar(name)
    return [f"{key}:"] if len(key) <= 1024 else [f"? {key}", ":"]


def _scalar(value: str) -> str:
    """`value` as YAML on one line, quoted where YAML would read it as something else (`NO`, `1.0`, `a: b`).

    Plain or single-quoted where that shows it as it is; else double-quoted, with escapes for
    line breaks and control characters (which YAML folds, or which a terminal acts on).
    """
    plain = yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=sys.maxsize).strip()[1:-1]
    if printable(plain) == plain:
        return plain
    return unicode_escaped(yaml.safe_dump(value, default_style='"', allow_unicode=True, width=sys.maxsize).strip())


def _uses(candidate: Candidate) -> str:
    uses = f"{candidate.uses} use{'s' if candidate.uses != 1 else ''}"
    pages = sorted(candidate.pages)
    shown = ", ".join(pages[:3]) + (f" and {len(pages) - 3} more" if len(pages) > 3 else "")
    first = f", first at {candidate.where}" if candidate.where else ""
    return f"{uses} on {shown}{first}"


def _definition(long_form: str) -> str:
    """The long form as a sentence: capital first, full stop last."""
    text = " ".join(long_form.split())
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def records(candidates: list[Candidate]) -> list[dict[str, object]]:
    """The candidates as data (`glossary-lint --suggest --format json`): what the YAML says, for tools."""
    return [
        {
            "name": candidate.name,
            "long_form": candidate.long_form,
            "term_of_long_form": candidate.long_form_term,
            "uses": candidate.uses,
            "pages": list(candidate.pages),
            "spellings": candidate.variants,
            "kinds": sorted(candidate.kinds),
            "first_use": candidate.where,
        }
        for candidate in candidates
    ]
