"""A-Z in the page's language: the order of the glossary page and its letter groups.

No collation library earns its place here: PyICU needs ICU built from source
on most machines, icu4py has no collator, and pyuca's default table orders
Persian as Arabic. What a glossary index needs is small and written below:

- Latin, Greek and Cyrillic letters group and sort by their base letter, so
  ``é`` files with ``e`` (French) and ``ä`` with ``a`` (German, as in
  dictionaries); Spanish ``ñ`` is a letter of its own after ``n``.
- Arabic script follows the alphabet of the page's language: Persian's
  (پ after ب, چ after ج, ژ after ز, گ after ک, و before ه) or Arabic's
  (ه before و); letter variants (أ إ آ, ك and ک, ي ى and ی) file with their
  base letter.
- Korean groups by a syllable's initial consonant (ㄱ ㄴ ㄷ ... ㅎ, the doubled
  ones with their single), as Korean indexes do.
- Japanese kana group by gojūon row (あ か さ た な は ま や ら わ), katakana
  with hiragana, voiced with unvoiced.
- Han characters carry no reading: a term may give one (`sort_as`, kana for
  Japanese, pinyin for Chinese) and then files under it; without one it goes
  into one group named for the script.
- Digits and symbols come first, under ``#``. The page's own script comes
  before the others on a page in a language that writes it (Persian and
  Arabic pages put Arabic script first; Chinese, Japanese and Korean pages
  list Latin terms first, as their technical glossaries do).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from .labels import primary

Item = TypeVar("Item")

OTHER = "#"

_PERSIAN = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
_ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"
# Letter variants filed with their base letter (the Persian and Arabic spellings of kaf and yeh
# differ; a glossary in one language may hold the other's).
_ARABIC_VARIANTS = {"آ": "ا", "أ": "ا", "إ": "ا", "ٱ": "ا", "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه", "ء": "ا"}
_PERSIAN_VARIANTS = {**_ARABIC_VARIANTS, "ك": "ک", "ي": "ی", "ى": "ی", "ئ": "ی"}

_HANGUL_FIRST, _HANGUL_LAST, _PER_INITIAL = 0xAC00, 0xD7A3, 21 * 28
# The 19 initial consonants of a syllable, as the group each files under (doubled ones with their single).
_HANGUL_GROUPS = "ㄱㄱㄴㄷㄷㄹㅁㅂㅂㅅㅅㅇㅈㅈㅊㅋㅌㅍㅎ"

_SMALL_KANA = str.maketrans("ぁぃぅぇぉっゃゅょゎゕゖ", "あいうえおつやゆよわかけ")
_KANA_ROWS = "あかさたなはまやらわ"

_HAN_GROUP = {"ja": "漢字", "zh": "汉字", "ko": "漢字"}

# Scripts in the order their groups follow the page's own script.
_SCRIPT_ORDER = ("latin", "arabic", "hangul", "kana", "han", "other")
_OWN_SCRIPT_FIRST = {"fa": ("arabic",), "ar": ("arabic",), "ur": ("arabic",)}
_LATIN_FIRST = {"ja", "zh", "ko"}


def _script(char: str) -> str:
    code = ord(char)
    if 0x0600 <= code <= 0x06FF or 0x0750 <= code <= 0x077F or 0xFB50 <= code <= 0xFEFF:
        return "arabic"
    if _HANGUL_FIRST <= code <= _HANGUL_LAST or 0x1100 <= code <= 0x11FF or 0x3130 <= code <= 0x318F:
        return "hangul"
    if 0x3040 <= code <= 0x30FF or 0x31F0 <= code <= 0x31FF:
        return "kana"
    if 0x3400 <= code <= 0x9FFF or 0xF900 <= code <= 0xFAFF or 0x20000 <= code <= 0x3FFFF:
        return "han"
    if char.isalpha():
        return "latin"  # and every other alphabet sorted by base letter (Greek, Cyrillic)
    return "other"


def _script_rank(script: str, language: str) -> int:
    lang = primary(language)
    order = list(_SCRIPT_ORDER)
    first = _OWN_SCRIPT_FIRST.get(lang, ())
    if lang in _LATIN_FIRST:
        first = ()
    order = [*first, *(script for script in order if script not in first)]
    return order.index(script)


def _first_letter(text: str) -> str | None:
    for char in unicodedata.normalize("NFKC", text):
        if char.isalpha():
            return char
        if char.isdigit():
            return None
    return None


def _base_letters(text: str, language: str) -> str:
    """Latin-like text reduced to base letters, case folded; Spanish ñ kept as a letter after n."""
    folded = unicodedata.normalize("NFC", text).casefold()
    if primary(language) == "es":
        folded = folded.replace("ñ", "n\U0010ffff")
    return "".join(char for char in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(char))


def _arabic_key(text: str, language: str) -> tuple[str, str]:
    """(sort text, group letter) of Arabic-script text, in the page language's alphabet."""
    persian = primary(language) == "fa"
    alphabet, variants = (_PERSIAN, _PERSIAN_VARIANTS) if persian else (_ARABIC, _ARABIC_VARIANTS)
    positions = {letter: index for index, letter in enumerate(alphabet)}
    # Letters outside the alphabet sort after its letters, by code point; marks are skipped.
    key: list[str] = []
    for char in unicodedata.normalize("NFKC", text):
        if unicodedata.combining(char) or not (char.isalpha() or char.isdigit() or key):
            continue
        base = variants.get(char, char)
        key.append(chr(0x100 + positions[base]) if base in positions else chr(0x1000 + ord(base)))
    first = _first_letter(text) or OTHER
    return "".join(key), variants.get(first, first)


def _hangul_group(char: str) -> str:
    code = ord(char)
    if _HANGUL_FIRST <= code <= _HANGUL_LAST:
        return _HANGUL_GROUPS[(code - _HANGUL_FIRST) // _PER_INITIAL]
    return char


def _kana(text: str) -> str:
    """Hiragana, unvoiced, full size: gojūon order is then code point order."""
    wide = unicodedata.normalize("NFKC", text)
    hiragana = "".join(chr(ord(char) - 0x60) if 0x30A1 <= ord(char) <= 0x30F6 else char for char in wide)
    plain = "".join(char for char in unicodedata.normalize("NFKD", hiragana) if not unicodedata.combining(char))
    return plain.translate(_SMALL_KANA).replace("ー", "")


def _kana_group(first: str) -> str:
    row = _KANA_ROWS[0]
    for head in _KANA_ROWS:
        if first >= head:
            row = head
    return row


SortKey = tuple[int, str, str, str]


def collation(name: str, language: str | None, sort_as: str | None = None) -> tuple[SortKey, str]:
    """(sort key, letter group) of a term in a page in `language`.

    The key orders digits and symbols first, then scripts as the module
    says, then base letters, then the exact spelling (so names that differ
    only by case or accent keep a stable order).
    """
    lang = language or "en"
    text = sort_as or name
    first = _first_letter(text)
    if first is None:
        return (0, "", _base_letters(text, lang), name), OTHER
    script = _script(first)
    rank = 1 + _script_rank(script, lang)
    if script == "arabic":
        key, group = _arabic_key(text, lang)
        return (rank, key, text, name), group
    if script == "hangul":
        return (rank, unicodedata.normalize("NFC", text), text, name), _hangul_group(first)
    if script == "kana":
        key = _kana(text)
        return (rank, key, text, name), _kana_group(key[:1] or first)
    if script == "han":
        return (rank, text, text, name), _HAN_GROUP.get(primary(lang), _HAN_GROUP["zh"])
    base = _base_letters(text, lang)
    group = _base_letters(first, lang)[:1].upper()
    if primary(lang) == "es" and first.casefold() == "ñ":
        group = "Ñ"
    return (rank, base, text, name), group or OTHER


def in_language_order(
    items: Iterable[Item], name: Callable[[Item], str], language: str | None, sort_as: Callable[[Item], str | None]
) -> list[tuple[str, list[Item]]]:
    """The items in the language's order, grouped by letter; groups in the order met."""
    keyed = []
    for item in items:
        key, group = collation(name(item), language, sort_as(item))
        keyed.append((key, group, item))
    keyed.sort(key=lambda entry: entry[0])
    groups: dict[str, list[Item]] = {}
    for _, group, item in keyed:
        groups.setdefault(group, []).append(item)
    return list(groups.items())
