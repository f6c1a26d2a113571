"""glossary.yaml -> Glossary: every field, and every error with its line and column."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from glossary_plugin.loader import GlossaryLoadError, load_glossary, load_glossary_strict, parse_glossary


def parse(text: str):
    return parse_glossary(textwrap.dedent(text).lstrip("\n"), "glossary.yaml")


def test_long_and_short_forms_with_every_field():
    glossary, errors = parse(
        """
        terms:
          token:
            definition: The smallest unit of text a language model reads.
            aliases: [tokens-of-text]
            see: [tokenizer]
          tokenizer: Splits text into tokens.
          fine-tuning:
            definition: Further training of a pretrained model.
            aliases: [fine-tune, fine-tuned]
            avoid: [finetuning, fine tuning]
            link: training.md#fine-tuning
          LLM:
            definition: A **large language model**.
            case_sensitive: true
            autolink: false
        """
    )
    assert errors == []
    token = glossary.get("token")
    assert token.definition == "The smallest unit of text a language model reads."
    assert token.aliases == ("tokens-of-text",)
    assert token.see == ("tokenizer",)
    assert (token.location.line, token.location.column) == (2, 3)
    assert glossary.get("tokenizer").definition == "Splits text into tokens."
    fine = glossary.get("fine-tuning")
    assert fine.avoid == ("finetuning", "fine tuning")
    assert fine.link == "training.md#fine-tuning"
    llm = glossary.get("LLM")
    assert llm.case_sensitive and not llm.autolink
    assert not token.case_sensitive and token.autolink
    assert glossary.lookup("FINE-TUNE") is fine
    assert glossary.lookup("llm") is llm


def test_yaml_keywords_stay_text_as_term_names():
    glossary, errors = parse(
        """
        terms:
          on: A term spelled like a YAML boolean.
          1.0: A version number.
        """
    )
    assert errors == []
    assert [term.name for term in glossary.terms] == ["on", "1.0"]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        pytest.param(
            """
            terms:
              token:
                defintion: The smallest unit.
            """,
            3,
            5,
            "unknown key 'defintion' in term 'token' (did you mean 'definition'?)",
            id="unknown-key-with-suggestion",
        ),
        pytest.param(
            """
            terms:
              token:
                aliases: [tokens-here]
            """,
            2,
            3,
            "term 'token' has no `definition`",
            id="missing-definition",
        ),
        pytest.param(
            """
            terms:
              token:
                definition: "   "
            """,
            3,
            17,
            "the definition of 'token' is empty",
            id="empty-definition",
        ),
        pytest.param(
            """
            terms:
              token:
            """,
            2,
            9,
            "the definition of 'token' is empty",
            id="empty-short-form",
        ),
        pytest.param(
            """
            terms:
              token: The unit.
              Token: Another unit.
            """,
            3,
            3,
            "'Token' of term 'Token' collides with 'token' of term 'token' (line 2)",
            id="names-collide-after-case-folding",
        ),
        pytest.param(
            """
            terms:
              token: The unit.
              piece:
                definition: A part.
                aliases: [TOKEN]
            """,
            5,
            15,
            "'TOKEN' of term 'piece' collides with 'token' of term 'token'",
            id="alias-collides-with-name",
        ),
        pytest.param(
            """
            terms:
              café: Composed form.
              cafe\u0301: Decomposed form.
            """,
            3,
            3,
            "collides with 'café' of term 'café'",
            id="unicode-normalisation-collision",
        ),
        pytest.param(
            """
            terms:
              token: The unit.
              piece:
                definition: A part.
                avoid: [Token]
            """,
            5,
            13,
            "avoided spelling 'Token' of term 'piece' is also the name or alias 'token' of term 'token'",
            id="avoid-is-a-term",
        ),
        pytest.param(
            """
            terms:
              token:
                definition: The unit.
                see: [tokenzier]
              tokenizer: Splits text.
            """,
            4,
            11,
            "`see` of term 'token' names 'tokenzier', which is not a term (did you mean 'tokenizer'?)",
            id="see-names-no-term",
        ),
        pytest.param(
            """
            terms:
              token: The unit.
              token: Again.
            """,
            3,
            3,
            "duplicate key 'token' (first defined on line 2)",
            id="duplicate-yaml-key",
        ),
        pytest.param(
            """
            terms:
              token: [a, b
            """,
            2,
            10,
            "invalid YAML",
            id="invalid-yaml",
        ),
        pytest.param(
            """
            - token
            - model
            """,
            1,
            1,
            "the top level of the glossary is a list, but it must be a mapping with a `terms:` key",
            id="list-at-top-level",
        ),
        pytest.param(
            """
            term:
              token: The unit.
            """,
            1,
            1,
            "unknown top-level key 'term' (did you mean 'terms'?)",
            id="unknown-top-level-key",
        ),
        pytest.param(
            """
            terms:
              token:
                definition: The unit.
                case_sensitive: sometimes
            """,
            4,
            21,
            "`case_sensitive` of 'token' must be true or false",
            id="wrong-type-boolean",
        ),
        pytest.param(
            """
            terms:
              token:
                definition: The unit.
                aliases: {a: b}
            """,
            4,
            14,
            "`aliases` of 'token' must be a list of names",
            id="wrong-type-list",
        ),
        pytest.param(
            """
            terms:
              token:
                definition: [not, text]
            """,
            3,
            17,
            "`definition` of 'token' is a list, but it must be text",
            id="wrong-type-definition",
        ),
        pytest.param(
            """
            terms:
              "   ": Only white space.
            """,
            2,
            3,
            "a term name is empty or only white space",
            id="whitespace-term",
        ),
        pytest.param("", 1, 1, "the glossary is empty", id="empty-file"),
    ],
)
def test_each_error_names_its_line_and_column(text: str, line: int, column: int, message: str):
    _, errors = parse(text)
    assert errors, "expected an error"
    first = errors[0]
    assert (first.path, first.line, first.column) == ("glossary.yaml", line, column), str(first)
    assert message in first.message
    assert str(first).startswith(f"glossary.yaml:{line}:{column}: ")


def test_a_bad_term_is_left_out_and_the_rest_still_loads():
    glossary, errors = parse(
        """
        terms:
          token: The unit.
          model:
            defnition: typo
          attention: A mechanism.
        """
    )
    assert len(errors) == 1
    assert [term.name for term in glossary.terms] == ["token", "attention"]


def test_missing_file_and_bad_encoding(tmp_path: Path):
    _, errors = load_glossary(tmp_path / "glossary.yaml", "glossary.yaml")
    assert [(e.line, e.column) for e in errors] == [(1, 1)]
    assert "glossary file not found" in errors[0].message
    latin1 = tmp_path / "latin1.yaml"
    latin1.write_bytes("terms:\n  caf\xe9: A drink.\n".encode("latin-1"))
    _, errors = load_glossary(latin1, "latin1.yaml")
    assert str(errors[0]) == "latin1.yaml:2:6: the file is not valid UTF-8; save it with UTF-8 encoding"


def test_strict_loading_raises_with_every_error(tmp_path: Path):
    path = tmp_path / "glossary.yaml"
    path.write_text("terms:\n  a:\n    definitio: x\n  b: ''\n", encoding="utf-8")
    with pytest.raises(GlossaryLoadError) as raised:
        load_glossary_strict(path, "glossary.yaml")
    assert len(raised.value.errors) == 2
    assert "glossary.yaml:3:5:" in str(raised.value)
    assert "glossary.yaml:4:6:" in str(raised.value)
