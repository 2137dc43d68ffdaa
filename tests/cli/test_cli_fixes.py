"""--fix, --unsafe-fixes and --diff: what is written, how, and when it is refused.

A stand-in fixer (straight quotes -> backquote, as wrong-open-quote does)
exercises the CLI's side of fixing whatever rules are loaded; the end-to-end
test with the real rules and m4 is in test_fixes_m4.py.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any, Optional

import pytest
from cli_support import ONLY_SYNTAX, run_process, write

from mcparse.cli import engine_bridge
from mcparse.cli.files import InputError
from mcparse.cli.fixing import write_atomically

WRONG = "define('confAUTH_OPTIONS', `A p')dnl\r\nFEATURE(`x'dnl\r\n"
RIGHT = "define(`confAUTH_OPTIONS', `A p')dnl\r\nFEATURE(`x'dnl\r\n"


@pytest.fixture
def fake_fixer(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Replace the engine's fixer; records whether unsafe fixes were asked for."""
    calls: list[bool] = []

    def fix(text: str, settings: Any, path: Optional[str], *, unsafe: bool) -> tuple[str, int]:
        calls.append(unsafe)
        fixed = text.replace("define('", "define(`")
        return fixed, int(fixed != text)

    monkeypatch.setattr(engine_bridge, "fix", fix)
    return calls


def test_fix_writes_the_file_keeping_bom_crlf_and_mode(cli, fake_fixer: list[bool], tmp_path: Path) -> None:
    path = tmp_path / "sendmail.mc"
    path.write_bytes(b"\xef\xbb\xbf" + WRONG.encode())
    path.chmod(0o640)
    before = path.stat().st_ino
    result = cli("--fix", "--output-format", "concise", str(path))
    assert path.read_bytes() == b"\xef\xbb\xbf" + RIGHT.encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != before  # replaced by rename, not rewritten in place
    assert fake_fixer == [False]
    # What remains (the unclosed FEATURE) is still reported, and fails the run.
    assert result.status == 1 and "MC002" in result.out and "Fixed 1 finding" in result.out
    assert [p.name for p in tmp_path.iterdir()] == ["sendmail.mc"]  # no temp file left behind


def test_unsafe_fixes_are_asked_for_only_with_the_flag(cli, fake_fixer: list[bool], tmp_path: Path) -> None:
    path = write(tmp_path / "a.mc", WRONG)
    cli("--unsafe-fixes", str(path))
    assert fake_fixer == [True]


def test_fix_follows_a_symlink_and_keeps_it(cli, fake_fixer: list[bool], tmp_path: Path) -> None:
    target = write(tmp_path / "real.mc", WRONG)
    link = tmp_path / "sendmail.mc"
    link.symlink_to(target)
    cli("--fix", str(link))
    assert link.is_symlink() and target.read_bytes().decode() == RIGHT


def test_diff_prints_and_writes_nothing(cli, fake_fixer: list[bool], tmp_path: Path) -> None:
    path = write(tmp_path / "a.mc", WRONG)
    result = cli("--diff", str(path))
    assert path.read_bytes().decode() == WRONG
    assert result.status == 1
    assert f"--- {path}\n+++ {path}\n" in result.out
    assert "-define('confAUTH_OPTIONS', `A p')dnl\r\n+define(`confAUTH_OPTIONS', `A p')dnl\r\n" in result.out
    assert cli("--diff", str(write(tmp_path / "b.mc", RIGHT))).status == 0


def test_fix_is_refused_when_the_file_changed_underneath(
    cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = write(tmp_path / "a.mc", WRONG)

    def fix_while_an_editor_saves(text: str, settings: Any, path_: Optional[str], *, unsafe: bool) -> tuple[str, int]:
        path.write_text("dnl the admin's own edit\n")
        return RIGHT, 1

    monkeypatch.setattr(engine_bridge, "fix", fix_while_an_editor_saves)
    result = cli("--fix", str(path))
    assert result.status == 2
    assert "changed since it was read" in result.err
    assert path.read_text() == "dnl the admin's own edit\n"


def test_write_atomically_refuses_changed_content(tmp_path: Path) -> None:
    path = write(tmp_path / "a.mc", "new\n")
    with pytest.raises(InputError, match="changed since it was read"):
        write_atomically(str(path), b"old\n", b"fixed\n")
    assert path.read_text() == "new\n"


def test_a_fix_that_breaks_the_file_is_not_written(cli, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = write(tmp_path / "a.mc", "define(`x', `y')dnl\n")
    monkeypatch.setattr(engine_bridge, "fix", lambda text, settings, p, *, unsafe: (text.replace("')", ""), 1))
    result = cli("--fix", str(path))
    assert result.status == 2 and "unparsable" in result.err
    assert path.read_text() == "define(`x', `y')dnl\n"


def test_fix_on_stdin_prints_the_fixed_text(tmp_path: Path) -> None:
    # Through a real process, with the real engine's fixer (or none yet):
    # the output is the text, fixed as far as the engine can.
    result = run_process([*ONLY_SYNTAX, "--fix", "-"], stdin=b"dnl nothing to fix\n", cwd=tmp_path)
    assert result.out == "dnl nothing to fix\n"
    assert result.status == 0 and "All checks passed." in result.err


def test_a_failed_rename_leaves_the_file_and_no_temp_file(
    cli, fake_fixer: list[bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "a.mc", WRONG)

    def refuse(source: str, target: str) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    result = cli("--fix", str(path))
    assert result.status == 2 and "cannot write fixes: Permission denied" in result.err
    assert path.read_bytes().decode() == WRONG
    assert [p.name for p in tmp_path.iterdir()] == ["a.mc"]


def test_a_read_only_file_is_never_rewritten(cli, fake_fixer: list[bool], tmp_path: Path) -> None:
    # Replacing a file needs only a writable directory, and root may write
    # anything: the mode bits are what say "leave it alone", for root too.
    path = write(tmp_path / "a.mc", WRONG)
    path.chmod(0o444)
    result = cli("--fix", str(path))
    assert result.status == 2
    assert "read-only (mode 0444)" in result.err and "fixes not written" in result.err
    assert path.read_bytes().decode() == WRONG and stat.S_IMODE(path.stat().st_mode) == 0o444
    assert "Fixed" not in result.out + result.err  # nothing was written, nothing was fixed
    assert [p.name for p in tmp_path.iterdir()] == ["a.mc"]


def test_a_file_this_user_may_not_write_is_not_rewritten(
    cli, fake_fixer: list[bool], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Writable by its owner, but not by the user running mc-check (os.access
    # says so; faked here because the tests may run as root).
    path = write(tmp_path / "a.mc", WRONG)
    path.chmod(0o644)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if mode == os.W_OK else real_access(p, mode, **kw))
    result = cli("--fix", str(path))
    assert result.status == 2 and "not writable by this user" in result.err
    assert path.read_bytes().decode() == WRONG
    assert "Fixed" not in result.out + result.err


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away")
def test_fix_keeps_the_files_owner(cli, fake_fixer: list[bool], tmp_path: Path) -> None:
    path = write(tmp_path / "a.mc", WRONG)
    os.chown(path, 4321, 8765)
    path.chmod(0o664)
    cli("--fix", str(path))
    info = path.stat()
    assert path.read_bytes().decode() == RIGHT
    assert (info.st_uid, info.st_gid, stat.S_IMODE(info.st_mode)) == (4321, 8765, 0o664)


def test_write_atomically_backs_off_when_the_file_was_replaced(tmp_path: Path) -> None:
    # A second mc-check that read the same bytes, while the first one already
    # renamed its result into place: it must not write over that.
    path = write(tmp_path / "a.mc", "old\n")
    original = path.read_bytes()
    write_atomically(str(path), original, b"first\n")
    with pytest.raises(InputError, match="changed since it was read"):
        write_atomically(str(path), original, b"second\n")
    assert path.read_text() == "first\n"
