"""Translated MkDocs sites: which language a build is for, and where that language's files are.

mkdocs-static-i18n builds the default language first, then runs MkDocs'
build again for each other language with the same config, so every event
of the plugin runs once per language. Its files keep their real source path
(``page.fr.md``, ``fr/page.md``) and name the page they translate in
`norm_src_uri`; a language other than the default is published under its
own folder (``fr/``). Without it, the theme's language is the site's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..core.translation import BuildLanguage

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File


def i18n_plugin(config: MkDocsConfig) -> Any | None:
    """mkdocs-static-i18n's plugin instance, when the site uses it."""
    for plugin in config.plugins.values():
        if type(plugin).__module__.startswith("mkdocs_static_i18n") and hasattr(plugin, "default_language"):
            return plugin
    return None


def build_language(config: MkDocsConfig) -> BuildLanguage:
    """The language this build is for. The i18n plugin names it before each language's build (on the first,
    its own on_config, which runs after ours, has not set it yet: that build is the default language's)."""
    plugin = i18n_plugin(config)
    if plugin is not None:
        default = str(plugin.default_language)
        current = str(getattr(plugin, "current_language", None) or default)
        others = [str(language) for language in plugin.build_languages if language != default]
        last = others[-1] if others else default
        return BuildLanguage(current, translated=True, default=current == default, last=current == last)
    theme = config.theme
    language = theme.get("language") or theme.get("locale")
    return BuildLanguage(str(language) if language else None)


def source_key(file: File) -> str:
    """The page a file is, whatever language it is written in: ``page.md`` for ``page.fr.md``."""
    return str(getattr(file, "norm_src_uri", None) or file.src_uri)
