"""A sandboxed GNU m4: the same output as ``m4 FILE``, with nothing executed.

:func:`run_m4` is the plain interface (text in, standard output and error
out); :mod:`mcparse.compiler` builds sendmail.cf on top of the engine.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from .engine import Budget, Engine, Host

__all__ = ["Budget", "Engine", "FileHost", "Host", "M4Run", "run_m4"]


def to_latin1(text: str) -> str:
    """m4 works on bytes: represent them one character per byte."""
    return text.encode("utf-8", "surrogateescape").decode("latin-1")


def from_latin1(text: str) -> str:
    return text.encode("latin-1").decode("utf-8", "surrogateescape")


class FileHost(Host):
    """Reads include files relative to ``cwd`` and ``include_dirs``, inside ``roots`` only."""

    def __init__(
        self,
        cwd: Path,
        include_dirs: Sequence[Path] = (),
        roots: Optional[Sequence[Path]] = None,
    ) -> None:
        self.cwd = cwd
        self.include_dirs = list(include_dirs)
        self.roots = [Path(os.path.realpath(root)) for root in roots] if roots is not None else None
        self.opened: list[str] = []

    def allowed(self, path: Path) -> bool:
        if self.roots is None:
            return True
        real = Path(os.path.realpath(path))
        return any(real == root or root in real.parents for root in self.roots)

    def read_file(self, name: str) -> Optional[tuple[str, str]]:
        if not name or "\0" in name:
            return None
        candidates = [(name, self.cwd / name)]
        if not os.path.isabs(name):
            candidates += [(str(directory / name), directory / name) for directory in self.include_dirs]
        for reported, path in candidates:
            if not path.is_file() or not self.allowed(path):
                continue
            try:
                data = path.read_bytes()
            except OSError:
                continue
            self.opened.append(str(path))
            return reported, data.decode("latin-1")
        return None


@dataclass
class M4Run:
    """What one m4 run printed and how it ended."""

    output: str
    stderr: str
    exit_status: int
    engine: Engine


def run_m4(
    text: str,
    *,
    name: str = "stdin",
    include_dirs: Sequence[Path] = (),
    cwd: Optional[Path] = None,
    host: Optional[Host] = None,
    budget: Optional[Budget] = None,
) -> M4Run:
    """Run ``text`` through the sandboxed m4 as ``m4 NAME`` would in ``cwd``."""
    if host is None:
        host = FileHost(cwd or Path.cwd(), include_dirs)
    engine = Engine(host, budget)
    engine.push_file(name, to_latin1(text), main=True)
    status = engine.run()
    return M4Run(
        output=from_latin1(engine.out.stdout.text()),
        stderr=from_latin1("".join(engine.stderr)),
        exit_status=status,
        engine=engine,
    )
