"""The rules for the glossary's options, shared by every front end (MkDocs' config classes, the Zensical extension).

Each function takes a value as the writer gave it and returns it checked
and normalised, or raises `ValueError` with a sentence that says what to
write instead. The front ends only turn that error into their own kind.
"""

from __future__ import annotations

import posixpath

from .findings import CODES, SEVERITIES
from .linker import LINK_MODES, LinkMode
from .loader import did_you_mean


def glossary_page_path(value: object) -> str:
    """A Markdown page inside the docs folder: anything else would publish raw text or write outside the site."""
    if not isinstance(value, str) or not value or value.startswith(("/", "\\")) or value[1:2] == ":":
        raise ValueError(
            f"'{value}' must be a path relative to docs_dir, such as 'glossary.md' or 'reference/glossary.md'."
        )
    normal = posixpath.normpath(value.replace("\\", "/"))
    if normal == ".." or normal.startswith("../"):
        raise ValueError(f"'{value}' is outside docs_dir; give a path inside it, such as 'glossary.md'.")
    if not normal.endswith(".md"):
        raise ValueError(f"'{value}' must be a Markdown page ending in '.md', such as 'glossary.md'.")
    return normal


def file_name(value: object) -> str:
    """A file's path as written (the glossary file): any non-empty text."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"Expected a file name such as 'glossary.yaml', but got {value!r}.")
    return value


def glob_patterns(value: object) -> tuple[str, ...]:
    """A list of glob patterns (pages relative to the docs folder)."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(pattern, str) for pattern in value):
        raise ValueError(f"Expected a list of glob patterns such as ['changelog.md', 'api/*'], but got {value!r}.")
    return tuple(value)


def true_or_false(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"Expected true or false, but got {value!r}.")
    return value


def link_mode(value: object) -> LinkMode:
    """`first`, `all` or `off`; YAML reads a bare `off` (and `no`, `false`) as false, which means `off` too."""
    if value is False:
        return "off"
    for mode in LINK_MODES:
        if value == mode:
            return mode
    raise ValueError(f"Expected one of {', '.join(LINK_MODES)}, but got {value!r}.")


def severities(value: object) -> dict[str, str]:
    """``code: level`` pairs; an unknown code or level names the known ones."""
    if not isinstance(value, dict):
        raise ValueError("Expected a mapping of checks to levels, such as {unused-term: warn}.")
    result = {}
    for code, level in value.items():
        if code not in CODES:
            suggestion = did_you_mean(str(code), CODES)
            hint = f" Did you mean '{suggestion}'?" if suggestion else ""
            raise ValueError(f"Unknown check '{code}'.{hint} Known checks: {', '.join(CODES)}.")
        if level not in SEVERITIES:
            raise ValueError(f"Unknown level '{level}' for '{code}'; use one of: {', '.join(SEVERITIES)}.")
        result[str(code)] = str(level)
    return result
