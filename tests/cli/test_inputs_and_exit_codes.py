"""Exit codes, standard input, and inputs that cannot be checked.

Bad inputs each get one line on stderr and exit status 2, while the other
files are still checked and reported.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from cli_support import BROKEN, CLEAN, ONLY_SYNTAX, run_process, write

from mcparse.cli import engine_bridge
from mcparse.cli.files import MAX_BYTES


def test_clean_file_exits_0(cli, tmp_path: Path) -> None:
    result = cli(*ONLY_SYNTAX, str(write(tmp_path / "ok.mc", CLEAN)))
    assert (result.status, result.out.strip(), result.err) == (0, "All checks passed.", "")


def test_findings_exit_1_and_exit_zero_exits_0(cli, tmp_path: Path) -> None:
    path = str(write(tmp_path / "bad.mc", BROKEN))
    assert cli(path).status == 1
    result = cli("--exit-zero", path)
    assert result.status == 0 and "MC002" in result.out


def test_usage_error_exits_2(cli) -> None:
    result = cli("--no-such-option")
    assert result.status == 2 and "mc-check: error:" in result.err


def test_unknown_output_format_exits_2(cli, tmp_path: Path) -> None:
    assert cli("--output-format", "xml", str(tmp_path)).status == 2


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    binary = tmp_path / "binary.mc"
    binary.write_bytes(b"dnl\n\x00\x01\x02" * 10)
    huge = tmp_path / "huge.mc"
    huge.write_bytes(b"dnl padding to make this file too large to be a sendmail.mc\n" * (MAX_BYTES // 60 + 10))
    loop = tmp_path / "loop.mc"
    loop.symlink_to(tmp_path / "loop.mc")
    return {
        "binary file": binary,
        "larger than 10 MB": huge,
        "symlink loop": loop,
        "no such file": tmp_path / "missing.mc",
    }


def test_each_bad_input_gets_one_line_and_exit_2_while_others_are_checked(cli, tmp_path: Path) -> None:
    good = write(tmp_path / "checked" / "bad.mc", BROKEN)
    bad = _bad_inputs(tmp_path)
    result = cli("--output-format", "concise", *map(str, bad.values()), str(good))
    assert result.status == 2
    errors = result.err.splitlines()
    assert len(errors) == len(bad)
    for (reason, path), line in zip(bad.items(), errors):
        assert line.startswith(f"mc-check: {path}: ") and reason in line, line
    assert f"{good}:2:1: MC002" in result.out  # the good file was still checked


def test_exit_2_beats_exit_zero(cli, tmp_path: Path) -> None:
    assert cli("--exit-zero", str(tmp_path / "missing.mc")).status == 2


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "secret.mc", CLEAN)
    path.chmod(0)
    result = cli(str(path))
    assert result.status == 2 and "permission denied" in result.err


def test_directory_without_mc_files_exits_2(cli, tmp_path: Path) -> None:
    write(tmp_path / "notes.txt", "hello")
    result = cli(str(tmp_path))
    assert result.status == 2 and "no .mc files found" in result.err


def test_settings_given_as_a_directory_exits_2(cli, tmp_path: Path) -> None:
    result = cli("--config", str(tmp_path), str(write(tmp_path / "ok.mc", CLEAN)))
    assert result.status == 2 and "is a directory" in result.err


def test_internal_error_is_one_line_without_traceback(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(engine_bridge, "check", explode)
    path = str(write(tmp_path / "ok.mc", CLEAN))
    result = cli(path)
    assert result.status == 2
    assert result.err.splitlines() == [
        "mc-check: internal error: RuntimeError: boom (run with --verbose for details)"
    ]
    with pytest.raises(RuntimeError):
        cli("--verbose", path)


def test_stdin_with_a_filename(tmp_path: Path) -> None:
    result = run_process(["--output-format", "concise", "--stdin-filename", "etc/sendmail.mc", "-"],
                         stdin=BROKEN.encode(), cwd=tmp_path)
    assert result.status == 1
    assert result.out.splitlines()[0].startswith("etc/sendmail.mc:2:1: MC002")


def test_stdin_without_a_filename_is_called_dash(tmp_path: Path) -> None:
    result = run_process([*ONLY_SYNTAX, "-"], stdin=CLEAN.encode(), cwd=tmp_path)
    assert (result.status, result.out.strip()) == (0, "All checks passed.")


def test_binary_stdin_exits_2(tmp_path: Path) -> None:
    result = run_process(["-"], stdin=b"\x00\x01", cwd=tmp_path)
    assert result.status == 2 and "binary file" in result.err and "Traceback" not in result.err


def test_console_entry_point_runs_and_reports_version(tmp_path: Path) -> None:
    result = run_process(["--version"], cwd=tmp_path)
    assert result.status == 0 and result.out.startswith("mc-check ")


def test_invalid_utf8_does_not_crash_any_format(tmp_path: Path) -> None:
    path = tmp_path / "latin1.mc"
    path.write_bytes(b"dnl caf\xe9\nFEATURE(`\xff'\n")
    for output_format in ("full", "concise", "json", "json-lines", "sarif", "github", "junit"):
        result = run_process(["--output-format", output_format, str(path)], cwd=tmp_path)
        assert result.status == 1, (output_format, result.err)
        assert "Traceback" not in result.err
