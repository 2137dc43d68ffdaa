"""The findings cache: a hit skips the engine entirely; any change is a miss."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import BROKEN, REPO, write

from mcparse.cli import engine_bridge


def _forbid_checking(monkeypatch: pytest.MonkeyPatch) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("the engine ran although the findings were cached")

    monkeypatch.setattr(engine_bridge, "check", fail)


def test_a_second_run_is_served_from_the_cache(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    first = cli("--output-format", "json", str(path))
    _forbid_checking(monkeypatch)
    second = cli("--output-format", "json", str(path))
    assert (second.status, second.out) == (first.status, first.out)
    assert cli("--no-cache", str(path)).status == 2  # bypassing the cache reaches the (broken) engine


@pytest.mark.parametrize("change", ["file", "settings", "selection"])
def test_changes_are_misses(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, change: str) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    cli(str(path))
    _forbid_checking(monkeypatch)
    args = [str(path)]
    if change == "file":
        write(path, BROKEN + "dnl one more line\n")
    elif change == "settings":
        write(tmp_path / ".mc-check.toml", 'ignore = ["MC002"]\n')
    else:
        args.insert(0, "--ignore=MC002")
    assert cli(*args).status == 2  # a miss: the engine ran (and here refused)


def test_a_cache_hit_never_imports_pydantic(tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", BROKEN)
    script = (
        "import sys\nfrom mcparse.cli.main import main\n"
        f"status = main([{str(path)!r}])\n"
        "print('pydantic' in sys.modules, 'lark' in sys.modules, status, file=sys.stderr)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO), "MC_CHECK_CACHE_DIR": str(tmp_path / "cache")}
    env.pop("MC_CHECK_NO_CACHE", None)

    def run() -> str:
        return subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
        ).stderr.strip().splitlines()[-1]

    assert run() == "True True 1"  # the first run checks the file
    assert run() == "False False 1"  # the second answers from the cache
