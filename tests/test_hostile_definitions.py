"""A definition is untrusted: it reads no file, runs no code, and every URL written for it is judged as the browser
reads the final href (issue: hostile glossaries, round two)."""

from __future__ import annotations

import json
import re
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from glossary_plugin.core.definition_markdown import choose_extensions, is_safe_extension
from glossary_plugin.core.urls import as_path_reference, href_between

from .conftest import PluginLog, Site

SECRET = "SECRET-d41d8cd98f00b204"


def _every_file_text(folder: Path) -> Iterator[tuple[Path, str]]:
    for path in folder.rglob("*"):
        if path.is_file():
            yield path, path.read_bytes().decode("utf-8", "replace")


def _write_config(site: Site, text: str) -> Path:
    path = site.root / "mkdocs.yml"
    path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return path


def test_a_snippet_include_in_a_definition_reads_no_file(
    site: Site, plugin_log: PluginLog, monkeypatch: pytest.MonkeyPatch
):
    """`--8<--` in a definition stays text; the site's own pages still include snippets (the control)."""
    monkeypatch.chdir(site.root)  # pymdownx.snippets reads paths relative to the working folder
    site.write(".git/config", f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n")
    site.write("secret.txt", f"{SECRET}\n")
    site.write("public.txt", "PUBLIC-SNIPPET\n")
    site.glossary(
        "terms:\n"
        "  token: |\n"
        '    Inline --8<-- ".git/config" and a block:\n\n'
        '    --8<-- "secret.txt"\n\n'
        "    --8<--\n    secret.txt\n    --8<--\n"
        "  loss: 'A number; [[token]].'\n"
    )
    site.page("index.md", '# Home\n\nA token and a loss.\n\n--8<-- "public.txt"\n')
    site.build(markdown_extensions=[{"pymdownx.snippets": {"check_paths": False}}], plugins=["search", "glossary"])
    assert "PUBLIC-SNIPPET" in site.html("index.html"), "snippets work on the site's own pages"
    leaked = [str(path) for path, text in _every_file_text(site.site_dir) if SECRET in text]
    assert leaked == []
    assert "--8&lt;--" in site.html("glossary/index.html"), "the include is shown as the text it is"


def test_an_auto_appended_snippet_is_not_added_to_definitions(
    site: Site, plugin_log: PluginLog, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.chdir(site.root)
    site.write("abbreviations.md", f"*[API]: {SECRET}\n")
    site.glossary("terms:\n  token: The smallest API unit.\n")
    site.page("index.md", "# Home\n\nA token of the API.\n")
    config = {"pymdownx.snippets": {"auto_append": ["abbreviations.md"]}}
    site.build(markdown_extensions=["abbr", config], plugins=["glossary"])
    data = (site.site_dir / "assets/glossary_plugin/definitions.json").read_text(encoding="utf-8")
    assert SECRET not in data and SECRET not in site.html("glossary/index.html")
    assert SECRET in site.html("index.html"), "the site's own pages keep their auto-appended snippet"


FENCE_MODULE = """
SEEN = []

def run(source, language, class_name, options, md, **kwargs):
    SEEN.append(source)
    return "<pre>ran</pre>"
"""


def test_a_custom_fence_that_runs_code_never_sees_a_definition(site: Site, plugin_log: PluginLog):
    """The way markdown-exec runs code: a superfences formatter outside the trusted packages is left out."""
    site.write("exec_fence.py", FENCE_MODULE)
    site.glossary("terms:\n  token: |\n    A unit.\n\n    ```exec\n    FROM-THE-GLOSSARY\n    ```\n")
    site.page("index.md", "# Home\n\nA token.\n\n```exec\nFROM-THE-PAGE\n```\n")
    config = _write_config(
        site,
        """
        site_name: Fences
        plugins: [glossary]
        markdown_extensions:
          - pymdownx.superfences:
              custom_fences:
                - name: exec
                  class: exec
                  format: !!python/name:exec_fence.run
                - name: mermaid
                  class: mermaid
                  format: !!python/name:pymdownx.superfences.fence_code_format
        """,
    )
    sys.path.insert(0, str(site.root))
    try:
        build(load_config(str(config)))
        import exec_fence  # type: ignore[import-not-found]

        assert exec_fence.SEEN == ["FROM-THE-PAGE"]
    finally:
        sys.path.remove(str(site.root))
        sys.modules.pop("exec_fence", None)
    assert "FROM-THE-GLOSSARY" in site.html("glossary/index.html"), "shown as code, never run"


def test_mkdocstrings_is_not_run_on_a_definition(site: Site, plugin_log: PluginLog):
    """`::: module` imports and documents Python code: never from a definition."""
    site.glossary("terms:\n  token: |\n    A unit.\n\n    ::: glossary_plugin.core.urls\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.build(plugins=["glossary", {"mkdocstrings": {"default_handler": "python"}}])
    glossary = site.html("glossary/index.html")
    assert "href_between" not in glossary and "::: glossary_plugin.core.urls" in glossary


@pytest.mark.parametrize(
    ("extension", "safe"),
    [
        ("abbr", True),
        ("markdown.extensions.toc", True),
        ("toc:TocExtension", True),
        ("pymdownx.superfences", True),
        ("pymdownx.blocks.admonition", True),
        ("material.extensions.preview", True),
        ("pymdownx.snippets", False),
        ("pymdownx.b64", False),
        ("markdown_exec", False),
        ("mkdocstrings", False),
        ("zensical.extensions.include_markdown", False),
        ("zensical.extensions.macros", False),
        ("zensical.extensions.table_reader", False),
        ("pymdownx", False),
        ("pymdownx.snippets.extra", False),
        ("some_unknown_extension", False),
    ],
)
def test_only_allow_listed_extensions_render_definitions(extension: str, safe: bool):
    assert is_safe_extension(extension) is safe


def test_an_untrusted_formatter_drops_that_fence_or_the_extension():
    def foreign(*args: object, **kwargs: object) -> str:
        return ""

    from pymdownx.superfences import fence_code_format

    chosen = choose_extensions(
        ["pymdownx.superfences", "pymdownx.emoji", "abbr", "pymdownx.snippets"],
        {
            "pymdownx.superfences": {
                "custom_fences": [
                    {"name": "exec", "class": "exec", "format": foreign},
                    {"name": "mermaid", "class": "mermaid", "format": fence_code_format},
                ]
            },
            "pymdownx.emoji": {"emoji_generator": foreign},
        },
    )
    assert chosen.extensions == ["pymdownx.superfences", "abbr"]
    fences = chosen.configs["pymdownx.superfences"]["custom_fences"]
    assert [fence["name"] for fence in fences] == ["mermaid"]
    assert chosen.left_out == ("pymdownx.emoji", "pymdownx.snippets")


# -- every URL as the browser reads the final href --------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "written"),
    [
        ("javascript:alert(1).html", "./javascript:alert(1).html"),
        ("JaVaScRiPt:x/", "./JaVaScRiPt:x/"),
        (" javascript:x", "./ javascript:x"),
        ("a:b/c", "./a:b/c"),
        ("../javascript:x", "../javascript:x"),
        ("page/#a:b", "page/#a:b"),
        ("#a:b", "#a:b"),
        ("glossary.html?q=a:b", "glossary.html?q=a:b"),
    ],
)
def test_a_relative_reference_is_never_read_as_a_scheme(reference: str, written: str):
    assert as_path_reference(reference) == written
    assert urlsplit(urljoin("https://site.example/docs/", written.strip())).scheme == "https"


@pytest.mark.parametrize("page_url", ["", "index.html", "a.html", "a/b/", "a/b.html", "a/b/c/"])
@pytest.mark.parametrize("target", ["javascript:alert(1).html", "javascript:alert(1)/", "glossary/", "x:y/z.html"])
def test_hrefs_between_pages_resolve_on_the_site(page_url: str, target: str):
    base = urljoin("https://site.example/sub/", page_url)
    resolved = urljoin(base, href_between(target, page_url))
    assert resolved == urljoin("https://site.example/sub/", "./" + target)


def _hrefs(html: str) -> list[str]:
    return [match.replace("&amp;", "&") for match in re.findall(r'\shref="([^"]*)"', html)]


@pytest.mark.parametrize("directory_urls", [True, False])
def test_pages_named_like_a_script_url_are_linked_as_pages(site: Site, plugin_log: PluginLog, directory_urls: bool):
    """A page file named `javascript:...` (a pull request can add one) is linked by "Used on" as a page."""
    site.glossary("terms:\n  token: The smallest unit.\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.page("javascript:alert(1).md", "# Odd\n\nA token.\n")
    site.build(use_directory_urls=directory_urls, nav=["index.md", "glossary.md"])
    glossary_file = "glossary/index.html" if directory_urls else "glossary.html"
    glossary_url = "https://site.example/" + glossary_file.removesuffix("index.html")
    html = site.html(glossary_file)
    used_on = html.split("glossary-backlinks", 1)[1].split("</p>", 1)[0]
    ours = _hrefs(used_on)
    assert len(ours) == 2
    for href in ours:
        assert urlsplit(urljoin(glossary_url, href)).scheme == "https", href


@pytest.mark.parametrize("directory_urls", [True, False])
def test_definition_links_resolve_on_the_site_from_the_definitions_file(
    site: Site, plugin_log: PluginLog, directory_urls: bool
):
    """`../javascript:` passes the URL rule (it has no scheme); resolved against the glossary page it stays a
    path of the site, however the popover's script reads it."""
    payloads = ["../javascript:alert(1)", "../../javascript:alert(1)", "./javascript:alert(1)", "..//javascript:x"]
    links = " ".join(f"[{number}]({payload})" for number, payload in enumerate(payloads))
    site.glossary(f"terms:\n  token: 'See {links}.'\n")
    site.page("index.md", "# Home\n\nA token.\n")
    site.build(use_directory_urls=directory_urls)
    data = json.loads((site.site_dir / "assets/glossary_plugin/definitions.json").read_text(encoding="utf-8"))
    glossary_url = urljoin("https://site.example/assets/glossary_plugin/definitions.json", data["glossary"])
    hrefs = _hrefs(data["terms"]["token"])
    assert len(hrefs) == len(payloads)
    for href in hrefs:
        resolved = urlsplit(urljoin(glossary_url, href))
        assert (resolved.scheme, resolved.netloc) == ("https", "site.example"), href
    # The glossary page holds the same links, read from its own URL.
    glossary_file = "glossary/index.html" if directory_urls else "glossary.html"
    page_links = _hrefs(site.html(glossary_file).split('class="glossary-list"', 1)[1])
    for href in page_links:
        assert urlsplit(urljoin(glossary_url, href)).scheme == "https", href
