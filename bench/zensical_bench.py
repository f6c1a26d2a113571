"""The Markdown extension's cost inside a Zensical build of the benchmark corpus.

Usage (from the repository root, Python 3.11+ with zensical installed beside it)::

    python bench/zensical_bench.py --pages 1000 --terms 2000 --runs 3

The corpus is bench/sitegen.py's (the same seeded prose as run_bench.py),
copied by hard links into bench/out/zensical-n{N}-t{T}-s{seed}/ with a
docs/glossary.md holding the list marker (Zensical cannot generate the page;
the plain build has the page too, so both build the same pages). Two configs
differ only in the `glossary_plugin` entry. Each round runs
`zensical build --clean` once per variant, in a rotating order; the CPU time
(user + system, every thread) and the peak memory of each build process come
from `os.wait4`. Prints a row for the README's Performance table.
"""

from __future__ import annotations

import argparse
import os
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


@dataclass(frozen=True)
class Run:
    variant: str
    wall_s: float
    cpu_s: float
    peak_mib: float


def _config(variant: str) -> str:
    extension = "\n[project.markdown_extensions.glossary_plugin]\n" if variant == "glossary" else ""
    return (
        f'[project]\nsite_name = "Benchmark ({variant})"\ndocs_dir = "docs"\nsite_dir = "site-{variant}"\n\n'
        '[project.theme]\nname = "material"\n\n'
        "[project.markdown_extensions.def_list]\n" + extension  # def_list: as in sitegen's MkDocs configs
    )


def prepare(pages: int, terms: int, seed: int) -> Path:
    """The Zensical project: sitegen's corpus (hard-linked) plus the glossary page and two configs."""
    site = sitegen.generate_site(OUT, pages, terms, seed, peers=False)
    root = OUT / f"zensical-n{pages}-t{terms}-s{seed}"
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    shutil.copytree(site.root / "docs", root / "docs", copy_function=os.link)
    os.link(site.root / "glossary.yaml", root / "glossary.yaml")
    (root / "docs" / "glossary.md").write_text(GLOSSARY_PAGE, encoding="utf-8")
    for variant in VARIANTS:
        (root / f"zensical-{variant}.toml").write_text(_config(variant), encoding="utf-8")
    return root


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
    args = parser.parse_args()
    if not ZENSICAL.is_file():
        raise SystemExit(f"zensical is not installed beside {sys.executable} (pip install zensical; Python 3.11+)")
    root = prepare(args.pages, args.terms, args.seed)
    found = rounds(root, args.runs)
    print(
        f"Zensical {subprocess.run([str(ZENSICAL), '--version'], capture_output=True, text=True).stdout.strip()}, "
        f"Python {sys.version.split()[0]}, N={args.pages}, T={args.terms}, medians of {args.runs} rounds, "
        "CPU time of each build process:\n"
    )
    print(table(found, args.pages), end="")


if __name__ == "__main__":
    main()
