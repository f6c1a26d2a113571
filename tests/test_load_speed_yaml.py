"""libyaml's parser, which reads a large glossary fast, places errors and terms as PyYAML's own does.

The loader uses PyYAML's C loader where PyYAML has libyaml (issue 23). The two
word some syntax errors differently, but every error and every term must be
at the same line and column with either, in characters as editors count them,
after letters of any script.
"""

from __future__ import annotations

import pytest
import yaml

from glossary_plugin.core import loader
from glossary_plugin.core.loader import parse_glossary

_TEXTS = [
    "terms:\n\ttoken: A unit.\n",
    "terms:\n  token: Ratio: a number.\n",
    "terms:\n  token: @home\n",
    "terms:\n  token: *x\n",
    "terms:\n  token: [a, b\n",
    'terms:\n  token: "unclosed\n',
    "terms:\n  café: naïve: x\n",
    "terms:\n  日本語のテキスト: 値: x\n",
    "terms:\n  \U0001f600\U0001f600 emoji: x: y\n",
    'terms:\n  ab: "x\x01"\n',
    "terms:\n  é\x07: x\n",
    "terms:\n  a: &anchor x\n  b: *anchor\n",
    "terms:\n  a: x\n---\nterms: {}\n",
    "terms:\n  a: x\n   b: y\n",
    "terms:\n  a:\n    definition: x\n   aliases: [y]\n",
    "terms:\n  ü: x\n  ü: y\n",
    "terms:\n  ü日: {definition: [1, 2}\n",
    "terms:\n  x: 'it''s\n",
    "terms:\r\n  a: b: c\r\n",
    "\ufeffterms:\n  é: x\n  a: b: c\n",
    "terms:\n  日本: 値\n  \U0001f600: 値\n  naïve: {definition: x, aliases: [é, 日]}\n  b: c: d\n",
    "terms:\n" + "".join(f"  日本語{number}: 日本語のテキスト\n" for number in range(5)) + '  b: "\x07"\n',
    '\ufeffterms:\n  é: "\x07"\n',
]


def _places(text: str, reader: type[yaml.SafeLoader], patch: pytest.MonkeyPatch) -> object:
    patch.setattr(loader, "_YAML_LOADER", reader)
    glossary, errors = parse_glossary(text)
    return [(error.line, error.column) for error in errors], [(term.name, term.location) for term in glossary.terms]


@pytest.mark.parametrize("text", _TEXTS)
def test_the_c_loader_places_everything_where_the_python_loader_does(text: str, monkeypatch: pytest.MonkeyPatch):
    fast = _places(text, getattr(yaml, "CSafeLoader", yaml.SafeLoader), monkeypatch)
    assert fast == _places(text, yaml.SafeLoader, monkeypatch)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("terms:\n  é\x07: x\n", (2, 4)),
        ('terms:\n  日本語のテキスト: x\n  日本語: y\n  b: "\x07"\n', (4, 7)),
        ('\ufeffterms:\n  é: "\x07"\n', (2, 7)),
    ],
)
def test_a_refused_character_after_other_scripts_is_placed_in_characters(text: str, place: tuple[int, int]):
    # libyaml gives this offset in bytes of UTF-8: counted as characters, it pointed past the character.
    (error,) = parse_glossary(text)[1]
    assert (error.line, error.column) == place
    assert "U+0007 is not allowed in YAML" in error.message
