"""A site's own label texts reach the glossary page as text, never as markup."""

from __future__ import annotations

import html as htmllib

import markdown

from glossary_plugin.core.index_page import generated_page, render_entries
from glossary_plugin.core.labels import labels_for
from glossary_plugin.core.loader import parse_glossary

PAYLOAD = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def test_label_overrides_are_escaped_in_every_attribute_and_text():
    glossary, errors = parse_glossary(
        "terms:\n  token:\n    definition: A unit.\n    aliases: [tok]\n    see: [tok2]\n  tok2: Another.\n"
    )
    assert errors == []
    keys = ("glossary_index", "filter_glossary", "filter_terms", "see_also", "also", "link_to", "no_match", "matches")
    labels = labels_for("en", {"en": {key: PAYLOAD for key in keys}})
    anchors = {"token": "token", "tok2": "tok2"}
    html = render_entries(glossary, anchors, {"token": "<p>A unit.</p>", "tok2": "<p>Another.</p>"}, labels, "en")
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_generated_pages_title_is_the_label_as_text_in_markdown():
    label = "<img src=x onerror=alert(1)> [x](javascript:alert(2)) ![i](y) *e* `c` {: .k} #h \\ &amp;"
    source = generated_page(labels_for("en", {"en": {"glossary": label}}))
    html = markdown.markdown(source, extensions=["toc", "attr_list", "tables", "md_in_html"])
    heading = html.split("\n")[0]
    assert heading.startswith("<h1") and heading.count("<") == 2, heading  # <h1 ...> and </h1>: no other tag
    assert htmllib.unescape(heading[heading.index(">") + 1 : heading.rindex("<")]) == label
