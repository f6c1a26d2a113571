"""The layout is the architecture: a core that imports no host, hosts (the MkDocs plugin, the Markdown extension,
the CLI, the language server) that import no other host, no cycle,
and no module reaching for another module's private names."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "glossary_plugin"
HOSTS = ("plugin", "mdext", "cli", "lsp")
HOST_LIBRARIES = ("mkdocs", "properdocs", "zensical", "jinja2")


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def _name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[str, list[str]]]:
    """(absolute module, names) for each import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")
                parent = parent[: len(parent) - node.level + 1]
                base = ".".join([*parent, base]) if base else ".".join(parent)
            found.append((base, [alias.name for alias in node.names]))
    return found


def _part(module: str) -> str | None:
    """Which part of the package a module is in: 'core', a host, or None (the package root)."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "glossary_plugin" else None


@pytest.mark.parametrize("path", [p for p in _modules() if _part(_name(p)) == "core"], ids=lambda p: p.name)
def test_the_core_imports_no_host(path: Path):
    for module, _ in _imports(path):
        assert module.split(".")[0] not in HOST_LIBRARIES, f"{path.name} imports {module}"
        assert _part(module) in (None, "core") or not module.startswith("glossary_plugin"), (
            f"{path.name} imports the host {module}"
        )


def test_no_host_imports_another_hosts_modules_but_the_cli_which_drives_them():
    """The CLI runs the real builds (MkDocs' with the plugin, Zensical's with the extension's report)."""
    allowed = {"cli": {"plugin", "mdext"}}
    for path in _modules():
        part = _part(_name(path))
        if part not in HOSTS:
            continue
        for module, _ in _imports(path):
            other = _part(module)
            if other in HOSTS and other != part:
                assert other in allowed.get(part, set()), f"{_name(path)} imports {module}"


def test_no_module_imports_a_private_name_of_another():
    for path in _modules():
        for module, names in _imports(path):
            if not module.startswith("glossary_plugin"):
                continue
            private = [name for name in names if name.startswith("_") and not name.startswith("__")]
            assert not private, f"{_name(path)} imports {private} from {module}"


def test_the_package_has_no_import_cycle():
    graph: dict[str, set[str]] = {}
    names = {_name(path) for path in _modules()}
    for path in _modules():
        targets = set()
        for module, imported in _imports(path):
            if module in names:
                targets.add(module)
            targets |= {f"{module}.{name}" for name in imported if f"{module}.{name}" in names}
        graph[_name(path)] = targets - {_name(path)}

    def cycle_from(start: str) -> list[str] | None:
        stack = [(start, [start])]
        seen = set()
        while stack:
            node, trail = stack.pop()
            for target in graph.get(node, ()):
                if target == start:
                    return [*trail, start]
                if target not in seen and not _is_package_reexport(start, target):
                    seen.add(target)
                    stack.append((target, [*trail, target]))
        return None

    for module in graph:
        if module.count(".") >= 2:  # modules, not the packages that re-export them
            assert cycle_from(module) is None, " -> ".join(cycle_from(module) or [])


def _is_package_reexport(start: str, target: str) -> bool:
    """A package's __init__ re-exports its modules: importing a sibling through it is no cycle."""
    return target.count(".") < 2


def test_every_documented_entry_point_still_works():
    """What users name: the plugin's entry points, `glossary-lint`, the Markdown extension's name, the README's
    imports, and the package's public API."""
    from importlib.metadata import entry_points

    import markdown

    import glossary_plugin
    from glossary_plugin.mdext import asset_hashes

    for group in ("mkdocs.plugins", "properdocs.plugins"):
        plugins = {
            point.name: point for point in entry_points(group=group) if point.value.startswith("glossary_plugin")
        }
        assert {"glossary", "glossary_plugin"} <= set(plugins)
        assert plugins["glossary_plugin"].load().__name__ == "GlossaryPlugin"
    (script,) = [point for point in entry_points(group="console_scripts") if point.name == "glossary-lint"]
    assert callable(script.load())
    assert "glossary_plugin" in str(markdown.Markdown(extensions=["glossary_plugin"]).treeprocessors)
    assert set(asset_hashes()) == {"glossary.css", "glossary.js"}
    assert sorted(glossary_plugin.__all__) == [
        "Diagnostic",
        "Glossary",
        "GlossaryError",
        "Linker",
        "Term",
        "__version__",
        "load_glossary",
    ]
    assert all(hasattr(glossary_plugin, name) for name in glossary_plugin.__all__)
