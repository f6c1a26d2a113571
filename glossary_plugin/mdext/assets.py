"""What a Zensical page carries of ours: the tooltip CSS and JavaScript, minified, inline.

Zensical publishes no file of an extension: a file written into the site folder
while a page renders is deleted by the next build that takes every page from
its cache (no page renders, so nothing writes it again). So the assets go
inline, as the minified copies in `assets/inline/` (built from glossary.js and
glossary.css by `npm run build:assets`): a page other than the glossary page
carries the copy without the glossary page's filter and A-Z bar.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

ASSET_DIR = Path(__file__).parent.parent / "assets"
INLINE_DIR = ASSET_DIR / "inline"
PAGE = "page"
GLOSSARY_PAGE = "glossary-page"
_KINDS = (PAGE, GLOSSARY_PAGE)


@functools.cache
def _inline(kind: str, suffix: str) -> str:
    return (INLINE_DIR / f"{kind}.min.{suffix}").read_text(encoding="utf-8")


@functools.cache
def page_assets(glossary_page: bool = False) -> str:
    """The `<style>` and `<script>` a page carries (the glossary page's copy adds its filter and A-Z bar)."""
    kind = GLOSSARY_PAGE if glossary_page else PAGE
    css, script = _inline(kind, "css"), _inline(kind, "js")
    return f'\n<style id="glossary-plugin-css">{css}</style>\n<script>{script}</script>\n'


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def asset_hashes() -> dict[str, str]:
    """The CSP sources (`'sha256-...'`, space-separated) that allow the inline style and script of every page.

    `{"glossary.css": ..., "glossary.js": ...}`: add the first to `style-src`, the second to `script-src`.
    """
    return {
        "glossary.css": " ".join(_sha256(_inline(kind, "css")) for kind in _KINDS),
        "glossary.js": " ".join(_sha256(_inline(kind, "js")) for kind in _KINDS),
    }
