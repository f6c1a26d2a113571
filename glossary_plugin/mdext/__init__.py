"""The Python-Markdown host, which Zensical runs: `markdown_extensions: [glossary_plugin]`."""

from __future__ import annotations

from .extension import GlossaryExtension, asset_hashes, makeExtension

__all__ = ["GlossaryExtension", "asset_hashes", "makeExtension"]
