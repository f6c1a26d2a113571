"""Which Markdown conversion is a page's own, and which runs inside it.

mkdocstrings renders each docstring with a Markdown instance of its own while
the page's conversion is under way (Zensical hands it the site's extensions,
this one too); markdown-exec and others do the same. Their HTML goes into the
page's raw-HTML stash and is restored before the page's postprocessors run,
so the page's own conversion sees all of it. Only that outermost conversion
links and checks: one page, one pass, as under MkDocs (first use per page,
one first-use id per term, each finding once).
"""

from __future__ import annotations

import threading
from typing import Protocol

import markdown

_LOCAL = threading.local()


def _depth() -> int:
    return int(getattr(_LOCAL, "depth", 0))


class Nestable(Protocol):
    nested: bool
    """Whether the conversion under way is nested in another (see `track`)."""


def track(md: markdown.Markdown, holder: Nestable) -> None:
    """Count `md`'s conversions on this thread, and set `holder.nested` for each: whether another
    tracked conversion was under way on the thread when it started.

    The instance's own `convert` is wrapped (try/finally), so a conversion that raises still ends.
    """
    convert = md.convert

    def tracked(source: str) -> str:
        depth, before = _depth(), holder.nested
        holder.nested = depth > 0
        _LOCAL.depth = depth + 1
        try:
            return convert(source)
        finally:
            _LOCAL.depth = depth
            holder.nested = before

    setattr(md, "convert", tracked)  # noqa: B010 -- an instance attribute, shadowing the method
