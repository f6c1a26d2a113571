"""The glossary as rows for translators' tools: one entry per term, with its translation when a language
pair is exported.

Each format module (`export_csv`, `export_tbx`, `export_json`) writes these entries; `import_csv`
reads them back. A glossary has no ids of its own: a term is its name (the key under `terms:`), so
the id written for tools is derived from the name and stays the same from one export to the next.

Language pairs follow the file convention of translated sites: `glossary.yaml` is the default
language's glossary and `glossary.<lang>.yaml` beside it another language's. An entry of the
translated file translates the default's term whose name is its own name (the same word in both
languages: `LLM`) or, failing that, one of its aliases (`jeton` with `aliases: [token]`), compared
as the loader compares names: case-folded and Unicode-normalised. The first entry that names a
default term this way is its translation.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .model import Glossary, Term, fold

FORMATS = ("csv", "tsv", "tbx", "json")


@dataclass(frozen=True)
class Side:
    """A term in one language: what translators' tools carry of it."""

    name: str
    definition: str
    aliases: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    case_sensitive: bool = False

    @classmethod
    def of(cls, term: Term) -> Side:
        return cls(term.name, term.definition, term.aliases, term.avoid, term.case_sensitive)


@dataclass(frozen=True)
class Entry:
    """One term of the default glossary, with its translation (None: not translated, or no pair)."""

    id: str
    term: Term
    translation: Side | None = None

    @property
    def source(self) -> Side:
        return Side.of(self.term)


@dataclass(frozen=True)
class Export:
    """What every format writes: the entries in the glossary's order, and the languages."""

    entries: tuple[Entry, ...]
    source_lang: str
    target_lang: str | None = None
    untranslated: tuple[str, ...] = ()
    """Names of default terms that the translated glossary has no entry for."""
    unpaired: tuple[Term, ...] = ()
    """Entries of the translated glossary that name no default term (left out of the export)."""

    def ids(self) -> dict[str, str]:
        """Folded name of each term -> its id, for `see` references."""
        return {fold(entry.term.name): entry.id for entry in self.entries}


def term_id(name: str) -> str:
    """A stable id for the term `name`: the same for the same name in every export, valid as an XML ID."""
    digest = hashlib.sha256(fold(name).encode("utf-8")).hexdigest()[:12]
    return f"term-{digest}"


def translated_path(glossary_file: Path, lang: str) -> Path:
    """`glossary.<lang>.yaml` beside `glossary.yaml` (any file name: `terms.yml` -> `terms.fr.yml`)."""
    return glossary_file.with_name(f"{glossary_file.stem}.{lang}{glossary_file.suffix}")


def build(
    glossary: Glossary, source_lang: str, translated: Glossary | None = None, target_lang: str | None = None
) -> Export:
    """The export of `glossary`, paired with `translated` (the `target_lang` glossary) when given."""
    if translated is None:
        entries = tuple(Entry(term_id(term.name), term) for term in glossary.terms)
        return Export(entries, source_lang)
    by_name = {fold(term.name): term for term in translated.terms}
    by_alias: dict[str, Term] = {}
    for term in translated.terms:
        for alias in term.aliases:
            by_alias.setdefault(fold(alias), term)
    used: set[str] = set()
    paired = []
    untranslated = []
    for term in glossary.terms:
        match = by_name.get(fold(term.name)) or by_alias.get(fold(term.name))
        if match is not None and match.name in used:
            match = None
        if match is None:
            untranslated.append(term.name)
        else:
            used.add(match.name)
        paired.append(Entry(term_id(term.name), term, Side.of(match) if match else None))
    unpaired = tuple(term for term in translated.terms if term.name not in used)
    return Export(tuple(paired), source_lang, target_lang, tuple(untranslated), unpaired)
