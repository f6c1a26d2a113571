"""How many of the links the plugin makes are right: on the seeded corpus and on the demo site (issue 16).

    python bench/precision.py                   # this checkout
    python bench/precision.py --before OLD_ROOT  # ... and a checkout from before the change, side by side

The seeded corpus is ``tests/fixtures/precision/``: pieces of rendered pages
with the links a reader expects (each case a test in tests/test_precision.py).
The demo is this repository's own site, built with its mkdocs.yml; the links
on it that a reader would find wrong are listed in
``tests/fixtures/precision/demo_wrong.yaml`` (judged by hand, page by page).
A link counts as correct when it is one the case expects (same term, same
text), in page order; precision is correct / made, recall correct / expected.
An older checkout cannot read the new glossary fields: it is given the same
glossary without them (what a site had before).
"""

from __future__ import annotations

import argparse
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).absolute().parents[1]
FIXTURES = REPO / "tests" / "fixtures" / "precision"
# The rich definitions each page carries for its tooltips: not links in the page's text.
_DEFINITIONS = re.compile(r'<template class="glossary-definitions">.*?</template>', re.S)
_LINK = re.compile(
    r'<a class="glossary-term[^"]*"(?: id="[^"]*")? href="[^"]*" data-glossary-term="([^"]*)"[^>]*>(.*?)</a>', re.S
)
NEW_TERM_KEYS = ("not_inside", "only_on", "not_on")


def legacy_glossary(text: str) -> str:
    """The glossary without the fields an older version rejects: what a site had before."""
    data = yaml.safe_load(text)
    data.pop("not_inside", None)
    for value in data["terms"].values():
        if not isinstance(value, dict):
            continue
        for key in NEW_TERM_KEYS:
            value.pop(key, None)
        if isinstance(value.get("aliases"), list):
            value["aliases"] = [alias["name"] if isinstance(alias, dict) else alias for alias in value["aliases"]]
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def _links(page: str) -> list[tuple[str, str]]:
    return [(html.unescape(name), html.unescape(inner)) for name, inner in _LINK.findall(page)]


def corpus_links(legacy: bool) -> list[list[tuple[str, str]]]:
    """The links made in each seeded case, by the glossary_plugin on the path."""
    import inspect

    from glossary_plugin.core.linker import Linker
    from glossary_plugin.core.loader import parse_glossary

    text = (FIXTURES / "glossary.yaml").read_text("utf-8")
    glossary, errors = parse_glossary(legacy_glossary(text) if legacy else text)
    assert not [error for error in errors if error.code == "glossary-invalid"], errors
    linker = Linker(glossary)
    paged = "page" in inspect.signature(linker.link_page).parameters
    cases = yaml.safe_load((FIXTURES / "cases.yaml").read_text("utf-8"))["cases"]
    made = []
    for case in cases:
        extra = {"page": case.get("page", "index.md")} if paged else {}
        made.append(_links(linker.link_page(case["html"], lambda term: "#", "all", **extra).html))
    return made


def demo_links(legacy: bool) -> dict[str, list[tuple[str, str]]]:
    """The links on each page of the demo site, built with its own mkdocs.yml."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    with tempfile.TemporaryDirectory() as folder:
        config = load_config(str(REPO / "mkdocs.yml"), site_dir=folder)
        if legacy:
            glossary = Path(folder) / "glossary.yaml"
            glossary.write_text(legacy_glossary((REPO / "glossary.yaml").read_text("utf-8")), "utf-8")
            config.plugins["glossary_plugin"].config["glossary_file"] = str(glossary)
        build(config)
        pages = {}
        for path in sorted(Path(folder).rglob("index.html")):
            relative = path.relative_to(folder).as_posix()
            if relative.startswith("glossary/"):
                continue  # the glossary page's own links are its entries' cross-references
            pages[relative] = _links(_DEFINITIONS.sub("", path.read_text("utf-8")))
    return pages


def _score(made: list[tuple[str, str]], expected: list[tuple[str, str]]) -> tuple[int, int, int]:
    """(made, correct, expected) for one page."""
    correct = sum((Counter(made) & Counter(expected)).values())
    return len(made), correct, len(expected)


def measure(legacy: bool) -> dict[str, Any]:
    cases = yaml.safe_load((FIXTURES / "cases.yaml").read_text("utf-8"))["cases"]
    corpus = [
        _score(made, [tuple(pair) for pair in case.get("links", [])])
        for made, case in zip(corpus_links(legacy), cases, strict=True)
    ]
    wrong = yaml.safe_load((FIXTURES / "demo_wrong.yaml").read_text("utf-8")) or {}
    demo = []
    for page, made in demo_links(legacy).items():
        bad = Counter(tuple(pair) for pair in wrong.get(page, []))
        correct = len(made) - sum((Counter(made) & bad).values())
        demo.append((len(made), correct, correct))
    return {
        "corpus": [sum(column) for column in zip(*corpus, strict=True)],
        "demo": [sum(column) for column in zip(*demo, strict=True)],
    }


def _row(name: str, figures: list[int]) -> str:
    made, correct, expected = figures
    precision = correct / made if made else 1.0
    recall = correct / expected if expected else 1.0
    return f"| {name} | {made} | {correct} | {made - correct} | {precision:.0%} | {recall:.0%} |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="a checkout from before the change, to compare with")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON (used for --before)")
    parser.add_argument("--legacy", action="store_true", help="give the glossaries without the new fields")
    parser.add_argument("--list", action="store_true", help="list every link on the demo site, to judge them")
    args = parser.parse_args(argv)
    if args.list:
        for page, made in demo_links(args.legacy).items():
            print("\n".join(f"{page} | {term} | {text}" for term, text in made))
        return 0
    figures = measure(args.legacy)
    if args.json:
        print(json.dumps(figures))
        return 0
    rows = {"now": figures}
    if args.before:
        env = {**os.environ, "PYTHONPATH": str(args.before)}
        out = subprocess.run(
            [sys.executable, __file__, "--json", "--legacy"], env=env, capture_output=True, text=True, check=True
        )
        rows = {"before": json.loads(out.stdout.strip().splitlines()[-1]), **rows}
    print("| corpus, version | links made | correct | wrong | precision | recall |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for corpus in ("corpus", "demo"):
        for version, data in rows.items():
            print(_row(f"{'seeded corpus' if corpus == 'corpus' else 'demo site'}, {version}", data[corpus]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
