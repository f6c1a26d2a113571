"""Time `Build.check_page` on the generated corpus against another revision, in one process.

Usage (from the repository root)::

    python bench/check_page_bench.py --against HEAD~3             # N=1000, T=2000, 7 rounds
    python bench/check_page_bench.py --against main --terms 50 --rounds 9

The pages are those a real MkDocs build hands the plugin: one build of the
generated site (bench/sitegen.py) records them (kept in bench/out/). The other
revision's `glossary_plugin` is taken with `git archive` into a temporary
folder under another name, so both load side by side. Each round links every
page once with each version, in alternating order, each on a glossary loaded
anew (its caches cold, as in a build); the CPU time (`time.process_time`) of
the `check_page` calls is taken. The report gives the median and the best round
per version, and whether both gave the same HTML, findings and "Used on" data
on every page (a SHA-256 over all of them).
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import importlib
import pickle
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from types import ModuleType
from typing import Any

import sitegen

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
OUT = BENCH_DIR / "out"
THIS = "glossary_plugin"
AGAINST = "glossary_plugin_against"


def recorded_pages(pages: int, terms: int, seed: int) -> dict[str, Any]:
    """The site's pages as `Build.check_page` receives them in a real build (recorded once, then kept)."""
    site = sitegen.generate_site(OUT, pages, terms, seed, peers=False)
    record = site.root / "check_page_inputs.pickle"
    if record.exists():
        with record.open("rb") as file:
            loaded: dict[str, Any] = pickle.load(file)
        return loaded
    import build_once

    build_once.resolve_plugin_names()  # 'glossary' is this project, whatever else is installed
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from glossary_plugin.core import pipeline

    seen: dict[str, Any] = {"pages": []}
    check_page, init = pipeline.Build.check_page, pipeline.Build.__init__

    def recording_init(self: pipeline.Build, *args: Any) -> None:
        init(self, *args)
        seen["build"] = self

    def recording_check_page(self: pipeline.Build, page: pipeline.Page, html: str) -> Any:
        seen["pages"].append((dataclasses.asdict(page), html))
        return check_page(self, page, html)

    pipeline.Build.__init__ = recording_init  # type: ignore[method-assign]
    pipeline.Build.check_page = recording_check_page  # type: ignore[method-assign]
    try:
        build(load_config(str(site.configs["glossary"])))
    finally:
        pipeline.Build.__init__, pipeline.Build.check_page = init, check_page  # type: ignore[method-assign]
    last = seen["build"]
    sources = {page["src_uri"] for page, _ in seen["pages"]} | {last.options.glossary_page}
    data = {
        "glossary": str(site.root / "glossary.yaml"),
        "options": dataclasses.asdict(last.options),
        "glossary_path": last.glossary_path,
        "urls": {src_uri: last.urls.url_of(src_uri) for src_uri in sorted(sources)},
        "pages": seen["pages"],
    }
    with record.open("wb") as file:
        pickle.dump(data, file)
    return data


def load_against(revision: str, folder: Path) -> None:
    """Make the revision's package importable as `AGAINST`."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", revision, THIS], cwd=REPO, capture_output=True, check=True
    ).stdout
    with tempfile.TemporaryFile() as file:
        file.write(archive)
        file.seek(0)
        with tarfile.open(fileobj=file) as tar:
            tar.extractall(folder, filter="data")
    shutil.move(folder / THIS, folder / AGAINST)
    sys.path.insert(0, str(folder))


class _Urls:
    def __init__(self, urls: dict[str, str | None]) -> None:
        self.urls = urls

    def url_of(self, src_uri: str) -> str | None:
        return self.urls.get(src_uri)


def one_round(package: str, data: dict[str, Any]) -> tuple[float, str]:
    """CPU seconds of `check_page` over every page with a fresh build, and a digest of what it gave."""
    modules: dict[str, ModuleType] = {
        name: importlib.import_module(f"{package}.core.{name}") for name in ("pipeline", "options", "candidates")
    }
    pipeline = modules["pipeline"]
    values = dict(data["options"])
    values["missing_terms"] = modules["candidates"].MissingTermOptions(**values["missing_terms"])
    options = modules["options"].Options(**values)
    loaded = pipeline.GlossaryCache().load(Path(data["glossary"]), "glossary.yaml")
    build = pipeline.Build(loaded, options, _Urls(data["urls"]), data["glossary_path"])
    pages = [(pipeline.Page(**page), html) for page, html in data["pages"]]
    gc.collect()
    start = time.process_time()
    results = [build.check_page(page, html) for page, html in pages]
    seconds = time.process_time() - start
    digest = hashlib.sha256()
    for html, found in results:
        digest.update(html.encode())
        digest.update(repr([str(diagnostic) for diagnostic in found]).encode())
    digest.update(repr([str(diagnostic) for diagnostic in build.finish()]).encode())
    digest.update(repr(sorted((name, [page.src_uri for page in used]) for name, used in build.usage.items())).encode())
    digest.update(repr(sorted(build.first_use.items())).encode())
    return seconds, digest.hexdigest()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="the git revision to compare with (HEAD~1, main...)")
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    data = recorded_pages(args.pages, args.terms, args.seed)
    count = len(data["pages"])
    with tempfile.TemporaryDirectory() as folder:
        load_against(args.against, Path(folder))
        versions = {args.against: AGAINST, "this tree": THIS}
        seconds: dict[str, list[float]] = {name: [] for name in versions}
        digests: dict[str, set[str]] = {name: set() for name in versions}
        for number in range(args.rounds):
            order = list(versions) if number % 2 == 0 else list(reversed(versions))
            for name in order:
                taken, digest = one_round(versions[name], data)
                seconds[name].append(taken)
                digests[name].add(digest)
    print(f"Build.check_page on {count} pages (N={args.pages}, T={args.terms}), {args.rounds} rounds, CPU time:")
    for name, taken in seconds.items():
        median, best = statistics.median(taken), min(taken)
        print(f"  {name:>12}: median {1000 * median / count:.3f} ms/page ({median:.2f} s), best {best:.2f} s")
    same = len({frozenset(found) for found in digests.values()}) == 1 and all(
        len(found) == 1 for found in digests.values()
    )
    print("  output: " + ("identical on every page" if same else f"DIFFERS: {digests}"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
