"""Run one MkDocs build (or a `mkdocs serve`-like series of builds) in this process; print JSON.

Started by run_bench.py in a fresh interpreter for every build, as
``python bench/build_once.py CONFIG [--serve-check] [--profile FILE]``.
It does what ``mkdocs build -q`` does (load_config, on_startup, build,
on_shutdown) with two differences, both for measuring:

* Plugin names are resolved explicitly. This project and the PyPI package
  mkdocs-glossary both register the MkDocs plugin name ``glossary``; with both
  installed, MkDocs picks whichever entry point it sees last. Here ``glossary``
  is always this project and ``mkdocs-glossary`` is the peer.
* Every plugin's event handlers are wrapped with a timer, so the report says
  how long each plugin spent in its own hooks.

The last line of stdout is a JSON object; the parent measures wall time and
peak memory (``os.wait4``) from outside.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import logging
import os
import sys
import time
from collections.abc import Callable
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from typing import Any

# (distribution, entry point name) for the plugin names the benchmark configs use.
PLUGIN_SOURCES = {
    "glossary": ("glossary-plugin", "glossary"),
    "mkdocs-glossary": ("mkdocs-glossary", "glossary"),
}


def resolve_plugin_names() -> None:
    """Make MkDocs map each name of PLUGIN_SOURCES to that distribution's entry point.

    Must run before ``mkdocs.config.defaults`` is imported: its Plugins option
    reads the installed plugins once, when it is created.
    """
    import mkdocs.plugins

    original = mkdocs.plugins.get_plugins

    def get_plugins() -> dict[str, EntryPoint]:
        plugins = original()
        for name, (dist, entry_name) in PLUGIN_SOURCES.items():
            for entry in entry_points(group="mkdocs.plugins", name=entry_name):
                if entry.dist is not None and entry.dist.name.lower() == dist:
                    plugins[name] = EntryPoint(name, entry.value, entry.group)
        return plugins

    mkdocs.plugins.get_plugins = get_plugins  # type: ignore[assignment]


class HookTimer:
    """CPU time spent inside each plugin's event handlers, by plugin name and event.

    CPU time (``time.process_time``) rather than wall time, so that other
    processes on a busy machine do not count against a plugin.
    """

    def __init__(self) -> None:
        self.seconds: dict[str, dict[str, float]] = {}

    def instrument(self, config: Any) -> None:
        """Wrap every event handler registered in `config.plugins` (once per handler)."""
        collection = config.plugins
        names = {id(plugin): name for name, plugin in collection.items()}
        for event, handlers in collection.events.items():
            for index, handler in enumerate(handlers):
                owner = getattr(handler, "__self__", None)
                if owner is None:  # not a bound method, or already wrapped
                    continue
                timed = self._wrap(names.get(id(owner), type(owner).__name__), event, handler)
                handlers[index] = timed
                if handler in collection._event_origins:  # MkDocs names the running plugin from this
                    collection._event_origins[timed] = collection._event_origins[handler]

    def _wrap(self, plugin: str, event: str, handler: Callable[..., Any]) -> Callable[..., Any]:
        totals = self.seconds.setdefault(plugin, {})
        totals.setdefault(event, 0.0)

        def timed(*args: Any, **kwargs: Any) -> Any:
            start = time.process_time()
            try:
                return handler(*args, **kwargs)
            finally:
                totals[event] += time.process_time() - start

        return timed

    def totals(self) -> dict[str, float]:
        return {plugin: sum(events.values()) for plugin, events in self.seconds.items()}


def quiet_logging() -> None:
    """What ``mkdocs build -q`` does to logging: only errors are shown."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.ERROR)
    logger.addHandler(handler)
    logger.setLevel(logging.ERROR)


def build_once(config_file: Path, timer: HookTimer) -> float:
    """One ``mkdocs build``: seconds from load_config to the end of on_shutdown."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    start = time.perf_counter()
    config = load_config(config_file=str(config_file))
    config.plugins.on_startup(command="build", dirty=False)
    timer.instrument(config)
    try:
        build(config, dirty=False)
    finally:
        config.plugins.on_shutdown()
    return time.perf_counter() - start


class _Counter:
    """Counts calls to a function or class, passing them through."""

    def __init__(self, target: Callable[..., Any]) -> None:
        self.target = target
        self.calls = 0

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls += 1
        return self.target(*args, **kwargs)


def serve_check(config_file: Path, timer: HookTimer) -> dict[str, Any]:
    """Builds as `mkdocs serve` runs them: one plugin instance, a fresh config per rebuild.

    Build 1 is the first build; build 2 a rebuild with glossary.yaml unchanged;
    build 3 a rebuild after glossary.yaml's modification time changed. For
    each build: wall and CPU seconds, and how often the glossary was read and
    compiled, and its definitions rendered.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    counters: dict[str, _Counter] = {}
    try:
        import glossary_plugin.core.pipeline as plugin_module

        counters["loads"] = plugin_module.load_glossary = _Counter(plugin_module.load_glossary)  # type: ignore[assignment]
        counters["compiles"] = plugin_module.Linker = _Counter(plugin_module.Linker)  # type: ignore[assignment,misc]
        import glossary_plugin.core.index_page as index_module

        # One call renders every definition (the pipeline calls it through the module).
        counters["renders"] = index_module.render_definitions = _Counter(index_module.render_definitions)  # type: ignore[assignment]
    except ImportError:
        pass
    glossary_file = config_file.parent / "glossary.yaml"
    serve_url = "http://127.0.0.1:8000/"
    builds = []
    first = load_config(config_file=str(config_file))
    first.plugins.on_startup(command="serve", dirty=False)
    try:
        for number in (1, 2, 3):
            if number == 3 and glossary_file.exists():
                stat = glossary_file.stat()
                os.utime(glossary_file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
            before = {name: counter.calls for name, counter in counters.items()}
            start, start_cpu = time.perf_counter(), time.process_time()
            config = first if number == 1 else load_config(config_file=str(config_file))
            config.site_url = serve_url
            timer.instrument(config)
            hooks_before = timer.totals()
            build(config, serve_url=serve_url, dirty=False)
            seconds, cpu = time.perf_counter() - start, time.process_time() - start_cpu
            hooks = {name: total - hooks_before.get(name, 0.0) for name, total in timer.totals().items()}
            calls = {name: counter.calls - before[name] for name, counter in counters.items()}
            builds.append({"seconds": seconds, "cpu": cpu, "hooks": hooks, **calls})
    finally:
        first.plugins.on_shutdown()
    return {"builds": builds}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("config", type=Path)
    parser.add_argument("--serve-check", action="store_true", help="three builds in one process, as `mkdocs serve`")
    parser.add_argument("--profile", type=Path, help="write cProfile stats of the build to this file")
    args = parser.parse_args(argv)
    resolve_plugin_names()
    quiet_logging()
    timer = HookTimer()
    result: dict[str, Any]
    if args.serve_check:
        result = serve_check(args.config, timer)
    elif args.profile:
        profiler = cProfile.Profile()
        seconds = profiler.runcall(build_once, args.config, timer)
        profiler.dump_stats(str(args.profile))
        result = {"seconds": seconds}
    else:
        result = {"seconds": build_once(args.config, timer)}
    result["hooks"] = result.get("hooks") or timer.totals()
    result["hook_events"] = timer.seconds
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
