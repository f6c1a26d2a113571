"""`glossary-lint --export tbx`: the glossary as TBX (TermBase eXchange, ISO 30042:2019), TBX-Basic dialect.

DCA style, namespace `urn:iso:std:iso:30042:ed-2`. One `conceptEntry` per term (its id from
`interchange.term_id`), holding:

- a `ref type="relatedConcept"` to the concept of each `see` term (an IDREF to its id);
- a `langSec` per language, with the definition (`descrip type="definition"`, the Markdown source
  as text) and a `termSec` per spelling, each with a `termNote type="administrativeStatus"`:
  the name `preferredTerm-admn-sts`, an alias `admittedTerm-admn-sts`, and an avoided spelling
  `deprecatedTerm-admn-sts`, the value TBX-Basic gives a term not to be used (its four values are
  preferred, admitted, deprecated and superseded). Tools such as Weblate show such terms as forbidden.

Text is escaped as XML requires (`<`, `&`, `>` and quotes in attributes; a carriage return as `&#13;`,
so that definitions keep their line ends). XML 1.0 cannot hold most
control characters at all (U+0000-U+001F but tab and line breaks, U+FFFE, U+FFFF, lone
surrogates): such a character is written as U+FFFD and `unwritable` names where.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from .interchange import Export, Side
from .model import fold

NAMESPACE = "urn:iso:std:iso:30042:ed-2"
PREFERRED = "preferredTerm-admn-sts"
ADMITTED = "admittedTerm-admn-sts"
DEPRECATED = "deprecatedTerm-admn-sts"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    """Element text; a carriage return as `&#13;`, which XML parsers keep (a raw one they read as a line feed)."""
    return escape(_NOT_XML.sub("\ufffd", value), {"\r": "&#13;"})


def _attr(value: str) -> str:
    return quoteattr(_NOT_XML.sub("\ufffd", value))


def unwritable(export: Export) -> list[str]:
    """The terms whose text holds a character XML cannot carry (each written as U+FFFD), by name."""
    found = []
    for entry in export.entries:
        sides = [entry.source] + ([entry.translation] if entry.translation else [])
        texts = [text for side in sides for text in (side.name, side.definition, *side.aliases, *side.avoid)]
        if any(_NOT_XML.search(text) for text in [*texts, *entry.term.see]):
            found.append(entry.term.name)
    return found


def _lang_sec(lang: str, side: Side, indent: str, block: str = "langSec", spelling: str = "termSec") -> list[str]:
    """One language's definition and spellings: TBX 2019's `langSec`/`termSec`, or with the 2008 names
    (`langSet`/`tig`) for Translate Toolkit."""
    inner = indent + "  "
    lines = [f"{indent}<{block} xml:lang={_attr(lang)}>"]
    if side.definition:
        lines.append(f'{inner}<descrip type="definition">{_text(side.definition)}</descrip>')
    for written, status in _spellings(side):
        lines.append(
            f"{inner}<{spelling}><term>{_text(written)}</term>"
            f'<termNote type="administrativeStatus">{status}</termNote></{spelling}>'
        )
    lines.append(f"{indent}</{block}>")
    return lines


def render(export: Export, source_name: str = "glossary.yaml") -> str:
    """The export as a TBX-Basic document (UTF-8 text)."""
    ids = export.ids()
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<tbx xmlns="{NAMESPACE}" type="TBX-Basic" style="dca" xml:lang={_attr(export.source_lang)}>',
        "  <tbxHeader>",
        "    <fileDesc>",
        f"      <sourceDesc><p>{_text(source_name)}, exported by glossary-lint</p></sourceDesc>",
        "    </fileDesc>",
        "  </tbxHeader>",
        "  <text>",
        "    <body>",
    ]
    for entry in export.entries:
        lines.append(f"      <conceptEntry id={_attr(entry.id)}>")
        for name in entry.term.see:
            target = ids.get(fold(name))
            if target is not None:
                lines.append(f'        <ref type="relatedConcept" target={_attr(target)}>{_text(name)}</ref>')
        lines += _lang_sec(export.source_lang, entry.source, "        ")
        if entry.translation is not None and export.target_lang is not None:
            lines += _lang_sec(export.target_lang, entry.translation, "        ")
        lines.append("      </conceptEntry>")
    lines += ["    </body>", "  </text>", "</tbx>", ""]
    return "\n".join(lines)


SHAPES = ("basic", "weblate")
"""`basic`: TBX-Basic of ISO 30042:2019 (above). `weblate`: the same entries in the TBX 2008 form
(`martif`, `termEntry`, `langSet`, `tig`), the only one Translate Toolkit reads, and so Weblate."""


def _spellings(side: Side) -> list[tuple[str, str]]:
    """Each spelling of a term in one language, with its administrative status."""
    return (
        [(side.name, PREFERRED)]
        + [(alias, ADMITTED) for alias in side.aliases]
        + [(avoided, DEPRECATED) for avoided in side.avoid]
    )


def _lang_set(lang: str, side: Side, indent: str) -> list[str]:
    return _lang_sec(lang, side, indent, block="langSet", spelling="tig")


def render_weblate(export: Export, source_name: str = "glossary.yaml") -> str:
    """The export as TBX 2008: a `termEntry` per term, a `langSet` per language (the first the source,
    as Translate Toolkit takes it), a `tig` per spelling with its status, avoided ones deprecated."""
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<martif type="TBX" xml:lang={_attr(export.source_lang)}>',
        "  <martifHeader>",
        "    <fileDesc>",
        f"      <sourceDesc><p>{_text(source_name)}, exported by glossary-lint</p></sourceDesc>",
        "    </fileDesc>",
        "  </martifHeader>",
        "  <text>",
        "    <body>",
    ]
    for entry in export.entries:
        lines.append(f"      <termEntry id={_attr(entry.id)}>")
        lines += _lang_set(export.source_lang, entry.source, "        ")
        if entry.translation is not None and export.target_lang is not None:
            lines += _lang_set(export.target_lang, entry.translation, "        ")
        lines.append("      </termEntry>")
    lines += ["    </body>", "  </text>", "</martif>", ""]
    return "\n".join(lines)
