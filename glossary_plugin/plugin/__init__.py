"""The MkDocs and ProperDocs host: `plugins: [glossary_plugin]`.

Its entry point is `glossary_plugin.plugin:GlossaryPlugin`.
"""

from __future__ import annotations

from .plugin import GlossaryPlugin

__all__ = ["GlossaryPlugin"]
