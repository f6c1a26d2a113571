"""The core: every rule of the glossary, and no host.

Nothing here imports MkDocs, ProperDocs or Zensical (a test checks it). The
hosts (`glossary_plugin.plugin`, `glossary_plugin.mdext`, `glossary_plugin.cli`)
hand pages to `pipeline.Build` and show the findings it returns.
"""
