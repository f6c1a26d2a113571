-- glossary-ls in Neovim 0.7 or newer: copy this file into your config (or `dofile` it from init.lua).
-- Every Markdown or YAML buffer inside a site (a folder with mkdocs.yml, properdocs.yml or zensical.toml,
-- or under one) gets the site's glossary-ls: one server per site.
local config_files = { "mkdocs.yml", "mkdocs.yaml", "properdocs.yml", "properdocs.yaml", "zensical.toml" }
local command = vim.g.glossary_ls_cmd or { "glossary-ls" }
local clients = {}

local function site_root(file)
  local folder = vim.fn.fnamemodify(file, ":p:h")
  for _, name in ipairs(config_files) do
    local found = vim.fn.findfile(name, folder .. ";")
    if found ~= "" then
      return vim.fn.fnamemodify(found, ":p:h")
    end
  end
  return nil
end

vim.api.nvim_create_autocmd("FileType", {
  pattern = { "markdown", "yaml" },
  callback = function(args)
    local root = site_root(vim.api.nvim_buf_get_name(args.buf))
    if root == nil then
      return
    end
    if clients[root] == nil then
      clients[root] = vim.lsp.start_client({
        name = "glossary-ls",
        cmd = command,
        cmd_env = vim.g.glossary_ls_env,
        root_dir = root,
      })
    end
    vim.lsp.buf_attach_client(args.buf, clients[root])
  end,
})
