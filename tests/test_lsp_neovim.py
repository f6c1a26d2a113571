"""End to end in Debian's Neovim (headless): the README's configuration opens a page, shows the
server's diagnostics and a hover."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.lsp_support import INDEX, ROOT, place, write_site

NVIM = shutil.which("nvim") or "/usr/bin/nvim"
CONFIG = ROOT / "editors" / "neovim" / "glossary_ls.lua"

pytestmark = pytest.mark.slow

_SCRIPT = """
vim.g.glossary_ls_cmd = {{ {python}, "-m", "glossary_plugin.lsp" }}
vim.g.glossary_ls_env = {{ PYTHONPATH = {root} }}
dofile({config})
vim.cmd("edit " .. vim.fn.fnameescape({page}))
local out = {{}}
local ok = vim.wait(60000, function() return #vim.diagnostic.get(0) >= 3 end, 100)
out.waited = ok
out.diagnostics = {{}}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(out.diagnostics, {{ line = d.lnum, col = d.col, message = d.message, severity = d.severity }})
end
local params = {{
  textDocument = {{ uri = vim.uri_from_bufnr(0) }},
  position = {{ line = {line}, character = {character} }},
}}
local answers = vim.lsp.buf_request_sync(0, "textDocument/hover", params, 30000) or {{}}
out.hover = {{}}
for _, answer in pairs(answers) do
  if answer.result then table.insert(out.hover, answer.result.contents.value) end
end
local file = io.open({output}, "w")
file:write(vim.fn.json_encode(out))
file:close()
vim.cmd("qa!")
"""


def _lua(text: str | Path) -> str:
    return json.dumps(str(text))  # a JSON string is a Lua string literal for these paths


def test_neovim_shows_diagnostics_and_a_hover_with_the_readme_configuration(tmp_path: Path):
    assert Path(NVIM).is_file(), "Debian's neovim is needed (scripts/test.sh installs it)"
    site = write_site(tmp_path / "site", "mkdocs")
    page = site / "docs" / "index.md"
    output = tmp_path / "result.json"
    line, character = place(INDEX, "tokens add")
    script = tmp_path / "drive.lua"
    script.write_text(
        _SCRIPT.format(
            python=_lua(sys.executable),
            root=_lua(ROOT),
            config=_lua(CONFIG),
            page=_lua(page),
            output=_lua(output),
            line=line,
            character=character + 2,
        ),
        encoding="utf-8",
    )
    environment = {**os.environ, "HOME": str(tmp_path), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    subprocess.run(
        [NVIM, "--headless", "--clean", "-c", f"luafile {script}"],
        cwd=site,
        env=environment,
        timeout=180,
        check=True,
        capture_output=True,
    )
    result = json.loads(output.read_text(encoding="utf-8"))
    assert result["waited"] is True
    messages = sorted(d["message"] for d in result["diagnostics"])
    assert any("'finetuning' is a spelling to avoid" in m for m in messages)
    assert any("'attenton' is not in the glossary" in m for m in messages)
    avoided = next(d for d in result["diagnostics"] if "finetuning" in d["message"])
    assert (avoided["line"], avoided["col"]) == place(INDEX, "finetuning")
    (hover,) = result["hover"]
    assert hover.startswith("**token**") and "A piece of text a model reads." in hover
