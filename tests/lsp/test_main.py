"""The entry points: ``python -m mcparse_lsp`` and the ``mcparse-lsp`` script."""

from __future__ import annotations

import subprocess
import sys

from mcparse_lsp import __version__


def test_module_prints_version() -> None:
    done = subprocess.run([sys.executable, "-m", "mcparse_lsp", "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert done.stdout.strip() == f"mcparse-lsp {__version__}"


def test_library_does_not_import_the_server() -> None:
    code = (
        "import sys, mcparse\n"
        "mcparse.check('OSTYPE(linux)dnl')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('pygls', 'lsprotocol', 'mcparse_lsp'))))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
