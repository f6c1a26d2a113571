"""The rules for the glossary's options, shared by every front end (MkDocs' config classes, the Zensical extension).

Each function takes a value as the writer gave it and returns it checked
and normalised, or raises `ValueError` with a sentence that says what to
write instead. The front ends only turn that error into their own kind.
"""

from __future__ import annotations

import posixpath

from .findings import CODES, SEVERITIES, printable
from .linker import LINK_MODES, LinkMode
from .loader import did_you_mean

ASSET_FOLDER = "assets/glossary_plugin"
"""Where the plugin publishes its CSS, JavaScript and definitions file: no page may be written there."""
MAX_NAME_BYTES = 255
"""The longest file or folder name most file systems take (in UTF-8 bytes)."""
MAX_PATH_BYTES = 1024
"""The longest path given (in UTF-8 bytes): the site folder still has to fit before it, within 4,096."""
_SHOWN = 60
"""Characters of a value quoted in an error message."""


def glossary_page_path(value: object) -> str:
    """A Markdown page inside the docs folder, published under a name of its own.

    Anything else would publish raw text, write outside the site, or write over a file that
    MkDocs, its theme or its search plugin writes (`index.html.md` is published as
    `index.html`, `sitemap.xml.md` as `sitemap.xml`): so the page's name is a plain name
    with `.md` as its only suffix.
    """
    example = "'glossary.md' or 'reference/glossary.md'"
    if not isinstance(value, str) or not value or value.startswith(("/", "\\")) or value[1:2] == ":":
        raise ValueError(f"{_shown(value)} must be a path relative to docs_dir, such as {example}.")
    _check_path(value, example)
    normal = posixpath.normpath(value.replace("\\", "/"))
    if normal == ".." or normal.startswith("../"):
        raise ValueError(f"{_shown(value)} is outside docs_dir; give a path inside it, such as 'glossary.md'.")
    if not normal.endswith(".md"):
        raise ValueError(f"{_shown(value)} must be a Markdown page ending in '.md', such as {example}.")
    folder, name = posixpath.split(normal)
    stem = name.removesuffix(".md")
    if not stem or "." in stem:
        raise ValueError(
            f"{_shown(value)} must be a plain name ending in '.md', with no other suffix ('index.html.md' "
            f"would be published as 'index.html', over the site's own); write a name such as {example}."
        )
    # The published name is the stem plus '.html' (or a folder named by the stem): two bytes more than the source's.
    _check_path(posixpath.join(folder, stem + ".html"), example, shown=value)
    if (normal + "/").casefold().startswith(ASSET_FOLDER.casefold() + "/"):
        raise ValueError(
            f"{_shown(value)} is in '{ASSET_FOLDER}/', where the plugin writes its own files; "
            f"put the page elsewhere, such as {example}."
        )
    return normal


def file_name(value: object) -> str:
    """A file's path as written (the glossary file): non-empty text that can name a file."""
    example = "'glossary.yaml'"
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"Expected a file name such as {example}, but got {value!r}.")
    _check_path(value, example)
    return value


def _check_path(path: str, example: str, shown: str | None = None) -> None:
    """A ValueError unless `path` could name a file: no control characters, no name or path too long."""
    quoted = _shown(path if shown is None else shown)
    if printable(path) != path:
        raise ValueError(f"{quoted} holds a control, line-break or bidi character; write a name such as {example}.")
    if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        raise ValueError(f"{quoted} is longer than {MAX_PATH_BYTES} bytes; write a shorter path, such as {example}.")
    for name in path.replace("\\", "/").split("/"):
        if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise ValueError(
                f"{quoted} holds a name longer than {MAX_NAME_BYTES} bytes, more than file systems allow; "
                f"write a shorter one, such as {example}."
            )


def _shown(value: object) -> str:
    """`value` quoted for an error message: printable, and cut short when long."""
    text = printable(str(value))
    return f"'{text[:_SHOWN]}...' ({len(text)} characters)" if len(text) > _SHOWN else f"'{text}'"


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
