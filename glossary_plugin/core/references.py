"""The syntax of an explicit reference, `[[name]]` or `[[name|label]]`: written here once.

A name holds no bracket, `|`, `<` or `>`; a label no bracket, `<` or `>`
(so a reference never spans markup in rendered HTML).
"""

from __future__ import annotations

import re

NAME = r"[^\[\]|<>]+"
LABEL = r"[^\[\]<>]+"
REFERENCE = re.compile(rf"\[\[({NAME})(?:\|({LABEL}))?\]\]")
"""A reference with its name (group 1) and label (group 2, if any)."""
REFERENCE_TEXT = re.compile(r"\[\[[^\[\]]*\]\]")
"""Any text written as a reference, well formed or not: what a broken reference's finding names."""


def label_of(found: re.Match[str]) -> str:
    """What a reader sees of a reference: its label, else its name."""
    return found.group(2) or found.group(1)


def shown_text(text: str) -> str:
    """`text` with each reference shown as a reader sees it (for tables of contents built before linking)."""
    return REFERENCE.sub(lambda found: label_of(found).strip(), text)
