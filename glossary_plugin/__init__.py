"""glossary_plugin: link and tooltip glossary terms across an MkDocs site, and lint them."""

from __future__ import annotations

from .findings import Diagnostic
from .linker import Linker
from .loader import GlossaryError, load_glossary
from .model import Glossary, Term

__version__ = "0.1.0"
__all__ = ["Diagnostic", "Glossary", "GlossaryError", "Linker", "Term", "__version__", "load_glossary"]
