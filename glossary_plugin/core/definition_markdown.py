"""The Markdown that renders glossary definitions: the site's extensions, less every one that is not known safe.

A definition is untrusted text from a pull request. It is rendered with the
site's own extensions so that it looks like the rest of the site, but only
with those on an allow-list: extensions that turn text into HTML and do
nothing else. Anything that reads files (``pymdownx.snippets``, ``pymdownx.b64``,
Zensical's include and table readers), fetches URLs, or runs code
(mkdocstrings, markdown-exec, macros) is left out, and so is any extension the
list does not name, since nothing says what it does. A custom fence or inline
formatter (``pymdownx.superfences``' ``custom_fences``, the way markdown-exec
runs code blocks) is kept only when its functions come from the packages the
list trusts. Raw HTML is shown as text, never injected.

Pure Python-Markdown: no MkDocs or Zensical import.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import markdown

from .findings import printable

# Python-Markdown's own short names (`abbr` is `markdown.extensions.abbr`).
_BUILT_IN = [
    "abbr",
    "admonition",
    "attr_list",
    "codehilite",
    "def_list",
    "extra",
    "fenced_code",
    "footnotes",
    "legacy_attrs",
    "legacy_em",
    "md_in_html",
    "meta",
    "nl2br",
    "sane_lists",
    "smarty",
    "tables",
    "toc",
    "wikilinks",
]
SAFE_EXTENSIONS = frozenset(
    [f"markdown.extensions.{name}" for name in _BUILT_IN]
    + [
        f"pymdownx.{name}"
        for name in [
            "arithmatex",
            "betterem",
            "blocks.admonition",
            "blocks.caption",
            "blocks.definition",
            "blocks.details",
            "blocks.html",
            "blocks.tab",
            "caret",
            "critic",
            "details",
            "emoji",
            "escapeall",
            "extra",
            "fancylists",
            "highlight",
            "inlinehilite",
            "keys",
            "magiclink",
            "mark",
            "progressbar",
            "quotes",
            "saneheaders",
            "smartsymbols",
            "striphtml",
            "superfences",
            "tabbed",
            "tasklist",
            "tilde",
        ]
    ]
    + [
        "material.extensions.preview",
        "zensical.extensions.preview",
        "zensical.extensions.glightbox",
        "zensical.extensions.autorefs",
        "zensical.extensions.context",
        "mkdocs_autorefs",
    ]
)
"""Extensions that only turn text into HTML: no file read, no request, no code run."""
_SAFE_PACKAGES = ("mkdocs_autorefs",)
"""Packages whose extension classes live in private submodules (`mkdocs_autorefs._internal...`)."""
TRUSTED_CODE = ("markdown", "pymdownx", "material", "zensical.extensions.emoji", "pygments")
"""Modules whose functions an allowed extension's options may name (emoji indexes, fence formatters)."""
_FORMATTER_LISTS = ("custom_fences", "custom_inline")
"""Options that list formatters one by one: an untrusted entry is dropped, the extension kept."""


class DefinitionRenderError(Exception):
    """An extension failed on a definition; the message names it and says what to do."""


@dataclass(frozen=True)
class DefinitionExtensions:
    """The extensions definitions are rendered with, and those left out (by name, for one note)."""

    extensions: list[str | markdown.Extension]
    configs: dict[str, dict[str, Any]]
    left_out: tuple[str, ...]


def extension_module(extension: str | markdown.Extension) -> str:
    """The module an extension comes from, as Python-Markdown would import it."""
    if isinstance(extension, markdown.Extension):
        return type(extension).__module__
    module = extension.partition(":")[0]
    return f"markdown.extensions.{module}" if module in _BUILT_IN else module


def is_safe_extension(extension: str | markdown.Extension) -> bool:
    module = extension_module(extension)
    return module in SAFE_EXTENSIONS or any(module.startswith(package + ".") for package in _SAFE_PACKAGES)


def _trusted(function: object) -> bool:
    module = getattr(function, "__module__", None) or type(function).__module__
    return any(module == name or module.startswith(name + ".") for name in TRUSTED_CODE)


def _callables(value: object) -> list[object]:
    """Every function an option value holds, however deep."""
    if isinstance(value, Mapping):
        return [found for item in value.values() for found in _callables(item)]
    if isinstance(value, (list, tuple)):
        return [found for item in value for found in _callables(item)]
    return [value] if callable(value) else []


def _trusted_config(config: Mapping[str, Any]) -> dict[str, Any] | None:
    """The options with untrusted formatters dropped, or None when another option names untrusted code."""
    kept: dict[str, Any] = {}
    for key, value in config.items():
        if key in _FORMATTER_LISTS and isinstance(value, (list, tuple)):
            value = [entry for entry in value if all(_trusted(function) for function in _callables(entry))]
        elif not all(_trusted(function) for function in _callables(value)):
            return None
        kept[key] = value
    return kept


def _name(extension: str | markdown.Extension) -> str:
    return extension if isinstance(extension, str) else f"{type(extension).__module__}.{type(extension).__name__}"


def choose_extensions(
    extensions: Sequence[object], configs: Mapping[str, Mapping[str, Any]], *, without: Sequence[str] = ()
) -> DefinitionExtensions:
    """The site's extensions that definitions may use; `without` names ones to drop silently (our own)."""
    kept: list[str | markdown.Extension] = []
    kept_configs: dict[str, dict[str, Any]] = {}
    left_out: list[str] = []
    for extension in extensions:
        if not isinstance(extension, (str, markdown.Extension)):
            continue
        if extension_module(extension) in without:
            continue
        config = _trusted_config(configs.get(extension, {})) if isinstance(extension, str) else {}
        if config is None or not is_safe_extension(extension):
            left_out.append(_name(extension))
            continue
        kept.append(extension)
        if isinstance(extension, str) and extension in configs:
            kept_configs[extension] = config or {}
    return DefinitionExtensions(kept, kept_configs, tuple(dict.fromkeys(left_out)))


def left_out_note(left_out: Sequence[str]) -> str | None:
    """What to tell the writer about the extensions definitions are rendered without, once a build."""
    if not left_out:
        return None
    names = ", ".join(left_out)
    return (
        f"definitions are rendered without the Markdown extension(s) {names}: a definition is untrusted text, "
        "and only extensions known to read no file, fetch no URL and run no code are used for it"
    )


def definition_converter(
    chosen: DefinitionExtensions, prepare: Callable[[markdown.Markdown], None] | None = None
) -> Callable[[str], str]:
    """One converter for every definition: `chosen` extensions, raw HTML shown as text.

    `prepare(md)` lets a host register its own tree processors (MkDocs' link
    rewriting). An extension that fails raises `DefinitionRenderError`.
    """
    try:
        md = markdown.Markdown(extensions=chosen.extensions, extension_configs=chosen.configs)
    except Exception as error:  # an extension's own failure: name it, never a traceback
        raise DefinitionRenderError(_failure(error, chosen)) from None
    for registry, name in ((md.preprocessors, "html_block"), (md.inlinePatterns, "html")):
        if name in registry:
            registry.deregister(name)
    if prepare is not None:
        prepare(md)

    def convert(text: str) -> str:
        md.reset()
        try:
            return str(md.convert(text))
        except Exception as error:  # as above
            raise DefinitionRenderError(_failure(error, chosen)) from None

    return convert


def _failure(error: Exception, chosen: DefinitionExtensions) -> str:
    """Which Markdown extension failed on a definition, as far as the traceback tells."""
    modules = [extension_module(extension) for extension in chosen.extensions]
    trace = error.__traceback__
    culprit = None
    while trace is not None:
        module = trace.tb_frame.f_globals.get("__name__", "")
        for name in modules:
            if module == name or module.startswith(name + ".") or name.startswith(module + "."):
                culprit = name
        trace = trace.tb_next
    where = f"the Markdown extension '{culprit}'" if culprit else "a Markdown extension"
    return printable(
        f"glossary: {where} failed while rendering the glossary's definitions "
        f"({type(error).__name__}: {error}); remove it from markdown_extensions or report it to its authors"
    )
