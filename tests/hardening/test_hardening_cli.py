"""mc-check on inputs that are not sendmail.mc files, as separate processes.

tests/cli/test_inputs_and_exit_codes.py covers a binary file, a huge file, a
symlink loop and a missing file in one run, and an unreadable file when not
run as root. This adds a dangling symlink, a character device, an unreadable
file even as root, a file of NULs after 8 KB, and a named pipe; each bad input gets one
line on stderr and exit status 2 while the good file is still checked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import BROKEN, REPO, run_process, write

# Runs mc-check with os.open() refusing one path, so "permission denied" can be
# tested when the tests run as root (root reads files whatever their mode).
_DENYING = """
import errno, os, sys
from mcparse.cli.main import main
denied, real_open = sys.argv[1], os.open
def open_(file, *args, **kwargs):
    if str(file) == denied:
        raise PermissionError(errno.EACCES, "Permission denied", str(file))
    return real_open(file, *args, **kwargs)
os.open = open_
sys.exit(main(sys.argv[2:]))
"""


def _run(args: list[str], cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO), "MC_CHECK_NO_CACHE": "1"}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout, check=False)


def test_each_bad_input_gets_one_line_and_the_good_file_is_still_checked(tmp_path: Path) -> None:
    good = write(tmp_path / "good" / "broken.mc", BROKEN)
    dangling = tmp_path / "dangling.mc"
    dangling.symlink_to(tmp_path / "gone.mc")
    secret = write(tmp_path / "secret.mc", "dnl\n")
    late_nul = tmp_path / "late-nul.mc"
    late_nul.write_bytes(b"dnl padding\n" * 1000 + b"\x00\x00dnl\n")
    bad = {
        str(dangling): "no such file",
        "/dev/zero": "not a regular file (a device)",
        str(secret): "permission denied",
    }
    args = ["-c", _DENYING, str(secret), "--output-format", "concise", *bad, str(late_nul), str(good)]
    result = _run(args, tmp_path)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == len(bad), lines
    for (path, reason), line in zip(bad.items(), lines):
        assert line.startswith(f"mc-check: {path}: ") and reason in line, line
    assert "Traceback" not in result.stderr
    assert f"{good}:2:1: MC002" in result.stdout  # checked and reported
    assert str(late_nul) not in result.stderr  # NULs past the 8 KB probe: parsed like any text


def test_a_directory_of_bad_files_reports_each_and_checks_the_rest(tmp_path: Path) -> None:
    write(tmp_path / "a.mc", BROKEN)
    (tmp_path / "b.mc").write_bytes(b"\x00" * 100)
    (tmp_path / "c.mc").symlink_to(tmp_path / "c.mc")
    write(tmp_path / "d.mc", BROKEN)
    result = run_process(["--output-format", "concise", str(tmp_path)], cwd=tmp_path)
    assert result.status == 2
    assert [line.split(": ")[1] for line in result.err.splitlines()] == [str(tmp_path / "b.mc"), str(tmp_path / "c.mc")]
    assert f"{tmp_path / 'a.mc'}:2:1: MC002" in result.out and f"{tmp_path / 'd.mc'}:2:1: MC002" in result.out


def test_a_named_pipe_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.mc"
    os.mkfifo(pipe)
    good = write(tmp_path / "good.mc", BROKEN)
    try:
        result = _run(["-m", "mcparse", "--output-format", "concise", str(pipe), str(good)], tmp_path, timeout=8)
    except subprocess.TimeoutExpired:
        pytest.fail("mc-check waited forever on a named pipe")
    assert result.returncode == 2 and len(result.stderr.splitlines()) == 1
    assert f"{good}:2:1: MC002" in result.stdout
