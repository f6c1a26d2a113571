"""Deterministic benchmark sites: the same prose for every variant, each with its own markup for term uses.

`make_glossary(terms, seed)` invents T terms: single words, two- and three-word
phrases that share first words (so the matcher's prefix tree branches), some
with an alias or a spelling to avoid. `make_pages(...)` writes N pages of about
1,250 words with headings, paragraphs, lists, tables, fenced code, inline code,
emphasis and links, and about 30 uses of terms each. A use is a placeholder in
the page template; each variant renders it in its own markup:

* ``plain`` and ``glossary`` (this project): the words as written, since the
  plugin finds them itself; the ``plain`` build simply has no glossary plugin.
* ``ezglossary`` (mkdocs-ezglossary-plugin): ``<term:NAME>`` or ``<term:NAME|TEXT>``,
  and a definition list ``term:NAME`` / ``:   definition`` on ``glossary.md``.
* ``mkdocs-glossary``: ``*TEXT*`` (italics), and a numbered list
  ``1. **NAME, VARIANT** : definition`` on ``glossary.md``.

Every random choice comes from ``random.Random`` seeded with the seed and the
page number, so a site of 100 pages holds the same prose as the first 100
pages of a site of 1,000 (only link targets differ).
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

GENERATOR_VERSION = 3
WORDS_PER_PAGE = 1250
USES_PER_PAGE = 30
TOPIC_TERMS = 12
SECTION_WORDS = 200  # a section is about this long: stop adding sections this early
PAGES_PER_FOLDER = 50
EZ_SECTION = "term"


def _words(text: str) -> list[str]:
    """The words of a block of text, in order."""
    return text.split()


# Ordinary English: the filler prose. None of these is a term or part of one.
FILLER = _words(
    """
the of and to in is that for it as with was on be by this are at from or an which have not they more one all
but can has their were there been would when we will if so what about into some other time could these two may
then than only its also new first way after most over where many such even well because through any how our
each those much both being under while make still should between must same each used never world part own
system process result change point order place case group number problem fact hand week company program
question work government area level state family turn rule story plan reason team side report idea view role
value effect table class field line rate note model data input output step stage layer length budget example
review choice answer detail design sample region source target record format update object user writer reader
simple large small early late short long clear common direct general local main final major minor normal open
public real recent similar single special strong usual various whole careful quick slow steady rough gentle
describe explain follow provide remain require consider include continue produce reduce support suggest expect
measure compare collect compute return select store keep hold bring build check choose move read write show
often usually rarely always sometimes perhaps nearly almost already again later soon once twice together apart
before after during within without across behind below above around toward beside against among despite
"""
)

# First words of multi-word terms; they also turn up in the prose now and then (near-matches).
HEADS = _words(
    """
adaptive sparse latent dense recursive stochastic distributed incremental parallel residual causal contrastive
hierarchical lossless quantized rotary sliding speculative structured weighted greedy masked frozen shared
cached nested streaming batched ordinal mutual cross temporal spectral discrete continuous implicit explicit
auxiliary synthetic robust federated elastic lazy eager atomic linear bounded partial global fused packed
"""
)

# Nouns that only ever appear as (parts of) terms.
TAILS = _words(
    """
cache gradient kernel buffer tensor embedding encoder decoder sampler tokenizer scheduler optimizer checkpoint
shard pipeline adapter router lattice manifold projection heuristic partition register vector matrix attention
penalty estimator regularizer allocator quantizer classifier retriever reranker evaluator objective prior
posterior entropy divergence perplexity logit softmax bottleneck dropout warmup curriculum replay ensemble
"""
)

_SYLLABLES_START = _words("b br c cr d dr f fl g gr k kl m n p pr qu r s sk st t tr v vr z")
_SYLLABLES_VOWEL = _words("a e i o u ai ei ou")
_SYLLABLES_END = _words("n r l x m th nd st ck rk")

PLACEHOLDER = re.compile(r"\u27e6(\d+)\u27e7")  # ⟦k⟧: the k-th term use of the page


@dataclass
class BenchTerm:
    """One invented glossary term."""

    name: str
    definition: str
    aliases: list[str] = field(default_factory=list)
    avoid: list[str] = field(default_factory=list)

    @property
    def plural(self) -> str:
        return plural(self.name)


@dataclass(frozen=True)
class Use:
    """A term use in a page: which term, the words shown, and whether it sits in a table cell."""

    term: int
    text: str
    in_table: bool


@dataclass
class PageTemplate:
    """A page's Markdown with placeholders for its term uses."""

    path: str
    title: str
    markdown: str
    uses: list[Use]


def plural(word: str) -> str:
    """The regular English plural of a phrase's last word (the same rule as the plugin's)."""
    lower = word.lower()
    if lower.endswith(("ss", "x", "z", "ch", "sh")):
        return word + "es"
    if lower.endswith("y") and len(lower) > 1 and lower[-2] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


# -- the glossary --------------------------------------------------------------


def _pseudo_word(rng: random.Random) -> str:
    syllables = [rng.choice(_SYLLABLES_START) + rng.choice(_SYLLABLES_VOWEL) for _ in range(rng.randint(1, 2))]
    return "".join(syllables) + rng.choice(_SYLLABLES_END)


def _sentence_words(rng: random.Random, low: int, high: int) -> list[str]:
    words = []
    for _ in range(rng.randint(low, high)):
        words.append(rng.choice(HEADS) if rng.random() < 0.03 else rng.choice(FILLER))
    return words


def make_glossary(count: int, seed: int) -> list[BenchTerm]:
    """`count` distinct terms: about 30% single words, 50% two words, 20% three words."""
    rng = random.Random(f"{seed}:glossary")
    taken: set[str] = set(FILLER) | set(HEADS)
    names: list[str] = []
    while len(names) < count:
        kind = rng.random()
        if kind < 0.3:
            name = rng.choice(TAILS) if rng.random() < 0.15 else _pseudo_word(rng)
        elif kind < 0.8:
            first = rng.choice(HEADS) if rng.random() < 0.7 else _pseudo_word(rng)
            name = f"{first} {rng.choice(TAILS)}"
        else:
            name = f"{rng.choice(HEADS)} {rng.choice(HEADS)} {rng.choice(TAILS)}"
        if name in taken or plural(name) in taken or name.endswith("s") or len(set(name.split())) < len(name.split()):
            continue
        taken.update((name, plural(name)))
        names.append(name)
    terms = []
    for index, name in enumerate(names):
        words = _sentence_words(rng, 12, 28)
        if rng.random() < 0.3:  # mention another term in the definition
            words.insert(rng.randrange(1, len(words)), names[rng.randrange(len(names))])
        if rng.random() < 0.2:
            spot = rng.randrange(1, len(words))
            words[spot] = f"*{words[spot]}*"
        definition = " ".join(words).capitalize() + "."
        term = BenchTerm(name, definition)
        words_of_name = name.split()
        if len(words_of_name) == 3 and rng.random() < 0.5:
            acronym = "".join(word[0] for word in words_of_name).upper() + str(index % 10)
            if acronym.lower() not in taken:
                taken.add(acronym.lower())
                term.aliases.append(acronym)
        if rng.random() < 0.1:
            spot = rng.randrange(len(name))
            misspelt = name[:spot] + name[spot] + name[spot:]  # a doubled letter
            if misspelt not in taken and name[spot].isalpha():
                taken.add(misspelt)
                term.avoid.append(misspelt)
        terms.append(term)
    return terms


def glossary_yaml(terms: Sequence[BenchTerm]) -> str:
    """This project's glossary.yaml."""
    entries: dict[str, object] = {}
    for term in terms:
        if term.aliases or term.avoid:
            entry: dict[str, object] = {"definition": term.definition}
            if term.aliases:
                entry["aliases"] = term.aliases
            if term.avoid:
                entry["avoid"] = term.avoid
            entries[term.name] = entry
        else:
            entries[term.name] = term.definition
    return yaml.safe_dump({"terms": entries}, sort_keys=False, allow_unicode=True, width=1000)


def ezglossary_page(terms: Sequence[BenchTerm]) -> str:
    """mkdocs-ezglossary-plugin's glossary page: a definition list of ``term:NAME`` entries."""
    parts = ["# Glossary\n"]
    for term in terms:
        parts.append(f"{EZ_SECTION}:{term.name}\n:   {term.definition}\n")
    return "\n".join(parts)


def mkdocs_glossary_page(terms: Sequence[BenchTerm]) -> str:
    """mkdocs-glossary's glossary page: ``1. **NAME, VARIANT** : definition`` lines."""
    lines = ["# Glossary", ""]
    for number, term in enumerate(terms, start=1):
        variants = ", ".join([term.name, term.plural, *term.aliases])
        lines.append(f"{number}. **{variants}** : {term.definition}")
    return "\n".join(lines) + "\n"


# -- the pages -----------------------------------------------------------------


@dataclass
class _Block:
    """A block of a page: raw Markdown, a paragraph, a bullet list or a table (cells are word lists)."""

    kind: str
    raw: str = ""
    sentences: list[list[str]] = field(default_factory=list)
    header: list[str] = field(default_factory=list)
    rows: list[list[list[str]]] = field(default_factory=list)

    def markdown(self) -> str:
        if self.kind == "paragraph":
            return _wrap(" ".join(" ".join(words) for words in self.sentences))
        if self.kind == "list":
            return "\n".join("- " + " ".join(words) for words in self.sentences)
        if self.kind == "table":
            lines = ["| " + " | ".join(self.header) + " |", "|" + "---|" * len(self.header)]
            lines += ["| " + " | ".join(" ".join(cell) for cell in row) + " |" for row in self.rows]
            return "\n".join(lines)
        return self.raw


@dataclass(frozen=True)
class _Slot:
    """A place where a term use may go: before word `position` of `words`."""

    words: list[str]
    position: int
    in_table: bool


class _PageWriter:
    """Builds one page template: blocks of prose with slots for term uses."""

    def __init__(self, rng: random.Random, pages: int) -> None:
        self.rng = rng
        self.pages = pages
        self.blocks: list[_Block] = []
        self.slots: list[_Slot] = []
        self.words = 0

    def raw(self, text: str) -> None:
        self.blocks.append(_Block("raw", raw=text))

    def sentence(self, low: int = 8, high: int = 20) -> list[str]:
        words = _sentence_words(self.rng, low, high)
        self.words += len(words)
        words[0] = words[0].capitalize()
        if len(words) > 10 and self.rng.random() < 0.4:
            words[self.rng.randrange(3, len(words) - 3)] += ","
        words[-1] += "."
        return words

    def decorate(self, words: list[str]) -> None:
        """Maybe put inline code, emphasis or a link on the words of a sentence."""
        rng = self.rng
        roll = rng.random()
        spot = rng.randrange(1, len(words) - 1)
        if roll < 0.12:
            words.insert(spot, f"`{rng.choice(HEADS)}_{rng.choice(TAILS)}.{rng.choice(FILLER)}()`")
        elif roll < 0.18:
            words[spot] = f"*{words[spot].strip(',.')}*"
        elif roll < 0.24:
            words[spot] = f"[{words[spot].strip(',.')}](../{page_path(rng.randrange(self.pages))})"
        elif roll < 0.28:
            words[spot] = f"[{words[spot].strip(',.')}](https://example.org/{rng.choice(FILLER)}/{rng.randrange(999)})"

    def paragraph(self) -> None:
        sentences = [self.sentence() for _ in range(self.rng.randint(3, 6))]
        for words in sentences:
            self.decorate(words)
            self.slots.append(_Slot(words, self.rng.randrange(1, len(words)), False))
        self.blocks.append(_Block("paragraph", sentences=sentences))

    def bullet_list(self) -> None:
        items = [self.sentence(6, 14) for _ in range(self.rng.randint(3, 6))]
        for words in items:
            self.slots.append(_Slot(words, self.rng.randrange(1, len(words)), False))
        self.blocks.append(_Block("list", sentences=items))

    def table(self, columns: int = 3) -> None:
        header = [self.rng.choice(FILLER).capitalize() for _ in range(columns)]
        rows = [[_sentence_words(self.rng, 2, 5) for _ in range(columns)] for _ in range(self.rng.randint(3, 5))]
        for row in rows:
            self.words += sum(len(cell) for cell in row)
            cell = row[self.rng.randrange(1, columns)]
            self.slots.append(_Slot(cell, self.rng.randrange(0, len(cell) + 1), True))
        self.blocks.append(_Block("table", header=header, rows=rows))

    def code_block(self) -> None:
        """A fenced code block that names a term in code and in a comment (never linked)."""
        rng = self.rng
        head, tail = rng.choice(HEADS), rng.choice(TAILS)
        lines = [
            "```python",
            f"def {rng.choice(FILLER)}_{head}_{tail}(size: int) -> int:",
            f"    # {head} {tail}: {' '.join(_sentence_words(rng, 3, 7))}",
            f"    {tail} = load_{tail}(size)",
            f"    for {rng.choice(['item', 'entry', 'row'])} in range(size):",
            f"        {tail}.update({rng.randrange(100)})",
            f"    return {tail}.{rng.choice(FILLER)}()",
            "```",
        ]
        self.raw("\n".join(lines))

    def place(self, uses: list[Use]) -> list[Use]:
        """Put ⟦k⟧ for each use at a distinct random slot; return the uses as placed."""
        chosen = self.rng.sample(range(len(self.slots)), min(len(uses), len(self.slots)))
        placed = []
        for index, (use, slot_index) in enumerate(zip(uses, chosen, strict=False)):
            slot = self.slots[slot_index]  # each slot has a word list of its own
            slot.words.insert(slot.position, f"\u27e6{index}\u27e7")
            placed.append(Use(use.term, use.text, slot.in_table))
        return placed

    def markdown(self) -> str:
        return "\n\n".join(block.markdown() for block in self.blocks) + "\n"


def _wrap(text: str, width: int = 100) -> str:
    """Hard-wrap prose at word boundaries, as many Markdown sources are."""
    lines: list[str] = []
    current: list[str] = []
    length = 0
    for word in text.split(" "):
        if current and length + 1 + len(word) > width:
            lines.append(" ".join(current))
            current, length = [], 0
        current.append(word)
        length += len(word) + (1 if length else 0)
    if current:
        lines.append(" ".join(current))
    return "\n".join(lines)


def page_path(number: int) -> str:
    """Where page `number` lives in docs_dir: 50 pages to a folder."""
    return f"part-{number // PAGES_PER_FOLDER + 1:02d}/page-{number + 1:04d}.md"


def make_page(number: int, pages: int, terms: Sequence[BenchTerm], seed: int) -> PageTemplate:
    """Page `number` of `pages`: about WORDS_PER_PAGE words and USES_PER_PAGE term uses."""
    rng = random.Random(f"{seed}:page:{number}")
    writer = _PageWriter(rng, pages)
    title = " ".join(_sentence_words(rng, 3, 6)).capitalize()
    writer.raw(f"# {title}")
    writer.paragraph()
    while writer.words < WORDS_PER_PAGE - SECTION_WORDS:
        writer.raw("## " + " ".join(_sentence_words(rng, 2, 5)).capitalize())
        writer.paragraph()
        roll = rng.random()
        if roll < 0.35:
            writer.bullet_list()
        elif roll < 0.6:
            writer.table()
        if rng.random() < 0.4:
            writer.code_block()
        writer.paragraph()
    uses = writer.place(_choose_uses(rng, number, terms))
    return PageTemplate(page_path(number), title, writer.markdown(), uses)


def _choose_uses(rng: random.Random, number: int, terms: Sequence[BenchTerm]) -> list[Use]:
    """USES_PER_PAGE uses of the page's topic terms, each topic term at least once."""
    if not terms:
        return []
    count = len(terms)
    half = TOPIC_TERMS // 2
    topic = [(number * half + offset) % count for offset in range(half)]  # covers the glossary round-robin
    topic += [rng.randrange(count) for _ in range(TOPIC_TERMS - half)]
    topic = list(dict.fromkeys(topic))
    chosen = topic + [rng.choice(topic) for _ in range(USES_PER_PAGE - len(topic))]
    rng.shuffle(chosen)
    uses = []
    for index in chosen:
        term = terms[index]
        roll = rng.random()
        if roll < 0.15:
            text = term.plural
        elif roll < 0.3 and term.aliases:
            text = term.aliases[0]
        else:
            text = term.name
        uses.append(Use(index, text, False))
    return uses


# -- rendering per variant -----------------------------------------------------

Markup = Callable[[BenchTerm, Use], str]


def plain_markup(term: BenchTerm, use: Use) -> str:
    """This project (and the plain build): the words as written."""
    return use.text


def ezglossary_markup(term: BenchTerm, use: Use) -> str:
    """mkdocs-ezglossary-plugin: ``<term:NAME>`` or ``<term:NAME|TEXT>`` (pipe escaped in tables)."""
    if use.text == term.name:
        return f"<{EZ_SECTION}:{term.name}>"
    bar = "\\|" if use.in_table else "|"
    return f"<{EZ_SECTION}:{term.name}{bar}{use.text}>"


def mkdocs_glossary_markup(term: BenchTerm, use: Use) -> str:
    """mkdocs-glossary: the words in italics."""
    return f"*{use.text}*"


MARKUPS: dict[str, Markup] = {
    "plain": plain_markup,
    "ezglossary": ezglossary_markup,
    "mkdocs-glossary": mkdocs_glossary_markup,
}


def render_page(page: PageTemplate, terms: Sequence[BenchTerm], markup: Markup) -> str:
    """The page's Markdown with every use written in `markup`."""
    return PLACEHOLDER.sub(
        lambda found: markup(terms[page.uses[int(found.group(1))].term], page.uses[int(found.group(1))]), page.markdown
    )


# -- the site on disk ----------------------------------------------------------

INDEX_PAGE = "# Benchmark site\n\nGenerated pages for timing glossary plugins. See the sections in the menu.\n"


@dataclass(frozen=True)
class Site:
    """A generated site: its folder and the mkdocs.yml of each variant."""

    root: Path
    pages: int
    terms: int
    configs: dict[str, Path]


VARIANT_PLUGINS: dict[str, list[object]] = {
    "plain": ["search"],
    "glossary": ["search", "glossary"],
    "ezglossary": ["search", "ezglossary"],
    "mkdocs-glossary": ["search", "mkdocs-glossary"],
}
VARIANT_DOCS = {
    "plain": "docs",
    "glossary": "docs",
    "ezglossary": "docs-ezglossary",
    "mkdocs-glossary": "docs-mkdocs-glossary",
}
PEERS = ("ezglossary", "mkdocs-glossary")


def _mkdocs_yml(variant: str) -> str:
    config = {
        "site_name": f"Benchmark ({variant})",
        "docs_dir": VARIANT_DOCS[variant],
        "site_dir": f"site-{variant}",
        "theme": {"name": "mkdocs"},
        "markdown_extensions": ["def_list"],  # ezglossary needs definition lists; same for every variant
        "plugins": VARIANT_PLUGINS[variant],
    }
    return yaml.safe_dump(config, sort_keys=False)


def generate_site(out: Path, pages: int, terms: int, seed: int, peers: bool) -> Site:
    """Write the site (unless an identical one is already there) and return where it is."""
    root = out / f"site-n{pages}-t{terms}-s{seed}"
    variants = ["plain", "glossary", *(PEERS if peers else ())]
    stamp_data = {"version": GENERATOR_VERSION, "pages": pages, "terms": terms, "seed": seed, "peers": peers}
    stamp = root / "stamp.json"
    configs = {variant: root / f"mkdocs-{variant}.yml" for variant in variants}
    if stamp.exists() and json.loads(stamp.read_text()) in (stamp_data, {**stamp_data, "peers": True}):
        return Site(root, pages, terms, configs)
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    glossary = make_glossary(terms, seed)
    (root / "glossary.yaml").write_text(glossary_yaml(glossary), encoding="utf-8")
    docs_variants = {"docs": plain_markup}
    if peers:
        docs_variants |= {"docs-ezglossary": ezglossary_markup, "docs-mkdocs-glossary": mkdocs_glossary_markup}
    for folder in docs_variants:
        (root / folder).mkdir()
        (root / folder / "index.md").write_text(INDEX_PAGE, encoding="utf-8")
    if peers:
        (root / "docs-ezglossary" / "glossary.md").write_text(ezglossary_page(glossary), encoding="utf-8")
        (root / "docs-mkdocs-glossary" / "glossary.md").write_text(mkdocs_glossary_page(glossary), encoding="utf-8")
    for number in range(pages):
        page = make_page(number, pages, glossary, seed)
        for folder, markup in docs_variants.items():
            target = root / folder / page.path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(render_page(page, glossary, markup), encoding="utf-8")
    for variant, config in configs.items():
        config.write_text(_mkdocs_yml(variant), encoding="utf-8")
    stamp.write_text(json.dumps(stamp_data))
    return Site(root, pages, terms, configs)


def fingerprint(path: Path) -> str:
    """A short hash of a file, to show in reports which glossary was used."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]
