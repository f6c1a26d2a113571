"""The linker alone: per-page time on the generated pages, and time on pathological text.

Both run in this process on the glossary of a generated site. Pages are
rendered to HTML once with Python-Markdown, outside the timing; only
``Linker.link_page`` is timed, as the plugin calls it (``mode="first"``).
"""

from __future__ import annotations

import gc
import hashlib
import json
import math
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import markdown

from glossary_plugin.core.linker import Linker
from glossary_plugin.core.loader import load_glossary
from glossary_plugin.core.model import Glossary, Term
from glossary_plugin.core.sourcemap import locate

GLOSSARY_URL = "../glossary/"
SIZES = (2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000)
TIME_CAP_S = 5.0  # stop growing a case once one run takes this long
LINEAR_EXPONENT = 1.3  # growth exponent still taken as linear (timer noise on a busy machine)
FIT_POINTS = 4  # the exponent is fitted over this many largest sizes measured


def compile_linker(glossary_file: Path) -> tuple[Linker, float]:
    """The linker for a glossary file, and the seconds to read and compile it (best of 3)."""
    best = math.inf
    linker = None
    for _ in range(3):
        start = time.perf_counter()
        glossary, errors = load_glossary(glossary_file)
        linker = Linker(glossary)
        best = min(best, time.perf_counter() - start)
        if errors:
            raise SystemExit(f"the generated glossary has errors: {errors[:3]}")
    assert linker is not None
    return linker, best


def href_for(linker: Linker) -> Callable[[Term], str]:
    anchors = linker.anchors
    return lambda term: GLOSSARY_URL + "#" + anchors[term.name]


def render_pages(docs: Path) -> list[str]:
    """Every page of docs_dir as HTML, in path order."""
    return [
        markdown.markdown(path.read_text(encoding="utf-8"), extensions=["tables", "fenced_code", "toc"])
        for path in sorted(docs.rglob("*.md"))
    ]


@dataclass
class PageTimes:
    """How long the linker took per page, over the best of several passes."""

    pages: int
    kib: float
    compile_ms: float
    render_ms_per_page: float
    per_page_ms: list[float]
    links: int

    @property
    def total_ms(self) -> float:
        return sum(self.per_page_ms)


def time_pages(glossary_file: Path, docs: Path, passes: int) -> PageTimes:
    """Link every page `passes` times; keep each page's fastest time."""
    linker, compile_s = compile_linker(glossary_file)
    start = time.perf_counter()
    pages = render_pages(docs)
    render_s = time.perf_counter() - start
    href = href_for(linker)
    best = [math.inf] * len(pages)
    links = 0
    for number in range(passes):
        print(f"  linker pass {number + 1}/{passes} over {len(pages)} pages", file=sys.stderr)
        for index, page in enumerate(pages):
            start = time.perf_counter()
            result = linker.link_page(page, href, mode="first", glossary_url=GLOSSARY_URL)
            best[index] = min(best[index], time.perf_counter() - start)
            if number == 0:
                links += result.html.count('class="glossary-term')
    return PageTimes(
        pages=len(pages),
        kib=sum(len(page) for page in pages) / 1024,
        compile_ms=compile_s * 1000,
        render_ms_per_page=render_s * 1000 / max(1, len(pages)),
        per_page_ms=[seconds * 1000 for seconds in best],
        links=links,
    )


def page_table(times: PageTimes) -> str:
    ms = sorted(times.per_page_ms)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    rows = [
        "| pages | KiB of HTML | glossary load+compile ms | linker total ms | mean ms/page | median | p95 | max "
        "| µs per KiB | Markdown render ms/page | links made |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        f"| {times.pages} | {times.kib:,.0f} | {times.compile_ms:.1f} | {times.total_ms:.1f} "
        f"| {statistics.mean(ms):.3f} | {statistics.median(ms):.3f} | {p95:.3f} | {ms[-1]:.3f} "
        f"| {times.total_ms * 1000 / times.kib:.1f} | {times.render_ms_per_page:.2f} | {times.links} |",
    ]
    return "\n".join(rows)


# -- equivalence -------------------------------------------------------------------

DIGEST_MODES = ("first", "all", "off")
DIGEST_CASE_SIZE = 8_000


def _digest(linker: Linker, html: str, mode: str, href: Callable[[Term], str]) -> str:
    """A fingerprint of everything `link_page` returns: HTML, findings and terms used."""
    result = linker.link_page(html, href, mode=mode, glossary_url=GLOSSARY_URL)  # type: ignore[arg-type]
    findings = [
        (f.code, f.message, f.needle, f.occurrence, f.suggestion, f.case_sensitive, f.anchor) for f in result.findings
    ]
    fingerprint = json.dumps([result.html, findings, sorted(result.used)], ensure_ascii=False)
    return hashlib.sha256(fingerprint.encode()).hexdigest()


def output_digests(glossary_file: Path, docs: Path) -> dict[str, str]:
    """Fingerprints of the linker's output on the benchmark corpus, keyed by input.

    The corpus: every generated page in each link mode, every definition as the
    glossary page links it, and every pathological input at 8,000 characters.
    Two versions of the linker that give the same fingerprints behave the same
    on all of it.
    """
    linker, _ = compile_linker(glossary_file)
    href = href_for(linker)
    pages = render_pages(docs)
    names = [path.relative_to(docs).as_posix() for path in sorted(docs.rglob("*.md"))]
    digests = {}
    for name, html in zip(names, pages, strict=True):
        for mode in DIGEST_MODES:
            digests[f"page {name} {mode}"] = _digest(linker, html, mode, href)
    rendered = {term.name: markdown.markdown(term.definition) for term in linker.glossary.terms}
    for name, html in rendered.items():
        digests[f"definition {name}"] = _digest(linker, html, "first", href)
    for case in pathological_cases(linker, "\n".join(pages[:20])):
        digests[f"pathological {case.name}"] = _digest(linker, case.make(DIGEST_CASE_SIZE), "first", href)
    return digests


def compare_digests(reference: dict[str, str], current: dict[str, str]) -> list[str]:
    """The inputs whose output differs from the reference (or that only one side has)."""
    return sorted(key for key in reference.keys() | current.keys() if reference.get(key) != current.get(key))


# -- pathological text -----------------------------------------------------------


def _repeat(unit: str, size: int, wrap: bool = True) -> str:
    body = (unit * (size // len(unit) + 1))[:size]
    return f"<p>{body}</p>" if wrap else body


@dataclass(frozen=True)
class Case:
    """A kind of input and how to make `size` characters of it."""

    name: str
    make: Callable[[int], str]
    locate: bool = False
    """Time placing each finding in the source too (the page's text stands for its Markdown)."""


def _numbered(unit: str, size: int, wrap: bool = True) -> str:
    """`unit` with {n} numbered 1, 2, ... repeated to `size` characters: each piece distinct."""
    pieces, length, number = [], 0, 0
    while length < size:
        number += 1
        piece = unit.format(n=number)
        pieces.append(piece)
        length += len(piece)
    body = "".join(pieces)[:size]
    return f"<p>{body}</p>" if wrap else body


def _code_line_anchors(size: int) -> str:
    """A code block as Material writes it with `anchor_linenums`: a link to each line's own anchor."""
    line = (
        '<a id="__codelineno-0-{n}" name="__codelineno-0-{n}" href="#__codelineno-0-{n}"></a>'
        '<span class="n">x{n}</span> <span class="o">=</span> <span class="n">token</span>\n'
    )
    body = _numbered(line, size, wrap=False)
    return f'<div class="highlight"><pre><span></span><code>{body}</code></pre></div>'


def pathological_cases(linker: Linker, ordinary: str) -> list[Case]:
    """Ordinary text, and inputs built to make a matcher or scanner backtrack or repeat work."""
    glossary: Glossary = linker.glossary
    multi = [term for term in glossary.terms if " " in term.name]
    firsts = Counter(term.name.split()[0] for term in multi)
    head, sharing = firsts.most_common(1)[0]
    deep = max((term.name for term in multi if term.name.startswith(head + " ")), key=len)
    single = next(term.name for term in glossary.terms if " " not in term.name)
    avoided = next(spelling for term in glossary.terms for spelling in term.avoid)
    anchor = linker.anchors[multi[0].name]

    def ordinary_text(size: int) -> str:
        return (ordinary * (size // len(ordinary) + 1))[:size]

    return [
        Case("ordinary prose (generated pages)", ordinary_text),
        *_hostile_html_cases(single, head),
        Case(f"prefix run: '{head} ' repeated (starts {sharing} terms)", lambda size: _repeat(head + " ", size)),
        Case(f"near-miss: '{deep[:-1]} ' repeated", lambda size: _repeat(deep[:-1] + " ", size)),
        Case(f"one long word: '{head}' repeated", lambda size: _repeat(head, size)),
        Case(f"white space runs: '{head}' + 300 spaces repeated", lambda size: _repeat(head + " " * 300, size)),
        Case(f"&nbsp; runs: '{head}' + 50 '&nbsp;' repeated", lambda size: _repeat(head + "&nbsp;" * 50, size)),
        Case(f"dense real terms: '{deep}, {single}. ' repeated", lambda size: _repeat(f"{deep}, {single}. ", size)),
        Case(f"avoided spelling: '{avoided} ' repeated", lambda size: _repeat(avoided + " ", size)),
        Case("broken references: '[[no such term]] ' repeated", lambda size: _repeat("[[no such term]] ", size)),
        Case("unclosed references: '[[' + prose repeated", lambda size: _repeat(f"[[{head} cache ", size)),
        Case(
            f"glossary links: '<a href=\"{GLOSSARY_URL}#{anchor}\">x</a> ' repeated",
            lambda size: _repeat(f'<a href="{GLOSSARY_URL}#{anchor}">x</a> ', size),
        ),
        Case(
            f"tiny elements: '<span>{single}</span> ' repeated",
            lambda size: _repeat(f"<span>{single}</span> ", size),
        ),
        Case(
            "unclosed code blocks: '<pre><code>' + highlighted spans, never closed, repeated",
            lambda size: _repeat(f'<pre><code><span class="n">{single}</span> ' * 20, size),
        ),
        # A term first, so that the linker does not skip the page as having nothing to link.
        Case(
            f"unclosed tags: '{single} ' + '<b ' repeated, no '>' anywhere",
            lambda size: single + " " + _repeat("<b ", size, wrap=False),
        ),
        Case(
            f"unclosed quotes: '{single} <a title=\"x' + prose (no closing quote)",
            lambda size: f'{single} <a title="x ' + _repeat(f"{head} ", size, wrap=False),
        ),
    ]


def _hostile_html_cases(single: str, head: str) -> list[Case]:
    """Raw HTML and references from issue 13 (#7, #8, #15) and code line anchors (issue 16)."""
    return [
        Case(f"'<' + letters: '{single} <' + 'a' repeated, no '>'", lambda size: f"{single} <" + "a" * size),
        Case(
            "distinct broken references: '[[nope1]] [[nope2]] ...', placed in the source",
            lambda size: _numbered("[[nope{n}]] ", size),
            locate=True,
        ),
        Case(
            f"distinct broken anchors: '<a href=\"{GLOSSARY_URL}#nope1\">x</a> ...', placed in the source",
            lambda size: _numbered(f'<a href="{GLOSSARY_URL}#nope{{n}}">x</a> ', size),
            locate=True,
        ),
        Case("code line anchors: a code block with a same-page link on every line", _code_line_anchors),
        Case(
            f"unclosed kbd: '<p>{single} <kbd>k {head}</p>' repeated",
            lambda size: _repeat(f"<p>{single} <kbd>k {head}</p>", size, wrap=False),
        ),
        Case(
            f"empty comments: '<!--> {single} <!---> ' repeated", lambda size: _repeat(f"<!--> {single} <!---> ", size)
        ),
        Case(
            f"malformed tags: '<span a\"b {single} c>v</span> ' repeated",
            lambda size: _repeat(f'<span a"b {single} c>v</span> ', size),
        ),
    ]


def _time_once(linker: Linker, case: Case, text: str, href: Callable[[Term], str]) -> float:
    """Seconds for one `link_page`, with the garbage collector paused (as `timeit` does)."""
    # Every run pays for its suggestions: the linker remembers them per name, which would make
    # the repeats of a case of distinct broken names (and so the best run) far cheaper than the first.
    linker._suggestions.clear()
    gc.collect()
    gc.disable()
    try:
        start = time.perf_counter()
        result = linker.link_page(text, href, mode="first", glossary_url=GLOSSARY_URL)
        if case.locate:
            for finding in result.findings:
                locate(text, finding, "glossary/")
        return time.perf_counter() - start
    finally:
        gc.enable()


def time_case(linker: Linker, case: Case, sizes: tuple[int, ...] = SIZES) -> dict[int, float]:
    """Seconds per size (best of up to 5 runs); sizes beyond TIME_CAP_S are left out."""
    href = href_for(linker)
    times: dict[int, float] = {}
    for size in sizes:
        text = case.make(size)
        best = _time_once(linker, case, text, href)
        repeats = 4 if best < 0.2 else (2 if best < 1 else 0)
        for _ in range(repeats):
            best = min(best, _time_once(linker, case, text, href))
        times[size] = best
        print(f"  {case.name[:60]:60} {size // 1000:>4}K chars: {best * 1000:10.1f} ms", file=sys.stderr)
        if best > TIME_CAP_S:
            break
    return times


def growth_exponent(times: dict[int, float]) -> float | None:
    """Slope of log(time) against log(size) over the largest sizes: 1 is linear, 2 quadratic.

    A least-squares fit over up to FIT_POINTS sizes is steadier than the ratio
    of the last two when other processes share the machine.
    """
    sizes = sorted(times)[-FIT_POINTS:]
    if len(sizes) < 2 or min(times[size] for size in sizes) <= 0:
        return None
    xs = [math.log(size) for size in sizes]
    ys = [math.log(times[size]) for size in sizes]
    mean_x, mean_y = statistics.mean(xs), statistics.mean(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


@dataclass
class CaseResult:
    case: Case
    times: dict[int, float]
    exponent: float | None
    versus_ordinary: float | None

    @property
    def linear(self) -> bool:
        return self.exponent is not None and self.exponent <= LINEAR_EXPONENT

    @property
    def capped(self) -> bool:
        """Stopped before the largest size because one run took over TIME_CAP_S."""
        return max(self.times) < SIZES[-1]

    @property
    def verdict(self) -> str:
        if self.exponent is not None and not self.linear:
            return "SUPERLINEAR"
        if self.capped:
            return f"TOO SLOW (over {TIME_CAP_S:.0f} s at {max(self.times) // 1000}K)"
        return "linear"


def run_pathological(glossary_file: Path, docs: Path) -> list[CaseResult]:
    linker, _ = compile_linker(glossary_file)
    ordinary = "\n".join(render_pages(docs)[:60])
    results: list[CaseResult] = []
    baseline: dict[int, float] = {}
    for case in pathological_cases(linker, ordinary):
        times = time_case(linker, case)
        if not baseline:
            baseline = times
        largest = max(times)
        versus = times[largest] / baseline[largest] if baseline.get(largest) else None
        results.append(CaseResult(case, times, growth_exponent(times), versus))
    return results


def pathological_table(results: list[CaseResult], sizes: tuple[int, ...] = SIZES) -> str:
    head = " | ".join(f"ms @ {size // 1000}K" for size in sizes)
    rows = [
        f"| input (same size in characters) | {head} | growth exponent (fit, largest sizes) "
        "| time vs ordinary (largest size) | verdict |",
        "|---" + "|---:" * (len(sizes) + 2) + "|---|",
    ]
    for result in results:
        cells = [f"{result.times[size] * 1000:.1f}" if size in result.times else "-" for size in sizes]
        exponent = f"{result.exponent:.2f}" if result.exponent is not None else "n/a"
        versus = f"{result.versus_ordinary:.1f}" if result.versus_ordinary is not None else "n/a"
        name = result.case.name.replace("|", "\\|")
        rows.append(f"| {name} | {' | '.join(cells)} | {exponent} | {versus} | {result.verdict} |")
    return "\n".join(rows)
