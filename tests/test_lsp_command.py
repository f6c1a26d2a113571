"""The `glossary-ls` command itself: what it says without its optional dependency."""

from __future__ import annotations

import subprocess
import sys

from tests.lsp_support import ROOT


def test_without_pygls_glossary_ls_says_what_to_install():
    """pygls is the `lsp` extra: without it the command says how to get it, not a traceback."""
    code = "import sys; sys.modules['pygls'] = None; from glossary_plugin.lsp import main; raise SystemExit(main([]))"
    result = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "glossary-ls needs pygls, the language server library: install it with "
        "`pip install pygls` (the package's `lsp` extra)"
    )
    assert "Traceback" not in result.stderr
