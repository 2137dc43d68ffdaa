"""A real editor: Neovim (headless) attaches the server to a .mc buffer, and what
it received is checked. Skipped when ``nvim`` (Debian package ``neovim``) is absent."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lsp_support import position_of

NVIM = shutil.which("nvim")
CONFIG = Path(__file__).with_name("neovim") / "attach.lua"
TEXT = "OSTYPE(`linux')dnl\nFEATURE(`nouucp'\n"


@pytest.mark.skipif(NVIM is None, reason="nvim is not installed (apt-get install neovim)")
def test_neovim_gets_diagnostics_and_hover(tmp_path: Path) -> None:
    folder = tmp_path / "café"  # the URI Neovim sends is escaped: caf%C3%A9/send%20mail.mc
    folder.mkdir()
    path = folder / "send mail.mc"
    path.write_text(TEXT)
    out = tmp_path / "received.json"
    hover = position_of(TEXT, "`linux'", 2)
    env = {**os.environ, "MCPARSE_NVIM_OUT": str(out), "MCPARSE_PYTHON": sys.executable,
           "MCPARSE_NVIM_HOVER": f"{hover.line},{hover.character}", "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_CONFIG_HOME": str(tmp_path / "config")}
    done = subprocess.run(
        [str(NVIM), "--headless", "-n", "-i", "NONE", "-u", str(CONFIG), str(path)],
        cwd=folder, env=env, capture_output=True, timeout=120,
    )
    assert out.exists(), (done.returncode, done.stdout[-2000:], done.stderr[-2000:])
    received = json.loads(out.read_text())
    assert "error" not in received, received
    assert "caf%c3%a9/send%20mail.mc" in received["uri"].lower()  # Neovim writes lower-case escapes
    assert "MC002" in {item["code"] for item in received["diagnostics"]}
    assert received["stored"] >= 1  # Neovim took them as the buffer's diagnostics
    assert "linux" in json.dumps(received["hover"])
