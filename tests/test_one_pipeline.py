"""The linter is the build: the same findings whatever other plugins do, and the promises of the README.

Each test here is a bullet of issue 12: glossary-lint runs MkDocs' real build, lints a subset of
files, and the build handles real configurations (other plugins, hooks, Material's extensions).
"""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort
from mkdocs.utils import get_relative_url

from glossary_plugin.cli.command import main
from glossary_plugin.core.anchors import page_ids
from glossary_plugin.core.pipeline import reference_text
from glossary_plugin.core.urls import relative_url

from .compat_support import FIXTURES
from .conftest import PluginLog, Site

ANSI_FREE = re.compile(r": (?:error|warn|info): ")


def cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out.splitlines(), captured.err


def build_findings(config_file: Path, plugin_log: PluginLog, **overrides: object) -> list[str]:
    """What `mkdocs build` logs for the glossary, as `path:line:col: code: message` lines."""
    build(load_config(str(config_file), **overrides))
    found = plugin_log.take() + plugin_log.messages(logging.INFO)
    plugin_log.records = []  # the info records are all in `found`, checked by the caller
    return sorted(found)


def as_logged(lines: list[str]) -> list[str]:
    return sorted(ANSI_FREE.sub(": ", line, count=1) for line in lines)


@pytest.fixture
def mkdocstrings_site(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__", "site"))
    return tmp_path / "mkdocstrings" / "mkdocs.yml"


def test_cli_equals_the_build_with_mkdocstrings(
    mkdocstrings_site: Path, plugin_log: PluginLog, capsys: pytest.CaptureFixture[str]
):
    from_build = build_findings(mkdocstrings_site, plugin_log, site_dir=str(mkdocstrings_site.parent / "site"))
    status, out, _ = cli(["-f", str(mkdocstrings_site)], capsys)
    assert as_logged(out) == from_build
    # `context window` is used only in a docstring that `::: tokenkit` renders: not unused.
    assert not any("'context window'" in line for line in out)
    assert status == 0
    assert len([line for line in out if "unused-term" in line]) == 5


def test_cli_equals_the_build_with_a_hook_that_adds_a_reference(
    site: Site, plugin_log: PluginLog, capsys: pytest.CaptureFixture[str]
):
    site.glossary("terms:\n  token: The smallest unit.\n  tokenizer: Splits text.\n")
    site.page("index.md", "# Home\n\nA plain page.\n")
    site.write(
        "hooks.py",
        """
        def on_page_markdown(markdown, page, **kwargs):
            if page.file.src_uri != "index.md":
                return markdown
            return markdown + "\\n\\nSee [[tokenizer]] and [[tokenzer]].\\n"
        """,
    )
    site.write(
        "mkdocs.yml",
        "site_name: x\nhooks: [hooks.py]\nplugins:\n  - glossary\n",
    )
    from_build = build_findings(site.root / "mkdocs.yml", plugin_log)
    shutil.rmtree(site.root / "site")  # the build's output; the lint must not make another
    before = sorted(path.relative_to(site.root) for path in site.root.rglob("*") if "__pycache__" not in path.parts)
    status, out, _ = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert status == 1
    assert as_logged(out) == from_build
    assert [line.split(": ", 1)[1] for line in from_build] == [
        # The hook wrote it, not the page's Markdown: the finding says so.
        "undefined-term: 'tokenzer' is not in the glossary (did you mean 'tokenizer'?) "
        "(in text generated on this page, not written in its Markdown)",
        "unused-term: term 'token' is not used on any page; use it, or remove it from the glossary",
    ]
    assert not (site.root / "site").exists(), "the lint itself writes no site/"
    after = sorted(path.relative_to(site.root) for path in site.root.rglob("*") if "__pycache__" not in path.parts)
    assert after == before, "the lint writes nothing into the project"


def test_the_cli_writes_nothing_into_the_site_folder(site: Site, capsys: pytest.CaptureFixture[str]):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary\n")
    before = sorted(path.relative_to(site.root) for path in site.root.rglob("*"))
    status, out, _ = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert (status, out) == (0, [])
    assert sorted(path.relative_to(site.root) for path in site.root.rglob("*")) == before


def test_named_files_give_findings_on_those_files_only(site: Site, capsys: pytest.CaptureFixture[str]):
    site.glossary("terms:\n  token: The smallest unit.\n  unused: Never used.\n")
    site.page("a.md", "# A\n\nSee [[tokn]].\n")
    site.page("b.md", "# B\n\nSee [[tokken]].\n")
    site.page("c.md", "# C\n\nSee [[tokkn]].\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary\n")
    config = str(site.root / "mkdocs.yml")
    status, out, _ = cli(["-f", config, str(site.root / "docs/a.md"), str(site.root / "docs/b.md")], capsys)
    assert status == 1
    assert [line.split(":")[0] for line in out] == ["docs/a.md", "docs/b.md"]
    assert not any("unused-term" in line for line in out), "whole-site checks are off for a subset"
    status, out, _ = cli(["-f", config], capsys)
    assert len(out) == 5 and len([line for line in out if "unused-term" in line]) == 2
    status, _, err = cli(["-f", config, str(site.root / "docs/missing.md")], capsys)
    assert status == 2 and "is not a file" in err


def test_a_missing_glossary_file_is_a_configuration_error(site: Site, capsys: pytest.CaptureFixture[str]):
    site.page("index.md", "# Home\n\nSee [[token]].\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary:\n      glossary_file: terms.yaml\n")
    status, out, err = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert status == 2 and out == []
    assert err.strip() == (
        "glossary-lint: terms.yaml: glossary file not found; create it (see the README) or set `glossary_file` "
        "in mkdocs.yml"
    )


def test_the_cli_puts_back_the_loggers_it_quietens(site: Site, capsys: pytest.CaptureFixture[str]):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary\n")
    loggers = [logging.getLogger(name) for name in ("mkdocs", "properdocs")]
    before = [(logger.propagate, list(logger.handlers)) for logger in loggers]
    for _ in range(3):
        cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert [(logger.propagate, list(logger.handlers)) for logger in loggers] == before


def test_misspelt_option_gets_a_did_you_mean(site: Site, plugin_log: PluginLog, capsys: pytest.CaptureFixture[str]):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary:\n      glosary_file: glossary.yaml\n")
    status, _, err = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert status == 2
    assert (
        "mkdocs.yml:4:7: invalid-option: plugins: glossary: unknown option 'glosary_file'. "
        "Did you mean 'glossary_file'?" in err
    )
    with pytest.raises(Abort):
        build(load_config(str(site.root / "mkdocs.yml"), strict=True))


def test_version(capsys: pytest.CaptureFixture[str]):
    from importlib.metadata import version

    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"glossary-lint {version('glossary-plugin')}"


@pytest.mark.parametrize("spelling", ["off", "false", "no"])
def test_link_off_as_yaml_writes_it(site: Site, plugin_log: PluginLog, spelling: str):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.write("mkdocs.yml", f"site_name: x\nplugins:\n  - glossary:\n      link: {spelling}\n")
    build(load_config(str(site.root / "mkdocs.yml")))
    assert "glossary-term" not in site.html("index.html").split("<body", 1)[1].split("glossary.js")[0]


def test_the_glossary_pages_own_text_is_linked_and_checked(site: Site, plugin_log: PluginLog):
    site.glossary(
        "terms:\n  token: The smallest unit.\n  fine-tuning:\n    definition: More training.\n    avoid: [finetuning]\n"
    )
    site.page("index.md", "# Home\n\nA token.\n")
    site.page("glossary.md", "# Terms\n\nStart with [[token]]; not [[tokn]], nor finetuning.\n\n<!-- glossary -->\n")
    site.build()
    html = site.html("glossary/index.html")
    assert "[[token]]" not in html and 'class="glossary-term glossary-ref"' in html
    assert sorted(plugin_log.take()) == [
        "docs/glossary.md:3:27: undefined-term: 'tokn' is not in the glossary (did you mean 'token'?)",
        "docs/glossary.md:3:41: avoided-spelling: 'finetuning' is a spelling to avoid; write 'fine-tuning'",
    ]


def test_link_targets_are_checked(site: Site, plugin_log: PluginLog):
    site.glossary(
        "terms:\n"
        "  token:\n    definition: The smallest unit.\n    link: traning.md\n"
        "  loss:\n    definition: A number.\n    link: training.md#no-such-anchor\n"
        "  batch:\n    definition: Some examples.\n    link: training.md#batches\n"
        "  epoch:\n    definition: One pass.\n    link: https://example.org/epoch\n"
    )
    site.page("index.md", "# Home\n\nA token, a loss, a batch, an epoch.\n")
    site.page("training.md", "# Training\n\n## Batches\n\nText.\n")
    site.build()
    assert sorted(plugin_log.take()) == [
        "glossary.yaml:2:3: broken-link: term 'token': link 'traning.md' names no page of the site; "
        "fix the path (relative to the docs folder)",
        "glossary.yaml:5:3: broken-link: term 'loss': link 'training.md#no-such-anchor': the page has no "
        "anchor '#no-such-anchor'; fix the anchor or remove it",
    ]
    assert 'href="training/#batches"' in site.html("index.html")


def test_a_reference_in_a_heading_shows_as_its_label_in_the_toc(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\n## About [[token|tokens]]\n\nText.\n\n## Plain [[token]]\n\nMore.\n")
    site.build(theme={"name": "mkdocs"})
    html = site.html("index.html")
    assert "[[" not in html
    assert ">About tokens</a>" in html and ">Plain token</a>" in html


def test_a_failing_extension_is_named_in_one_line(
    site: Site, plugin_log: PluginLog, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
):
    from glossary_plugin.core import definition_markdown

    # Definitions use only allow-listed extensions: this one is put on the list, as if it were known safe.
    monkeypatch.setattr(definition_markdown, "SAFE_EXTENSIONS", definition_markdown.SAFE_EXTENSIONS | {"broken_ext"})
    site.glossary("terms:\n  token: The smallest unit, with *emphasis*.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.write(
        "broken_ext.py",
        """
        from markdown.extensions import Extension
        from markdown.treeprocessors import Treeprocessor

        class Boom(Treeprocessor):
            def run(self, root):
                if any(element.tag == "em" for element in root.iter()):
                    raise ValueError("cannot handle emphasis")

        class BrokenExtension(Extension):
            def extendMarkdown(self, md):
                md.treeprocessors.register(Boom(md), "boom", 1)

        def makeExtension(**kwargs):
            return BrokenExtension(**kwargs)
        """,
    )
    sys.path.insert(0, str(site.root))
    try:
        with pytest.raises(Abort):
            site.build(markdown_extensions=["broken_ext"])
    finally:
        sys.path.remove(str(site.root))
        sys.modules.pop("broken_ext", None)
    errors = [record.getMessage() for record in caplog.records if record.levelno == logging.ERROR]
    assert errors == [
        "glossary: the Markdown extension 'broken_ext' failed while rendering the glossary's definitions "
        "(ValueError: cannot handle emphasis); remove it from markdown_extensions or report it to its authors"
    ]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("/abs/glossary.md", "must be a path relative to docs_dir"),
        ("", "must be a path relative to docs_dir"),
        ("../x.md", "is outside docs_dir"),
        ("sub/../../x.md", "is outside docs_dir"),
        ("terms", "must be a Markdown page ending in '.md'"),
    ],
)
def test_glossary_page_must_be_a_markdown_page_inside_docs(site: Site, value: str, reason: str):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n")
    with pytest.raises(Abort):
        site.build(plugins=[{"glossary": {"glossary_page": value}}])
    status = main(["-f", str(site.root / "mkdocs.yml")])
    assert status == 2
    assert not list((site.root / "docs").glob("*.html")), "nothing written into the sources"


def test_glossary_page_error_message(site: Site, capsys: pytest.CaptureFixture[str]):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary:\n      glossary_page: ../x.md\n")
    status, _, err = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert status == 2
    assert "'../x.md' is outside docs_dir; give a path inside it, such as 'glossary.md'." in err


@pytest.mark.parametrize("value", ['"false"', "0", "off-ish", "[1]"])
def test_front_matter_values_other_than_true_or_false_are_reported(site: Site, plugin_log: PluginLog, value: str):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", f"---\ntitle: Home\nglossary: {value}\n---\n\n# Home\n\nA token.\n")
    site.build()
    (message,) = plugin_log.take()
    assert message.startswith("docs/index.md:3:1: invalid-option: front matter 'glossary: ")
    assert message.endswith(
        "is not understood; write 'glossary: false' to turn off automatic links on this page, or 'glossary: true'"
    )


def test_exclude_patterns_that_match_no_page_are_reported(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.page("sub/a.md", "# A\n\nA token.\n")
    site.page("sub/deeper/b.md", "# B\n\nA token.\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary:\n      exclude: ['sub/*.md', 'docs/sub/*.md']\n")
    build(load_config(str(site.root / "mkdocs.yml")))
    assert plugin_log.take() == [
        "mkdocs.yml:4:30: invalid-option: exclude pattern 'docs/sub/*.md' matches no page (patterns are relative "
        "to the docs folder); fix it or remove it"
    ]
    # fnmatch's '*' crosses '/': `sub/*.md` excludes pages at every depth under sub/ (as the README says).
    assert "glossary-term" not in site.html("sub/deeper/b/index.html").split("<body", 1)[1].split("<script")[0]
    assert "glossary-term" in site.html("index.html")


def test_the_unique_plugin_name_works(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.build(plugins=["glossary_plugin"])
    assert 'class="glossary-term"' in site.html("index.html")


@pytest.mark.parametrize(
    ("url", "other"),
    [
        (url, other)
        for url in ("", "glossary/", "glossary.html", "a/b/glossary/", "a/glossary.html", "x/y/")
        for other in ("", ".", "index.html", "a/", "a/b/", "a/b.html", "a/b/c/", "glossary/", "a/b/c.html")
    ],
)
def test_relative_url_is_mkdocs_own_rule(url: str, other: str):
    assert relative_url(url, other) == get_relative_url(url, other)


def test_reference_text_and_page_ids():
    assert reference_text("About [[token|tokens]] and [[ LLM ]]") == "About tokens and LLM"
    assert page_ids("<h2 id=\"a\">x</h2><dt id=b>y</dt><span id='c&amp;d'></span>") == {"a", "b", "c&d"}


def test_demo_lints_clean_from_the_command_line():
    result = subprocess.run(
        [sys.executable, "-m", "glossary_plugin", "--fail-on", "warn"],
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


MATERIAL_EXTENSIONS: list[object] = [
    "material.extensions.preview",
    {"material.extensions.preview": {"targets": {"include": ["*"]}}},
    {
        "pymdownx.emoji": {
            "emoji_index": "!!python/name:material.extensions.emoji.twemoji",
            "emoji_generator": "!!python/name:material.extensions.emoji.to_svg",
        }
    },
]


@pytest.mark.parametrize("extension", MATERIAL_EXTENSIONS, ids=["preview", "preview-targets", "emoji"])
def test_every_extension_material_ships_renders_definitions(
    site: Site, plugin_log: PluginLog, capsys: pytest.CaptureFixture[str], extension: object
):
    site.glossary("terms:\n  token:\n    definition: The smallest unit; see [training](training.md) :smile:.\n")
    site.page("index.md", "# Home\n\nA token, see [training](training.md).\n")
    site.page("training.md", "# Training\n\nText.\n")
    config = (
        "site_name: x\ntheme:\n  name: material\n"
        f"markdown_extensions:\n  - {yaml_line(extension)}\nplugins:\n  - glossary\n"
    )
    site.write("mkdocs.yml", config)
    build(load_config(str(site.root / "mkdocs.yml")))
    glossary = site.html("glossary/index.html")
    assert 'href="../training/"' in glossary
    status, out, err = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert (status, out) == (0, []), err


def yaml_line(extension: object) -> str:
    """One list item of markdown_extensions, written so that `!!python/name` tags stay tags."""
    if isinstance(extension, str):
        return extension
    ((name, options),) = extension.items()  # type: ignore[attr-defined]
    if name == "pymdownx.emoji":
        return f"{name}:\n      " + "\n      ".join(f"{key}: {value}" for key, value in options.items())
    return f"{name}: {options}"


def test_naming_the_glossary_lints_the_whole_site(site: Site, capsys: pytest.CaptureFixture[str]):
    """pre-commit passes the changed files: a changed glossary changes every page's findings."""
    site.glossary("terms:\n  token: The smallest unit.\n  unused: Never used.\n")
    site.page("a.md", "# A\n\nSee [[tokn]].\n")
    site.page("b.md", "# B\n\nA token.\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary\n")
    config = str(site.root / "mkdocs.yml")
    status, out, _ = cli(["-f", config, str(site.root / "docs/b.md"), str(site.root / "glossary.yaml")], capsys)
    assert status == 1
    assert [line.split(": ")[2] for line in out] == ["undefined-term", "unused-term"]
    status, out, _ = cli(["-f", config, str(site.root / "docs/b.md")], capsys)
    assert (status, out) == (0, [])


def test_a_page_that_cannot_be_read_is_one_located_line(site: Site, capsys: pytest.CaptureFixture[str]):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    (site.root / "docs" / "bad.md").write_bytes(b"# Bad\n\n\xff\xfe token\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary\n")
    status, out, err = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert (status, out) == (2, [])
    assert err.startswith("glossary-lint: docs/bad.md:3:1: the page cannot be built: 'utf-8' codec can't decode")
    assert err.count("\n") == 1
    (site.root / "docs" / "bad.md").unlink()
    (site.root / "docs" / "dangling.md").symlink_to("nowhere.md")
    status, out, err = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert (status, out) == (2, [])
    assert err.startswith("glossary-lint: docs/dangling.md:1:1: the page cannot be built: [Errno 2]")


@pytest.mark.parametrize("kind", ["fifo", "loop", "folder"])
def test_a_glossary_that_is_not_a_regular_file_is_a_configuration_error(
    site: Site, capsys: pytest.CaptureFixture[str], kind: str
):
    import os

    site.page("index.md", "# Home\n\nA token.\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary\n")
    target = site.root / "glossary.yaml"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "loop":
        target.symlink_to(target)
    else:
        target.mkdir()
    status, out, err = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert (status, out) == (2, [])
    assert err.startswith("glossary-lint: glossary.yaml: ") and err.count("\n") == 1


def test_entries_never_take_the_ids_of_a_hand_written_glossary_page(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The smallest unit.\n  Glossary: This list.\n  usage: How it is used.\n")
    site.page("index.md", "# Home\n\nA token, the Glossary, its usage.\n")
    site.page("glossary.md", "# Terms\n\n## Usage\n\nRead on.\n\n<!-- glossary -->\n")
    site.build()
    html = site.html("glossary/index.html")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "every id on the page is unique"
    assert '<h2 id="usage">' in html and 'id="usage-2"' in html
    home = site.html("index.html")
    assert 'href="glossary/#usage-2"' in home and 'href="glossary/#glossary-2"' in home
    assert 'href="glossary/#token"' in home


def test_findings_inside_definitions_are_placed_at_the_terms_line(
    site: Site, plugin_log: PluginLog, capsys: pytest.CaptureFixture[str]
):
    site.glossary(
        "terms:\n"
        "  token: The smallest unit.\n"
        "  fine-tuning:\n"
        "    definition: More training of a [[tokn]] model; not finetuning.\n"
        "    avoid: [finetuning]\n"
    )
    site.page("index.md", "# Home\n\nA token and fine-tuning.\n")
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary\n")
    expected = [
        "glossary.yaml:3:3: avoided-spelling: in the definition of 'fine-tuning': 'finetuning' is a spelling to "
        "avoid; write 'fine-tuning'",
        "glossary.yaml:3:3: undefined-term: in the definition of 'fine-tuning': 'tokn' is not in the glossary "
        "(did you mean 'token'?)",
    ]
    assert sorted(build_findings(site.root / "mkdocs.yml", plugin_log)) == expected
    status, out, _ = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert status == 1 and as_logged(out) == expected


def test_a_finding_whose_text_is_not_in_the_source_is_placed_at_the_start():
    """`locate`'s fallback: text that a plugin or a hook added (no such text in the Markdown file)."""
    from glossary_plugin.core.findings import Finding
    from glossary_plugin.core.sourcemap import locate

    source = "---\ntitle: x\n---\n# Home\n\nA token.\n"
    assert locate(source, Finding("undefined-term", "m", needle="[[nowhere]]")) == (1, 1)
    assert locate(source, Finding("undefined-term", "m", needle="token")) == (6, 3)
    assert locate(source, Finding("undefined-term", "m", needle="token", occurrence=5)) == (6, 3)


def test_tooltips_leave_out_reference_footnote_and_abbreviation_definitions():
    from glossary_plugin.core.text import markdown_to_text

    definition = (
        "A unit[^1] of *text*, see [the guide][g].\n\n[^1]: Of text.\n[g]: https://example.org\n*[HTML]: Markup"
    )
    assert markdown_to_text(definition) == "A unit of text, see the guide."


def test_footnote_ids_on_the_glossary_page_carry_the_entrys_anchor(site: Site, plugin_log: PluginLog):
    site.glossary(
        "terms:\n"
        "  token: |\n    A unit[^1].\n\n    [^1]: Of text.\n"
        "  loss: |\n    A number[^1].\n\n    [^1]: Lower is better.\n"
    )
    site.page("index.md", "# Home\n\nA token and a loss.\n")
    site.build(markdown_extensions=["footnotes"])
    html = site.html("glossary/index.html")
    assert 'id="token:fn:1"' in html and 'id="loss:fn:1"' in html


@pytest.mark.parametrize("directory_urls", [True, False])
def test_one_definitions_file_serves_every_page(site: Site, plugin_log: PluginLog, directory_urls: bool):
    """The tap popovers read one file for the whole site: each definition as on the glossary page, its links
    relative to that page (the browser resolves them there), and nothing of it on the pages themselves."""
    import json
    from urllib.parse import urljoin

    site.glossary(
        "terms:\n"
        "  token: The smallest unit, see [training](training.md#batches) and [[loss]].\n"
        "  loss: A number <b>to lower</b>.\n"
        "  epoch: One pass.\n"
    )
    site.page("index.md", "# Home\n\nA token.\n")
    site.page("deep/er/page.md", "# Deep\n\nA token and a loss.\n")
    site.page("training.md", "# Training\n\n## Batches\n\nAn epoch.\n")
    site.build(use_directory_urls=directory_urls, plugins=["search", "glossary"])
    data = json.loads((site.site_dir / "assets/glossary_plugin/definitions.json").read_text(encoding="utf-8"))
    assert sorted(data["terms"]) == ["epoch", "loss", "token"]
    file_url = "https://example.org/sub/assets/glossary_plugin/definitions.json"
    glossary_url = urljoin(file_url, data["glossary"])
    assert glossary_url == (
        "https://example.org/sub/glossary/" if directory_urls else "https://example.org/sub/glossary.html"
    )
    hrefs = [urljoin(glossary_url, href) for href in re.findall(r'href="([^"]*)"', data["terms"]["token"])]
    training = "training/#batches" if directory_urls else "training.html#batches"
    glossary = "glossary/#loss" if directory_urls else "glossary.html#loss"
    assert f"https://example.org/sub/{training}" in hrefs and f"https://example.org/sub/{glossary}" in hrefs
    assert "&lt;b&gt;to lower&lt;/b&gt;" in data["terms"]["loss"], "raw HTML in a definition stays text"
    deep = site.html("deep/er/page/index.html" if directory_urls else "deep/er/page.html")
    assert deep.count("smallest unit, see") == 1, "only the plain `title`, no second copy of the definition"
    assert "glossary-definitions" not in deep
    records = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    deep_records = [record for record in records if record["location"].startswith("deep/")]
    assert deep_records and not any("smallest unit" in record["text"] for record in deep_records), (
        "the definitions are not indexed as the page's text"
    )


def test_used_on_names_pages_of_one_title_by_their_navigation_path(site: Site, plugin_log: PluginLog):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nNo term here.\n")
    site.page("guide/overview.md", "# Overview\n\nA token.\n")
    site.page("api/overview.md", "# Overview\n\nA token.\n")
    site.build(
        nav=[
            {"Home": "index.md"},
            {"Guide": [{"Overview": "guide/overview.md"}]},
            {"API": [{"Overview": "api/overview.md"}]},
            {"Glossary": "glossary.md"},
        ]
    )
    html = site.html("glossary/index.html")
    used_on = html.split('class="glossary-meta glossary-backlinks', 1)[1].split("</p>", 1)[0]
    assert "Guide › Overview</a>" in used_on and "API › Overview</a>" in used_on


def test_search_has_a_record_per_entry_located_at_its_anchor(site: Site, plugin_log: PluginLog):
    import json

    site.glossary("terms:\n  token: The smallest unit of text.\n  softmax: Turns scores into probabilities.\n")
    site.page("index.md", "# Home\n\nA token and a softmax.\n")
    site.build(plugins=["search", "glossary"])
    records = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    by_location = {record["location"]: record for record in records}
    assert by_location["glossary/#softmax"]["title"] == "softmax"
    assert "Turns scores into probabilities." in by_location["glossary/#softmax"]["text"]
    assert "The smallest unit of text." in by_location["glossary/#token"]["text"]


def test_missing_terms_are_not_collected_when_nobody_sees_them(site: Site, plugin_log: PluginLog):
    """The check reads the prose of every page once more: at `ignore` (or for named files) it is skipped."""
    from glossary_plugin.core.candidates import Collector

    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token, some RLHF and more RLHF.\n")
    calls = []
    original = Collector.add_page

    def counting(self: Collector, *args: object) -> None:
        calls.append(args[0])
        original(self, *args)  # type: ignore[arg-type]

    Collector.add_page = counting  # type: ignore[method-assign]
    try:
        site.build(plugins=[{"glossary": {"severity": {"missing-term": "ignore"}}}])
        assert calls == []
        site.build()
        assert "docs/index.md" in calls
    finally:
        Collector.add_page = original  # type: ignore[method-assign]
    assert any("missing-term: 'RLHF'" in message for message in plugin_log.take(logging.INFO))


@pytest.mark.slow  # two real builds, one of them Zensical's
def test_glossary_lint_runs_zensicals_build_on_a_zensical_project(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    """The same command on a `zensical.toml`: Zensical's own findings, printed the same way."""
    project = tmp_path / "defects"
    shutil.copytree(Path(__file__).parent / "fixtures" / "defects", project)
    (project / "docs" / "glossary.md").write_text("# Glossary\n\n<!-- glossary -->\n", encoding="utf-8")
    (project / "zensical.toml").write_text(
        '[project]\nsite_name = "Defects"\ndocs_dir = "docs"\n'
        "markdown_extensions = { admonition = {}, tables = {}, glossary_plugin = {} }\n",
        encoding="utf-8",
    )
    from_zensical = cli(["-f", str(project / "zensical.toml")], capsys)
    (project / "docs" / "glossary.md").unlink()
    from_mkdocs = cli(["-f", str(project / "mkdocs.yml")], capsys)
    assert from_zensical[0] == from_mkdocs[0] == 1
    assert from_zensical[1] == from_mkdocs[1]


def test_only_on_and_not_on_patterns_that_match_no_page_are_reported(site: Site, plugin_log: PluginLog):
    site.glossary(
        "terms:\n"
        "  token:\n    definition: The unit.\n    only_on: [guide/*, docs/api/*]\n"
        "  loss:\n    definition: A number.\n    not_on: [index.md, legacy.md]\n"
    )
    site.page("index.md", "# Home\n\nA token and a loss.\n")
    site.page("guide/setup.md", "# Setup\n\nA token.\n")
    site.build()
    assert sorted(plugin_log.take()) == [
        "glossary.yaml:2:3: invalid-option: term 'token': `only_on` pattern 'docs/api/*' matches no page "
        "(patterns are relative to the docs folder); fix it or remove it",
        "glossary.yaml:5:3: invalid-option: term 'loss': `not_on` pattern 'legacy.md' matches no page; "
        "fix it or remove it",
    ]


def test_a_byte_that_is_not_utf8_is_placed_at_its_line_and_column(site: Site, capsys: pytest.CaptureFixture[str]):
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    (site.root / "docs" / "bad.md").write_bytes(
        "# Bad\n\nA tökén, then \xff".encode("utf-8", "surrogateescape")[:-2] + b"\xff\n"
    )
    site.write("mkdocs.yml", "site_name: x\nplugins:\n  - glossary\n")
    status, _, err = cli(["-f", str(site.root / "mkdocs.yml")], capsys)
    assert status == 2
    assert err.startswith("glossary-lint: docs/bad.md:3:15: the page cannot be built: 'utf-8' codec can't decode")
