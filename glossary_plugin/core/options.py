"""Every option of the glossary, declared once (`OPTIONS`): name, default, rule, what it is for.

Each rule takes a value as the writer gave it and returns it checked and
normalised, or raises `ValueError` with a sentence that says what to write
instead. `parse_options` checks a whole set; every host (the MkDocs and
ProperDocs plugin, the Python-Markdown extension, the CLI) uses these, so
the same value gets the same verdict and the same words everywhere. The
hosts only say where the option is written.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .candidates import MissingTermOptions, parse_missing_terms
from .findings import CODES, SEVERITIES, printable
from .htmlscan import skip_selectors
from .labels import LABEL_KEYS
from .linker import LINK_MODES, LinkMode
from .loader import did_you_mean_hint

ASSET_FOLDER = "assets/glossary_plugin"
"""Where the plugin publishes its CSS, JavaScript and definitions file: no page may be written there."""
MAX_NAME_BYTES = 255
"""The longest file or folder name most file systems take (in UTF-8 bytes)."""
MAX_PATH_BYTES = 1024
"""The longest path given (in UTF-8 bytes): the site folder still has to fit before it, within 4,096."""
_SHOWN = 60
"""Characters of a value quoted in an error message."""


def glossary_page_path(value: object) -> str:
    """A Markdown page inside the docs folder, published under a name of its own.

    Anything else would publish raw text, write outside the site, or write over a file that
    MkDocs, its theme or its search plugin writes (`index.html.md` is published as
    `index.html`, `sitemap.xml.md` as `sitemap.xml`): so the page's name is a plain name
    with `.md` as its only suffix.
    """
    example = "'glossary.md' or 'reference/glossary.md'"
    if not isinstance(value, str) or not value or value.startswith(("/", "\\")) or value[1:2] == ":":
        raise ValueError(f"{_shown(value)} must be a path relative to docs_dir, such as {example}.")
    _check_path(value, example)
    normal = posixpath.normpath(value.replace("\\", "/"))
    if normal == ".." or normal.startswith("../"):
        raise ValueError(f"{_shown(value)} is outside docs_dir; give a path inside it, such as 'glossary.md'.")
    if not normal.endswith(".md"):
        raise ValueError(f"{_shown(value)} must be a Markdown page ending in '.md', such as {example}.")
    folder, name = posixpath.split(normal)
    stem = name.removesuffix(".md")
    if not stem or "." in stem:
        raise ValueError(
            f"{_shown(value)} must be a plain name ending in '.md', with no other suffix ('index.html.md' "
            f"would be published as 'index.html', over the site's own); write a name such as {example}."
        )
    # The published name is the stem plus '.html' (or a folder named by the stem): two bytes more than the source's.
    _check_path(posixpath.join(folder, stem + ".html"), example, shown=value)
    if (normal + "/").casefold().startswith(ASSET_FOLDER.casefold() + "/"):
        raise ValueError(
            f"{_shown(value)} is in '{ASSET_FOLDER}/', where the plugin writes its own files; "
            f"put the page elsewhere, such as {example}."
        )
    return normal


def file_name(value: object) -> str:
    """A file's path as written (the glossary file): non-empty text that can name a file."""
    example = "'glossary.yaml'"
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"Expected a file name such as {example}, but got {value!r}.")
    _check_path(value, example)
    return value


def _check_path(path: str, example: str, shown: str | None = None) -> None:
    """A ValueError unless `path` could name a file: no control characters, no name or path too long."""
    quoted = _shown(path if shown is None else shown)
    if printable(path) != path:
        raise ValueError(f"{quoted} holds a control, line-break or bidi character; write a name such as {example}.")
    if len(path.encode("utf-8", "surrogatepass")) > MAX_PATH_BYTES:
        raise ValueError(f"{quoted} is longer than {MAX_PATH_BYTES} bytes; write a shorter path, such as {example}.")
    for name in path.replace("\\", "/").split("/"):
        if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise ValueError(
                f"{quoted} holds a name longer than {MAX_NAME_BYTES} bytes, more than file systems allow; "
                f"write a shorter one, such as {example}."
            )


def _shown(value: object) -> str:
    """`value` quoted for an error message: printable, and cut short when long."""
    text = printable(str(value))
    return f"'{text[:_SHOWN]}...' ({len(text)} characters)" if len(text) > _SHOWN else f"'{text}'"


def glob_patterns(value: object) -> tuple[str, ...]:
    """A list of glob patterns (pages relative to the docs folder)."""
    if not isinstance(value, (list, tuple)) or not all(isinstance(pattern, str) for pattern in value):
        raise ValueError(f"Expected a list of glob patterns such as ['changelog.md', 'api/*'], but got {value!r}.")
    return tuple(value)


def true_or_false(value: object) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"Expected true or false, but got {value!r}.")
    return value


def link_mode(value: object) -> LinkMode:
    """`first`, `all` or `off`; YAML reads a bare `off` (and `no`, `false`) as false, which means `off` too."""
    if value is False:
        return "off"
    for mode in LINK_MODES:
        if value == mode:
            return mode
    raise ValueError(f"Expected one of {', '.join(LINK_MODES)}, but got {value!r}.")


def severities(value: object) -> dict[str, str]:
    """``code: level`` pairs; an unknown code or level names the known ones."""
    if not isinstance(value, dict):
        raise ValueError("Expected a mapping of checks to levels, such as {unused-term: warn}.")
    result = {}
    for code, level in value.items():
        if code not in CODES:
            hint = did_you_mean_hint(str(code), CODES)
            raise ValueError(f"Unknown check '{code}'.{hint} Known checks: {', '.join(CODES)}.")
        if level not in SEVERITIES:
            raise ValueError(f"Unknown level '{level}' for '{code}'; use one of: {', '.join(SEVERITIES)}.")
        result[str(code)] = str(level)
    return result


def label_overrides(value: object) -> dict[str, dict[str, str]]:
    """``language: {label: text}``, such as ``{fr: {used_on: Cité dans}}``; an unknown label names the known ones."""
    example = "{fr: {used_on: 'Cité dans'}}"
    if not isinstance(value, dict):
        raise ValueError(f"Expected labels per language, such as {example}, but got {value!r}.")
    result: dict[str, dict[str, str]] = {}
    for language, texts in value.items():
        if not isinstance(language, str) or not language.strip() or printable(language) != language:
            raise ValueError(f"Expected a language name such as 'fr' or 'pt_BR', but got {_shown(language)}.")
        if not isinstance(texts, dict):
            raise ValueError(f"Expected labels for '{language}' as a mapping, such as {example}, but got {texts!r}.")
        for key, text in texts.items():
            if key not in LABEL_KEYS:
                hint = did_you_mean_hint(str(key), LABEL_KEYS)
                raise ValueError(f"Unknown label '{printable(str(key))}'.{hint} Known labels: {', '.join(LABEL_KEYS)}.")
            if not isinstance(text, str) or not text.strip():
                raise ValueError(f"Expected text for label '{key}' of '{language}', but got {text!r}.")
        result[language] = {str(key): str(text) for key, text in texts.items()}
    return result


# -- every option, declared once ---------------------------------------------------------------


@dataclass(frozen=True)
class Options:
    """The options a build runs with, the same for every host (see the README)."""

    glossary_page: str = "glossary.md"
    """Source path of the glossary page, relative to the docs folder."""
    link: LinkMode = "first"
    exclude: tuple[str, ...] = ()
    plurals: bool = True
    severity: Mapping[str, str] = field(default_factory=dict)
    whole_site: bool = True
    """False when only some pages are checked: the checks that need every page (unused terms) are off."""
    missing_terms: MissingTermOptions = field(default_factory=MissingTermOptions)
    skip: tuple[str, ...] = ()
    """Simple CSS selectors (`tag`, `.class`, `tag.class`) of elements in which no term is linked."""
    labels: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    """The site's own label texts, per language (see `labels.labels_for`)."""
    language: str | None = None
    """The language of the pages being built (set by the host: the i18n plugin's or the theme's)."""


@dataclass(frozen=True)
class Option:
    """One option as writers give it: its name, its default, the rule that checks it, what it is for."""

    name: str
    default: Any
    rule: Callable[[Any], Any]
    doc: str


OPTIONS: tuple[Option, ...] = (
    Option("glossary_file", "glossary.yaml", file_name, "The glossary, relative to the folder of the config file."),
    Option(
        "glossary_page",
        "glossary.md",
        glossary_page_path,
        "The page that lists every term, relative to docs_dir; generated when missing.",
    ),
    Option("link", "first", link_mode, "Which occurrences of a term become links: `first` on each page, `all`, `off`."),
    Option("exclude", (), glob_patterns, "Glob patterns of pages (relative to docs_dir) where terms are not linked."),
    Option("plurals", True, true_or_false, "Also match regular English plurals of terms and aliases."),
    Option("severity", {}, severities, "Level per check: error, warn, info or ignore."),
    Option(
        "missing_terms",
        None,
        parse_missing_terms,
        "The `missing-term` check: words that are not terms, and uses before a candidate is reported.",
    ),
    Option(
        "skip", (), skip_selectors, "Elements in which no term is linked, besides the built-in ones: `tag`, `.class`."
    ),
    Option("assets", True, true_or_false, "Add the tooltip CSS and JavaScript (false: the site provides them)."),
    Option("labels", {}, label_overrides, "Label texts per language, over the built-in ones: `{fr: {used_on: ...}}`."),
)
OPTION_NAMES = tuple(option.name for option in OPTIONS)


class OptionError(ValueError):
    """An option that cannot be used: `option` names it, the message says what to write instead."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option


@dataclass(frozen=True)
class Settings:
    """Every option, checked: what the hosts build with."""

    glossary_file: str = "glossary.yaml"
    options: Options = field(default_factory=Options)
    assets: bool = True


def unknown_option(name: str) -> OptionError:
    """The error for an option no host knows, with the nearest known name."""
    hint = did_you_mean_hint(name, OPTION_NAMES)
    return OptionError(name, f"unknown option '{printable(name)}'.{hint} Known options: {', '.join(OPTION_NAMES)}.")


def check_option(option: Option, value: object) -> Any:
    """`value` checked by the option's rule; an OptionError that names the option otherwise."""
    try:
        return option.rule(value)
    except ValueError as error:
        raise OptionError(option.name, f"option '{option.name}': {error}") from None


def parse_options(raw: Mapping[str, object]) -> Settings:
    """The options as written (any host's config), checked; an OptionError names the first bad one."""
    for name in raw:
        if str(name) not in OPTION_NAMES:
            raise unknown_option(str(name))
    # An option written with no value (`link:`) is the default, as MkDocs reads it.
    given = {name: value for name, value in raw.items() if value is not None}
    checked = {option.name: check_option(option, given.get(option.name, option.default)) for option in OPTIONS}
    return Settings(
        glossary_file=checked["glossary_file"],
        options=Options(
            glossary_page=checked["glossary_page"],
            link=checked["link"],
            exclude=checked["exclude"],
            plurals=checked["plurals"],
            severity=checked["severity"],
            missing_terms=checked["missing_terms"],
            skip=checked["skip"],
            labels=checked["labels"],
        ),
        assets=checked["assets"],
    )


def option_place(config_text: str | None, anchors: tuple[str, ...], option: str) -> tuple[int, int] | None:
    """Where `option` is written in a config file: after each of `anchors` in turn (the section, the host's
    name for us), or at the last anchor found. A text search, not a parse: the host gives no lines."""
    if not config_text:
        return None
    at = -1
    for anchor in anchors:
        found = config_text.find(anchor, max(at, 0))
        if found < 0:
            break
        at = found
    if at < 0:
        return None
    found = config_text.find(option, at) if option else -1
    at = found if found >= 0 else at
    return config_text.count("\n", 0, at) + 1, at - config_text.rfind("\n", 0, at)


def located_option_error(
    error: OptionError, config_display: str, config_text: str | None, section: str, anchors: tuple[str, ...]
) -> str:
    """The one way every host reports a bad option: `file:line:col: invalid-option: section: message`."""
    place = option_place(config_text, anchors, error.option)
    where = f"{config_display}:{place[0]}:{place[1]}" if place else config_display
    return f"{where}: invalid-option: {section}: {error}"
