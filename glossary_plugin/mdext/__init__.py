"""The Python-Markdown host, which Zensical runs: `markdown_extensions: [glossary_plugin]`."""

from __future__ import annotations

from .assets import asset_hashes
from .extension import GlossaryExtension, makeExtension

__all__ = ["GlossaryExtension", "asset_hashes", "makeExtension"]
