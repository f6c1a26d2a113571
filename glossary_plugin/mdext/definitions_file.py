"""The tap popover's definitions file under Zensical, from the glossary page as written in the site folder.

Under MkDocs the plugin writes `definitions.json` from the definitions it
rendered, their links already URLs. Under Zensical a definition's links are
written as links to source files (`tokens.md#token`), which Zensical turns
into URLs only in the pages it writes. So when `zensical build` ends, each
entry's definition is read back from the glossary page in the site folder,
exactly as the browser gets it there, and the file holds those: the tap
popover then shows what the glossary page shows, as under MkDocs.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from pathlib import Path

from ..core.pipeline import DEFINITIONS_FILE, definitions_document
from ..core.urls import href_between

_NAME = re.compile(r'<h3 id="([^"<>]*)" class="glossary-name">')
_DEFINITION = '<div class="glossary-definition">'
# Any tag or comment, quoted attribute values skipped whole (a quoted value may hold '<div' or '>').
_TAG = re.compile(r"<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:[^>\"']|\"[^\"]*\"|'[^']*')*>", re.DOTALL)


def entry_definitions(page_html: str, anchors: Mapping[str, str]) -> dict[str, str]:
    """Each term's definition on the glossary page (the inside of its `glossary-definition` element), by name."""
    name_by_anchor = {html.escape(anchor): name for name, anchor in anchors.items()}
    found: dict[str, str] = {}
    for heading in _NAME.finditer(page_html):
        name = name_by_anchor.get(heading.group(1))
        start = page_html.find(_DEFINITION, heading.end())
        if name is None or start == -1:
            continue
        start += len(_DEFINITION)
        end = _closing_div(page_html, start)
        if end is not None:
            found[name] = page_html[start:end]
    return found


def _closing_div(text: str, start: int) -> int | None:
    """Where the `<div>` open at `start` closes: the offset of its `</div>`."""
    depth = 1
    for tag in _TAG.finditer(text, start):
        if tag.group(2) is None or tag.group(2).lower() != "div":
            continue
        depth += -1 if tag.group(1) else 1
        if depth == 0:
            return tag.start()
    return None


def publish_definitions(
    site_dir: Path,
    glossary_file: Path,
    glossary_url: str,
    anchors: Mapping[str, str],
    open_label: str,
    language: str | None,
) -> None:
    """Write `DEFINITIONS_FILE` into `site_dir` from the glossary page written at `glossary_file` (whose URL
    in the site is `glossary_url`)."""
    page_html = glossary_file.read_text(encoding="utf-8")
    terms = entry_definitions(page_html, anchors)
    data = definitions_document(href_between(glossary_url, DEFINITIONS_FILE), terms, open_label, language)
    target = site_dir / DEFINITIONS_FILE
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(data, encoding="utf-8")
