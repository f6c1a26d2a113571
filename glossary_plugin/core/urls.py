"""Which URLs may be written into a page: the judgement a browser would make.

A browser reads a URL after stripping leading and trailing C0 control
characters and spaces and removing every ASCII tab and line break, and it
reads the scheme in any case: ``" Java\\tScript:"`` is ``javascript:``. Values
are judged the same way, both as written and once HTML-decoded (an attribute
value ``&#106;avascript:`` is ``javascript:`` to the browser). Only the
schemes below and scheme-less (relative) references are allowed.

Pure Python, no MkDocs import.
"""

from __future__ import annotations

import html
import posixpath
import re

ALLOWED_SCHEMES = ("http", "https", "mailto")
# The URL standard's scheme: a letter, then letters, digits, '+', '-' or '.', then ':'.
_SCHEME = re.compile(r"([a-zA-Z][a-zA-Z0-9+.-]*):")
_C0_OR_SPACE = "".join(chr(code) for code in range(0x21))
_TAB_OR_NEWLINE = str.maketrans("", "", "\t\n\r")
ACCEPTED = "a page of the site (such as training.md#fine-tuning or #anchor) or an http, https or mailto URL"


def _as_browser_reads(value: str) -> str:
    return value.strip(_C0_OR_SPACE).translate(_TAB_OR_NEWLINE)


def _readings(value: str) -> tuple[str, ...]:
    """The value as a browser may read it: as written and once HTML-decoded."""
    decoded = html.unescape(value) if "&" in value else value
    return tuple(dict.fromkeys((_as_browser_reads(value), _as_browser_reads(decoded))))


def _scheme_problem(reading: str) -> str | None:
    found = _SCHEME.match(reading)
    if found is None or found.group(1).lower() in ALLOWED_SCHEMES:
        return None
    return f"its scheme '{found.group(1).lower()}:' is not allowed"


def is_safe_url(value: str) -> bool:
    """True for a URL that may stay in rendered HTML: http, https, mailto or relative.

    Protocol-relative URLs (``//host/x``) are allowed here: they load over
    http or https, which a definition may link to anyway.
    """
    return all(_scheme_problem(reading) is None for reading in _readings(value))


def link_problem(value: str) -> str | None:
    """Why `value` may not be a term's `link:` target, or None when it may.

    Stricter than :func:`is_safe_url`: a protocol-relative reference (``//host``
    or ``\\host``, which browsers read as ``//host``) leaves the site without
    saying so; an external target must name its scheme (``https://host``).
    """
    for reading in _readings(value):
        if not reading:
            return "it is empty"
        problem = _scheme_problem(reading)
        if problem is not None:
            return problem
        if reading.startswith(("//", "/\\", "\\")):
            return (
                "it starts with '//' or a backslash, which browsers read as a link to another site (write https://...)"
            )
    return None


def relative_url(url: str, other: str) -> str:
    """`url` (relative to the site root) as seen from the page whose URL is `other`.

    The same rule as MkDocs' own: a last part with a dot is a file name and
    does not count as a folder; a URL ending in '/' keeps it.
    """
    if other != ".":
        folder, last = posixpath.split(other)
        if "." in last:
            other = folder
    relative = posixpath.relpath("/" + url, "/" + other)
    return relative + "/" if url.endswith("/") else relative


def href_between(url: str, page_url: str) -> str:
    """The href that leads from the page at `page_url` to `url` (both relative to the site root).

    A relative reference whose first segment holds a ':' is read by browsers
    as a scheme (a page named ``javascript:alert(1).md`` is linked as
    ``javascript:alert(1).html`` from a root page), so such a reference is
    written ``./javascript:...``: a path, whatever the segment says.
    """
    return as_path_reference(relative_url(url, page_url))


def as_path_reference(reference: str) -> str:
    """A relative reference that no browser can read as having a scheme (see `href_between`)."""
    return "./" + reference if _SCHEME.match(_as_browser_reads(reference)) else reference
