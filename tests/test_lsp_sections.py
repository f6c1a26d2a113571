"""As-you-type rendering by sections: the sections of a page render alone exactly as in the whole page."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossary_plugin.lsp.sections import sections
from glossary_plugin.lsp.site import open_site

ROOT = Path(__file__).resolve().parent.parent


def test_a_page_rendered_by_sections_is_the_page_rendered_whole():
    site = open_site(ROOT)  # the demo site: ten pages, with admonitions, attribute lists and permalinks
    cut = 0
    for path in sorted(site.docs_dir.rglob("*.md")):
        src_uri = path.relative_to(site.docs_dir).as_posix()
        body, _ = site.split(path.read_text(encoding="utf-8"))
        parts = sections(body)
        if parts is None:
            continue
        cut += len(parts) > 1
        pieces = [site.render_body(src_uri, part) for part in parts]
        assert "\n".join(piece for piece in pieces if piece) == site.render_body(src_uri, body), src_uri
    assert cut  # some pages were cut at all


def test_sections_start_at_headings_outside_fenced_code():
    body = "Intro.\n\n## One\n\nText.\n\n```\n\n# not a heading\n```\n\n## Two\n\nMore.\n"
    assert sections(body) == ["Intro.\n", "## One\n\nText.\n\n```\n\n# not a heading\n```\n", "## Two\n\nMore.\n"]
    assert "\n".join(sections(body) or []) == body


@pytest.mark.parametrize(
    "body",
    [
        "## A\n\nSee [x][ref].\n\n## B\n\n[ref]: https://example.com\n",  # a reference defined elsewhere
        "## A\n\nA note[^1].\n\n## B\n\n[^1]: The note.\n",
        "## A\n\nHTML.\n\n## B\n\n*[HTML]: Hyper Text Markup Language\n",
        "[TOC]\n\n## A\n\n## B\n",
        "<div markdown>\n\n## A\n\n</div>\n",
        "## Example\n\nOne.\n\n## Example\n\nTwo.\n",  # the second id gets a suffix in the whole page
    ],
)
def test_a_page_with_something_that_spans_it_is_not_cut(body: str):
    assert sections(body) is None
