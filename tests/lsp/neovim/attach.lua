-- Attach mcparse-lsp to the buffer nvim was started on, and write what the
-- server sent to $MCPARSE_NVIM_OUT as JSON: the first non-empty diagnostics
-- and the hover at $MCPARSE_NVIM_HOVER ("line,column", 0-based). Then quit.
-- Uses only the API of Neovim 0.7 (Debian 12), so start_client, not lsp.start.
local out = os.getenv("MCPARSE_NVIM_OUT")
local python = os.getenv("MCPARSE_PYTHON")
local hover_at = os.getenv("MCPARSE_NVIM_HOVER")

local function finish(result)
  local file = io.open(out, "w")
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd("qall!")
end

vim.defer_fn(function() finish({ error = "timed out waiting for diagnostics" }) end, 60000)

local function attach()
local client_id = vim.lsp.start_client({
  name = "mcparse",
  cmd = { python, "-m", "mcparse_lsp" },
  root_dir = vim.fn.getcwd(),
  handlers = {
    ["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
      vim.lsp.diagnostic.on_publish_diagnostics(err, result, ctx, config)
      if result == nil or #result.diagnostics == 0 then
        return
      end
      local client = vim.lsp.get_client_by_id(ctx.client_id)
      local line, column = hover_at:match("(%d+),(%d+)")
      local params = {
        textDocument = { uri = result.uri },
        position = { line = tonumber(line), character = tonumber(column) },
      }
      client.request("textDocument/hover", params, function(_, hover)
        finish({
          uri = result.uri,
          diagnostics = result.diagnostics,
          stored = #vim.diagnostic.get(0),
          hover = hover and hover.contents or vim.NIL,
        })
      end, 0)
    end,
  },
})
vim.lsp.buf_attach_client(0, client_id)
end

-- The config runs before the file is read into its buffer: attach once it is.
vim.api.nvim_create_autocmd("VimEnter", { callback = attach })
