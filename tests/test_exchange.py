"""`glossary-lint --export csv|tsv|tbx|json` and `--import csv`, run as users run them: through
`glossary_plugin.cli.main` and the `glossary-lint` console script."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from glossary_plugin.cli import main
from glossary_plugin.core.export_csv import guard, join_names, split_names, unguard
from glossary_plugin.core.loader import load_glossary, parse_glossary
from glossary_plugin.core.model import Glossary

ROOT = Path(__file__).resolve().parent.parent
RNG = ROOT / "tests" / "fixtures" / "exchange" / "tbx-basic-export.rng"
EXPORT_SCHEMA = ROOT / "glossary_plugin" / "schema" / "glossary-export.schema.json"
TBX = "{urn:iso:std:iso:30042:ed-2}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Definitions a CSV, a spreadsheet, XML or a terminal could mistake for something else.
HOSTILE = {
    "comma": "One, two, and three.",
    "quotes": "He said \"yes\" and 'no'.",
    "lines": "First line.\nSecond line.\r\nThird, after CRLF.\n\nA paragraph.",
    "script": "<script>alert(1)</script> & <b>bold</b>",
    "formula": "=cmd|' /C calc'!A0",
    "plus": "+1 to that",
    "minus": "- a Markdown list item",
    "at": "@SUM(A1:A2)",
    "quoted formula": "'=1+1 already guarded by hand",
    "bidi": "abc \u202etxt.exe\u202c and \u2066isolate\u2069, \u200fRLM",
    "controls": "bell \x07, escape \x1b[31m, C1 \x85 and \x9b end",
    "non-BMP": "robot \U0001f916 and \U0001d54f math",
    "pipes and backslashes": "a|b \\ c \\| d",
    "tab inside": "col\tumn",
}


def write_glossary(path: Path, terms: dict[str, object]) -> None:
    """A glossary file YAML reads back exactly (double-quoted, escapes for what YAML cannot hold raw)."""
    path.write_text(
        yaml.safe_dump({"terms": terms}, default_style='"', allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "mkdocs.yml").write_text("site_name: t\nplugins:\n  - glossary\n", encoding="utf-8")
    terms: dict[str, object] = {
        "token": {"definition": "The smallest unit of text.", "aliases": ["tokens"], "avoid": ["tokn"], "see": ["LLM"]},
        "fine-tuning": {"definition": "Further training.", "aliases": ["fine|tune", "a\\b"], "avoid": ["finetuning"]},
        "LLM": {"definition": "A **large language model**.", "case_sensitive": True},
    }
    for number, (kind, text) in enumerate(HOSTILE.items()):
        terms[f"hostile {number} {kind}"] = {"definition": text}
    terms['key: "value" # not a comment, [not] {a} &map *ref !tag'] = {"definition": "YAML syntax in a name."}
    terms["=SUM(1)"] = {"definition": "A term whose name a spreadsheet would run.", "aliases": ["@alias", "-flag"]}
    write_glossary(tmp_path / "glossary.yaml", terms)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def glossary(site: Path, name: str = "glossary.yaml") -> Glossary:
    loaded, errors = load_glossary(site / name)
    assert not errors
    return loaded


def run(capsysbinary: pytest.CaptureFixture[bytes], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out.decode("utf-8"), err.decode("utf-8")


def test_csv_loads_in_pythons_csv_module_and_keeps_every_definition_byte_for_byte(site, capsysbinary):
    code, out, err = run(capsysbinary, "--export", "csv")
    assert code == 0, err
    rows = list(csv.reader(io.StringIO(out, newline="")))
    assert rows[0] == ["term", "description", "aliases", "avoid", "see", "case sensitive"]
    terms = glossary(site).terms
    assert [unguard(row[0]) for row in rows[1:]] == [term.name for term in terms]
    for row, term in zip(rows[1:], terms, strict=True):
        assert unguard(row[1]) == term.definition  # byte for byte, the formula guard taken off
        assert [unguard(name) for name in split_names(unguard(row[2]))] == list(term.aliases)
        assert split_names(unguard(row[3])) == list(term.avoid)
        assert row[5] == ("true" if term.case_sensitive else "false")
    assert out.endswith("\r\n") and "exported" in err


def test_csv_cells_a_spreadsheet_would_run_start_with_an_apostrophe(site, capsysbinary):
    _, out, _ = run(capsysbinary, "--export", "csv")
    cells = [cell for row in csv.reader(io.StringIO(out, newline="")) for cell in row]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert "'=cmd|' /C calc'!A0" in cells
    assert "''=1+1 already guarded by hand" in cells  # one more, so that import takes exactly one away
    assert "'=SUM(1)" in cells
    assert "The smallest unit of text." in cells  # nothing else is touched


def test_no_formula_guard_leaves_cells_as_they_are(site, capsysbinary):
    _, out, _ = run(capsysbinary, "--export", "tsv", "--no-formula-guard")
    rows = list(csv.reader(io.StringIO(out, newline=""), delimiter="\t"))
    assert [row[1] for row in rows if row[1].startswith("=")] == ["=cmd|' /C calc'!A0"]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_round_trip_export_then_import_gives_the_same_terms(site, capsysbinary, tmp_path, fmt):
    before = (site / "glossary.yaml").read_bytes()
    exported = tmp_path / f"out.{fmt}"
    code, _, err = run(capsysbinary, "--export", fmt, "-o", str(exported))
    assert code == 0, err
    code, out, err = run(capsysbinary, "--import", "csv", str(exported))
    assert code == 0, err
    assert "nothing was written" in err
    back, errors = parse_glossary(out)
    assert not errors
    original = glossary(site)
    assert [(t.name, t.definition, t.aliases, t.avoid, t.see, t.case_sensitive) for t in back.terms] == [
        (t.name, t.definition, t.aliases, t.avoid, t.see, t.case_sensitive) for t in original.terms
    ]
    assert (site / "glossary.yaml").read_bytes() == before  # never written


def test_imported_yaml_shows_hidden_characters_as_escapes(site, capsysbinary, tmp_path):
    run(capsysbinary, "--export", "csv", "-o", str(tmp_path / "g.csv"))
    _, out, _ = run(capsysbinary, "--import", "csv", str(tmp_path / "g.csv"))
    assert "\u202e" not in out and "\x1b" not in out and "\x85" not in out
    assert "\\u202e" in out and "\\x1b[31m" in out and "\\x85" in out
    for line in out.splitlines()[2:]:  # one line per key or field: no value can start another
        assert line.startswith(("  ", "    ")), line


def test_the_console_script_exports_and_imports(site, tmp_path):
    script = Path(sys.executable).with_name("glossary-lint")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    exported = subprocess.run([script, "--export", "json"], cwd=site, env=env, capture_output=True, check=False)
    assert exported.returncode == 0, exported.stderr
    data = json.loads(exported.stdout)
    assert [term["term"] for term in data["terms"]] == [term.name for term in glossary(site).terms]
    (tmp_path / "in.csv").write_text('term,description\nprompt,"The text, given to a model."\n', encoding="utf-8")
    imported = subprocess.run([script, "--import", "csv", "in.csv"], cwd=tmp_path, env=env, capture_output=True)
    assert imported.returncode == 0, imported.stderr
    assert '"prompt":\n    definition: "The text, given to a model."' in imported.stdout.decode()


def test_json_follows_its_schema_and_keeps_the_text(site, capsysbinary):
    code, out, _ = run(capsysbinary, "--export", "json")
    assert code == 0
    assert "<" not in out and "\u202e" not in out  # safe inside <script>, and in a terminal
    data = json.loads(out)
    jsonschema.validate(data, json.loads(EXPORT_SCHEMA.read_text(encoding="utf-8")))
    assert data["format"] == "glossary_plugin.glossary" and data["version"] == 1
    assert [term["definition"] for term in data["terms"]] == [t.definition for t in glossary(site).terms]
    ids = [term["id"] for term in data["terms"]]
    assert len(set(ids)) == len(ids)
    _, again, _ = run(capsysbinary, "--export", "json")
    assert [term["id"] for term in json.loads(again)["terms"]] == ids  # stable from one export to the next


def tbx_of(out: str) -> etree._Element:
    return etree.fromstring(out.encode("utf-8"))


def test_tbx_validates_against_the_tbx_basic_grammar(site, capsysbinary):
    code, out, err = run(capsysbinary, "--export", "tbx")
    assert code == 0, err
    grammar = etree.RelaxNG(etree.parse(str(RNG)))
    document = tbx_of(out)
    assert grammar.validate(document), grammar.error_log
    broken = tbx_of(out.replace("deprecatedTerm-admn-sts", "forbiddenTerm", 1))
    assert not grammar.validate(broken)  # the grammar does check the values


def test_tbx_basic_rules_that_a_grammar_cannot_state(site, capsysbinary):
    """TBX-Basic's Schematron rules, checked here: termNote only in termSec, definitions at langSec,
    related concepts (`see`) at conceptEntry, naming a concept of the file, the dialect declared."""
    _, out, _ = run(capsysbinary, "--export", "tbx")
    root = tbx_of(out)
    assert root.get("type") == "TBX-Basic" and root.get("style") == "dca"
    ids = {entry.get("id") for entry in root.iter(f"{TBX}conceptEntry")}
    for note in root.iter(f"{TBX}termNote"):
        assert note.getparent().tag == f"{TBX}termSec"
    for descrip in root.iter(f"{TBX}descrip"):
        assert descrip.getparent().tag == f"{TBX}langSec"
    for ref in root.iter(f"{TBX}ref"):
        assert ref.getparent().tag == f"{TBX}conceptEntry" and ref.get("target") in ids


def test_tbx_marks_avoided_spellings_as_deprecated_and_keeps_definitions(site, capsysbinary):
    _, out, err = run(capsysbinary, "--export", "tbx")
    root = tbx_of(out)
    by_name = {}
    for entry in root.iter(f"{TBX}conceptEntry"):
        statuses = {sec.findtext(f"{TBX}term"): sec.findtext(f"{TBX}termNote") for sec in entry.iter(f"{TBX}termSec")}
        by_name[next(iter(statuses))] = (entry, statuses)
    entry, statuses = by_name["token"]
    assert statuses == {
        "token": "preferredTerm-admn-sts",
        "tokens": "admittedTerm-admn-sts",
        "tokn": "deprecatedTerm-admn-sts",
    }
    assert entry.find(f"{TBX}ref").text == "LLM"
    for term in glossary(site).terms:
        definition = by_name[term.name][0].find(f"{TBX}langSec/{TBX}descrip").text
        if term.name.endswith("controls"):  # XML 1.0 cannot hold C0 controls: U+FFFD, and said so
            assert definition == term.definition.replace("\x07", "\ufffd").replace("\x1b", "\ufffd")
            assert "hostile 10 controls" in err
        else:  # byte for byte, CRLF included
            assert definition == term.definition, term.name


@pytest.fixture
def french(site: Path) -> Path:
    write_glossary(
        site / "glossary.fr.yaml",
        {
            "jeton": {"definition": "La plus petite unité de texte.", "aliases": ["jetons", "token"]},
            "LLM": {"definition": "Un « grand modèle de langue ».", "case_sensitive": True},
            "orphelin": {"definition": "Ne traduit rien."},
        },
    )
    return site


def test_a_pair_matches_entries_by_name_or_alias_and_says_what_is_left_out(french, capsysbinary):
    code, out, err = run(capsysbinary, "--export", "csv", "--lang", "fr")
    assert code == 0, err
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    by_term = {unguard(row["term"]): row for row in rows}
    assert by_term["token"]["term_fr"] == "jeton" and by_term["token"]["aliases_fr"] == "jetons|token"
    assert by_term["LLM"]["term_fr"] == "LLM" and by_term["LLM"]["case sensitive_fr"] == "true"
    assert by_term["fine-tuning"]["term_fr"] == ""
    assert "have no 'fr' entry" in err and "'orphelin' (line" in err


def test_deepl_crowdin_and_phrase_shapes(french, capsysbinary):
    _, out, _ = run(capsysbinary, "--export", "csv", "--lang", "fr", "--shape", "deepl")
    assert list(csv.reader(io.StringIO(out, newline=""))) == [["token", "jeton"], ["LLM", "LLM"]]  # no header
    _, out, _ = run(capsysbinary, "--export", "csv", "--lang", "fr", "--shape", "crowdin")
    assert out.splitlines()[0] == "term_en,description_en,term_fr,description_fr"
    _, out, _ = run(capsysbinary, "--export", "csv", "--lang", "fr", "--source-lang", "en-US", "--shape", "phrase")
    assert out.splitlines()[0] == "term,description,case sensitive,en-US,fr"


def test_a_pair_round_trips_to_the_translated_glossary(french, capsysbinary, tmp_path):
    run(capsysbinary, "--export", "tbx", "--lang", "fr")  # both languages in one concept entry
    run(capsysbinary, "--export", "csv", "--lang", "fr", "-o", str(tmp_path / "fr.csv"))
    code, out, err = run(capsysbinary, "--import", "csv", str(tmp_path / "fr.csv"), "--lang", "fr")
    assert code == 0, err
    back, errors = parse_glossary(out)
    assert not errors
    assert [(t.name, t.definition, t.aliases, t.case_sensitive) for t in back.terms] == [
        ("jeton", "La plus petite unité de texte.", ("jetons", "token"), False),
        ("LLM", "Un « grand modèle de langue ».", (), True),
    ]


def test_tbx_pair_has_a_langsec_per_language(french, capsysbinary):
    _, out, _ = run(capsysbinary, "--export", "tbx", "--lang", "fr")
    root = tbx_of(out)
    assert etree.RelaxNG(etree.parse(str(RNG))).validate(root)
    langs = [[sec.get(XML_LANG) for sec in entry.iter(f"{TBX}langSec")] for entry in root.iter(f"{TBX}conceptEntry")]
    assert langs[0] == ["en", "fr"] and ["en"] in langs


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('term,description\nx,"never closed\n', "in.csv:2:1: the CSV cannot be read here"),
        ("term,description,case sensitive\nx,fine,maybe\n", "in.csv:2:8: 'case sensitive' is 'maybe'; write true"),
        ("term,description\ny,\n", "in.csv:2:3: term 'y' has no description; write one"),
        ("a,b,c\n1,2,3\n", "in.csv:1:1: the first row is not a header"),
        ("term,description\nx,one\nX,two\n", "in.csv:3:1: 'X' of term 'X' collides with 'x'"),
        ("term,description,see\nx,one,nothing\n", "in.csv:2:7: `see` of term 'x' names 'nothing', which is not a term"),
    ],
)
def test_import_errors_name_the_cell_and_what_to_do(tmp_path, capsysbinary, monkeypatch, text, expected):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.csv").write_text(text, encoding="utf-8")
    code, out, err = run(capsysbinary, "--import", "csv", "in.csv")
    assert code == 1 and out == ""
    assert expected in err, err
    assert "Traceback" not in err


def test_import_reads_a_headerless_two_column_file_and_a_bom(tmp_path, capsysbinary, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.csv").write_bytes("\ufeffyes,The word YAML reads as true.\n".encode())
    code, out, err = run(capsysbinary, "--import", "csv", "in.csv")
    assert code == 0 and "no header row" in err
    back, errors = parse_glossary(out)
    assert not errors and back.terms[0].name == "yes"


def test_import_of_bytes_that_are_not_utf8_names_the_place(tmp_path, capsysbinary, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.csv").write_bytes(b"term,description\nab\xff,x\n")
    code, _, err = run(capsysbinary, "--import", "csv", "in.csv")
    assert code == 1 and "in.csv:2:3: byte 0xff is not UTF-8" in err


def test_export_of_a_glossary_with_errors_prints_them_and_exports_nothing(site, capsysbinary):
    (site / "glossary.yaml").write_text("terms:\n  a:\n    definiton: x\n", encoding="utf-8")
    code, out, err = run(capsysbinary, "--export", "csv")
    assert code == 1 and out == ""
    assert "glossary.yaml:3:5: unknown key 'definiton'" in err


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--export", "csv", "--lang", "de"], "no glossary for 'de': glossary.de.yaml not found"),
        (["--export", "csv", "--shape", "deepl"], "add --lang LANG"),
        (
            ["--export", "tbx", "--shape", "crowdin"],
            "--shape crowdin is no shape of --export tbx (one of basic, weblate)",
        ),
        (["--export", "json", "--shape", "table"], "--shape table is no shape of --export json (none)"),
        (["--export", "tbx", "--no-formula-guard"], "--no-formula-guard goes with --export csv or --export tsv"),
        (["--import", "xlsx", "a.xlsx"], "--import reads csv only"),
        (["--lang", "fr"], "--lang go(es) with --export or --import"),
        (["--export", "csv", "--lang", "x/../y"], "is not a language code"),
        (["--export", "csv", "docs/index.md"], "name no files"),
        (["--export", "csv", "--format", "json"], "drop --format"),
        (["--export", "csv", "--print-schema"], "drop --suggest, --fix, --diff and --print-schema"),
    ],
)
def test_usage_errors(site, capsysbinary, argv, expected):
    code, out, err = run(capsysbinary, *argv)
    assert code == 2 and out == ""
    assert expected in err, err


def test_the_glossary_file_option_of_the_config_is_followed(site, capsysbinary):
    (site / "terms").mkdir()
    (site / "glossary.yaml").rename(site / "terms" / "words.yml")
    (site / "mkdocs.yml").write_text(
        "site_name: t\nplugins:\n  - glossary:\n      glossary_file: terms/words.yml\n"
        "markdown_extensions:\n  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n",
        encoding="utf-8",
    )
    write_glossary(site / "terms" / "words.fr.yml", {"LLM": {"definition": "Grand modèle."}})
    code, out, err = run(capsysbinary, "--export", "json", "--lang", "fr")
    assert code == 0, err
    data = json.loads(out)
    assert data["source"] == "terms/words.yml" and data["target_language"] == "fr"
    assert next(t["translation"] for t in data["terms"] if t["term"] == "LLM")["definition"] == "Grand modèle."


def test_a_zensical_projects_glossary_file_is_followed(site, capsysbinary):
    (site / "mkdocs.yml").unlink()
    (site / "glossary.yaml").rename(site / "words.yaml")
    (site / "zensical.toml").write_text(
        '[project]\nsite_name = "t"\n[project.markdown_extensions.glossary_plugin]\nglossary_file = "words.yaml"\n',
        encoding="utf-8",
    )
    code, out, err = run(capsysbinary, "--export", "json")
    assert code == 0, err
    assert json.loads(out)["source"] == "words.yaml"


def test_import_says_which_entries_the_glossary_already_has(site, capsysbinary):
    (site / "in.csv").write_text("term,description,aliases\nnew,A new term.,\ntok,Short.,TOKEN\n", encoding="utf-8")
    code, out, err = run(capsysbinary, "--import", "csv", "in.csv")
    assert code == 0, err
    assert "in.csv:3:1: 'TOKEN' of term 'tok' is already in glossary.yaml as term 'token' (line 2)" in err
    assert "'new'" not in err and '"new":' in out


def test_import_never_overwrites_a_file(site, capsysbinary):
    (site / "in.csv").write_text("term,description\nnew,A new term.\n", encoding="utf-8")
    before = (site / "glossary.yaml").read_bytes()
    code, out, err = run(capsysbinary, "--import", "csv", "in.csv", "-o", "glossary.yaml")
    assert code == 2 and out == "" and "'glossary.yaml' exists; --import never overwrites a file" in err
    assert (site / "glossary.yaml").read_bytes() == before
    code, _, err = run(capsysbinary, "--import", "csv", "in.csv", "-o", "new.yaml")
    assert code == 0 and parse_glossary((site / "new.yaml").read_text(encoding="utf-8"))[0].terms[0].name == "new"


def test_tbx_for_weblate_is_read_by_translate_toolkit_with_each_spellings_status(french, capsysbinary):
    """Weblate reads TBX through Translate Toolkit, which reads TBX 2008 (`martif`) and not the 2019 `tbx`."""
    from translate.storage import tbx  # the reader Weblate uses (Translate Toolkit, a test dependency)

    write_glossary(
        french / "glossary.fr.yaml",
        {"jeton": {"definition": "Unité de texte.", "aliases": ["jetons", "token"], "avoid": ["tokène"]}},
    )
    code, out, err = run(capsysbinary, "--export", "tbx", "--shape", "weblate", "--lang", "fr")
    assert code == 0, err
    with pytest.raises(AssertionError):  # the 2019 form is not what it reads
        tbx.tbxfile.parsestring(run(capsysbinary, "--export", "tbx")[1].encode())
    store = tbx.tbxfile.parsestring(out.encode(), sourcelanguage="en", targetlanguage="fr")
    units = {unit.source: unit for unit in store.units}
    assert [unit.source for unit in store.units] == [term.name for term in glossary(french).terms]
    token = units["token"]
    assert token.target == "jeton" and not token.isobsolete()
    assert [(t.text, t.deprecated) for t in token.get_source_terms()] == [
        ("token", False),
        ("tokens", False),
        ("tokn", True),
    ]
    assert [(t.text, t.deprecated) for t in token.get_target_terms()][-1] == ("tokène", True)
    assert token.get_source_terms()[0].notes[0].text == "The smallest unit of text."
    hostile = units["hostile 2 lines"]
    assert hostile.get_source_terms()[0].notes[0].text == HOSTILE["lines"]


@given(st.lists(st.text(min_size=1).map(str.strip).filter(bool), max_size=5), st.text())
def test_any_cell_comes_back_from_csv_byte_for_byte(names, text):
    """Whatever a definition or a name holds, the CSV cell written for it reads back as it was."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([guard(text), guard(join_names(names))])
    (cell, listed), *_ = csv.reader(io.StringIO(out.getvalue(), newline=""))
    assert unguard(cell) == text
    assert split_names(unguard(listed)) == names
    assert not guard(text).startswith(("=", "+", "-", "@", "\t", "\r"))
