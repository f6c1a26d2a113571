"""What the editor shows: hovers, completions and glossary entry stubs, from the glossary's terms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..core.candidates import Candidate
from ..core.loader import ALIAS_KEYS, TERM_KEYS, TOP_KEYS
from ..core.model import Glossary, Term, fold
from ..core.suggestions import fragment, indentation

_REFERENCE_OPEN = re.compile(r"\[\[(?P<typed>[^\[\]|<>]*)$")
_KEY_TYPED = re.compile(r"^(?P<indent>[ \t]*)(?:- )?(?P<typed>[A-Za-z_]*)$")


def hover_markdown(term: Term, spelling: str, kind: str) -> str:
    """The term's name, definition (Markdown as written), aliases and see-also."""
    parts = [f"**{term.name}**"]
    if kind == "avoided":
        parts.append(f"*{spelling}* is a spelling to avoid: write *{term.name}*.")
    parts.append(term.definition)
    if term.aliases:
        parts.append("Aliases: " + ", ".join(term.aliases))
    if term.see:
        parts.append("See also: " + ", ".join(term.see))
    return "\n\n".join(parts)


@dataclass(frozen=True)
class Completion:
    label: str
    detail: str
    documentation: str
    insert: str


def reference_completions(glossary: Glossary, line_before: str, line_after: str) -> list[Completion] | None:
    """Names and aliases to complete a `[[` reference with; None when the cursor is not in one."""
    if _REFERENCE_OPEN.search(line_before) is None:
        return None
    close = "" if line_after.startswith("]]") else "]]"
    found = []
    for term in glossary.terms:
        for name in term.names:
            detail = term.name if name == term.name else f"alias of {term.name}"
            found.append(Completion(name, detail, term.definition, name + close))
    return found


def field_completions(text: str, line: int, line_before: str) -> list[Completion]:
    """The keys glossary.yaml allows where the cursor is: top-level keys, a term's fields, an alias's keys."""
    typed = _KEY_TYPED.match(line_before)
    if typed is None:
        return []
    depth = len(typed.group("indent").expandtabs())
    if depth == 0:
        keys: tuple[str, ...] = TOP_KEYS
    elif line_before.lstrip().startswith("- ") or _in_alias_list(text, line, depth):
        keys = ALIAS_KEYS
    elif depth > len(indentation(text).expandtabs()):
        keys = TERM_KEYS
    else:
        return []
    return [Completion(key, "glossary.yaml", _FIELD_HELP.get(key, ""), f"{key}: ") for key in keys]


def _in_alias_list(text: str, line: int, depth: int) -> bool:
    """Whether the line is a key of a mapping in a list (an alias written as `- name: ...`)."""
    lines = text.splitlines()
    for previous in reversed(lines[:line]):
        stripped = previous.lstrip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(previous) - len(stripped)
        if indent < depth:
            return False
        if indent == depth - 2 and stripped.startswith("- "):
            return True
        if indent == depth:
            continue
    return False


_FIELD_HELP = {
    "definition": "What the term means (Markdown): shown in tooltips and on the glossary page.",
    "aliases": "Other names of the term, linked like its name.",
    "avoid": "Spellings to flag (avoided-spelling) and never link.",
    "see": "Names of related terms.",
    "case_sensitive": "true: the term matches only in the case written.",
    "link": "Where links go instead of the glossary entry (a page, an anchor or a URL).",
    "autolink": "false: only explicit [[references]] link the term.",
    "not_inside": "Phrases in which no spelling of the term is linked.",
    "only_on": "Globs of the pages where the term may be linked.",
    "not_on": "Globs of the pages where the term is never linked.",
    "terms": "The glossary's entries, each a name with its fields.",
    "name": "An alias's spelling.",
}


def entry_insertion(candidate: Candidate, glossary: Glossary, glossary_text: str) -> tuple[int, int, str]:
    """Where (a 0-based line and column) and what to insert into glossary.yaml to add a candidate's entry stub.

    The entry is the one `glossary-lint --suggest` writes (YAML quoting and all), placed
    in the glossary's alphabetical order when its terms are in that order, else last.
    """
    indent = indentation(glossary_text)
    # The suggestion's header comment is for a whole batch of entries: one entry needs only its own lines.
    lines = fragment([candidate], glossary, indent).split("\n")[3:]
    entry = "\n".join(lines).rstrip("\n") + "\n"
    terms = list(glossary.terms)
    keys = [fold(term.name) for term in terms]
    text_lines = glossary_text.splitlines()
    if keys and keys == sorted(keys):
        following = next((term for term in terms if fold(term.name) > fold(candidate.name)), None)
        if following is not None:
            return following.location.line - 1, 0, entry
    if not terms and not re.search(r"^terms[ \t]*:", glossary_text, re.MULTILINE):
        entry = "terms:\n" + entry
    if not glossary_text or glossary_text.endswith(("\n", "\r")):
        return len(text_lines), 0, entry
    return len(text_lines) - 1, len(text_lines[-1]), "\n" + entry
