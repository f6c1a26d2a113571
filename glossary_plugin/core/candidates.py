"""Candidate terms: what a page's prose uses that the glossary lacks (the `missing-term` check).

Three kinds of evidence, read from each page's rendered HTML (prose only: never
code, links, headings or the other elements where terms are not linked):

- an acronym: a word of 2 to 10 letters and digits that starts with a capital,
  has at least two capitals and more capitals than small letters (`RLHF`,
  `LoRA`, `MoE`, `KV`; not `OpenAI`, `PyTorch`, `I`, `T5`), is not a Roman
  numeral made of I, V and X, and is not part of a dotted name, path, e-mail
  address or `snake_case` identifier. A final small `s` after a capital is a
  plural (`LLMs` counts as `LLM`);
- a long form with its short form in parentheses, "state space model (SSM)":
  the short form is an acronym and its letters occur in order in the words
  before it, the first one starting a word (Schwartz and Hearst's rule, on at
  most min(|SF| + 5, 2 |SF|) words of the same clause); it gives the acronym
  its long form;
- an `abbr` element (from Markdown's `*[HTML]: Hyper Text Markup Language`,
  also in files that snippets appends): its text is a candidate whatever its
  shape, and its title the long form.

A candidate is reported when no term, alias or avoided spelling of the glossary
is spelt like it (case folded), it is not part of a longer term's name written
around it ("generative AI"), it is not in `ignore`, and it is used at least
`min_uses` times over the whole site. It is reported at its first use on the first
page by source path, so every front end, whatever order it builds pages in, reports
the same place.
"""

from __future__ import annotations

import html as htmllib
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from .bare_urls import url_spans
from .findings import MISSING_TERM, Diagnostic, Finding, Report
from .htmlscan import MARKUP, attribute, text_spans
from .linker import count_needle
from .loader import did_you_mean_hint
from .model import Glossary, fold, spaced
from .sourcemap import read_source

MAX_LENGTH = 10
"""The longest acronym, without its plural `s`."""
MAX_EXACT_PER_PAGE = 64
"""New candidates per page whose first use is counted exactly (each count reads the page once);
past this, a first use is placed at the needle's first occurrence in the source."""

MAX_LONG_FORM_TRIES = 16
"""Uses in parentheses of one short form where its long form is looked for: the first ones."""
WINDOW = 40 * 2 * MAX_LENGTH
"""How far before a short form its long form is looked for: 2 x 10 words of up to 40 characters."""

_MARKUP = re.compile(MARKUP)


def _class_of(chars: Callable[[str], bool]) -> str:
    """The characters of the Basic Multilingual Plane for which `chars` is true, as ranges for a character class."""
    ranges: list[list[int]] = []
    for code in range(0x10000):
        if chars(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1][1] = code
            else:
                ranges.append([code, code])
    return "".join(re.escape(chr(low)) + ("-" + re.escape(chr(high)) if high > low else "") for low, high in ranges)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# A word that starts with a capital: letters and digits, not glued to a dotted name, a path, an
# address or an identifier. Only these can be acronyms, and they are few in prose.
# Every acronym has two capitals: prose without a word that has them holds no candidate.
_CAPITALS = _class_of(str.isupper)
# What a word of two capitals holds (`[CAPITALS][^\W_]*[CAPITALS]`), or a little more: a capital, letters
# and digits that are not capitals (any character past U+FFFF too), and a capital. The letters between
# are never read again (at every capital of a sentence, the plain form tried every shorter run).
_SMALL = _class_of(lambda char: char.isalnum() and not char.isupper())
_TWO_CAPITALS = re.compile(rf"[{_CAPITALS}][{_SMALL}\U00010000-\U0010ffff]*+[{_CAPITALS}]")
_WORD = re.compile(rf"(?<![\w.@#$%&/\\])(?=[{_CAPITALS}])[^\W_]+(?![\w@/\\]|\.[^\W_])")
_ROMAN = re.compile(r"[IVX]+")
_CLAUSE_ENDS = ".;:!?()[]"

# Words in capitals that are not acronyms a glossary wants, as API docs (docstrings) write them.
# Admonition and alert keywords: reStructuredText's admonition directives, Material's admonition
# types, GitHub's alerts ("> [!NOTE]"), Google and NumPy docstring sections written in capitals, and
# the markers that code comments and docstrings carry (TODO, FIXME, XXX, HACK, BUG).
ADMONITION_WORDS = _words(
    "NOTE NOTES IMPORTANT WARNING WARNINGS TIP TIPS HINT CAUTION DANGER ATTENTION ERROR INFO SUCCESS "
    "FAILURE QUESTION EXAMPLE EXAMPLES ABSTRACT SUMMARY QUOTE SEE ALSO TODO FIXME XXX HACK BUG "
    "DEPRECATED BETA ALPHA EXPERIMENTAL"
)
# Shouting: RFC 2119's requirement keywords (MUST, SHOULD NOT...) and the English words that
# docstrings write in capitals for stress ("do NOT", "ONLY if"); `DON` is "DON'T" cut at its apostrophe.
SHOUTED_WORDS = _words(
    "MUST SHALL SHOULD MAY REQUIRED RECOMMENDED OPTIONAL NOT NO NEVER ALWAYS ONLY ALL ANY NONE AND OR "
    "DO DON DOES DOESN IS ISN ARE AREN CANNOT WILL WON YES IF THE THIS THAT BEFORE AFTER"
)
# Units of size, rate and frequency: SI and IEC 80000-13 prefixes (KB, MiB, GHz...), as docstrings
# write limits ("up to 512 MiB"). Only those with two capitals can look like acronyms (`ms`, `Hz` cannot).
UNIT_WORDS = _words(
    "KB MB GB TB PB EB KiB MiB GiB TiB PiB EiB Kb Mb Gb Tb Kbps Mbps Gbps KBps MBps GBps KHz MHz GHz THz"
)
# The request methods of HTTP (RFC 9110, and PATCH from RFC 5789).
HTTP_METHODS = _words("GET POST PUT PATCH DELETE HEAD OPTIONS TRACE CONNECT")
NOT_ACRONYMS = ADMONITION_WORDS | SHOUTED_WORDS | UNIT_WORDS | HTTP_METHODS
"""Words shaped like acronyms that are never candidates (compared as written, before a plural's 's')."""
# Code on a page: a block (`pre`), or inline `code` that reads as code and not as a word in backticks:
# it holds code punctuation, or markup (highlighting; mkdocstrings' `<span title="abc.ABC">` for a base
# class). Its names, outside strings and comments, are the site's code: `ABC` in `class Client(ABC)`.
_CODE = re.compile(r"<(pre|code)(?![^\s/>])", re.IGNORECASE)
_CODE_END = {
    "pre": re.compile(r"</pre(?![^\s/>])", re.IGNORECASE),
    "code": re.compile(r"</code(?![^\s/>])", re.IGNORECASE),
}
_CODE_LIKE = re.compile(r"[.(=:\[]|<span")
# A string (a docstring in mkdocstrings' source listings holds prose), a comment, or a name that may
# be an acronym: not one starting with a lower-case ASCII letter or '_' (most names, read here in
# pieces, which changes nothing: no string or comment starts inside a name). An unterminated
# triple-quoted string runs to the end, so each part of the code is read once.
_CODE_TOKEN = re.compile(
    r'"""[\s\S]*?(?:"""|\Z)|' + r"'''[\s\S]*?(?:'''|\Z)|"
    r'"(?:\\.|[^"\\\n])*"|' + r"'(?:\\.|[^'\\\n])*'|(?:#|//)[^\n]*|(?<![\w$])([^\W\d_a-z]\w*)"
)
# In ASCII text, what every name with two capitals holds (see `acronym`).
_ASCII_TWO_CAPITALS = re.compile(r"[A-Z]\w*[A-Z]", re.ASCII)
MAX_CODE_NAMES = 100_000
"""Names seen in code that are kept (memory stays bounded on sites of generated code)."""
# An acronym with a number joined by a hyphen is part of a name: `UTF-8`, `SHA-256`, `ISO-8859-1`.
_NUMBERED_AFTER = re.compile(r"-\d")
_NUMBERED_BEFORE = re.compile(r"\d-\Z")


@dataclass(frozen=True)
class MissingTermOptions:
    """`missing_terms:` in the plugin's options."""

    ignore: tuple[str, ...] = ()
    """Words that are not terms (compared case-insensitively)."""
    min_uses: int = 1
    """Uses over the whole site before a candidate is reported."""


OPTION_KEYS = ("ignore", "min_uses")


def parse_missing_terms(value: object) -> MissingTermOptions:
    """`missing_terms` as written in the config; a ValueError says what is wrong and how to write it."""
    if value is None:
        return MissingTermOptions()
    if not isinstance(value, dict):
        raise ValueError("must be a mapping such as '{ignore: [API, OK], min_uses: 2}'.")
    for key in value:
        if key not in OPTION_KEYS:
            hint = did_you_mean_hint(str(key), OPTION_KEYS)
            raise ValueError(f"Unknown key '{key}'.{hint} Known keys: {', '.join(OPTION_KEYS)}.")
    ignore = value.get("ignore", [])
    if isinstance(ignore, str):
        ignore = [ignore]
    if not isinstance(ignore, list) or not all(isinstance(word, str) and word.strip() for word in ignore):
        raise ValueError("'ignore' must be a list of words, such as [API, OK] (quote numbers and true/false).")
    min_uses = value.get("min_uses", 1)
    if isinstance(min_uses, bool) or not isinstance(min_uses, int) or min_uses < 1:
        raise ValueError(f"'min_uses' must be a whole number of at least 1, not {min_uses!r}.")
    return MissingTermOptions(tuple(word.strip() for word in ignore), min_uses)


class Use(NamedTuple):
    """Where a candidate is first used."""

    path: str
    abs_path: str | None
    needle: str
    occurrence: int


@dataclass
class Candidate:
    """A word the prose uses that the glossary lacks, and what was seen of it."""

    name: str
    first: Use
    uses: int = 0
    pages: dict[str, None] = field(default_factory=dict)
    """Pages (as reported) that use it."""
    spellings: dict[str, int] = field(default_factory=dict)
    """Each spelling seen (`LLM`, `LLMs`) and how often."""
    long_form: str | None = None
    long_form_term: str | None = None
    """The glossary term that the long form names, if it names one."""
    kinds: set[str] = field(default_factory=set)
    """`acronym`, `long form`, `abbr`."""
    where: str | None = None
    """The first use as `path:line:col`, once reported."""

    @property
    def variants(self) -> list[str]:
        """Spellings other than the name, most used first."""
        others = [spelling for spelling in self.spellings if spelling != self.name]
        return sorted(others, key=lambda spelling: (-self.spellings[spelling], spelling))


def acronym(word: str) -> str | None:
    """The acronym `word` is a use of (`LLMs` -> `LLM`), or None when it is no acronym."""
    base = word[:-1] if len(word) > 2 and word[-1] == "s" and word[-2].isupper() else word
    if not 2 <= len(base) <= MAX_LENGTH or not base[0].isupper():
        return None
    upper = sum(map(str.isupper, base))
    lower = sum(map(str.islower, base))
    if upper < 2 or lower >= upper or _ROMAN.fullmatch(base):
        return None
    return base


def long_form(short: str, before: str) -> str | None:
    """The long form that `short` abbreviates at the end of `before`, or None (Schwartz-Hearst)."""
    letters = [char.casefold() for char in short if char.isalnum()]
    clause_end = max(before.rfind(char) for char in _CLAUSE_ENDS) + 1
    text = before[clause_end:].rstrip()
    words = list(re.finditer(r"\S+", text))
    limit = min(len(short) + 5, 2 * len(short))
    if not words or not letters:
        return None
    bound = words[-limit:][0].start()
    index = len(text) - 1
    for number in range(len(letters) - 1, -1, -1):
        letter = letters[number]
        while index >= bound:
            starts_word = index == bound or not text[index - 1].isalnum()
            if text[index].casefold() == letter and (number > 0 or starts_word):
                break
            index -= 1
        else:
            return None
        if number:
            index -= 1
    found = text[index:].strip()
    return found if len(found) > len(short) else None


class _Run(NamedTuple):
    text: str
    """The run's text, unescaped."""
    prose: bool
    abbr: str | None
    """The title of the `abbr` element in prose that this run is the text of."""
    at: int
    """Where the run starts in the page's HTML."""


_ABBR = re.compile(r"<abbr(?![^\s/>])", re.IGNORECASE)
_ABBR_END = re.compile(r"</abbr(?![^\s/>])", re.IGNORECASE)
_TAG = re.compile(r"<[^>]*>")


def prose_runs(html: str, prose: Iterable[tuple[int, int]]) -> Iterator[_Run]:
    """The text runs of the page's prose that may hold a candidate, in order, and the text of each
    `abbr` element right after a span.

    `prose` is what the linker found prose (`PageResult.prose`): spans that
    hold text and the tags that change nothing (`em`, `p`, ...), so that
    the page is read once. A span with no word of two capitals is passed over.
    An `abbr` element opens no prose, so it starts where a span ends.
    """
    search = _MARKUP.search
    for start, end in prose:
        position = start
        if _TWO_CAPITALS.search(html, start, end) is None and html.find("&", start, end) < 0:
            position = end  # no word in it can be an acronym (an entity could spell a capital)
        found = search(html, position, end) if position < end else None
        while found is not None:
            if found.start() > position:
                yield _Run(_unescape(html[position : found.start()]), True, None, position)
            position = found.end()
            found = search(html, position, end)
        if end > position:
            yield _Run(_unescape(html[position:end]), True, None, position)
        if _ABBR.match(html, end):
            abbr = _abbr_run(html, end)
            if abbr is not None:
                yield abbr


def _abbr_run(html: str, at: int) -> _Run | None:
    """The `abbr` element whose start tag is at `at`: its text (tags left out) and its title."""
    tag = _MARKUP.match(html, at)
    if tag is None or tag.lastgroup != "attrs":
        return None
    title = attribute(tag.group("attrs"), "title")
    close = _ABBR_END.search(html, tag.end())
    if not title or close is None:
        return None
    return _Run(_unescape(_TAG.sub("", html[tag.end() : close.start()])), False, htmllib.unescape(title), tag.end())


class _TextCounter:
    """How often a spelling occurs in the page's text before a place, as the source mapper counts it.

    The page's whole text (code and headings too) is read the first time a
    count is needed: only pages with new candidates need it.
    """

    def __init__(self, html: str) -> None:
        self.html = html
        self._joined: str | None = None
        self._starts: list[int] = []
        self._offsets: list[int] = []

    def count(self, needle: str, at: int, offset: int) -> int:
        """Occurrences of `needle` before the text run that starts at `at` in the HTML, plus those in its
        first `offset` characters."""
        if self._joined is None:
            texts = text_spans(self.html)
            pieces = [_unescape(self.html[text.start : text.end]) for text in texts]
            self._joined = "\0".join(pieces)
            self._starts = [text.start for text in texts]
            position = 0
            for piece in pieces:
                self._offsets.append(position)
                position += len(piece) + 1
        index = bisect_right(self._starts, at) - 1
        where = self._offsets[index] + offset if index >= 0 else 0
        return count_needle(self._joined, needle, True, where)


class _Verdict(NamedTuple):
    """What a word is: a use of the candidate `name`, unless it is part of a longer name around it."""

    name: str
    key: str
    longer: tuple[re.Pattern[str], ...]
    """The multi-word names and avoided spellings it is a word of (folded, hyphens as spaces)."""
    reach: int
    """The longest of them."""


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether `start:end` overlaps one of `spans` (in order, not overlapping each other)."""
    index = bisect_right(spans, start, key=lambda span: span[0]) - 1  # the last one starting by `start`
    return (index >= 0 and spans[index][1] > start) or (index + 1 < len(spans) and spans[index + 1][0] < end)


def _in_longer_name(text: str, start: int, end: int, verdict: _Verdict) -> bool:
    """True when the word at start:end is part of a multi-word name written around it ("generative AI")."""
    around = spaced(text[max(0, start - verdict.reach) : end + verdict.reach])
    return any(pattern.search(around) for pattern in verdict.longer)


# A capitalised word with small letters (`Mistral`, `Labs`), right before or after an acronym.
_NAME_BEFORE = re.compile(r"(?:^|(?<=[^\w'’]))([^\W\d_][^\W\d_A-Z]*[a-z][^\W_]*) +\Z")
_NAME_AFTER = re.compile(r"\A(?:['’]s)? +([^\W\d_][^\W_]*)")
_SENTENCE_END = ".!?:;"


def _in_proper_name(text: str, start: int, end: int) -> bool:
    """True when the acronym is part of a proper name: a capitalised word next to it in mid-sentence.

    `Mistral AI`, `AI21 Labs`, `AI21's Jamba`; not `Meta's LLaMA` (a possessive before) and
    not `Using PPO` (the word before starts a sentence).
    """
    before = _NAME_BEFORE.search(text, max(0, start - 40), start)
    if before and before.group(1)[0].isupper() and not _starts_sentence(text, before.start(1)):
        return True
    after = _NAME_AFTER.match(text[end : end + 40])
    return bool(after and after.group(1)[0].isupper() and any(map(str.islower, after.group(1))))


def _starts_sentence(text: str, at: int) -> bool:
    before = text[max(0, at - 8) : at].rstrip()
    return not before or before[-1] in _SENTENCE_END


class _Seen(NamedTuple):
    """One use on a page: the candidate's name and key, the spelling, where, and a long form."""

    name: str
    key: str
    spelling: str
    offset: int
    """In its text run."""
    long_form: str | None
    kind: str


class Collector:
    """The candidates of one build, page after page; reported after the last one."""

    def __init__(self, glossary: Glossary, options: MissingTermOptions | None = None) -> None:
        self.glossary = glossary
        self.options = options or MissingTermOptions()
        self._ignore = {fold(word) for word in self.options.ignore}
        self._known = {fold(spelling) for term in glossary.terms for spelling in term.avoid}
        """Folded: every name, alias, avoided spelling and ignored word."""
        self._known.update(self._ignore, (fold(name) for name in glossary.all_names()))
        self._in_names: dict[str, list[str]] = {}
        """A word -> the multi-word names, avoided spellings and `not_inside` phrases it is part of (folded, hyphens
        as spaces): `AI` in "Pydantic AI" is part of a name the glossary knows, not a missing term."""
        phrases = [*glossary.not_inside, *(phrase for term in glossary.terms for phrase in term.not_inside)]
        for spelling in [*glossary.all_names(), *(avoid for term in glossary.terms for avoid in term.avoid), *phrases]:
            key = spaced(spelling)
            words = key.split()
            for word in words if len(words) > 1 else ():
                self._in_names.setdefault(word, []).append(key)
        self.candidates: dict[str, Candidate] = {}
        """By folded name."""
        self._code_names: set[str] = set()
        """Acronym-shaped names that the site's code uses (see `_read_code`)."""
        self._verdicts: dict[str, _Verdict | None] = {}
        self._long_form_tries: dict[str, int] = {}
        self._abbreviations: dict[str, str | None] = {}
        """An abbr element's text -> its candidate's key, or None when the glossary has it."""
        """A word -> the candidate it is a use of, or None: each distinct word is judged once."""

    # -- pages ----------------------------------------------------------

    def add_page(self, path: str, abs_path: str | None, html: str, prose: Iterable[tuple[int, int]]) -> None:
        """Read one page's rendered HTML (before linking), and where the linker found prose in it."""
        self._read_code(html)
        counter = _TextCounter(html)
        exact = 0
        here: set[str] = set()
        for run in prose_runs(html, prose):
            for seen in self._uses(run):
                candidate = self.candidates.get(seen.key)
                # The first use is the one on the first page by path, whatever order the front end
                # builds the pages in: the plugin, the CLI and the Zensical extension agree.
                if candidate is None or (seen.key not in here and path < candidate.first.path):
                    exact += 1
                    occurrence = counter.count(seen.spelling, run.at, seen.offset) if exact <= MAX_EXACT_PER_PAGE else 0
                    first = Use(path, abs_path, seen.spelling, occurrence)
                    if candidate is None:
                        candidate = self.candidates[seen.key] = Candidate(seen.name, first)
                    else:
                        candidate.name, candidate.first = seen.name, first
                here.add(seen.key)
                self._record(candidate, seen, path)

    def _read_code(self, html: str) -> None:
        """Note the acronym-shaped names the page's code uses (see `_CODE`): a candidate spelt like one is code."""
        position = 0
        while (found := _CODE.search(html, position)) is not None:
            name = found.group(1).lower()
            close = _CODE_END[name].search(html, found.end())
            if close is None:
                return
            position = close.end()
            code = html[found.end() : close.start()]
            if name == "code" and not _CODE_LIKE.search(code):
                continue  # a word in backticks: `MoE`
            text = _unescape(_TAG.sub("", code))
            if text.isascii() and _ASCII_TWO_CAPITALS.search(text) is None:
                continue  # no name in it has two capitals, as an acronym has (reading it token by token costs)
            for token in _CODE_TOKEN.finditer(text):
                word = token.group(1)
                if word and len(self._code_names) < MAX_CODE_NAMES and acronym(word) == word:
                    self._code_names.add(word)

    def _record(self, candidate: Candidate, seen: _Seen, path: str) -> None:
        candidate.uses += 1
        candidate.pages[path] = None
        candidate.spellings[seen.spelling] = candidate.spellings.get(seen.spelling, 0) + 1
        candidate.kinds.add(seen.kind)
        if seen.long_form and candidate.long_form is None:
            candidate.long_form = seen.long_form
            term = self.glossary.lookup(seen.long_form)
            candidate.long_form_term = term.name if term else None

    def _uses(self, run: _Run) -> Iterator[_Seen]:
        """The candidate uses in one text run."""
        if run.abbr is not None:
            text = " ".join(run.text.split())
            if text not in self._abbreviations:
                self._abbreviations[text] = fold(text) if text and self._missing(text, text) else None
            key = self._abbreviations[text]
            if key is not None:
                yield _Seen(text, key, text, len(run.text) - len(run.text.lstrip()), run.abbr, "abbr")
            return
        if not run.prose:
            return
        text = run.text
        verdicts = self._verdicts
        urls: list[tuple[int, int]] | None = None
        for word in _WORD.finditer(text):
            spelling = word.group()
            verdict = verdicts[spelling] if spelling in verdicts else self._verdict(spelling)
            if verdict is None:
                continue
            start, end = word.span()
            if (verdict.longer and _in_longer_name(text, start, end, verdict)) or _in_proper_name(text, start, end):
                continue
            if _NUMBERED_AFTER.match(text, end) or _NUMBERED_BEFORE.search(text, max(0, start - 2), start):
                continue  # part of a name with a number: `UTF-8`, `SHA-256`
            if urls is None:  # the run's bare URLs, found once the run holds a candidate (few do)
                urls = list(url_spans(text))
            if urls and _overlaps(urls, start, end):
                continue  # a bare URL or e-mail address is no prose
            spelled_out = None
            # "long form (SF)", also "long form (SF, 2023)" or "(SF; see below)"
            if text[end : end + 2].lstrip()[:1] in (")", ",", ";") and self._tries_long_form(verdict.key):
                before = text[max(0, start - WINDOW) : start].rstrip()
                if before.endswith("("):
                    spelled_out = long_form(verdict.name, before[:-1])
            kind = "long form" if spelled_out else "acronym"
            yield _Seen(verdict.name, verdict.key, spelling, start, spelled_out, kind)

    def _tries_long_form(self, key: str) -> bool:
        """True while a candidate has no long form and has not been tried too often (a bounded cost)."""
        known = self.candidates.get(key)
        if known is not None and known.long_form is not None:
            return False
        tries = self._long_form_tries.get(key, 0)
        self._long_form_tries[key] = tries + 1
        return tries < MAX_LONG_FORM_TRIES

    def _verdict(self, word: str) -> _Verdict | None:
        name = acronym(word)
        verdict = None
        if name is not None and name not in NOT_ACRONYMS and self._missing(name, word):
            folded = word.casefold()
            names = [*self._in_names.get(folded, []), *self._in_names.get(folded[:-1], [])]
            longer = tuple(re.compile(rf"(?<!\w){re.escape(name)}(?!\w)") for name in names)
            verdict = _Verdict(name, fold(name), longer, max((len(name) for name in names), default=0))
        if len(self._verdicts) < 100_000:  # bounded memory on pages of random capitals
            self._verdicts[word] = verdict
        return verdict

    def _missing(self, name: str, spelling: str) -> bool:
        """True when neither spelling is a name, an alias, an avoided spelling or an ignored word."""
        return fold(name) not in self._known and (spelling == name or fold(spelling) not in self._known)

    def _is_code(self, candidate: Candidate) -> bool:
        """A bare acronym (no long form, no `abbr`) that the site's code uses as a name: `ABC`, a base class."""
        return candidate.kinds == {"acronym"} and candidate.name in self._code_names

    # -- the report -----------------------------------------------------

    def reported(self) -> list[Candidate]:
        """The candidates to report, most used first (then by name)."""
        kept = [
            candidate
            for candidate in self.candidates.values()
            if candidate.uses >= self.options.min_uses and not self._is_code(candidate)
        ]
        return sorted(kept, key=lambda candidate: (-candidate.uses, fold(candidate.name), candidate.name))

    def report(self, report: Report, place: Callable[[str | None, Finding], tuple[int, int, str]]) -> list[Diagnostic]:
        """A `missing-term` finding per candidate, at its first use (`place` finds it in the source, and
        words the message for where it is)."""
        found = []
        sources: dict[str, str | None] = {}
        for candidate in self.reported():
            first = candidate.first
            if first.path not in sources:
                sources[first.path] = read_source(first.abs_path)
            finding = Finding(MISSING_TERM, describe(candidate), first.needle, first.occurrence)
            line, column, message = place(sources[first.path], finding)
            candidate.where = f"{first.path}:{line}:{column}"
            added = report.add(MISSING_TERM, first.path, line, column, message, candidate.long_form)
            if added:
                found.append(added)
        return found


def describe(candidate: Candidate) -> str:
    """The finding's message: the candidate, how much it is used, its long form, and what to do."""
    uses = f"{candidate.uses} use{'s' if candidate.uses != 1 else ''}"
    pages = f"{len(candidate.pages)} page{'s' if len(candidate.pages) != 1 else ''}"
    message = f"'{candidate.name}' is not in the glossary ({uses} on {pages}"
    if candidate.long_form_term:
        return (
            f"{message}, spelt out as the term '{candidate.long_form_term}'); "
            f"add '{candidate.name}' to its aliases, or to missing_terms.ignore"
        )
    if candidate.long_form:
        message += f", long form '{candidate.long_form}'"
    return f"{message}); add it to the glossary (glossary-lint --suggest), or to missing_terms.ignore"


def _unescape(text: str) -> str:
    return htmllib.unescape(text) if "&" in text else text
