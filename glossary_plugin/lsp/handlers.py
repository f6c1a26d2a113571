"""The LSP methods `glossary-ls` answers, each a thin call into the server's state and the features."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Sequence
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

from ..core.findings import AVOIDED_SPELLING, MISSING_TERM, UNDEFINED_TERM
from ..core.project import CONFIG_FILES
from . import features
from .checker import Checker
from .server import SOURCE, GlossaryServer, SiteState, uri_path
from .spellings import Found

PAGE_DEBOUNCE = 1.0
"""Seconds after the last change to a page before the whole build runs again (its findings only add
`missing-term`; the page's own findings are published on every change)."""
GLOSSARY_DEBOUNCE = 0.3
"""Seconds after the last change to the glossary before every open page is checked against it."""
_ANCHOR = re.compile(r"#([^\s)\"'>]+)")

server = GlossaryServer()
_pending: dict[Path, asyncio.TimerHandle] = {}


def _later(state: SiteState, delay: float) -> None:
    """The whole build for `state`, once changes have paused for `delay` seconds."""
    handle = _pending.pop(state.config_file, None)
    if handle is not None:
        handle.cancel()
    loop = asyncio.get_running_loop()
    _pending[state.config_file] = loop.call_later(delay, _run_site, state)


def _run_site(state: SiteState) -> None:
    _pending.pop(state.config_file, None)
    server.check_site(state)


def _state(uri: str) -> SiteState | None:
    path = _path(uri)
    return None if path is None else server.state_for(path)


def _path(uri: str) -> Path | None:
    return uri_path(uri)


@server.feature(types.INITIALIZED)
def initialized(ls: GlossaryServer, params: types.InitializedParams) -> None:
    watching = ls.client_capabilities.workspace
    dynamic = watching and watching.did_change_watched_files and watching.did_change_watched_files.dynamic_registration
    if not dynamic:
        return
    patterns = ["**/*.md", "**/*.yaml", "**/*.yml", "**/*.toml"]
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in patterns]
    )
    registration = types.Registration(
        id="glossary-ls-files", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options
    )
    ls.client_register_capability(types.RegistrationParams(registrations=[registration]))


@server.feature(types.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: GlossaryServer, params: types.DidOpenTextDocumentParams) -> None:
    uri = params.text_document.uri
    ls.check_document(uri)  # the page's own findings first: the whole build takes longer
    state = _state(uri)
    if state is not None:
        ls.check_site(state)


@server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: GlossaryServer, params: types.DidChangeTextDocumentParams) -> None:
    uri = params.text_document.uri
    state = _state(uri)
    if state is None or state.checker is None:
        return
    path = _path(uri)
    if path == state.checker.site.glossary_file:
        _later(state, GLOSSARY_DEBOUNCE)
    elif path != state.config_file:
        ls.check_document(uri)
        _later(state, PAGE_DEBOUNCE)


@server.feature(types.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: GlossaryServer, params: types.DidSaveTextDocumentParams) -> None:
    state = _state(params.text_document.uri)  # a saved config file is read again here
    if state is not None:
        ls.check_site(state)


@server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: GlossaryServer, params: types.DidCloseTextDocumentParams) -> None:
    uri = params.text_document.uri
    state = _state(uri)
    ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
    if state is not None and state.checker is not None and _path(uri) == state.checker.site.glossary_file:
        ls.check_site(state)  # the glossary as saved again


@server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: GlossaryServer, params: types.DidChangeWatchedFilesParams) -> None:
    states = []
    for change in params.changes:
        path = _path(change.uri)
        if path is None:
            continue
        if path.name in CONFIG_FILES and path.parent in {config.parent for config in ls.sites}:
            state = ls.state_for(path)
        else:
            state = next((s for s in ls.sites.values() if _concerns(s, path)), None)
        if state is not None and state not in states:
            states.append(state)
    for state in states:
        ls.check_site(state)


def _concerns(state: SiteState, path: Path) -> bool:
    checker = state.checker
    if checker is None:
        return path.parent == state.config_file.parent
    site = checker.site
    return path == site.glossary_file or site.src_uri(path) is not None


# -- what the writer asks ------------------------------------------------------------


def _found_at(ls: GlossaryServer, uri: str, position: types.Position) -> tuple[SiteState, Found] | None:
    located = ls.site_of(uri)
    if located is None:
        return None
    state, checker = located
    document = ls.workspace.get_text_document(uri)
    line, column = ls.server_position(document, position)
    if line >= len(document.lines):
        return None
    found = ls.spellings(state, checker).at(document.lines[line].rstrip("\r\n"), column)
    return None if found is None else (state, found)


@server.feature(types.TEXT_DOCUMENT_HOVER)
def hover(ls: GlossaryServer, params: types.HoverParams) -> types.Hover | None:
    hit = _found_at(ls, params.text_document.uri, params.position)
    if hit is None:
        return None
    _, found = hit
    document = ls.workspace.get_text_document(params.text_document.uri)
    line, _ = ls.server_position(document, params.position)
    return types.Hover(
        contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value=features.hover_markdown(found.term, found.spelling, found.kind)
        ),
        range=ls.client_range(document.lines, line, found.start, found.end),
    )


@server.feature(types.TEXT_DOCUMENT_DEFINITION)
def definition(ls: GlossaryServer, params: types.DefinitionParams) -> types.Location | None:
    hit = _found_at(ls, params.text_document.uri, params.position)
    if hit is None:
        return None
    state, found = hit
    assert state.checker is not None
    glossary_file = state.checker.site.glossary_file
    uri = from_fs_path(str(glossary_file))
    if uri is None:
        return None
    document = ls.workspace.text_documents.get(uri)
    try:
        lines = document.lines if document is not None else glossary_file.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):  # gone since it was read: its findings say so
        return None
    line, column = found.term.location.line - 1, found.term.location.column - 1
    key = lines[line] if line < len(lines) else ""
    return types.Location(
        uri=uri, range=ls.client_range(lines, line, column, min(len(key), column + len(found.term.name)))
    )


@server.feature(types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=["["]))
def completion(ls: GlossaryServer, params: types.CompletionParams) -> types.CompletionList | None:
    uri = params.text_document.uri
    located = ls.site_of(uri)
    if located is None:
        return None
    _, checker = located
    document = ls.workspace.get_text_document(uri)
    line, column = ls.server_position(document, params.position)
    text = document.lines[line].rstrip("\r\n") if line < len(document.lines) else ""
    if _path(uri) == checker.site.glossary_file:
        found = features.field_completions(document.source, line, text[:column])
        kind = types.CompletionItemKind.Field
    else:
        found = features.reference_completions(checker.loaded().glossary, text[:column], text[column:]) or []
        kind = types.CompletionItemKind.Constant
    items = [
        types.CompletionItem(
            label=item.label,
            kind=kind,
            detail=item.detail,
            documentation=types.MarkupContent(kind=types.MarkupKind.Markdown, value=item.documentation),
            insert_text=item.insert,
        )
        for item in found
    ]
    return types.CompletionList(is_incomplete=False, items=items)


@server.feature(
    types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix])
)
def code_action(ls: GlossaryServer, params: types.CodeActionParams) -> list[types.CodeAction]:
    uri = params.text_document.uri
    located = ls.site_of(uri)
    if located is None:
        return []
    state, checker = located
    document = ls.workspace.get_text_document(uri)
    actions = []
    for diagnostic in params.context.diagnostics:
        if diagnostic.source != SOURCE or not isinstance(diagnostic.data, dict):
            continue
        code, suggestion = diagnostic.data.get("code"), diagnostic.data.get("suggestion")
        action = None
        if code == AVOIDED_SPELLING and suggestion:
            action = _replace(uri, diagnostic, diagnostic.range, suggestion, f"Write '{suggestion}'")
        elif code == UNDEFINED_TERM and suggestion:
            action = _did_you_mean(ls, uri, document.lines, diagnostic, suggestion)
        elif code == MISSING_TERM:
            action = _add_entry(ls, state, checker, diagnostic)
        if action is not None:
            actions.append(action)
    return actions


def _replace(uri: str, diagnostic: types.Diagnostic, where: types.Range, text: str, title: str) -> types.CodeAction:
    edit = types.WorkspaceEdit(changes={uri: [types.TextEdit(range=where, new_text=text)]})
    return types.CodeAction(
        title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic], edit=edit, is_preferred=True
    )


def _did_you_mean(
    ls: GlossaryServer, uri: str, lines: Sequence[str], diagnostic: types.Diagnostic, suggestion: str
) -> types.CodeAction | None:
    """The name in a `[[reference]]`, or the anchor in a link to the glossary, replaced by its did-you-mean."""
    document = ls.workspace.get_text_document(uri)
    line, start = ls.server_position(document, diagnostic.range.start)
    text = lines[line].rstrip("\r\n") if line < len(lines) else ""
    name = suggestion.lstrip("#")
    if text.startswith("[[", start):
        inner_end = (
            min(i for i in (text.find("|", start), text.find("]]", start)) if i != -1) if "]]" in text[start:] else -1
        )
        if inner_end == -1:
            return None
        where = ls.client_range(lines, line, start + 2, inner_end)
        return _replace(uri, diagnostic, where, name, f"Did you mean '{name}'?")
    anchor = _ANCHOR.search(text, max(start - 1, 0))  # the finding is at the fragment, after its '#'
    if anchor is None:
        return None
    where = ls.client_range(lines, line, anchor.start(1), anchor.end(1))
    return _replace(uri, diagnostic, where, name, f"Did you mean '#{name}'?")


def _add_entry(
    ls: GlossaryServer, state: SiteState, checker: Checker, diagnostic: types.Diagnostic
) -> types.CodeAction | None:
    """The candidate's entry stub added to the glossary file (a workspace edit the writer reviews)."""
    assert isinstance(diagnostic.data, dict)
    candidate = state.candidates.get(str(diagnostic.data.get("where")))
    if candidate is None:
        return None
    glossary_file = checker.site.glossary_file
    uri = from_fs_path(str(glossary_file))
    if uri is None:
        return None
    document = ls.workspace.text_documents.get(uri)
    if document is not None:
        text = document.source
    else:
        try:
            text = glossary_file.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
    line, column, inserted = features.entry_insertion(candidate, checker.loaded().glossary, text)
    lines = text.splitlines(keepends=True)
    where = ls.client_range(lines, line, column, column)
    edit = types.WorkspaceEdit(changes={uri: [types.TextEdit(range=where, new_text=inserted)]})
    return types.CodeAction(
        title=f"Add '{candidate.name}' to {checker.site.glossary_display}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[diagnostic],
        edit=edit,
    )
