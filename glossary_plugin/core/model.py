"""The glossary as data: terms, their names, and lookup by any spelling.

Pure Python, no MkDocs import: the loader builds these objects, every other
module reads them.
"""

from __future__ import annotations

import fnmatch
import re
import unicodedata
from dataclasses import dataclass, field

_SPACES = re.compile(r"\s+")
_HYPHENS = re.compile("[\u2010\u2011]")
_HYPHEN_OR_SPACE = re.compile(r"[\s-]+")
_APOSTROPHES = re.compile("[\u2018\u2019\u02bc]")


def fold(text: str) -> str:
    """The key under which two spellings count as the same name.

    Unicode-normalised (NFKC), case-folded, hyphen and apostrophe variants
    unified and runs of white space (line breaks, non-breaking spaces)
    collapsed to one space.
    """
    return squash(text).casefold()


def squash(text: str) -> str:
    """Like :func:`fold` but keeping case: for case-sensitive comparison."""
    if text.isascii():
        # Most spellings: NFKC and the variants leave ASCII as it is, and `split` splits
        # where `\s` matches (the same characters), so only the white space changes.
        return " ".join(text.split())
    return _squash_unicode(text)


def _squash_unicode(text: str) -> str:
    """`squash` for any text (the general path that its ASCII shortcut must agree with)."""
    text = unicodedata.normalize("NFKC", text)
    text = _APOSTROPHES.sub("'", _HYPHENS.sub("-", text))
    return _SPACES.sub(" ", text).strip()


def spaced(text: str) -> str:
    """Folded, with a hyphen as a space: the key under which the matcher takes `fine-tuning` and
    `fine tuning` as the same spelling (unless one of them is avoided)."""
    return " ".join(_HYPHEN_OR_SPACE.split(fold(text))).strip()


def glob_matches(pattern: str, page: str) -> bool:
    """Whether a page's source path (``guide/setup.md``) matches a glob, as the `exclude` option matches.

    `*` matches across folders too (``guide/*`` is every page under ``guide/``).
    """
    return fnmatch.fnmatchcase(page, pattern)


@dataclass(frozen=True)
class Location:
    """A 1-based line and column in a source file."""

    line: int
    column: int


@dataclass(frozen=True)
class Term:
    """One glossary entry."""

    name: str
    definition: str
    """Markdown source of the definition."""
    aliases: tuple[str, ...] = ()
    avoid: tuple[str, ...] = ()
    """Spellings the linter flags; they are never linked."""
    see: tuple[str, ...] = ()
    """Names of related terms."""
    case_sensitive: bool = False
    link: str | None = None
    """Target that overrides the term's entry on the glossary page."""
    autolink: bool = True
    """False: only explicit references link this term."""
    location: Location = field(default=Location(1, 1), compare=False)
    not_inside: tuple[str, ...] = ()
    """Phrases in which no spelling of the term is linked ("access token" for `token`)."""
    only_on: tuple[str, ...] = ()
    """Globs of the pages (source paths) where the term may be auto-linked; empty: every page."""
    not_on: tuple[str, ...] = ()
    """Globs of the pages where the term is never auto-linked."""
    case: tuple[tuple[str, bool], ...] = ()
    """Aliases whose case sensitivity differs from `case_sensitive`, with their own."""
    sort_as: str | None = None
    """How the glossary page orders the term (a reading: kana for Japanese, pinyin for Chinese)."""

    @property
    def names(self) -> tuple[str, ...]:
        """The term's own name followed by its aliases."""
        return (self.name, *self.aliases)

    def is_case_sensitive(self, spelling: str) -> bool:
        """Whether `spelling` (the name or an alias) matches only in the case written."""
        for alias, sensitive in self.case:
            if alias == spelling:
                return sensitive
        return self.case_sensitive

    def links_on(self, page: str) -> bool:
        """Whether the term may be auto-linked on the page with this source path (``guide/setup.md``)."""
        if self.only_on and not any(glob_matches(pattern, page) for pattern in self.only_on):
            return False
        return not any(glob_matches(pattern, page) for pattern in self.not_on)


@dataclass(frozen=True)
class Glossary:
    """All terms of one glossary file, with lookup by any name or alias."""

    terms: tuple[Term, ...] = ()
    source: str = "glossary.yaml"
    not_inside: tuple[str, ...] = ()
    """Phrases in which no term is linked: product and proper names ("Pydantic AI")."""
    _by_key: dict[str, Term] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        for term in self.terms:
            for name in term.names:
                self._by_key.setdefault(fold(name), term)

    def lookup(self, name: str) -> Term | None:
        """The term that `name` (a term name or an alias, any case) refers to."""
        return self._by_key.get(fold(name))

    def get(self, name: str) -> Term:
        """The term with this exact name; KeyError when there is none."""
        term = self.lookup(name)
        if term is None or term.name != name:
            raise KeyError(name)
        return term

    def all_names(self) -> list[str]:
        """Every name and alias, for did-you-mean suggestions."""
        return [name for term in self.terms for name in term.names]

    def __len__(self) -> int:
        return len(self.terms)
