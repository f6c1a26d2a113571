"""The command-line host: `glossary-lint` (entry point `glossary_plugin.cli:main`)."""

from __future__ import annotations

from .command import main

__all__ = ["main"]
