"""mcparse-lsp: the language server for sendmail.mc files.

Installed as ``mcparse_lsp`` (the ``lsp/`` folder). ``server.py`` wires the
handlers; ``features/`` compute answers from the library without speaking
LSP; ``convert.py`` is the only module that turns them into LSP types.
"""

__version__ = "0.1.0"
