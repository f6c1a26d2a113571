"""The syntax of an explicit reference, `[[name]]` or `[[name|label]]`: written here once."""

from __future__ import annotations

import re

REFERENCE = re.compile(r"\[\[([^\[\]|]+)(?:\|([^\[\]]+))?\]\]")
"""A reference with its name (group 1) and label (group 2, if any)."""


def label_of(found: re.Match[str]) -> str:
    """What a reader sees of a reference: its label, else its name."""
    return found.group(2) or found.group(1)


def shown_text(text: str) -> str:
    """`text` with each reference shown as a reader sees it (for tables of contents built before linking)."""
    return REFERENCE.sub(lambda found: label_of(found).strip(), text)
