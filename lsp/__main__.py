"""``mcparse-lsp`` / ``python -m mcparse_lsp``: the language server over stdio."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from typing import Optional, Sequence

from . import __version__


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Serve on stdin/stdout until the client says exit (or goes away), then end
    the process with 0 after shutdown + exit, 1 otherwise."""
    parser = argparse.ArgumentParser(prog="mcparse-lsp", description="Language server for sendmail.mc files.")
    parser.add_argument("--stdio", action="store_true", help="speak LSP over stdin/stdout (the default)")
    parser.add_argument("--version", action="version", version=f"mcparse-lsp {__version__}")
    parser.add_argument("--log-level", default="WARNING", help="logging level for stderr (default WARNING)")
    args = parser.parse_args(argv)
    # stdout carries the protocol, so every log line must go to stderr.
    logging.basicConfig(stream=sys.stderr, level=args.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")

    from .server import create_server

    code = create_server().serve_stdio()
    # Exit now with the server's code: a normal interpreter exit would wait for
    # an analysis or compile thread still running, whose result nobody needs.
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    sys.exit(main())
