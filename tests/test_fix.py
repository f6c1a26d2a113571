"""`glossary-lint --fix` and `--diff`: avoided spellings rewritten in prose, every other byte kept."""

from __future__ import annotations

import filecmp
import os
import shutil
from pathlib import Path

import pytest

from glossary_plugin.cli.command import main

FIXTURE = Path(__file__).parent / "fixtures" / "fix"


@pytest.fixture
def fix_site(tmp_path: Path) -> Path:
    target = tmp_path / "site"
    shutil.copytree(FIXTURE / "source", target)
    return target


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def avoided(site: Path, capsys: pytest.CaptureFixture[str]) -> list[str]:
    _, out, _ = cli(["-f", str(site / "mkdocs.yml")], capsys)
    return [line for line in out.splitlines() if ": avoided-spelling: " in line]


def test_fix_gives_the_expected_tree_byte_for_byte(fix_site: Path, capsys: pytest.CaptureFixture[str]):
    assert len(avoided(fix_site, capsys)) == 13
    clean = fix_site / "docs" / "clean.md"
    os.utime(clean, (1_000_000, 1_000_000))
    status, out, err = cli(["-f", str(fix_site / "mkdocs.yml"), "--fix"], capsys)
    assert (status, out) == (0, "")
    assert err.strip() == "glossary-lint: fixed 13 avoided spelling(s) in 1 file(s)"
    comparison = filecmp.dircmp(fix_site / "docs", FIXTURE / "expected" / "docs")
    assert comparison.left_only == comparison.right_only == []
    for name in comparison.common_files:
        assert (fix_site / "docs" / name).read_bytes() == (FIXTURE / "expected" / "docs" / name).read_bytes(), name
    assert clean.stat().st_mtime == 1_000_000, "a file with nothing to fix is not rewritten"
    assert avoided(fix_site, capsys) == []
    assert sorted(path.name for path in (fix_site / "docs").iterdir()) == ["clean.md", "index.md"]  # no temp file


def test_diff_shows_the_change_and_writes_nothing(fix_site: Path, capsys: pytest.CaptureFixture[str]):
    before = {path: path.read_bytes() for path in (fix_site / "docs").iterdir()}
    status, out, err = cli(["-f", str(fix_site / "mkdocs.yml"), "--diff"], capsys)
    assert status == 1
    assert err.strip() == "glossary-lint: 13 avoided spelling(s) to fix in 1 file(s)"
    assert out.startswith("--- a/docs/index.md\n+++ b/docs/index.md\n@@ ")
    assert "-Finetuning starts a sentence; FINETUNING shouts; we like finetuning.\n" in out
    assert "+Fine-tuning starts a sentence; FINE-TUNING shouts; we like fine-tuning.\n" in out
    assert "finetuning = " not in out, "code is never changed"
    assert {path: path.read_bytes() for path in (fix_site / "docs").iterdir()} == before
    cli(["-f", str(fix_site / "mkdocs.yml"), "--fix"], capsys)
    assert cli(["-f", str(fix_site / "mkdocs.yml"), "--diff"], capsys)[:2] == (0, "")


def test_line_endings_and_byte_order_mark_are_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - glossary\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(
        "terms:\n  fine-tuning:\n    definition: More training.\n    avoid: [finetuning, fine tuning]\n",
        encoding="utf-8",
    )
    page = tmp_path / "docs" / "index.md"
    page.write_bytes(
        "\ufeff# Title\r\n\r\nWe do finetuning here.\r\nA wrapped fine\r\ntuning; `finetuning`.\r\n".encode()
    )
    assert cli(["-f", str(tmp_path / "mkdocs.yml"), "--fix"], capsys)[0] == 0
    assert page.read_bytes() == (
        "\ufeff# Title\r\n\r\nWe do fine-tuning here.\r\nA wrapped fine-tuning; `finetuning`.\r\n".encode()
    )


def test_nothing_outside_docs_dir_is_written(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("We say finetuning inside.\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - glossary\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(
        "terms:\n  fine-tuning:\n    definition: Not finetuning.\n    avoid: [finetuning]\n", encoding="utf-8"
    )
    status, _, err = cli(["-f", str(tmp_path / "mkdocs.yml"), "--fix"], capsys)
    assert status == 1
    assert "glossary.yaml:2:3: not a page under docs_dir; fix it by hand" in err
    assert "definition: Not finetuning." in (tmp_path / "glossary.yaml").read_text(encoding="utf-8")
    assert (tmp_path / "docs" / "index.md").read_text(encoding="utf-8") == "We say fine-tuning inside.\n"


def test_a_link_out_of_docs_dir_is_not_followed(tmp_path: Path):
    from glossary_plugin.core import fixer
    from glossary_plugin.core.findings import Diagnostic
    from glossary_plugin.core.model import Glossary, Term

    (tmp_path / "docs").mkdir()
    outside = tmp_path / "outside.md"
    outside.write_text("Outside: finetuning.\n", encoding="utf-8")
    (tmp_path / "docs" / "linked.md").symlink_to(outside)
    glossary = Glossary((Term("fine-tuning", "x", avoid=("finetuning",)),))
    found = Diagnostic("avoided-spelling", "warn", "docs/linked.md", 1, 10, "...", "fine-tuning")
    plan = fixer.plan([found], glossary, tmp_path, tmp_path / "docs")
    assert plan.changed == []
    assert plan.skipped == ["docs/linked.md:1:10: not a page under docs_dir; fix it by hand"]


def test_a_bare_url_is_left_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    (tmp_path / "docs").mkdir()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\nplugins:\n  - glossary\n", encoding="utf-8")
    (tmp_path / "glossary.yaml").write_text(
        "terms:\n  fine-tuning:\n    definition: More training.\n    avoid: [finetuning]\n", encoding="utf-8"
    )
    page = tmp_path / "docs" / "index.md"
    page.write_text("See https://example.com/finetuning/notes and finetuning.\n", encoding="utf-8")
    status, _, err = cli(["-f", str(tmp_path / "mkdocs.yml"), "--fix"], capsys)
    assert page.read_text(encoding="utf-8") == "See https://example.com/finetuning/notes and fine-tuning.\n"
    # A bare URL is no prose: the spelling inside it is not reported, so nothing is left to fix.
    assert status == 0 and "not fixed" not in err


def test_fix_after_the_source_changed_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    from glossary_plugin.core import fixer
    from glossary_plugin.core.findings import Diagnostic
    from glossary_plugin.core.model import Glossary, Term

    (tmp_path / "docs").mkdir()
    page = tmp_path / "docs" / "index.md"
    page.write_text("Now it says fine-tuning.\n", encoding="utf-8")
    glossary = Glossary((Term("fine-tuning", "x", avoid=("finetuning",)),))
    stale = Diagnostic("avoided-spelling", "warn", "docs/index.md", 1, 13, "...", "fine-tuning")
    plan = fixer.plan([stale], glossary, tmp_path, tmp_path / "docs")
    assert plan.changed == []
    assert plan.skipped == [
        "docs/index.md:1:13: avoided-spelling not fixed: could not place it in the source with certainty;"
        " fix it by hand"
    ]


def test_fix_and_suggest_are_exclusive(fix_site: Path, capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as stopped:
        main(["-f", str(fix_site / "mkdocs.yml"), "--fix", "--suggest"])
    assert stopped.value.code == 2


def test_a_file_that_cannot_be_written_is_a_located_line(
    fix_site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
):
    docs = fix_site / "docs"
    before = (docs / "index.md").read_bytes()

    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("glossary_plugin.core.fixer.os.replace", refuse)
    status, _, err = cli(["-f", str(fix_site / "mkdocs.yml"), "--fix"], capsys)
    assert status == 1
    assert "docs/index.md:1:1: cannot write the fixed file (Permission denied); it is unchanged" in err
    assert "glossary-lint: fixed 0 avoided spelling(s) in 0 file(s)" in err
    assert (docs / "index.md").read_bytes() == before
    assert sorted(path.name for path in docs.iterdir()) == ["clean.md", "index.md"]  # the temporary file is gone


CONSTRUCTS = FIXTURE / "constructs"
"""A site with every construct that holds an avoided spelling besides prose: footnotes, reference links,
snippet includes, code, images, abbreviations, admonitions, HTML blocks, front matter, comments and
attribute lists; `crlf.md` has CRLF line endings and a byte order mark."""


@pytest.fixture
def constructs_site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    target = tmp_path / "site"
    shutil.copytree(CONSTRUCTS / "source", target)
    monkeypatch.chdir(target)  # pymdownx.snippets reads its base_path from the working folder
    return target


# The findings the fixer leaves, with why: the build places them in labels, alt text, code, an
# admonition's type or the same place twice, which are not prose, so their prose stays for a person.
CONSTRUCTS_NOT_FIXED = [
    f"docs/{place}: avoided-spelling not fixed: could not place it in the source with certainty; fix it by hand"
    for place in (
        "crlf.md:11:57",
        "everything.md:10:19",
        "everything.md:14:33",
        "everything.md:23:20",
        "everything.md:26:14",
        "everything.md:29:9",
        "everything.md:29:34",
        "everything.md:39:19",
        "everything.md:31:8",
        "everything.md:33:5",
        "everything.md:39:19",
    )
]


def expected_constructs(site: Path) -> None:
    for name in ("everything.md", "crlf.md"):
        expected = (CONSTRUCTS / "expected" / "docs" / name).read_bytes()
        assert (site / "docs" / name).read_bytes() == expected, name


def test_fix_changes_only_prose_in_every_construct(constructs_site: Path, capsys: pytest.CaptureFixture[str]):
    status, out, err = cli(["-f", "mkdocs.yml", "--fix"], capsys)
    assert (status, out) == (1, "")
    assert err.splitlines() == [*CONSTRUCTS_NOT_FIXED, "glossary-lint: fixed 7 avoided spelling(s) in 2 file(s)"]
    expected_constructs(constructs_site)
    assert (constructs_site / "docs" / "crlf.md").read_bytes().startswith(b"\xef\xbb\xbf# Line endings\r\n\r\n")
    assert sorted(path.name for path in (constructs_site / "docs").iterdir()) == ["crlf.md", "everything.md"]


def test_diff_shows_only_the_prose_changes_and_writes_nothing(
    constructs_site: Path, capsys: pytest.CaptureFixture[str]
):
    before = {path: path.read_bytes() for path in (constructs_site / "docs").iterdir()}
    status, out, err = cli(["-f", "mkdocs.yml", "--diff"], capsys)
    assert status == 1
    assert err.splitlines() == [*CONSTRUCTS_NOT_FIXED, "glossary-lint: 7 avoided spelling(s) to fix in 2 file(s)"]
    assert {path: path.read_bytes() for path in (constructs_site / "docs").iterdir()} == before
    removed = [line for line in out.split("\n") if line.startswith("-") and not line.startswith("---")]
    added = [line for line in out.split("\n") if line.startswith("+") and not line.startswith("+++")]
    assert added == [
        "+Prose with fine-tuning, CRLF line endings and a byte order mark.\r",
        "+A wrapped fine-tuning ends it, and Finetuning starts a sentence.\r",
        "+# Fine-tuning, a heading",
        "+Plain prose says fine-tuning first.",
        "+A footnote label[^finetuning] and prose fine-tuning after it.",
        "+Inline `finetuning` code, then ![finetuning alt](img/finetuning.png) an image, then fine-tuning.",
        '+!!! finetuning "A note on fine-tuning"',
    ]
    assert len(removed) == 8  # the wrapped spelling was on two lines
    # The diff is the change --fix makes: applied, it gives the expected files.
    cli(["-f", "mkdocs.yml", "--fix"], capsys)
    expected_constructs(constructs_site)


def test_an_occurrence_that_cannot_be_placed_is_reported_and_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    # The included file holds the spelling too: two findings, one place in the page's own source.
    # Which finding is which cannot be told, so neither is fixed.
    shutil.copytree(CONSTRUCTS / "source", tmp_path, dirs_exist_ok=True)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docs" / "crlf.md").unlink()
    (tmp_path / "snippets" / "more.md").write_text("Included finetuning.\n", encoding="utf-8")
    page = tmp_path / "docs" / "everything.md"
    page.write_text('Prose says finetuning.\n\n--8<-- "more.md"\n', encoding="utf-8")
    status, out, err = cli(["-f", "mkdocs.yml", "--fix"], capsys)
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        "docs/everything.md:1:12: avoided-spelling not fixed: could not place it in the source with certainty;"
        " fix it by hand",
        "docs/everything.md:1:12: avoided-spelling not fixed: could not place it in the source with certainty;"
        " fix it by hand",
        "glossary-lint: fixed 0 avoided spelling(s) in 0 file(s)",
    ]
    assert page.read_text(encoding="utf-8") == 'Prose says finetuning.\n\n--8<-- "more.md"\n'


@pytest.mark.parametrize(
    "unit", ["[a", "[a](x", '[a](x "', "` `` ", "<a ", "://", "a www.", "{: ", "![a", "[^a", "- a\n", "<div>\n"]
)
def test_the_prose_map_takes_time_linear_in_the_page(unit: str):
    import time

    from glossary_plugin.core import prose_map

    text = unit * (200_000 // len(unit))
    started = time.perf_counter()
    prose_map.classify(text)
    assert time.perf_counter() - started < 10, "a quadratic scan takes minutes on this page"
