"""What a Zensical page carries of ours: the tooltip CSS and JavaScript."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

ASSET_DIR = Path(__file__).parent.parent / "assets"

_ASSETS: list[str] = []


def page_assets() -> str:
    """The tooltip CSS and JavaScript, inline: Zensical caches the page with them, and copies no file of ours."""
    if not _ASSETS:
        css = (ASSET_DIR / "glossary.css").read_text(encoding="utf-8")
        script = (ASSET_DIR / "glossary.js").read_text(encoding="utf-8")
        _ASSETS.append(f'\n<style id="glossary-plugin-css">{css}</style>\n<script>{script}</script>\n')
    return _ASSETS[0]


def asset_hashes() -> dict[str, str]:
    """The CSP hashes (``'sha256-...'``) of the inline style and script, for sites with a strict CSP."""
    found = {}
    for name in ("glossary.css", "glossary.js"):
        digest = hashlib.sha256((ASSET_DIR / name).read_bytes()).digest()
        found[name] = "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"
    return found
