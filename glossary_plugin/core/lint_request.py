"""How `glossary-lint` asks a host's real build for its findings: the one channel from the CLI to a build.

The CLI runs the site's own build (MkDocs' in this process, Zensical's in a
child process) and needs two things of it: that the findings are collected
for the CLI to print instead of shown, and whether every page is checked
(naming files turns off the checks that need every page). In this process
that is a context variable; for a child process, two environment variables
that `environment()` writes and `current()` reads back.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path

REPORT_ENV = "GLOSSARY_LINT_REPORT"
"""The file a child process's build writes its findings to, as JSON."""
WHOLE_SITE_ENV = "GLOSSARY_LINT_WHOLE_SITE"
"""'0' when only some pages are checked."""


@dataclass(frozen=True)
class LintRequest:
    """A build run by `glossary-lint`: findings collected, not shown."""

    whole_site: bool = True
    """False when only named pages are checked: the checks that need every page are off."""
    report_file: Path | None = None
    """Where a child process writes its findings (None in this process: the CLI reads the build)."""


_REQUEST: ContextVar[LintRequest | None] = ContextVar("glossary_lint_request", default=None)


@contextmanager
def linting(request: LintRequest) -> Iterator[None]:
    """Builds run inside this block (in this process) serve `request`."""
    token = _REQUEST.set(request)
    try:
        yield
    finally:
        _REQUEST.reset(token)


def current() -> LintRequest | None:
    """The request the running build serves, or None for an ordinary build (findings shown)."""
    request = _REQUEST.get()
    if request is not None:
        return request
    report = os.environ.get(REPORT_ENV)
    if report:
        return LintRequest(whole_site=os.environ.get(WHOLE_SITE_ENV) != "0", report_file=Path(report))
    return None


def environment(request: LintRequest) -> dict[str, str]:
    """The environment variables that carry `request` to a child process's build."""
    assert request.report_file is not None, "a child process writes its findings to a file"
    return {REPORT_ENV: str(request.report_file), WHOLE_SITE_ENV: "1" if request.whole_site else "0"}
