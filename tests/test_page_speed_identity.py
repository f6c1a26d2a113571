"""The shortcuts that make linking a page cheaper give what the plain ways give, on any input.

Each shortcut (the page pattern's lead as a narrow class, bare URLs read only where a trigger is,
tooltip rules tried only on definitions with their marks, the two-capitals check of the
missing-term search) is compared here with the plain way it replaces, on many random inputs made
of the pieces that matter to it.
"""

from __future__ import annotations

import random
import re

import pytest

from glossary_plugin.core import linker as linker_module
from glossary_plugin.core import text as text_module
from glossary_plugin.core.bare_urls import URL_IN_TEXT
from glossary_plugin.core.candidates import _CAPITALS, _TWO_CAPITALS
from glossary_plugin.core.linker import Linker, _Urls
from glossary_plugin.core.model import Glossary, Term

TERMS = (
    Term("token", "The *smallest* unit."),
    Term("prompt engineering", "Writing `inputs`."),
    Term("fine-tuning", "Further [training](x.md).", aliases=("fine-tune",), avoid=("finetuning",)),
    Term("LLM", "A large language model.", aliases=("LLMs",)),
)
GLOSSARY = Glossary(TERMS)
# A spelling in a script without spaces changes the page pattern's lead (see `linker._page_source`).
SPACELESS = Glossary((*TERMS, Term("漢字", "Characters.")))
ROUNDS = 3000


def _link(linker: Linker, html: str) -> tuple[str, list[object], set[str], list[tuple[int, int]]]:
    result = linker.link_page(html, lambda term: f"../glossary/#{term.name}", "first", "../glossary/")
    return result.html, list(result.findings), result.used, result.prose


# Letters on both sides of U+FFFF (a mathematical bold letter is a word character past it), marks
# and joiners, emoji, markup, references and the terms' spellings.
PAGE_PIECES = [
    "token", "Token", "tokens", "prompt engineering", "prompt\nengineering", "fine-tune", "finetuning",
    "LLM", "LLMs", "漢字", " ", "\n", ".", "-", "a", "é", "\u0301", "\u200d", "\U0001d400", "\U0001d41a",
    "\U00020000", "\U0001f642", "&nbsp;", "&amp;", "<p>", "</p>", "<code>", "</code>", "<a href=\"#x\">",
    "</a>", "<h2>", "</h2>", "[[token]]", "[[nope]]", "https://e.org/", "_", "İ",
]  # fmt: skip


@pytest.mark.parametrize("glossary", [GLOSSARY, SPACELESS], ids=["words", "spaceless"])
def test_the_narrow_lead_reads_a_page_as_the_plain_one(monkeypatch: pytest.MonkeyPatch, glossary: Glossary) -> None:
    """A page without characters past U+FFFF is read with the narrow class: the same result as `[^\\w&]`."""
    linker = Linker(glossary)
    rng = random.Random(23)
    pages = ["".join(rng.choice(PAGE_PIECES) for _ in range(rng.randint(0, 24))) for _ in range(ROUNDS)]
    narrow = [_link(linker, page) for page in pages]
    assert any(linker_module._is_narrow(page) for page in pages)
    monkeypatch.setattr(linker_module, "_is_narrow", lambda text: False)
    assert [_link(linker, page) for page in pages] == narrow


@pytest.mark.parametrize(
    ("page", "linked"),
    [
        ("<p>a token</p>", True),
        ("<p>\U0001d400token</p>", False),  # a letter past U+FFFF continues the word
        ("<p>\U0001f642token</p>", True),  # an emoji does not
        ("<p>\u00e9token</p>", False),
        ("<p>\u00e9\U0001f642token</p>", True),
    ],
)
def test_a_spelling_after_a_letter_past_u_ffff_is_part_of_its_word(page: str, linked: bool) -> None:
    assert ("glossary-term" in _link(Linker(GLOSSARY), page)[0]) is linked


URL_PIECES = [
    "a", "b", "o", "w", "O", " ", "<", ">", ":", "//", "://", "http", "www.", "w.", "W.", "mailto:", "o:",
    "@", "x@y", ".", "-", "&amp;", "&lt;", '"', "'", "https://e.org/x",
]  # fmt: skip


def test_bare_urls_found_only_where_triggers_are_are_those_of_the_regex() -> None:
    """`_Urls` reads only the stretches with a trigger; it answers as every match of URL_IN_TEXT would."""
    rng = random.Random(5)
    asked = 0
    for _ in range(ROUNDS):
        html = "".join(rng.choice(URL_PIECES) for _ in range(rng.randint(0, 30)))
        spans = [found.span() for found in URL_IN_TEXT.finditer(html)]
        urls = _Urls(html)
        position = 0
        while True:
            start = position + rng.randint(0, 3)
            end = start + rng.randint(1, 4)
            if end > len(html):
                break
            position = start + 1
            if "<" in html[start:end] or ">" in html[start:end]:
                continue  # places asked about are text
            expected = any(low < end and high > start and not (start <= low and high <= end) for low, high in spans)
            assert urls.overlap(start, end) is expected, (html, start, end)
            asked += 1
    assert asked > ROUNDS


def _every_rule(markdown: str) -> str:
    """`markdown_to_text` with every rule tried, whatever the definition holds."""
    text = markdown
    for _, pattern, replacement in text_module._RULES:
        text = pattern.sub(replacement, text)
    text = text_module._emphasis(text)
    for _, pattern, replacement in text_module._AFTER_EMPHASIS:
        text = pattern.sub(replacement, text)
    return " ".join(text_module.html.unescape(text).split())


MARKDOWN_PIECES = ["a", "b", " ", "\n", "    ", "*", "**", "_", "__", "`", "[", "]", "(", ")", "!", "~~", "\\", "^"]
MARKDOWN_PIECES += [":", "|", "&amp;", "&", ";", "[[", "]]"]


def test_tooltip_rules_skipped_for_want_of_their_marks_change_nothing() -> None:
    rng = random.Random(7)
    for _ in range(ROUNDS):
        markdown = "".join(rng.choice(MARKDOWN_PIECES) for _ in range(rng.randint(0, 20)))
        assert text_module.markdown_to_text(markdown) == _every_rule(markdown), markdown


def test_the_two_capitals_check_misses_no_word_of_two_capitals() -> None:
    """The missing-term search passes over prose where `_TWO_CAPITALS` finds nothing: it must find every
    word of two capitals that the plain form finds."""
    plain = re.compile(rf"[{_CAPITALS}][^\W_]*[{_CAPITALS}]")
    pieces = [*"aAbB1_ .-", "É", "é", "ß", "Σ", "σ", "ǅ", "Ⓐ", "\u2160", "\U0001d400", "\U0001d41a", "\U00020000"]
    rng = random.Random(11)
    for _ in range(ROUNDS * 10):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 12)))
        if plain.search(text):
            assert _TWO_CAPITALS.search(text), text


@pytest.mark.slow  # timed at two sizes
def test_text_with_many_stretches_is_linked_in_linear_time() -> None:
    """Each stretch of text is read once for URLs: text with many '<' and no '>' (then a long word)
    must not make each stretch look to the end of the page for where it ends."""
    from .test_hostile_growth import MAX_EXPONENT, growth_exponent

    linker = Linker(GLOSSARY)
    page = lambda count: "<p>" + "a token < " * count + "x" * (100 * count)  # noqa: E731
    assert growth_exponent(lambda html: linker.link_page(html, lambda term: "#", "all"), page, 4_000) < MAX_EXPONENT
