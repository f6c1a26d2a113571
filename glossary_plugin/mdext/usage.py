"""The glossary page's "Used on" lists under Zensical, from the pages as written in the site folder.

Zensical has no step after its last page, and takes unchanged pages from its
cache without rendering them. So each page carries, at the end of its content,
a comment saying which terms it uses (and the id of each one's first link),
which Zensical caches and writes with the page. When `zensical build` ends,
the glossary page in the site folder gets its lists from the comments of
every page written there, rendered in this build or not: the same lists as
the MkDocs plugin's.

The glossary page must then be rendered in every build (it is where the
build's checks start): its entry in Zensical's cache is dropped at the end.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..core import index_page
from ..core.pipeline import Page
from ..core.urls import href_between

MARKER = "<!--glossary-usage:"
_MARKER_BYTES = MARKER.encode("ascii")
_MARKER_FOUND = re.compile(rb"<!--glossary-usage:(\{[^<>]*\})-->")
_JSON_SAFE = str.maketrans({"-": "\\u002d", "<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


@dataclass(frozen=True)
class UsedOn:
    """A page as "Used on" names it: its title and its URL in the site (see `index_page.Backlink`)."""

    title: str
    url: str
    src_uri: str


def page_marker(page: Page, used: Sequence[str], first_use: Mapping[tuple[str, str], str]) -> str:
    """The comment a page carries: its source path, title, and each term it uses with its first link's id.

    Written as JSON with '-', '<', '>' and '&' escaped, so it can never end the comment early.
    """
    data = {
        "src": page.src_uri,
        "title": page.title,
        "used": [[name, first_use.get((name, page.url), "")] for name in used],
    }
    return MARKER + json.dumps(data, ensure_ascii=True, separators=(",", ":")).translate(_JSON_SAFE) + "-->"


def _file_url(relative: str, directory_urls: bool) -> str:
    """A written page's URL relative to the site root: `guide/index.html` is `guide/` with directory URLs."""
    if directory_urls and (relative == "index.html" or relative.endswith("/index.html")):
        return relative[: -len("index.html")] or "./"  # as MkDocs names the home page
    return relative


def _order(src_uri: str) -> tuple[object, ...]:
    """MkDocs' order of pages when no `nav` is given: a folder's index first, sub-folders after its pages."""
    parts = PurePosixPath(src_uri).parts
    return (parts[:-1], PurePosixPath(src_uri).stem != "index", parts[-1]) if parts else ()


def fill_used_on(
    site_dir: Path, glossary_src: str, anchors: Mapping[str, str], directory_urls: bool, label: str = "Used on"
) -> tuple[Path, str] | None:
    """Fill the "Used on" lists of the glossary page written in `site_dir`; return its file and its URL in
    the site, or None when it is not there.

    Only files in `site_dir` are read, and only the glossary page's file is written (replaced whole).
    """
    pages: list[tuple[UsedOn, list[list[str]]]] = []
    glossary_file: Path | None = None
    for path in sorted(site_dir.rglob("*.html")):
        try:
            content = path.read_bytes()  # searched as bytes: only the comment is decoded
        except OSError:
            continue
        at = content.rfind(_MARKER_BYTES)
        found = _MARKER_FOUND.match(content, at) if at >= 0 else None
        if found is None:
            continue
        try:
            data = json.loads(found.group(1))
            relative = path.relative_to(site_dir).as_posix()
            page = UsedOn(str(data["title"]), _file_url(relative, directory_urls), str(data["src"]))
            used = [[str(name), str(element_id)] for name, element_id in data["used"]]
        except (ValueError, KeyError, TypeError):
            continue  # not a comment of ours
        if page.src_uri == glossary_src:
            glossary_file = path
        pages.append((page, used))
    if glossary_file is None:
        return None
    pages.sort(key=lambda entry: _order(entry[0].src_uri))
    usage: dict[str, list[UsedOn]] = {}
    first_use: dict[tuple[str, str], str] = {}
    for page, used in pages:
        for name, element_id in used:
            usage.setdefault(name, []).append(page)
            if element_id:
                first_use[name, page.url] = element_id
    glossary_url = _file_url(glossary_file.relative_to(site_dir).as_posix(), directory_urls)
    text = glossary_file.read_text(encoding="utf-8")
    filled = index_page.fill_backlinks(
        text, anchors, usage, lambda url: href_between(url, glossary_url), first_use, label
    )
    if filled != text:
        _replace(glossary_file, filled)
    return glossary_file, glossary_url


def _replace(path: Path, text: str) -> None:
    """Write `path` whole, through a file beside it: a reader never sees half of it."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".glossary-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
        raise


def forget_cached_page(root: Path, src_uri: str) -> None:
    """Drop the page `src_uri` from Zensical's cache (`.cache`, which holds its own .gitignore), so the next
    build renders it, and runs this extension, even when every other page comes from the cache.

    Zensical keeps a rendered page in a file named by a number, holding JSON that starts with the page's
    origin; nothing else is touched."""
    cache = root / ".cache"
    if not (cache / ".gitignore").is_file():
        return
    head = ('{"data":{"origin":{"Source":' + json.dumps(src_uri, ensure_ascii=False) + "}").encode("utf-8")
    for entry in cache.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            with entry.open("rb") as file:
                start = file.read(len(head))
        except OSError:
            continue
        if start == head:
            entry.unlink(missing_ok=True)
