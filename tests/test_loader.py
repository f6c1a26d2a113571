"""glossary.yaml -> Glossary: every field, and every error with its line and column."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from glossary_plugin.core.findings import GLOSSARY_INVALID
from glossary_plugin.core.loader import (
    TERM_KEYS,
    TOP_KEYS,
    load_glossary,
    parse_glossary,
)

SCHEMA = json.loads((Path(__file__).parents[1] / "glossary_plugin/schema/glossary.schema.json").read_text("utf-8"))


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


def test_loading_reports_every_error_and_leaves_those_terms_out(tmp_path: Path):
    path = tmp_path / "glossary.yaml"
    path.write_text("terms:\n  a:\n    definitio: x\n  b: ''\n  c: Fine.\n", encoding="utf-8")
    glossary, errors = load_glossary(path, "glossary.yaml")
    assert [(error.code, error.line, error.column) for error in errors] == [
        (GLOSSARY_INVALID, 3, 5),
        (GLOSSARY_INVALID, 4, 6),
    ]
    assert [term.name for term in glossary.terms] == ["c"]


def test_a_single_string_is_one_alias():
    glossary, errors = parse(
        """
        terms:
          fine-tuning:
            definition: Further training.
            aliases: fine-tune
            avoid: finetuning
            see: fine-tuning
        """
    )
    assert errors == []
    term = glossary.get("fine-tuning")
    assert (term.aliases, term.avoid, term.see) == (("fine-tune",), ("finetuning",), ("fine-tuning",))
    assert glossary.lookup("Fine-Tune") is term


def test_aliases_repeated_within_a_term_are_warnings_and_the_term_loads():
    glossary, errors = parse(
        """
        terms:
          Pydantic model:
            definition: A class that validates data.
            aliases: [Pydantic models, pydantic models]
        """
    )
    assert [(error.code, str(error)) for error in errors] == [
        (
            "redundant-alias",
            "glossary.yaml:4:32: alias 'pydantic models' of term 'Pydantic model' repeats 'Pydantic models' "
            "(the same after case folding and Unicode normalisation); remove it",
        )
    ]
    assert glossary.get("Pydantic model").aliases == ("Pydantic models",)


def test_case_sensitive_aliases_that_differ_in_case_are_two_spellings():
    glossary, errors = parse(
        """
        terms:
          LLM:
            definition: A large language model.
            case_sensitive: true
            aliases: [llm, LLM]
        """
    )
    assert [(error.code, error.line, error.column) for error in errors] == [("redundant-alias", 5, 20)]
    assert glossary.get("LLM").aliases == ("llm",)


def test_two_terms_that_collide_stay_an_error():
    glossary, errors = parse(
        """
        terms:
          token: The unit.
          piece:
            definition: A part.
            aliases: [Tokens, TOKEN]
        """
    )
    assert [(error.code, error.line, error.column) for error in errors] == [("glossary-invalid", 5, 23)]
    assert [term.name for term in glossary.terms] == ["token"]


def test_a_warning_keeps_its_term(tmp_path: Path):
    path = tmp_path / "glossary.yaml"
    path.write_text("terms:\n  model:\n    definition: d\n    aliases: [models, Models]\n", encoding="utf-8")
    glossary, errors = load_glossary(path)
    assert [error.code for error in errors] == ["redundant-alias"]
    assert glossary.get("model").aliases == ("models",)


def test_the_schema_names_the_keys_the_loader_reads():
    assert tuple(SCHEMA["properties"]) == TOP_KEYS
    assert tuple(SCHEMA["$defs"]["term"]["properties"]) == TERM_KEYS
    assert SCHEMA["required"] == ["terms"] and SCHEMA["$defs"]["term"]["required"] == ["definition"]


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        pytest.param(
            "terms:\n  token:\n    definition: d\n    not_inside: [access token, bearer]\n",
            4,
            32,
            "`not_inside` phrase 'bearer' of term 'token' holds none of the term's spellings (token)",
            id="phrase-without-the-term",
        ),
        pytest.param(
            "terms:\n  token:\n    definition: d\n    not_inside: [access token]\n  access token: d\n",
            4,
            18,
            "`not_inside` phrase 'access token' of term 'token' is the name or alias 'access token' of term",
            id="phrase-is-a-term",
        ),
        pytest.param(
            "not_inside: [Pydantic AI, Token]\nterms:\n  token: d\n",
            1,
            27,
            "the top-level `not_inside` phrase 'Token' is the name or alias 'token' of term 'token'",
            id="top-phrase-is-a-term",
        ),
        pytest.param(
            "terms:\n  LLM:\n    definition: d\n    aliases: [{name: llm, case_sensitiv: true}]\n",
            4,
            27,
            "unknown key 'case_sensitiv' in an entry of `aliases` of 'LLM' (did you mean 'case_sensitive'?)",
            id="alias-mapping-unknown-key",
        ),
        pytest.param(
            "terms:\n  LLM:\n    definition: d\n    aliases: [{case_sensitive: true}]\n",
            4,
            15,
            "an entry of `aliases` of 'LLM' has no `name`",
            id="alias-mapping-without-name",
        ),
        pytest.param(
            "terms:\n  LLM:\n    definition: d\n    aliases: [{name: LLM2, case_sensitive: maybe}]\n",
            4,
            44,
            "`case_sensitive` of an entry of `aliases` of 'LLM' must be true or false",
            id="alias-mapping-not-boolean",
        ),
        pytest.param(
            "not_inside: [Pydantic AI]\nglossary: {}\nterms:\n  token: d\n",
            2,
            1,
            "unknown top-level key 'glossary'",
            id="unknown-top-key-names-not-inside",
        ),
    ],
)
def test_new_fields_have_located_errors(text: str, line: int, column: int, message: str):
    _, errors = parse_glossary(text)
    assert [(error.line, error.column) for error in errors] == [(line, column)], errors
    assert message in errors[0].message


def test_per_alias_case_keeps_one_term():
    glossary, errors = parse(
        """
        not_inside: [Pydantic AI]
        terms:
          large language model:
            definition: d
            aliases: [{name: LLM, case_sensitive: true}, large language models]
            not_inside: [large language model arena]
            only_on: ["llm/*"]
            not_on: [llm/legacy.md]
          GPU:
            definition: d
            case_sensitive: true
            aliases: [{name: graphics card, case_sensitive: false}, {name: Graphics Card}]
        """
    )
    assert [str(error) for error in errors] == [
        "glossary.yaml:12:68: alias 'Graphics Card' of term 'GPU' repeats 'graphics card' "
        "(the same after case folding and Unicode normalisation); remove it"
    ]
    term = glossary.get("large language model")
    assert term.aliases == ("LLM", "large language models")
    assert term.is_case_sensitive("LLM") and not term.is_case_sensitive("large language models")
    assert term.not_inside == ("large language model arena",)
    assert term.links_on("llm/intro.md") and not term.links_on("llm/legacy.md") and not term.links_on("x.md")
    gpu = glossary.get("GPU")
    assert gpu.is_case_sensitive("GPU") and not gpu.is_case_sensitive("graphics card")
    assert glossary.not_inside == ("Pydantic AI",)


class _AsEditorsRead(yaml.SafeLoader):
    """YAML as a JSON Schema sees it: every mapping key is text (JSON has no other keys)."""


def _mapping_with_text_keys(loader: yaml.SafeLoader, node: yaml.MappingNode) -> dict[object, object]:
    return {
        key.value if isinstance(key, yaml.ScalarNode) else loader.construct_object(key, deep=True): (
            loader.construct_object(value, deep=True)
        )
        for key, value in node.value
    }


_AsEditorsRead.add_constructor("tag:yaml.org,2002:map", _mapping_with_text_keys)
_TERM = "terms:\n  token:\n    definition: The unit.\n"


# Checks across terms (collisions, `see` targets, link schemes) are beyond a JSON Schema: not here.
@pytest.mark.parametrize(
    ("text", "valid"),
    [
        pytest.param("terms:\n  token: The unit.\n", True, id="short-form"),
        pytest.param(_TERM + "    aliases: [tokens]\n    avoid: [tokn]\n    see: [token]\n", True, id="lists"),
        pytest.param(_TERM + "    aliases: tokens\n", True, id="single-string-alias"),
        pytest.param(_TERM + "    aliases: []\n", True, id="empty-list"),
        pytest.param(_TERM + "    case_sensitive: true\n    autolink: no\n", True, id="yaml-booleans"),
        pytest.param(_TERM + "    link: training.md#fine-tuning\n", True, id="link"),
        pytest.param(_TERM + '    aliases: ["1", "true"]\n', True, id="quoted-numbers-are-names"),
        pytest.param(_TERM + "    aliases: [tokens, Tokens]\n", True, id="redundant-alias-is-a-warning"),
        pytest.param("terms:\n  1.0: A version.\n  on: A switch.\n", True, id="keys-are-text"),
        pytest.param("terms:\n  token: |\n    Two\n    lines.\n", True, id="block-definition"),
        pytest.param("- token\n", False, id="top-level-list"),
        pytest.param("glossary:\n  token: d\n", False, id="unknown-top-key"),
        pytest.param("terms: {}\n", False, id="no-terms"),
        pytest.param("terms:\n", False, id="null-terms"),
        pytest.param("terms:\n  token:\n", False, id="null-definition"),
        pytest.param("terms:\n  token: '  '\n", False, id="blank-definition"),
        pytest.param("terms:\n  token: 42\n", False, id="number-definition"),
        pytest.param("terms:\n  token: yes\n", False, id="boolean-definition"),
        pytest.param("terms:\n  token: [a]\n", False, id="list-term"),
        pytest.param("terms:\n  ' token': d\n", False, id="name-with-leading-space"),
        pytest.param("terms:\n  token:\n    aliases: [a]\n", False, id="missing-definition"),
        pytest.param(_TERM + "    alias: [a]\n", False, id="unknown-term-key"),
        pytest.param(_TERM + "    aliases: [1, 2]\n", False, id="number-aliases"),
        pytest.param(_TERM + "    aliases: 1.5\n", False, id="number-alias"),
        pytest.param(_TERM + "    avoid: [true]\n", False, id="boolean-avoid"),
        pytest.param(_TERM + "    see: [2024-01-01]\n", False, id="date-see"),
        pytest.param(_TERM + "    aliases:\n", False, id="null-aliases"),
        pytest.param(_TERM + "    aliases: [a, ~]\n", False, id="null-alias"),
        pytest.param(_TERM + "    aliases: {a: b}\n", False, id="mapping-aliases"),
        pytest.param(_TERM + "    aliases: ['a ']\n", False, id="alias-with-trailing-space"),
        pytest.param(_TERM + "    aliases: ' a'\n", False, id="single-alias-with-leading-space"),
        pytest.param(_TERM + "    case_sensitive: 'true'\n", False, id="quoted-boolean"),
        pytest.param(_TERM + "    autolink: 1\n", False, id="number-boolean"),
        pytest.param(_TERM + "    link: 42\n", False, id="number-link"),
        pytest.param(_TERM + "    link: ''\n", False, id="empty-link"),
        pytest.param(_TERM + "    link: '  '\n", False, id="blank-link"),
        pytest.param(_TERM + "    aliases: [{name: TOK, case_sensitive: true}, tokens]\n", True, id="alias-mapping"),
        pytest.param(_TERM + "    aliases: [{name: TOK}]\n", True, id="alias-mapping-name-only"),
        pytest.param(_TERM + "    aliases: [{case_sensitive: true}]\n", False, id="alias-mapping-without-name"),
        pytest.param(_TERM + "    aliases: [{name: TOK, case: true}]\n", False, id="alias-mapping-unknown-key"),
        pytest.param(_TERM + "    aliases: [{name: TOK, case_sensitive: 1}]\n", False, id="alias-mapping-number"),
        pytest.param(_TERM + "    aliases: [{name: 1}]\n", False, id="alias-mapping-number-name"),
        pytest.param(_TERM + "    avoid: [{name: TOK}]\n", False, id="mapping-in-avoid"),
        pytest.param(_TERM + "    not_inside: [access token]\n", True, id="term-not-inside"),
        pytest.param(_TERM + "    not_inside: access token\n", True, id="term-not-inside-one"),
        pytest.param(_TERM + "    not_inside: [42]\n", False, id="term-not-inside-number"),
        pytest.param(_TERM + "    only_on: [llm/*]\n    not_on: [llm/old/*]\n", True, id="page-scope"),
        pytest.param(_TERM + "    only_on: [true]\n", False, id="page-scope-boolean"),
        pytest.param(_TERM + "    not_on: {a: b}\n", False, id="page-scope-mapping"),
        pytest.param("not_inside: [Pydantic AI]\n" + _TERM, True, id="top-not-inside"),
        pytest.param("not_inside: [~]\n" + _TERM, False, id="top-not-inside-null"),
        pytest.param("not_inside: {a: b}\n" + _TERM, False, id="top-not-inside-mapping"),
    ],
)
def test_the_schema_and_the_loader_agree(text: str, valid: bool):
    data = yaml.load(text, Loader=_AsEditorsRead)
    schema_errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    _, errors = parse_glossary(text)
    loader_errors = [str(error) for error in errors if error.code == GLOSSARY_INVALID]
    assert (not schema_errors, not loader_errors) == (valid, valid), (schema_errors[:1], loader_errors)


@pytest.mark.parametrize(
    ("text", "place", "advice"),
    [
        ("terms:\n\ttoken: A unit.\n", (2, 1), "YAML indents with spaces, never tabs; replace the tab with spaces"),
        ("terms:\n  token: Ratio: a number.\n", (2, 15), 'a value that holds ": " must be in quotes'),
        ("terms:\n  token: @home\n", (2, 10), "a value cannot start with '@' in YAML; put the whole value in quotes"),
        ("terms:\n  token: `x` here\n", (2, 10), "a value cannot start with '`' in YAML"),
        ("terms:\n  token: *x\n", (2, 10), "a value that starts with '*' or '&' must be in quotes"),
    ],
)
def test_a_yaml_syntax_error_says_what_to_do(text: str, place: tuple[int, int], advice: str):
    from glossary_plugin.core.loader import parse_glossary

    _, errors = parse_glossary(text)
    (error,) = errors
    assert (error.line, error.column) == place
    assert error.message.startswith("invalid YAML: ") and advice in error.message
