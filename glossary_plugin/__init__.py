"""glossary_plugin: link and tooltip glossary terms across an MkDocs site, and lint them."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from .core.findings import Diagnostic
from .core.linker import Linker
from .core.loader import GlossaryError, load_glossary
from .core.model import Glossary, Term

try:
    __version__ = version("glossary-plugin")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = "0+unknown"
__all__ = ["Diagnostic", "Glossary", "GlossaryError", "Linker", "Term", "__version__", "load_glossary"]


def makeExtension(**kwargs: object) -> object:
    """The Markdown extension (for Zensical's `markdown_extensions: [glossary_plugin]`), imported on use."""
    from .mdext import makeExtension as make

    return make(**kwargs)
