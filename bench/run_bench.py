"""Benchmark glossary_plugin: build a generated site with and without it (and its peers), side by side.

Usage (from the repository root, in an environment with this package and,
for ``--peers``, mkdocs-ezglossary-plugin and mkdocs-glossary installed)::

    python bench/run_bench.py                     # N=1000, T=2000, 5 runs: builds, linker alone, serve rebuild
    python bench/run_bench.py --peers --runs 3    # the same, with both peers in every round
    python bench/run_bench.py --scaling           # N=100 vs 1000 and T=50 vs 2000
    python bench/run_bench.py --linker-only       # only the linker, per page
    python bench/run_bench.py --pathological      # linker time on adversarial text vs ordinary text
    python bench/run_bench.py --profile           # cProfile one plugin build; top glossary_plugin functions
    python bench/run_bench.py --docs              # a Material site shaped like framework docs (docsgen.py)

Every build runs in a fresh interpreter (bench/build_once.py); wall time is
taken around the whole process with ``time.perf_counter`` and peak memory is
the child's ``ru_maxrss`` from ``os.wait4``. Variants alternate within each
round (the order rotates from round to round) on the same files, and a
warm-up round is not counted. Results go to stdout as Markdown; progress to
stderr. Generated sites live in bench/out/ (git-ignored).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import platform
import pstats
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

import docsgen
import linkerbench
import sitegen

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
OUT = BENCH_DIR / "out"
CHILD = BENCH_DIR / "build_once.py"
MIB = 1024 * 1024

# Targets from the benchmark issue.
MAX_RATIO = 1.05
MAX_FLAT_T = 1.2
MAX_LINEAR_N = 1.2
MAX_EXTRA_MIB = 20.0
SCALING = (1000, 100, 2000, 50)  # large N, small N, large T, small T
PLUGIN_NAME = {"glossary": "glossary", "ezglossary": "ezglossary", "mkdocs-glossary": "mkdocs-glossary"}


# -- running builds ----------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """One build in a fresh process."""

    variant: str
    wall_s: float
    cpu_s: float
    """User + system CPU time of the build process."""
    peak_kib: int
    hooks: dict[str, float]
    """Seconds spent in each plugin's event handlers."""
    detail: dict[str, Any] = field(default_factory=dict)


def run_child(config: Path, variant: str, *extra: str) -> Build:
    """Run build_once.py on `config`; time it and read its peak memory from outside."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, str(CHILD), str(config), *extra], stdout=out, stderr=err, cwd=config.parent
        )
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout, stderr = out.read().decode(), err.read().decode()
    if process.returncode != 0:
        raise SystemExit(f"build of {config.name} failed ({process.returncode}):\n{stderr[-3000:]}")
    report = json.loads(stdout.strip().splitlines()[-1])
    cpu = usage.ru_utime + usage.ru_stime
    return Build(variant, wall, cpu, usage.ru_maxrss, report.get("hooks", {}), report)


def run_rounds(site: sitegen.Site, variants: list[str], runs: int, warmup: int) -> dict[str, list[Build]]:
    """`warmup` + `runs` rounds; each round builds every variant once, in a rotating order."""
    builds: dict[str, list[Build]] = {variant: [] for variant in variants}
    for number in range(warmup + runs):
        counted = number >= warmup
        shift = number % len(variants)
        order = variants[shift:] + variants[:shift]
        for variant in order:
            build = run_child(site.configs[variant], variant)
            label = f"round {number - warmup + 1}/{runs}" if counted else "warm-up"
            print(
                f"  N={site.pages} T={site.terms} {label:>11} {variant:16} {build.wall_s:7.2f} s "
                f"(CPU {build.cpu_s:7.2f} s) {build.peak_kib / 1024:7.1f} MiB  load {os.getloadavg()[0]:.1f}",
                file=sys.stderr,
            )
            if counted:
                builds[variant].append(build)
    return builds


# -- summarising -------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    """One time metric (wall or CPU) of one variant, against the plain build of the same rounds."""

    median_s: float
    ratio: float
    extra_s: float
    """Median over rounds of (this build - the plain build of the same round)."""
    extra_spread_s: float
    """Half the inter-quartile range of those differences: the noise on extra_s."""


@dataclass(frozen=True)
class Summary:
    """Medians of one variant's builds, and its cost over the plain build."""

    variant: str
    pages: int
    wall: Timing
    cpu: Timing
    in_plugin_s: float | None
    """CPU seconds inside the variant's glossary plugin's hooks."""
    peak_mib: float
    extra_mib: float

    def timing(self, metric: str) -> Timing:
        return self.cpu if metric == "cpu" else self.wall

    def extra_ms_per_page(self, metric: str) -> float:
        return self.timing(metric).extra_s * 1000 / self.pages


def _half_iqr(values: list[float]) -> float:
    if len(values) < 4:
        return (max(values) - min(values)) / 2 if values else 0.0
    quartiles = statistics.quantiles(values, n=4)
    return (quartiles[2] - quartiles[0]) / 2


def _timing(runs: list[Build], plain: list[Build], seconds: Callable[[Build], float]) -> Timing:
    median_s = statistics.median(seconds(build) for build in runs)
    differences = [seconds(build) - seconds(base) for build, base in zip(runs, plain, strict=True)]
    return Timing(
        median_s=median_s,
        ratio=median_s / statistics.median(seconds(build) for build in plain),
        extra_s=statistics.median(differences),
        extra_spread_s=_half_iqr(differences),
    )


def summarise(builds: dict[str, list[Build]], pages: int) -> dict[str, Summary]:
    plain = builds["plain"]
    plain_mib = statistics.median(build.peak_kib for build in plain) / 1024
    summaries = {}
    for variant, runs in builds.items():
        plugin = PLUGIN_NAME.get(variant)
        in_plugin = statistics.median(build.hooks.get(plugin, 0.0) for build in runs) if plugin else None
        peak_mib = statistics.median(build.peak_kib for build in runs) / 1024
        summaries[variant] = Summary(
            variant=variant,
            pages=pages,
            wall=_timing(runs, plain, lambda build: build.wall_s),
            cpu=_timing(runs, plain, lambda build: build.cpu_s),
            in_plugin_s=in_plugin,
            peak_mib=peak_mib,
            extra_mib=peak_mib - plain_mib,
        )
    return summaries


def build_table(summaries: dict[str, Summary], runs: int) -> str:
    """Wall time, then CPU time (user + system) of the build process, then memory."""
    rows = [
        f"| variant | median wall s (n={runs}) | ratio vs plain | extra s (paired median ± ½IQR) | extra ms/page "
        "| median CPU s | CPU ratio | CPU extra s | CPU extra ms/page | in-plugin hooks CPU s | peak MiB "
        "| Δ MiB vs plain |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for summary in summaries.values():
        plain = summary.variant == "plain"
        in_plugin = "" if summary.in_plugin_s is None else f"{summary.in_plugin_s:.3f}"
        cells = [summary.variant]
        for metric in ("wall", "cpu"):
            timing = summary.timing(metric)
            cells += [f"{timing.median_s:.2f}", f"{timing.ratio:.3f}"]
            extra = f"{timing.extra_s:+.3f}" + (f" ± {timing.extra_spread_s:.3f}" if metric == "wall" else "")
            cells += ["", ""] if plain else [extra, f"{summary.extra_ms_per_page(metric):+.2f}"]
        cells += [in_plugin, f"{summary.peak_mib:.1f}", "" if plain else f"{summary.extra_mib:+.1f}"]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows)


def hook_table(builds: dict[str, list[Build]]) -> str:
    """Median seconds per event handler of each measured plugin."""
    rows = ["| variant | plugin | event | median s |", "|---|---|---|---:|"]
    for variant, runs in builds.items():
        plugin = PLUGIN_NAME.get(variant)
        if plugin is None:
            continue
        events = sorted({event for build in runs for event in build.detail["hook_events"].get(plugin, {})})
        for event in events:
            seconds = statistics.median(build.detail["hook_events"].get(plugin, {}).get(event, 0.0) for build in runs)
            if seconds >= 0.0005:
                rows.append(f"| {variant} | {plugin} | on_{event} | {seconds:.3f} |")
    return "\n".join(rows)


# -- targets ----------------------------------------------------------------------


@dataclass(frozen=True)
class Check:
    name: str
    passed: bool
    detail: str

    def line(self) -> str:
        return f"- [{'PASS' if self.passed else 'FAIL'}] {self.name}: {self.detail}"


def build_checks(summaries: dict[str, Summary], pages: int, terms: int, metric: str) -> list[Check]:
    ours, plain = summaries["glossary"], summaries["plain"]
    where = f"N={pages}, T={terms}, {metric} time"
    other = "cpu" if metric == "wall" else "wall"
    # The CPU time inside the plugin's own hooks is part of the build's time, so it bounds the
    # overhead from below however noisy the build times are.
    floor = (plain.timing(metric).median_s + (ours.in_plugin_s or 0.0)) / plain.timing(metric).median_s
    measured = ours.timing(metric).ratio
    checks = [
        Check(
            f"overhead ratio ≤ {MAX_RATIO} ({where})",
            max(measured, floor) <= MAX_RATIO,
            f"{measured:.3f} ({ours.timing(metric).median_s:.2f} s vs {plain.timing(metric).median_s:.2f} s); "
            f"by {other} time {ours.timing(other).ratio:.3f}; the plugin's hooks alone take "
            f"{ours.in_plugin_s or 0.0:.2f} s of CPU, so the ratio is at least {floor:.3f}"
            + (" (the measured ratio is below that: noise)" if measured < floor else ""),
        ),
        Check(
            f"the plugin's hooks ≤ {MAX_RATIO - 1:.0%} of a plain build ({where})",
            floor <= MAX_RATIO,
            f"{ours.in_plugin_s or 0.0:.2f} s of CPU against {plain.timing(metric).median_s:.2f} s "
            f"({floor - 1:.1%}): the part of the overhead one run measures without comparing two "
            "builds' luck on a shared machine",
        ),
        Check(
            f"peak memory within {MAX_EXTRA_MIB:.0f} MiB of plain (N={pages}, T={terms})",
            ours.extra_mib <= MAX_EXTRA_MIB,
            f"{ours.extra_mib:+.1f} MiB ({ours.peak_mib:.1f} vs {summaries['plain'].peak_mib:.1f} MiB)",
        ),
    ]
    for peer in sitegen.PEERS:
        if peer in summaries:
            mine, theirs = ours.timing(metric), summaries[peer].timing(metric)
            mine_other, theirs_other = ours.timing(other), summaries[peer].timing(other)
            checks.append(
                Check(
                    f"ahead of {peer} ({where})",
                    mine.median_s < theirs.median_s,
                    f"{mine.median_s:.2f} s vs {theirs.median_s:.2f} s (ratio {mine.ratio:.3f} vs {theirs.ratio:.3f});"
                    f" by {other} time ratio {mine_other.ratio:.3f} vs {theirs_other.ratio:.3f}",
                )
            )
    return checks


# -- the modes -------------------------------------------------------------------


def header(args: argparse.Namespace) -> str:
    def package(name: str) -> str:
        try:
            return version(name)
        except PackageNotFoundError:
            return "not installed"

    commit = _git("rev-parse", "--short", "HEAD")
    dirty = " (package has uncommitted changes)" if _git("status", "--porcelain", "--", "glossary_plugin") else ""
    return "\n".join(
        [
            "# glossary_plugin benchmark",
            "",
            f"- machine: {platform.machine()}, {os.cpu_count()} CPUs, load average at start "
            f"{', '.join(f'{load:.2f}' for load in os.getloadavg())}",
            f"- Python {platform.python_version()}, mkdocs {package('mkdocs')}, Markdown {package('Markdown')}",
            f"- glossary-plugin {package('glossary-plugin')} at {commit}{dirty}; "
            f"mkdocs-ezglossary-plugin {package('mkdocs-ezglossary-plugin')}; "
            f"mkdocs-glossary {package('mkdocs-glossary')}",
            f"- seed {args.seed}; every variant: theme `mkdocs`, plugins `search` + its glossary plugin, "
            "markdown_extensions `def_list` (+ MkDocs' toc, tables, fenced_code)",
        ]
    )


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=REPO, capture_output=True, text=True, check=False).stdout.strip()
    except OSError:
        return "?"


def site_for(pages: int, terms: int, args: argparse.Namespace, peers: bool = False) -> sitegen.Site:
    print(f"generating N={pages} T={terms} seed={args.seed}{' with peers' if peers else ''}", file=sys.stderr)
    return sitegen.generate_site(OUT, pages, terms, args.seed, peers)


def builds_mode(args: argparse.Namespace) -> list[Check]:
    """The main comparison, then the linker alone and a `mkdocs serve`-style rebuild."""
    site = site_for(args.pages, args.terms, args, args.peers)
    variants = ["plain", "glossary", *(sitegen.PEERS if args.peers else ())]
    builds = run_rounds(site, variants, args.runs, args.warmup)
    summaries = summarise(builds, site.pages)
    print(f"\n## Builds: N={site.pages} pages, T={site.terms} terms, {args.runs} runs per variant\n")
    print(build_table(summaries, args.runs))
    print("\nTime inside each glossary plugin's hooks (median; hooks under 0.5 ms left out):\n")
    print(hook_table(builds))
    checks = build_checks(summaries, site.pages, site.terms, args.metric)
    checks += linker_mode(args, site)
    checks += serve_mode(site)
    return checks


def docs_mode(args: argparse.Namespace) -> list[Check]:
    """Plain and glossary builds of the docs-shaped site (Material, code line anchors, admonitions, tables, tabs)."""
    print(f"generating the docs-shaped site N={args.docs_pages} seed={args.seed}", file=sys.stderr)
    site = docsgen.generate_docs_site(OUT, args.docs_pages, args.seed)
    builds = run_rounds(site, ["plain", "glossary"], args.runs, args.warmup)
    summaries = summarise(builds, site.pages)
    print(f"\n## Docs-shaped builds: N={site.pages} pages, T={site.terms} terms, Material, {args.runs} runs\n")
    print(build_table(summaries, args.runs))
    print("\nTime inside the plugin's hooks (median; hooks under 0.5 ms left out):\n")
    print(hook_table(builds))
    return build_checks(summaries, site.pages, site.terms, args.metric)


def linker_mode(args: argparse.Namespace, site: sitegen.Site | None = None) -> list[Check]:
    site = site or site_for(args.pages, args.terms, args)
    print("linker alone", file=sys.stderr)
    times = linkerbench.time_pages(site.root / "glossary.yaml", site.root / "docs", passes=max(1, args.runs))
    print(f"\n## Linker alone: `Linker.link_page` per page (N={site.pages}, T={site.terms}, best of {args.runs})\n")
    print(linkerbench.page_table(times))
    return []


def serve_mode(site: sitegen.Site) -> list[Check]:
    """Three builds in one process as `mkdocs serve` does them, plain and with the plugin."""
    print("serve-style rebuilds", file=sys.stderr)
    results = {variant: run_child(site.configs[variant], variant, "--serve-check") for variant in ("plain", "glossary")}
    print(f"\n## `mkdocs serve`: rebuilds in one process (N={site.pages}, T={site.terms})\n")
    print("Build 1: first build; build 2: rebuild, glossary.yaml unchanged; build 3: rebuild after glossary.yaml's")
    print("modification time changed (its content did not). Loads/compiles/renders count calls of load_glossary /")
    print("Linker / index_page.render_definitions (which renders every definition) in the plugin.\n")
    rows = [
        "| build | plain wall s | glossary wall s | extra wall s | plain CPU s | glossary CPU s | extra CPU s "
        "| in-plugin hooks CPU s | glossary loads | glossary compiles | definitions rendered |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    plain, ours = results["plain"].detail["builds"], results["glossary"].detail["builds"]
    for number, (base, build) in enumerate(zip(plain, ours, strict=True), start=1):
        rows.append(
            f"| {number} | {base['seconds']:.2f} | {build['seconds']:.2f} | {build['seconds'] - base['seconds']:+.2f} "
            f"| {base['cpu']:.2f} | {build['cpu']:.2f} | {build['cpu'] - base['cpu']:+.2f} "
            f"| {build['hooks'].get('glossary', 0.0):.3f} | {build.get('loads', '?')} | {build.get('compiles', '?')} "
            f"| {build.get('renders', '?')} |"
        )
    print("\n".join(rows))
    print(
        f"\nPeak memory of the three builds: plain {results['plain'].peak_kib / 1024:.1f} MiB, "
        f"glossary {results['glossary'].peak_kib / 1024:.1f} MiB"
    )
    second, third = ours[1], ours[2]
    return [
        Check(
            "serve: a rebuild with an unchanged glossary.yaml neither reloads nor recompiles it",
            second.get("loads") == 0 and second.get("compiles") == 0,
            f"build 2: {second.get('loads')} loads, {second.get('compiles')} compiles; "
            f"after a change (build 3): {third.get('loads')} loads, {third.get('compiles')} compiles",
        ),
        Check(
            "serve: a rebuild renders none of the definitions again",
            second.get("renders") == 0 and third.get("renders") == 0,
            f"builds 2 and 3: {second.get('renders')} and {third.get('renders')} renders of the definitions",
        ),
    ]


def scaling_mode(args: argparse.Namespace) -> list[Check]:
    """N=100 vs N=1000 (T=2000) and T=50 vs T=2000 (N=1000), plain and plugin alternating."""
    large_n, small_n, large_t, small_t = SCALING
    configs = [(large_n, large_t, args.runs), (large_n, small_t, args.runs), (small_n, large_t, 3 * args.runs)]
    results: dict[tuple[int, int], Summary] = {}
    for pages, terms, runs in configs:
        site = site_for(pages, terms, args)
        builds = run_rounds(site, ["plain", "glossary"], runs, args.warmup)
        summaries = summarise(builds, pages)
        results[(pages, terms)] = summaries["glossary"]
        print(f"\n## Scaling: N={pages}, T={terms}, {runs} runs per variant\n")
        print(build_table(summaries, runs))
    big, few_terms, few_pages = results[(large_n, large_t)], results[(large_n, small_t)], results[(small_n, large_t)]

    def ratio(numerator: float, denominator: float) -> float:
        return numerator / denominator if denominator > 0 else float("inf")

    def hooks(summary: Summary, per_page: bool = False) -> float:
        value = summary.in_plugin_s or 0.0
        return value * 1000 / summary.pages if per_page else value

    metric, other = args.metric, "cpu" if args.metric == "wall" else "wall"

    def extra(summary: Summary, name: str) -> str:
        timing = summary.timing(name)
        return f"{timing.extra_s:.3f} s ± {timing.extra_spread_s:.3f}"

    flat = {name: ratio(big.timing(name).extra_s, few_terms.timing(name).extra_s) for name in (metric, other)}
    linear = {name: ratio(big.extra_ms_per_page(name), few_pages.extra_ms_per_page(name)) for name in (metric, other)}
    return [
        Check(
            f"flat in T: extra time at T={large_t} ≤ {MAX_FLAT_T}x that at T={small_t} (N={large_n}, {metric} time)",
            flat[metric] <= MAX_FLAT_T,
            f"{extra(big, metric)} vs {extra(few_terms, metric)} = {flat[metric]:.2f}x; by {other} time "
            f"{flat[other]:.2f}x; in-plugin hooks {hooks(big):.3f} vs {hooks(few_terms):.3f} s = "
            f"{ratio(hooks(big), hooks(few_terms)):.2f}x",
        ),
        Check(
            f"linear in N: extra ms/page at N={large_n} ≤ {MAX_LINEAR_N}x that at N={small_n} "
            f"(T={large_t}, {metric} time)",
            linear[metric] <= MAX_LINEAR_N,
            f"{big.extra_ms_per_page(metric):.3f} vs {few_pages.extra_ms_per_page(metric):.3f} ms/page = "
            f"{linear[metric]:.2f}x; by {other} time {linear[other]:.2f}x; in-plugin hooks "
            f"{hooks(big, True):.3f} vs {hooks(few_pages, True):.3f} ms/page = "
            f"{ratio(hooks(big, True), hooks(few_pages, True)):.2f}x",
        ),
    ]


def pathological_mode(args: argparse.Namespace) -> list[Check]:
    site = site_for(args.pages, args.terms, args)
    print("pathological inputs", file=sys.stderr)
    results = linkerbench.run_pathological(site.root / "glossary.yaml", site.root / "docs")
    print(f"\n## Linker on pathological text vs ordinary text of the same size (T={site.terms})\n")
    print(
        "Best of up to 5 runs of `link_page` (garbage collector paused) on one page of that many "
        "characters. Growth exponent: slope of log(time) over log(size), fitted over the "
        f"{linkerbench.FIT_POINTS} largest sizes measured; 1 is linear, 2 quadratic. A case stops growing "
        f"once a run takes over {linkerbench.TIME_CAP_S:.0f} s ('-').\n"
    )
    print(linkerbench.pathological_table(results))
    failing = [f"{result.case.name} ({result.verdict})" for result in results if result.verdict != "linear"]
    return [
        Check(
            "no input takes time that grows faster than linearly",
            not failing,
            "all cases linear" if not failing else "; ".join(failing),
        )
    ]


def profile_mode(args: argparse.Namespace) -> list[Check]:
    """cProfile one plugin build in a fresh process; show where glossary_plugin spends its time."""
    site = site_for(args.pages, args.terms, args)
    stats_file = OUT / f"profile-n{site.pages}-t{site.terms}.pstats"
    print("profiling one build with the plugin", file=sys.stderr)
    build = run_child(site.configs["glossary"], "glossary", "--profile", str(stats_file))
    print(
        f"\n## Profile of one build with the plugin (N={site.pages}, T={site.terms}; {build.wall_s:.2f} s "
        f"under cProfile; stats in {stats_file.relative_to(REPO)})\n"
    )
    print("Time in the plugin's hooks:", json.dumps(build.detail["hook_events"].get("glossary", {}), indent=None))
    for title, restriction, limit in (
        ("glossary_plugin functions by cumulative time", "glossary_plugin", 30),
        ("everything, by cumulative time", "", 25),
    ):
        stream = io.StringIO()
        stats = pstats.Stats(str(stats_file), stream=stream).sort_stats("cumulative")
        stats.print_stats(*([restriction] if restriction else []), limit)
        text = stream.getvalue()
        print(f"\n### {title}\n\n```\n{text[text.find('   ncalls') :].rstrip()}\n```")
    return []


def digest_mode(args: argparse.Namespace) -> list[Check]:
    """Fingerprint the linker's output on the corpus: save it, or check it against a saved one.

    Run --save-digest on one version of the linker and --check-digest on
    another to show that a change (a faster design, say) left every output
    as it was.
    """
    site = site_for(args.pages, args.terms, args)
    print("fingerprinting the linker's output", file=sys.stderr)
    digests = linkerbench.output_digests(site.root / "glossary.yaml", site.root / "docs")
    if args.save_digest:
        args.save_digest.write_text(json.dumps(digests, indent=0, sort_keys=True), encoding="utf-8")
        print(f"\nSaved {len(digests)} fingerprints (N={site.pages}, T={site.terms}) to {args.save_digest}.")
        return []
    reference = json.loads(args.check_digest.read_text(encoding="utf-8"))
    differing = linkerbench.compare_digests(reference, digests)
    print(f"\n## Linker output against {args.check_digest} (N={site.pages}, T={site.terms})\n")
    print(f"{len(digests) - len(differing)} of {len(digests)} inputs give identical output.")
    for key in differing[:20]:
        print(f"- differs: {key}")
    return [Check("same output as the reference on every input", not differing, f"{len(differing)} differ")]


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000, help="N: pages in the generated site (default 1000)")
    parser.add_argument("--terms", type=int, default=2000, help="T: terms in the glossary (default 2000)")
    parser.add_argument("--runs", type=int, default=5, help="counted builds per variant (default 5)")
    parser.add_argument("--warmup", type=int, default=1, help="uncounted rounds first (default 1)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated site (default 1)")
    parser.add_argument(
        "--metric",
        choices=("wall", "cpu"),
        default="wall",
        help="time the targets are judged on: wall (default) or CPU time of the build process (for a busy machine)",
    )
    parser.add_argument(
        "--peers", action="store_true", help="also build with mkdocs-ezglossary-plugin and mkdocs-glossary"
    )
    parser.add_argument("--docs-pages", type=int, default=200, help="pages of the --docs site (default 200)")
    modes = parser.add_mutually_exclusive_group()
    modes.add_argument("--scaling", action="store_true", help="N=100 vs 1000 and T=50 vs 2000")
    modes.add_argument("--linker-only", action="store_true", help="only time Linker.link_page per page")
    modes.add_argument("--pathological", action="store_true", help="linker on adversarial vs ordinary text")
    modes.add_argument("--serve", action="store_true", help="only the `mkdocs serve` rebuild check")
    modes.add_argument("--profile", action="store_true", help="cProfile one build with the plugin")
    modes.add_argument("--docs", action="store_true", help="builds of a Material site shaped like framework docs")
    modes.add_argument(
        "--save-digest", type=Path, metavar="FILE", help="write fingerprints of the linker's output on the corpus"
    )
    modes.add_argument(
        "--check-digest",
        type=Path,
        metavar="FILE",
        help="compare the linker's output on the corpus with fingerprints saved by --save-digest",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    started = time.perf_counter()
    print(header(args))
    if args.scaling:
        checks = scaling_mode(args)
    elif args.linker_only:
        checks = linker_mode(args)
    elif args.pathological:
        checks = pathological_mode(args)
    elif args.serve:
        checks = serve_mode(site_for(args.pages, args.terms, args))
    elif args.profile:
        checks = profile_mode(args)
    elif args.docs:
        checks = docs_mode(args)
    elif args.save_digest or args.check_digest:
        checks = digest_mode(args)
    else:
        checks = builds_mode(args)
    if checks:
        print("\n## Targets\n")
        print("\n".join(check.line() for check in checks))
    print(
        f"\n(benchmark took {time.perf_counter() - started:.0f} s; load average at end "
        f"{', '.join(f'{load:.2f}' for load in os.getloadavg())})"
    )
    return 0 if all(check.passed for check in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
