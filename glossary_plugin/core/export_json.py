"""`glossary-lint --export json`: the glossary as data for any other tool, in a documented, versioned shape.

The shape is `glossary_plugin/schema/glossary-export.schema.json` (JSON Schema); `version` changes
only when a field changes meaning or goes away (new fields may be added). Strings are the glossary's
own, byte for byte once decoded. The JSON text escapes `<`, `>` and `&` (as `\\u003c`...), so it can sit
inside an HTML `<script>` element, and every character a terminal acts on (C0 and C1 controls, bidi
embeddings, overrides and isolates, line and paragraph separators).
"""

from __future__ import annotations

from .findings import json_text
from .interchange import Export, Side

FORMAT = "glossary_plugin.glossary"
VERSION = 1


def _side(side: Side) -> dict[str, object]:
    return {"term": side.name, "definition": side.definition, "aliases": list(side.aliases), "avoid": list(side.avoid)}


def records(export: Export, source_name: str = "glossary.yaml") -> dict[str, object]:
    """The export as JSON-ready data."""
    terms = []
    for entry in export.entries:
        term = entry.term
        record: dict[str, object] = {
            "id": entry.id,
            **_side(entry.source),
            "see": list(term.see),
            "case_sensitive": term.case_sensitive,
            "autolink": term.autolink,
            "link": term.link,
        }
        if export.target_lang is not None:
            record["translation"] = _side(entry.translation) if entry.translation else None
        terms.append(record)
    return {
        "format": FORMAT,
        "version": VERSION,
        "source": source_name,
        "source_language": export.source_lang,
        "target_language": export.target_lang,
        "terms": terms,
    }


def render(export: Export, source_name: str = "glossary.yaml") -> str:
    text = json_text(records(export, source_name))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
