"""Read ``glossary.yaml`` into a :class:`Glossary`, with errors that name file:line:col.

The YAML is read as a node tree (not plain ``safe_load``) so that every value
keeps its position, duplicate keys are caught, and term names stay text even
when YAML would read them as booleans or numbers (``on``, ``1.0``).
"""

from __future__ import annotations

import codecs
import dataclasses
import difflib
import errno
import html as htmllib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import yaml

from .findings import GLOSSARY_INVALID, REDUNDANT_ALIAS
from .linker import Linker
from .model import Glossary, Location, Term, fold, spaced, squash
from .urls import ACCEPTED, link_problem

# libyaml's parser, where PyYAML was built with it, reads a large glossary
# about ten times faster; both report the same positions.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

TERM_KEYS = (
    "definition",
    "aliases",
    "avoid",
    "see",
    "case_sensitive",
    "link",
    "autolink",
    "not_inside",
    "only_on",
    "not_on",
    "sort_as",
)
TOP_KEYS = ("terms", "not_inside")
ALIAS_KEYS = ("name", "case_sensitive")
_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
# What YAML reads an unquoted value as, when that is not text.
_NOT_TEXT = {
    "tag:yaml.org,2002:int": "a number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:bool": "a boolean (true or false)",
    "tag:yaml.org,2002:timestamp": "a date",
}
# A definition is shown in a tooltip wherever its term is linked, so its length is paid
# once per page: 10,000 characters (some 1,500 words, several long paragraphs) is far
# beyond any real definition, and keeps one term from adding megabytes to a site.
MAX_DEFINITION_LENGTH = 10_000
# O_NONBLOCK: opening a named pipe must not wait for a writer (not on Windows, which has no pipes in the tree).
_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


@dataclass(frozen=True)
class GlossaryError:
    """One problem in the glossary file."""

    path: str
    line: int
    column: int
    message: str
    code: str = GLOSSARY_INVALID
    """`glossary-invalid` for an error; `redundant-alias` (a warning by default) for harmless repetition."""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: {self.message}"


def did_you_mean(word: str, choices: list[str] | tuple[str, ...]) -> str | None:
    """The closest of `choices` to `word`, if any is close enough."""
    by_fold = {fold(choice): choice for choice in choices}
    close = difflib.get_close_matches(fold(word), list(by_fold), n=1, cutoff=0.6)
    return by_fold[close[0]] if close else None


def did_you_mean_hint(word: str, choices: list[str] | tuple[str, ...]) -> str:
    """The end of a sentence naming the closest choice, as every message words it; '' when none is close."""
    suggestion = did_you_mean(word, choices)
    return f" Did you mean '{suggestion}'?" if suggestion else ""


def _hint(word: str, choices: list[str] | tuple[str, ...]) -> str:
    suggestion = did_you_mean(word, choices)
    return f" (did you mean '{suggestion}'?)" if suggestion else ""


def load_glossary(
    path: str | Path, display_path: str | None = None, config_name: str = "mkdocs.yml"
) -> tuple[Glossary, list[GlossaryError]]:
    """Read a glossary file; return the valid terms and every error found.

    Terms with errors are left out, so a caller that tolerates errors still
    gets a usable glossary. `display_path` is how errors name the file, and
    `config_name` the config file that sets `glossary_file` (what to fix). The
    "errors" also hold warnings (see `GlossaryError.code`), whose terms load.
    """
    shown = display_path or str(path)
    reader = _Reader(shown)
    raw = _read_file(Path(path), reader, config_name)
    if raw is None:
        return Glossary(source=shown), reader.errors
    text = reader.decode(raw)
    if text is None:
        return Glossary(source=shown), reader.errors
    return reader.parse(text), reader.errors


def _not_a_file(config_name: str) -> str:
    return f"set `glossary_file` in {config_name} to a YAML file, or put one at this path"


def file_problem(path: str | Path, config_name: str = "mkdocs.yml") -> str | None:
    """Why nothing can be read at `path` (missing, a folder, a named pipe, a loop of links...), or None.

    Every host and the CLI ask this one question, and `config_name` (the config file that sets
    `glossary_file`) is named in what to do."""
    try:
        info = os.stat(path)
    except OSError as exc:
        return _stat_problem(Path(path), exc, config_name)
    except ValueError:  # a NUL character in the path
        return f"the glossary file's path holds a NUL character; fix `glossary_file` in {config_name}"
    if not stat.S_ISREG(info.st_mode):
        return f"the glossary file is {_kind(info.st_mode)}, not a regular file; {_not_a_file(config_name)}"
    return None


def _read_file(path: Path, reader: _Reader, config_name: str) -> bytes | None:
    """The file's bytes, or None after a one-line error; never waits (a named pipe) or follows a loop."""
    problem = file_problem(path, config_name)
    if problem is not None:
        reader.error(1, 1, problem)
        return None
    try:
        descriptor = os.open(path, _OPEN_FLAGS)
    except OSError as exc:
        reader.error(1, 1, f"cannot read the glossary file: {exc.strerror}")
        return None
    with os.fdopen(descriptor, "rb") as file:
        if not stat.S_ISREG(os.fstat(file.fileno()).st_mode):  # replaced since `stat`
            reader.error(1, 1, f"the glossary file is no longer a file; {_not_a_file(config_name)}")
            return None
        try:
            return file.read()
        except OSError as exc:
            reader.error(1, 1, f"cannot read the glossary file: {exc.strerror}")
            return None


def _stat_problem(path: Path, exc: OSError, config_name: str) -> str:
    if exc.errno == errno.ELOOP:
        return "the glossary file is a loop of symbolic links; point the link at a YAML file, or set `glossary_file`"
    if exc.errno in (errno.ENOENT, errno.ENOTDIR) and path.is_symlink():
        try:
            target = f" to '{os.readlink(path)}'"
        except OSError:
            target = ""
        return (
            f"the glossary file is a symbolic link{target}, which does not exist; fix the link, "
            f"or {_not_a_file(config_name)}"
        )
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return f"glossary file not found; create it (see the README) or set `glossary_file` in {config_name}"
    return f"cannot read the glossary file: {exc.strerror}"


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a device"


def _syntax_hint(problem: str, at: str) -> str:
    """What to do about the YAML mistakes writers make most, in words (PyYAML only names the problem)."""
    if "cannot start any token" in problem and at == "\t":
        return ": YAML indents with spaces, never tabs; replace the tab with spaces"
    if "cannot start any token" in problem and at in ("@", "`"):
        return f": a value cannot start with '{at}' in YAML; put the whole value in quotes"
    if problem.startswith("mapping values are not allowed"):
        return ': a value that holds ": " must be in quotes, as in `token: "Ratio: a number"`'
    if problem.startswith("found undefined alias"):
        return ": a value that starts with '*' or '&' must be in quotes"
    return ""


def parse_glossary(text: str, display_path: str = "glossary.yaml") -> tuple[Glossary, list[GlossaryError]]:
    """Parse glossary YAML given as text."""
    reader = _Reader(display_path)
    return reader.parse(text), reader.errors


def _reaches_a_node_twice(root: yaml.Node) -> bool:
    """Whether a walk of the node tree meets a node again: YAML composes an alias as the very
    node it names. Each node is visited once, so even a cycle or "billion laughs" is quick."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(part for pair in node.value for part in pair)
    return False


def _character_offset(text: str, position: int) -> int:
    """Where a reader error of the YAML loader is in `text`, in characters.

    libyaml reads the text as UTF-8 and gives the offset of a character it
    refuses in bytes (its marks count characters), while PyYAML's own reader
    counts characters.
    """
    c_parser = getattr(getattr(yaml, "cyaml", None), "CParser", None)
    if c_parser is None or not issubclass(_YAML_LOADER, c_parser):
        return position
    return len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))


def _at(node: yaml.Node) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _loose(text: str) -> str:
    """A spelling folded, with hyphens and white space alike, padded for whole-word searches."""
    return " " + spaced(text) + " "


def _links_in(term: Term, phrase: str) -> bool:
    """Whether the linker finds a spelling of `term` in `phrase` as a page's text, so that the phrase
    keeps it from linking there (`session` in 'client/session', after a slash): the linker's own rules,
    not a copy of them that could drift."""
    alone = dataclasses.replace(term, avoid=(), not_inside=(), autolink=True, only_on=(), not_on=(), link=None)
    result = Linker(Glossary((alone,))).link_page(htmllib.escape(phrase, quote=False), lambda _: "", mode="off")
    return term.name in result.used


def _phrase_problem(term: Term, phrase: str, owner: dict[str, tuple[str, Term]]) -> str | None:
    """Why a `not_inside` phrase of `term` cannot be used, or None."""
    what = f"`not_inside` phrase '{phrase}' of term '{term.name}'"
    if fold(phrase) in owner:
        name, other = owner[fold(phrase)]
        return f"{what} is the name or alias '{name}' of term '{other.name}'; remove it"
    # Where a spelling starts as a word (its end may be a plural's), or wherever the linker finds one.
    if not any(_loose(name)[:-1] in _loose(phrase) for name in term.names) and not _links_in(term, phrase):
        return (
            f"{what} holds none of the term's spellings ({', '.join(term.names)}); "
            "write the whole phrase the term appears in, such as 'access token'"
        )
    return None


class _Reader:
    """Walks the YAML node tree, collecting terms and errors."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.errors: list[GlossaryError] = []
        # Where each alias/avoid/see entry was written, so that cross-term
        # errors point at the entry itself: (term, field, value) -> (line, col).
        self.places: dict[tuple[str, str, str], list[tuple[int, int]]] = {}
        # Aliases written as a mapping with their own `case_sensitive`: term -> alias -> case-sensitive.
        self.alias_case: dict[str, dict[str, bool]] = {}

    def error(self, line: int, column: int, message: str, code: str = GLOSSARY_INVALID) -> None:
        self.errors.append(GlossaryError(self.path, line, column, message, code))

    def node_error(self, node: yaml.Node, message: str) -> None:
        self.error(*_at(node), message)

    def decode(self, raw: bytes) -> str | None:
        raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            before = raw[: exc.start]  # valid UTF-8: the error is at the first bad byte
            line = before.count(b"\n") + 1
            column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8")) + 1  # in characters, as editors count
            self.error(line, column, "the file is not valid UTF-8; save it with UTF-8 encoding")
            return None

    def parse(self, text: str) -> Glossary:
        try:
            root = yaml.compose(text, Loader=_YAML_LOADER)
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = exc.problem or "invalid YAML"
            if exc.context and problem.startswith("but "):  # "expected a single document..., but found..."
                problem = f"{exc.context}, {problem}"
            elif exc.context and exc.context_mark and mark and not text[mark.index :].strip():
                # At the end of the file what is wrong is what was left open: point at where it starts.
                mark, problem = exc.context_mark, f"{problem} ({exc.context} that starts here)"
            line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
            at = text[mark.index : mark.index + 1] if mark else ""
            hint = _syntax_hint(problem, at)
            self.error(line, column, f"invalid YAML: {problem}; fix the syntax at this place{hint}")
            return Glossary(source=self.path)
        except yaml.reader.ReaderError as exc:  # a character YAML refuses, such as a control character
            offset = _character_offset(text, exc.position)
            before = text[:offset]
            line, column = before.count("\n") + 1, offset - before.rfind("\n")
            char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
            self.error(line, column, f"invalid YAML: the character {char} is not allowed in YAML; remove it")
            return Glossary(source=self.path)
        except yaml.YAMLError as exc:  # pragma: no cover - PyYAML raises marked errors for text input
            self.error(1, 1, f"invalid YAML: {exc}")
            return Glossary(source=self.path)
        except RecursionError:  # PyYAML without libyaml (which stops at depth 1,000 itself)
            self.error(1, 1, "invalid YAML: the values are nested too deeply; write the glossary as a flat mapping")
            return Glossary(source=self.path)
        # Only an alias reaches a node twice, and it names an anchor ('&'): most glossaries have none.
        if root is not None and "&" in text and _reaches_a_node_twice(root):
            self.alias_error(text)
            return Glossary(source=self.path)
        if root is None:
            self.error(1, 1, "the glossary is empty; add a `terms:` mapping (see the README)")
            return Glossary(source=self.path)
        top = self.mapping(root, "the top level of the glossary", hint="a mapping with a `terms:` key")
        terms_node = None
        phrases: tuple[str, ...] = ()
        for key, value in top:
            if key.value == "terms":
                terms_node = value
            elif key.value == "not_inside":
                phrases = self.names(value, "the top-level `not_inside`", ("", "not_inside"))
            else:
                self.node_error(
                    key,
                    f"unknown top-level key '{key.value}'{_hint(key.value, TOP_KEYS)}; "
                    f"allowed keys: {', '.join(TOP_KEYS)}",
                )
        if terms_node is None:
            if isinstance(root, yaml.MappingNode):
                self.node_error(root, "missing `terms:` mapping; put every term under `terms:`")
            return Glossary(source=self.path)
        if (isinstance(terms_node, yaml.ScalarNode) and terms_node.value in ("", "~", "null")) or (
            isinstance(terms_node, yaml.MappingNode) and not terms_node.value
        ):
            self.node_error(terms_node, "`terms` is empty; add at least one term")
            return Glossary(source=self.path)
        terms = [
            term
            for key, value in self.mapping(terms_node, "`terms`", hint="a mapping of term names to definitions")
            if (term := self.term(key, value))
        ]
        return Glossary(tuple(self.cross_check(terms, phrases)), source=self.path, not_inside=phrases)

    def alias_error(self, text: str) -> None:
        """The error for a glossary with YAML aliases, at the first one.

        An alias repeats the value it names, so a few of them (or aliases of
        lists of aliases, "billion laughs") make a small file expand into a
        huge glossary and site. A glossary has no use for them: each term's
        text is written out.
        """
        anchors: dict[str, int] = {}
        aliases = []
        for token in yaml.scan(text, Loader=_YAML_LOADER):
            if isinstance(token, yaml.AnchorToken):
                anchors.setdefault(token.value, token.start_mark.line + 1)
            elif isinstance(token, yaml.AliasToken):
                aliases.append((token, anchors.get(token.value)))
        if not aliases:  # pragma: no cover - only an alias composes to a node reached twice
            self.error(1, 1, "the glossary repeats a value by a YAML alias; write each value out instead")
            return
        first, anchor_line = aliases[0]
        anchored = f" anchored on line {anchor_line}" if anchor_line else ""
        more = f" (and {len(aliases) - 1} more)" if len(aliases) > 1 else ""
        self.error(
            first.start_mark.line + 1,
            first.start_mark.column + 1,
            f"YAML alias '*{first.value}'{more} repeats the value{anchored}; YAML aliases are not allowed, "
            "as they let a small file expand into a huge site: write the definition out instead of using "
            "a YAML alias",
        )

    def mapping(self, node: yaml.Node, what: str, hint: str) -> list[tuple[yaml.ScalarNode, yaml.Node]]:
        """The key/value pairs of a mapping node; errors for wrong shape and duplicate keys."""
        if not isinstance(node, yaml.MappingNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
            self.node_error(node, f"{what} is {kind}, but it must be {hint}")
            return []
        pairs = []
        seen: dict[str, yaml.Node] = {}
        for key, value in node.value:
            if not isinstance(key, yaml.ScalarNode):
                self.node_error(key, f"a key in {what} must be plain text")
                continue
            if key.value in seen:
                line, _ = _at(seen[key.value])
                self.node_error(
                    key, f"duplicate key '{key.value}' (first defined on line {line}); remove or merge one of them"
                )
                continue
            seen[key.value] = key
            pairs.append((key, value))
        return pairs

    def term(self, key: yaml.ScalarNode, value: yaml.Node) -> Term | None:
        name = key.value
        errors_before = len(self.errors)
        if not name.strip():
            self.node_error(key, "a term name is empty or only white space; give the term a name")
            return None
        if name != name.strip():
            self.node_error(key, f"term '{name}' has leading or trailing white space; remove it")
            return None
        fields: dict[str, object] = {}
        if isinstance(value, yaml.ScalarNode):
            fields["definition"] = self.text(value, f"the definition of '{name}'", allow_empty=True)
            definition_node: yaml.Node = value
        else:
            definition_node = key
            for field_key, field_value in self.mapping(
                value, f"term '{name}'", hint="a definition text or a mapping with `definition:`"
            ):
                field_name = field_key.value
                if field_name not in TERM_KEYS:
                    self.node_error(
                        field_key,
                        f"unknown key '{field_name}' in term '{name}'{_hint(field_name, TERM_KEYS)}; "
                        f"allowed keys: {', '.join(TERM_KEYS)}",
                    )
                    continue
                if field_name == "definition":
                    definition_node = field_value
                fields[field_name] = self.field(field_name, field_value, name)
            # After a misspelt key, "no definition" would only repeat that error.
            if isinstance(value, yaml.MappingNode) and "definition" not in fields and len(self.errors) == errors_before:
                self.node_error(key, f"term '{name}' has no `definition`; add `definition: ...`")
        definition = fields.get("definition")
        if isinstance(definition, str) and not definition.strip():
            self.node_error(definition_node, f"the definition of '{name}' is empty; write one")
        if isinstance(definition, str) and len(definition.strip()) > MAX_DEFINITION_LENGTH:
            self.node_error(
                definition_node,
                f"the definition of '{name}' is {len(definition.strip()):,} characters long; the limit is "
                f"{MAX_DEFINITION_LENGTH:,}, as it is repeated in the tooltip of every page that links the "
                "term: shorten it, and put the detail on a page that it links to",
            )
        if len(self.errors) > errors_before:
            return None
        line, column = _at(key)
        case_sensitive = bool(fields.get("case_sensitive", False))
        own_case = self.alias_case.pop(name, {})
        case = tuple((alias, sensitive) for alias, sensitive in own_case.items() if sensitive != case_sensitive)
        aliases = self.distinct(name, tuple(fields.get("aliases", ())), case_sensitive, dict(case))  # type: ignore[arg-type]
        return Term(
            name=name,
            definition=str(fields["definition"]).strip(),
            aliases=aliases,
            avoid=tuple(fields.get("avoid", ())),  # type: ignore[arg-type]
            see=tuple(fields.get("see", ())),  # type: ignore[arg-type]
            case_sensitive=case_sensitive,
            link=fields.get("link"),  # type: ignore[arg-type]
            autolink=bool(fields.get("autolink", True)),
            location=Location(line, column),
            not_inside=tuple(fields.get("not_inside", ())),  # type: ignore[arg-type]
            only_on=tuple(fields.get("only_on", ())),  # type: ignore[arg-type]
            not_on=tuple(fields.get("not_on", ())),  # type: ignore[arg-type]
            case=tuple(pair for pair in case if pair[0] in aliases),
            sort_as=fields.get("sort_as") or None,  # type: ignore[arg-type]
        )

    def distinct(
        self, name: str, aliases: tuple[str, ...], case_sensitive: bool, case: dict[str, bool] | None = None
    ) -> tuple[str, ...]:
        """The aliases without those that repeat the name or an earlier alias (each a warning).

        Repeated means equal after Unicode normalisation, and after case
        folding too unless both spellings are case-sensitive (where `LLM` and
        `llm` are two spellings). `case` holds the aliases with their own case
        sensitivity.
        """
        if not aliases:  # most terms: nothing to compare
            return ()
        case = case or {}
        # Folded spelling -> the spellings kept with it: (as written, squashed, case-sensitive).
        earlier: dict[str, list[tuple[str, str, bool]]] = {fold(name): [(name, squash(name), case_sensitive)]}
        written: dict[str, int] = {}  # how often each alias was written so far, to place a repetition
        kept = []
        for alias in aliases:
            written[alias] = written.get(alias, 0) + 1
            sensitive = case.get(alias, case_sensitive)
            same = [
                (spelling, sensitive and other)
                for spelling, squashed, other in earlier.get(fold(alias), [])
                if not (sensitive and other) or squashed == squash(alias)
            ]
            if not same:
                earlier.setdefault(fold(alias), []).append((alias, squash(alias), sensitive))
                kept.append(alias)
                continue
            places = self.places.get((name, "aliases", alias), [(1, 1)])
            line, column = places[min(written[alias], len(places)) - 1]
            repeated, both = same[0]
            self.error(
                line,
                column,
                f"alias '{alias}' of term '{name}' repeats '{repeated}' (the same after "
                f"{'Unicode normalisation' if both else 'case folding and Unicode normalisation'}); "
                "remove it",
                REDUNDANT_ALIAS,
            )
        return tuple(kept)

    def field(self, field_name: str, node: yaml.Node, term: str) -> object:
        what = f"`{field_name}` of '{term}'"
        if field_name in ("aliases", "avoid", "see", "not_inside", "only_on", "not_on"):
            return self.names(node, what, (term, field_name))
        if field_name in ("case_sensitive", "autolink"):
            return self.boolean(node, what)
        value = self.text(node, what, allow_empty=field_name == "definition")
        if field_name == "link" and value is not None:
            problem = link_problem(value)
            if problem is not None:
                self.node_error(node, f"`link` of '{term}' cannot be used: {problem}; use {ACCEPTED}")
                return None
        return value

    def text(self, node: yaml.Node, what: str, allow_empty: bool = False) -> str | None:
        if not isinstance(node, yaml.ScalarNode):
            kind = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
            self.node_error(node, f"{what} is {kind}, but it must be text")
            return None
        if node.tag == _NULL:
            if allow_empty:
                return ""
            self.node_error(node, f"{what} is empty; write a value or remove the key")
            return None
        if node.tag != _STR:  # as the schema says: text, which YAML reads `1`, `true` and `1.5` not to be
            kind = _NOT_TEXT.get(node.tag, f"tagged {node.tag}")
            self.node_error(node, f'{what} is {kind} in YAML, but it must be text; write it in quotes: "{node.value}"')
            return None
        if not allow_empty and not node.value.strip():
            self.node_error(node, f"{what} is empty; write a value or remove the key")
            return None
        return str(node.value)

    def boolean(self, node: yaml.Node, what: str) -> bool | None:
        if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:bool":
            return node.value.lower() in ("true", "yes", "on")
        self.node_error(node, f"{what} must be true or false")
        return None

    def names(self, node: yaml.Node, what: str, owner: tuple[str, str]) -> tuple[str, ...]:
        if isinstance(node, yaml.ScalarNode):  # one name
            items, entry = [node], what
        elif isinstance(node, yaml.SequenceNode):
            items, entry = node.value, f"an entry of {what}"
        else:
            self.node_error(node, f"{what} must be a list of names, such as [a, b]")
            return ()
        names = []
        for written in items:
            item: yaml.Node | None = written
            if owner[1] == "aliases" and isinstance(written, yaml.MappingNode):
                item = self.alias_mapping(written, entry, owner[0])
            if item is None:
                continue
            value = self.text(item, entry)
            if value is None:
                continue
            if value != value.strip():
                self.node_error(item, f"'{value}' in {what} has leading or trailing white space; remove it")
                continue
            self.places.setdefault((owner[0], owner[1], value), []).append(_at(item))
            names.append(value)
        return tuple(names)

    def alias_mapping(self, node: yaml.MappingNode, what: str, term: str) -> yaml.Node | None:
        """An alias written as `{name: LLM, case_sensitive: true}`: its `name` node (its case noted), or None."""
        hint = "a mapping such as {name: LLM, case_sensitive: true}"
        name_node: yaml.Node | None = None
        sensitive: bool | None = None
        for key, value in self.mapping(node, what, hint):
            if key.value == "name":
                name_node = value
            elif key.value == "case_sensitive":
                sensitive = self.boolean(value, f"`case_sensitive` of {what}")
                if sensitive is None:
                    return None
            else:
                self.node_error(
                    key,
                    f"unknown key '{key.value}' in {what}{_hint(key.value, ALIAS_KEYS)}; "
                    f"allowed keys: {', '.join(ALIAS_KEYS)}",
                )
                return None
        if name_node is None:
            self.node_error(node, f"{what} has no `name`; write it as {hint}")
            return None
        if sensitive is not None and isinstance(name_node, yaml.ScalarNode) and name_node.tag == _STR:
            self.alias_case.setdefault(term, {})[name_node.value] = sensitive
        return name_node

    def place(self, term: Term, field_name: str, value: str) -> tuple[int, int]:
        """Where an entry of a term's list field was written (the term's key if unknown)."""
        return self.places.get((term.name, field_name, value), [(term.location.line, term.location.column)])[0]

    def cross_check(self, terms: list[Term], phrases: tuple[str, ...] = ()) -> list[Term]:
        """Checks across terms: colliding names, `avoid` against names, `see` targets, `not_inside` phrases."""
        owner: dict[str, tuple[str, Term]] = {}
        bad: set[str] = set()
        for term in terms:
            for name in term.names:
                key = fold(name)
                if key in owner and owner[key][1] is not term:  # within one term, see `distinct`
                    other_name, other = owner[key]
                    where = (
                        self.place(term, "aliases", name)
                        if name != term.name
                        else (term.location.line, term.location.column)
                    )
                    self.error(
                        *where,
                        f"'{name}' of term '{term.name}' collides with '{other_name}' of term '{other.name}' "
                        f"(line {other.location.line}) after case folding and Unicode normalisation; "
                        "remove one or make them differ",
                    )
                    bad.add(term.name)
                else:
                    owner.setdefault(key, (name, term))
        for term in terms:
            for spelling in term.avoid:
                if fold(spelling) in owner:
                    name, other = owner[fold(spelling)]
                    self.error(
                        *self.place(term, "avoid", spelling),
                        f"avoided spelling '{spelling}' of term '{term.name}' is also the name or alias "
                        f"'{name}' of term '{other.name}'; remove it from `avoid`",
                    )
                    bad.add(term.name)
        names = [term.name for term in terms]
        known = {fold(name) for name in names}
        for term in terms:
            for target in term.see:
                if fold(target) not in known:
                    self.error(
                        *self.place(term, "see", target),
                        f"`see` of term '{term.name}' names '{target}', which is not a term{_hint(target, names)}",
                    )
                    bad.add(term.name)
        bad |= self.check_phrases(terms, phrases, owner)
        return [term for term in terms if term.name not in bad]

    def check_phrases(
        self, terms: list[Term], phrases: tuple[str, ...], owner: dict[str, tuple[str, Term]]
    ) -> set[str]:
        """`not_inside` phrases: none is a term's spelling; a term's own phrases hold one of its spellings."""
        bad: set[str] = set()
        for phrase in phrases:
            if fold(phrase) in owner:
                name, other = owner[fold(phrase)]
                self.error(
                    *self.places.get(("", "not_inside", phrase), [(1, 1)])[0],
                    f"the top-level `not_inside` phrase '{phrase}' is the name or alias '{name}' of term "
                    f"'{other.name}'; remove it (a term's own spellings always link)",
                )
        for term in terms:
            for phrase in term.not_inside:
                problem = _phrase_problem(term, phrase, owner)
                if problem:
                    self.error(*self.place(term, "not_inside", phrase), problem)
                    bad.add(term.name)
        return bad
