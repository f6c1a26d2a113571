"""The Markdown extension's cost inside a Zensical build of the benchmark corpus.

Usage (from the repository root, Python 3.11+ with zensical installed beside it)::

    python bench/zensical_bench.py --pages 1000 --terms 2000 --runs 3
    python bench/zensical_bench.py --pages 1000 --terms 2000 --runs 3 --api

The corpus is bench/sitegen.py's (the same seeded prose as run_bench.py),
copied by hard links into bench/out/zensical-n{N}-t{T}-s{seed}/ with a
docs/glossary.md holding the list marker (Zensical cannot generate the page;
the plain build has the page too, so both build the same pages). Two configs
differ only in the `glossary_plugin` entry. Each round runs
`zensical build --clean` once per variant, in a rotating order; the CPU time
(user + system, every thread) and the peak memory of each build process come
from `os.wait4`. Prints a row for the README's Performance table.

With ``--api``, every fourth page also ends with a mkdocstrings directive
(``::: apipkg.modN``) for a generated module of its own: five functions and a
class with two methods, whose docstrings use the page's terms again, so each
API page is rendered through many nested Markdown conversions (one per
docstring), as on a real site's API reference. Both variants run mkdocstrings.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import sitegen

BENCH_DIR = Path(__file__).resolve().parent
OUT = BENCH_DIR / "out"
ZENSICAL = Path(sys.executable).parent / "zensical"
VARIANTS = ("plain", "glossary")
GLOSSARY_PAGE = "# Glossary\n\n<!-- glossary -->\n"
API_EVERY = 4
"""With --api, one page in this many renders a generated module's documentation."""
MKDOCSTRINGS = '\n[project.plugins.mkdocstrings.handlers.python]\npaths = ["."]\n'


@dataclass(frozen=True)
class Run:
    variant: str
    wall_s: float
    cpu_s: float
    peak_mib: float


def _config(variant: str, api: bool) -> str:
    extension = "\n[project.markdown_extensions.glossary_plugin]\n" if variant == "glossary" else ""
    return (
        f'[project]\nsite_name = "Benchmark ({variant})"\ndocs_dir = "docs"\nsite_dir = "site-{variant}"\n\n'
        '[project.theme]\nname = "material"\n\n'
        "[project.markdown_extensions.def_list]\n"  # def_list: as in sitegen's MkDocs configs
        + extension
        + (MKDOCSTRINGS if api else "")
    )


def prepare(pages: int, terms: int, seed: int, api: bool = False) -> Path:
    """The Zensical project: sitegen's corpus (hard-linked) plus the glossary page and two configs."""
    site = sitegen.generate_site(OUT, pages, terms, seed, peers=False)
    root = OUT / f"zensical{'-api' if api else ''}-n{pages}-t{terms}-s{seed}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(site.root / "docs", root / "docs", copy_function=os.link)
    os.link(site.root / "glossary.yaml", root / "glossary.yaml")
    (root / "docs" / "glossary.md").write_text(GLOSSARY_PAGE, encoding="utf-8")
    if api:
        _api_pages(root, sitegen.make_glossary(terms, seed), pages, seed)
    for variant in VARIANTS:
        (root / f"zensical-{variant}.toml").write_text(_config(variant, api), encoding="utf-8")
    return root


def _api_pages(root: Path, terms: list[sitegen.BenchTerm], pages: int, seed: int) -> None:
    """A module `apipkg/modN.py` for every API_EVERY-th page, and its `::: apipkg.modN` at the page's end."""
    package = root / "apipkg"
    package.mkdir()
    (package / "__init__.py").write_text('"""Generated modules for the benchmark."""\n', encoding="utf-8")
    for number in range(0, pages, API_EVERY):
        rng = random.Random(f"{seed}-api-{number}")
        page_terms = [term.name for term in rng.sample(terms, 6)]

        def docstring(rng: random.Random = rng, page_terms: list[str] = page_terms) -> str:
            first, second, third = (rng.choice(page_terms) for _ in range(3))
            return (
                f"Return the {first} of the input, or raise when the {second} is empty.\n\n"
                f"    Each {third} is read once; the {first} is kept until the next call.\n    "
            )

        functions = "".join(
            f'def function_{index}(value: int) -> int:\n    """{docstring()}"""\n    return value\n\n\n'
            for index in range(5)
        )
        methods = "".join(
            f'    def method_{index}(self) -> None:\n        """{docstring()}"""\n\n' for index in range(2)
        )
        module = f'"""{docstring()}"""\n\n\n{functions}class Thing:\n    """{docstring()}"""\n\n{methods}'
        (package / f"mod{number}.py").write_text(module, encoding="utf-8")
        page = root / "docs" / sitegen.page_path(number)
        text = page.read_text(encoding="utf-8")
        page.unlink()  # a hard link to sitegen's corpus: write a file of its own
        page.write_text(text + f"\n\n## API\n\n::: apipkg.mod{number}\n", encoding="utf-8")


def build(root: Path, variant: str) -> Run:
    """One `zensical build --clean` in its own process, timed from outside."""
    start = time.perf_counter()
    with open(os.devnull, "w") as sink:
        process = subprocess.Popen(
            [str(ZENSICAL), "build", "--clean", "-f", f"zensical-{variant}.toml"],
            cwd=root,
            stdout=sink,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert process.stderr is not None
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"zensical build ({variant}) failed:\n{errors[-3000:]}")
    return Run(variant, wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def rounds(root: Path, runs: int) -> dict[str, list[Run]]:
    found: dict[str, list[Run]] = {variant: [] for variant in VARIANTS}
    for number in range(runs):
        order = VARIANTS[number % 2 :] + VARIANTS[: number % 2]
        for variant in order:
            run = build(root, variant)
            found[variant].append(run)
            print(
                f"  round {number + 1}/{runs} {variant:8} wall {run.wall_s:6.2f} s  CPU {run.cpu_s:6.2f} s  "
                f"{run.peak_mib:6.1f} MiB  load {os.getloadavg()[0]:.1f}",
                file=sys.stderr,
            )
    return found


def table(found: dict[str, list[Run]], pages: int) -> str:
    plain, glossary = found["plain"], found["glossary"]
    plain_cpu = statistics.median(run.cpu_s for run in plain)
    glossary_cpu = statistics.median(run.cpu_s for run in glossary)
    extra = statistics.median(b.cpu_s - a.cpu_s for a, b in zip(plain, glossary, strict=True))
    plain_mib = statistics.median(run.peak_mib for run in plain)
    glossary_mib = statistics.median(run.peak_mib for run in glossary)
    extra_ms = extra / pages * 1000
    return (
        "| variant | CPU s | ratio vs plain | extra ms/page | peak MiB | Δ MiB |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: |\n"
        f"| plain `zensical build --clean` | {plain_cpu:.2f} | 1.000 | | {plain_mib:.1f} | |\n"
        f"| **glossary_plugin** (Zensical extension) | {glossary_cpu:.2f} | **{glossary_cpu / plain_cpu:.3f}** | "
        f"{extra_ms:.2f} | {glossary_mib:.1f} | {glossary_mib - plain_mib:+.1f} |\n"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--terms", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--api", action="store_true", help="every 4th page renders a module with mkdocstrings")
    args = parser.parse_args()
    if not ZENSICAL.is_file():
        raise SystemExit(f"zensical is not installed beside {sys.executable} (pip install zensical; Python 3.11+)")
    root = prepare(args.pages, args.terms, args.seed, args.api)
    found = rounds(root, args.runs)
    print(
        f"Zensical {subprocess.run([str(ZENSICAL), '--version'], capture_output=True, text=True).stdout.strip()}, "
        f"Python {sys.version.split()[0]}, N={args.pages}, T={args.terms}{', API pages' if args.api else ''}, "
        f"medians of {args.runs} rounds, "
        "CPU time of each build process:\n"
    )
    print(table(found, args.pages), end="")


if __name__ == "__main__":
    main()
