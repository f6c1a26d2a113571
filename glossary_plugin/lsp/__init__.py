"""`glossary-ls`: the glossary in the writer's editor, a language server over stdio (see the README)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

INSTALL_HINT = (
    "glossary-ls needs pygls, the language server library: install it with "
    "`pip install pygls` (the package's `lsp` extra)"
)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in ("-h", "--help"):
        print("usage: glossary-ls [--stdio]\n\nThe glossary language server: an editor starts it, over stdio.")
        return 0
    if arguments and arguments[0] == "--version":
        from .. import __version__

        print(f"glossary-ls {__version__}")
        return 0
    unknown = [argument for argument in arguments if argument != "--stdio"]
    if unknown:
        print(f"glossary-ls: unknown argument {unknown[0]!r}; the server speaks LSP over stdio only", file=sys.stderr)
        return 2
    try:
        import lsprotocol  # noqa: F401
        import pygls  # noqa: F401
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    import gc

    from .handlers import server

    # What the imports made lives as long as the server: the collector need not walk it again and again.
    gc.freeze()
    server.start_io()
    return 0
