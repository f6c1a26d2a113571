"""A site's project folder: which config file it has, and how paths in it are shown.

Every host names files the same way (relative to the folder of the config
file, with '/'), so a finding's path is the same from the MkDocs plugin,
Zensical and `glossary-lint`, and editors and CI can open it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

CONFIG_FILES = ("mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml", "zensical.toml")
"""The config files `glossary-lint` looks for in a folder, in this order."""
ZENSICAL_CONFIG_FILES = ("zensical.toml", "mkdocs.yml", "mkdocs.yaml")
"""The order `zensical build` looks for its config file in."""


def find_config(folder: Path, names: Sequence[str] = CONFIG_FILES) -> Path | None:
    """The first of `names` that is a file in `folder`, as an absolute path; None when there is none."""
    for name in names:
        candidate = folder / name
        if candidate.is_file():
            return Path(os.path.abspath(candidate))
    return None


def config_files_sentence() -> str:
    """The config files, as said in help texts and errors: one truth."""
    return ", ".join(CONFIG_FILES[:-1]) + " or " + CONFIG_FILES[-1]


def display_path(path: Path | str, root: Path | str) -> str:
    """A path as findings show it: relative to `root` (the folder of the config file) with '/', when inside it;
    else absolute. Symbolic links are not resolved, so a path reads as the writer wrote it."""
    absolute = Path(os.path.abspath(path))
    try:
        return absolute.relative_to(os.path.abspath(root)).as_posix()
    except ValueError:
        return absolute.as_posix()


def markdown_pages(docs_dir: Path) -> set[str]:
    """The source paths (relative to `docs_dir`, with '/') of the Markdown pages a build renders.

    As MkDocs and Zensical leave them out by default, nothing under a name that starts with '.'
    is a page (`.git`, `.cache`, editors' files).
    """
    pages = set()
    for path in docs_dir.rglob("*.md"):
        relative = path.relative_to(docs_dir)
        if path.is_file() and not any(part.startswith(".") for part in relative.parts):
            pages.add(relative.as_posix())
    return pages
