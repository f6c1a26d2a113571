"""What a Zensical page carries of ours: the tooltip CSS and JavaScript, minified.

The copies are in `assets/inline/` (built from glossary.js and glossary.css by
`npm run build:assets`): a page other than the glossary page carries the copy
without the glossary page's filter and A-Z bar.

Zensical publishes no file of an extension, and each build deletes from the
site folder what it did not write. Under `zensical build` the copies are
written into the site folder when the build ends (see `publish`), after
Zensical's own clean-up, and every page loads them from there: a page carries
two tags. Elsewhere (`zensical serve`, which has no end) each page carries the
copies inline.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from pathlib import Path

from ..core.options import ASSET_FOLDER

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


def page_links(src_uri: str, glossary_page: bool = False) -> str:
    """The `<link>` and `<script>` that load the published copies (see `publish`).

    Written relative to the page's source file, as links in Markdown are:
    Zensical rewrites every relative link of a page for the page's URL
    (`../` more for a directory URL), `src` and `href` of raw HTML included.
    """
    kind = GLOSSARY_PAGE if glossary_page else PAGE
    folder = "../" * src_uri.count("/") + ASSET_FOLDER
    return (
        f'\n<link rel="stylesheet" id="glossary-plugin-css" href="{folder}/{kind}.min.css">'
        f'\n<script src="{folder}/{kind}.min.js"></script>\n'
    )


def publish(site_dir: Path) -> None:
    """Write the copies the pages load into `site_dir` (a file already there with the same bytes is kept)."""
    folder = site_dir / ASSET_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for kind in _KINDS:
        for suffix in ("css", "js"):
            # The published scripts read the definitions file beside them (see `definitions_file`).
            text = _inline(kind, suffix) if suffix == "css" else _inline(f"{kind}.file", suffix)
            target = folder / f"{kind}.min.{suffix}"
            try:
                if target.read_text(encoding="utf-8") == text:
                    continue
            except (OSError, UnicodeDecodeError):
                pass
            target.write_text(text, encoding="utf-8")


def _sha256(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def asset_hashes() -> dict[str, str]:
    """The CSP sources (`'sha256-...'`, space-separated) that allow the inline style and script of every page
    under `zensical serve` (the published files of `zensical build` need only `'self'`).

    `{"glossary.css": ..., "glossary.js": ...}`: add the first to `style-src`, the second to `script-src`.
    """
    return {
        "glossary.css": " ".join(_sha256(_inline(kind, "css")) for kind in _KINDS),
        "glossary.js": " ".join(_sha256(_inline(kind, "js")) for kind in _KINDS),
    }
