"""Bare URLs and e-mail addresses written in text, which no term is linked or checked in.

`URL_IN_TEXT` says what one is. Searched for directly, it is tried at every
position of a page (it starts with a look-behind, so the regex engine has no
character to skip to): that cost about 1 ms on a page of 10,000 characters,
a third of the linker's time. `url_spans` finds the same matches from the
few places one can start, found with `str.find`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

# A scheme and '://', 'www.', 'mailto:', or a local part and '@', up to white space, markup, a quote
# or a character reference other than '&amp;' (the same in HTML and in text unescaped). Each starts
# where no word, dot or hyphen is before it.
URL_IN_TEXT = re.compile(
    r"(?:(?<![\w.+-])(?:(?:https?|s?ftps?|file)://|www\.|mailto:)|(?<![\w.+-])[\w.+-]+@(?=[\w-]))"
    r"(?:[^\s<>\"'&]|&amp;|&(?![#\w]+;))*",
    re.IGNORECASE,
)

# What every match holds, as (text, offset of its trigger character in it): '://' after a scheme, the
# end of 'www.' and of 'mailto:' (case-insensitive 'w' and 'o' match only these two letters each), the
# '@' after a local part. Where a match can start follows from the trigger (see `_starts`).
_TRIGGERS = (("://", 0), ("@", 0), ("w.", 1), ("W.", 1), ("o:", 1), ("O:", 1))
TRIGGER = re.compile(r"://|@|\.(?<=[wW]\.)|:(?<=[oO]:)")
"""Where each of `_TRIGGERS` is (its first character, or the one after it): a stretch of text without
one holds no URL. Every alternative starts with a character, so the regex engine skips to the rare
':', '@' and '.' instead of trying every position (and '.' rather than the frequent 'w')."""
_LOCAL_PART = re.compile(r"[\w.+-]")


def url_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """The spans of ``URL_IN_TEXT.finditer(text, start)``, in order, in time linear in the text; with
    `end`, in the text before it only, which must end where no URL goes on (at '<', '>', white space
    or a quote: then they are the same spans, up to `end`).

    Why it is the same: each match holds a trigger, and trying the places a
    match could start in the order of their triggers finds the leftmost match
    first. A place tried for an earlier trigger than the leftmost match's lies
    inside that match only when the match is an e-mail address whose local
    part holds 'w.'; that place then has a word character or dot before it, so
    the look-behind fails there, unless it is the match's own start.
    """
    position = start
    end = len(text) if end is None else end
    nexts = [text.find(needle, start, end) for needle, _ in _TRIGGERS]
    while True:
        trigger = min((at + offset for at, (_, offset) in zip(nexts, _TRIGGERS, strict=True) if at >= 0), default=-1)
        if trigger < 0:
            return
        starts: set[int] = set()
        for index, (needle, offset) in enumerate(_TRIGGERS):
            at = nexts[index]
            if at >= 0 and at + offset == trigger:
                starts.update(_starts(text, needle, trigger, position))
                nexts[index] = text.find(needle, at + 1, end)
        for place in sorted(starts):
            found = URL_IN_TEXT.match(text, place)
            if found is not None:
                yield found.span()
                position = found.end()
                for index, (needle, offset) in enumerate(_TRIGGERS):
                    at = nexts[index]
                    if 0 <= at < position - offset:  # its start would be inside the match: look again after it
                        nexts[index] = text.find(needle, position - offset, end)
                break


def _starts(text: str, needle: str, trigger: int, position: int) -> list[int]:
    """Where a match with this trigger (at `trigger`) may start, not before `position`."""
    if needle == "@":  # the start of the local part: the run of word characters, dots, '+' and '-' before it
        at = trigger
        while at > position and _LOCAL_PART.match(text, at - 1):
            at -= 1
        return [at] if at < trigger else []
    if needle == "://":  # after a scheme of 3 to 5 letters
        return [at for at in (trigger - 5, trigger - 4, trigger - 3) if at >= position]
    at = trigger - (3 if needle in ("w.", "W.") else 6)  # 'www.' or 'mailto:'
    return [at] if at >= position else []
