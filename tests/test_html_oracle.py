"""The oracle's places where nothing links, one by one: the oracle sees a link there, and the linker puts none.

The property tests draw pages at random; these cases make sure each promised place (PRODUCT.md,
"Linking") is checked on every quick run, with the markup Markdown and Material write for it.
"""

from __future__ import annotations

import pytest

from glossary_plugin.core.linker import Linker
from glossary_plugin.core.model import Glossary, Term

from .html_oracle import browser_plugin_links, plugin_links, skipped_ancestor

LINK = '<a class="glossary-term" href="../glossary/#token" data-glossary-term="token" title="The unit.">token</a>'
ANNOTATED_CODE = (
    '<div class="highlight"><pre><span></span><code><span class="n">x</span> <span class="o">=</span> '
    '<span class="mi">1</span>  <span class="c1"># (1)!</span>\n</code></pre></div>\n'
)
# Each promised place, as a page with `{}` where a term is written.
PLACES = {
    "a": '<p><a href="x.md">a {} here</a></p>',
    "code": "<p><code>{}</code></p>",
    "pre": "<pre>a {}</pre>",
    "kbd": "<p><kbd>{}</kbd></p>",
    "samp": "<p><samp>{}</samp></p>",
    "button": "<p><button>a {}</button></p>",
    "svg": "<svg><text>a {}</text></svg>",
    "math": "<math><mi>{}</mi></math>",
    "h1": "<h1>A {}</h1>",
    "h2": '<h2 id="t">A {}</h2>',
    "h3": "<h3>A {}</h3>",
    "h4": "<h4>A {}</h4>",
    "h5": "<h5>A {}</h5>",
    "h6": "<h6>A {}</h6>",
    "admonition-title": '<div class="admonition note">\n<p class="admonition-title">A {}</p>\n<p>Body.</p>\n</div>',
    "details-summary": '<details class="note">\n<summary>A {}</summary>\n<p>Body.</p>\n</details>',
    "th": "<table>\n<thead>\n<tr>\n<th>A {}</th>\n</tr>\n</thead>\n<tbody>\n<tr><td>x</td></tr>\n</tbody>\n</table>",
    "abbr": '<p><abbr title="x">{}</abbr></p>',
    "arithmatex": '<div class="arithmatex">\\[ {} \\]</div>',
    "mermaid": '<pre class="mermaid"><code>graph LR; A[{}]</code></pre>',
    "md-annotation": '<p><span class="md-annotation">a {}</span></p>',
    "annotation-list": ANNOTATED_CODE + "<ol>\n<li>The {} here.</li>\n</ol>",
    "no-glossary": '<p><span class="no-glossary">a {}</span></p>',
    "no-glossary-block": '<div class="x no-glossary">\n<p>a {}</p>\n</div>',
    "label": "<p><label>a {}</label></p>",
    "dt": "<dl>\n<dt>{}</dt>\n<dd>x</dd>\n</dl>",
}
LINKER = Linker(Glossary((Term("token", "The unit."),)), plurals=True)


def link_all(html: str) -> str:
    return LINKER.link_page(html, lambda term: "../glossary/#token", "all").html


@pytest.mark.parametrize("page", PLACES.values(), ids=PLACES.keys())
def test_the_oracle_sees_a_link_in_each_promised_place(page: str):
    links = plugin_links(page.format(LINK))  # as written: a browser would move a link out of an `a`
    assert len(links) == 1 and skipped_ancestor(links[0]) is not None


@pytest.mark.parametrize("page", PLACES.values(), ids=PLACES.keys())
def test_nothing_links_in_each_promised_place(page: str):
    out = link_all("<p>A token.</p>\n" + page.format("token") + "\n<p>A token.</p>")
    links = browser_plugin_links(out)
    assert [skipped_ancestor(link) for link in links] == [None, None], out


def test_a_list_after_code_without_markers_is_prose():
    out = link_all(ANNOTATED_CODE.replace("# (1)!", "# one") + "<ol>\n<li>The token here.</li>\n</ol>")
    assert [skipped_ancestor(link) for link in browser_plugin_links(out)] == [None]
