"""What both lint runs (MkDocs' build, Zensical's) share: the usage error, and which files were named."""

from __future__ import annotations

import os
from pathlib import Path

from ..core.loader import file_problem


class UsageError(Exception):
    """A problem with the command line or mkdocs.yml: exit status 2."""


def wanted_files(files: list[Path] | None, whole_site_if_named: set[Path]) -> set[Path] | None:
    """The named files, or None for the whole site (nothing named, or the glossary or config among them).

    An edit to the glossary or the config can change the findings of every
    page, so naming either (as pre-commit does when it changed) lints them all.
    """
    if files is None:
        return None
    wanted = set()
    for file in files:
        if not file.is_file():
            raise UsageError(f"'{file}' is not a file")
        wanted.add(Path(os.path.abspath(file)))
    return None if wanted & {Path(os.path.abspath(path)) for path in whole_site_if_named} else wanted


def resolved(config_dir: Path, path: str) -> Path:
    return Path(os.path.abspath(config_dir / path))


def check_glossary_file(path: Path, shown: str, config_name: str) -> None:
    """A glossary file that cannot be read is a configuration error (exit status 2), not a finding on every page."""
    problem = file_problem(path, config_name)
    if problem is not None:
        raise UsageError(f"{shown}: {problem}")
