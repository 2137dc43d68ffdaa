"""Shared helpers of the mc-check tests (a module of its own: several test
folders have a conftest.py, so importing from "conftest" is ambiguous)."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Optional, Sequence

REPO = Path(__file__).resolve().parents[2]

# Two syntax errors m4 itself reports: they exist whatever rules are loaded.
BROKEN = "divert(-1)dnl\nFEATURE(`access_db'dnl\n`oops\n"
CLEAN = "divert(-1)dnl\ndnl nothing to see here\n"
# Where a test needs a clean run, only the syntax checks: rules added later
# must not turn it red.
ONLY_SYNTAX = ("--select", "MC0")


@dataclass
class Outcome:
    status: int
    out: str
    err: str


def run_process(
    args: Sequence[str], *, cwd: Optional[Path] = None, stdin: bytes = b"", env: Optional[dict[str, str]] = None
) -> Outcome:
    """Run the real ``python -m mcparse`` (what the mc-check console script runs)."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), "MC_CHECK_NO_CACHE": "1", **(env or {})}
    environment.pop("NO_COLOR", None)
    environment.pop("FORCE_COLOR", None)
    proc = subprocess.run(
        [sys.executable, "-m", "mcparse", *args], cwd=cwd, input=stdin, capture_output=True, env=environment,
        timeout=120, check=False,
    )
    return Outcome(proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode())
    return path
