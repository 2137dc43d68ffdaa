"""Which files a directory yields, and parallel runs that print what serial runs print."""

from __future__ import annotations

from pathlib import Path

from cli_support import BROKEN, CLEAN, run_process, write

from mcparse.cli.files import Problem, Target, discover
from mcparse.cli.runner import PARALLEL_THRESHOLD, workers_for


def _tree(root: Path) -> None:
    write(root / "b" / "sendmail.mc", CLEAN)
    write(root / "a" / "submit.mc", CLEAN)
    write(root / "a" / "notes.txt", "x")
    write(root / "a" / "old" / "backup.mc", CLEAN)
    write(root / ".git" / "hooks.mc", CLEAN)
    write(root / "node_modules" / "pkg" / "x.mc", CLEAN)
    write(root / "site.m4", CLEAN)


def _shown(entries: list[Target | Problem], root: Path) -> list[str]:
    return [str(Path(entry.shown).relative_to(root)) for entry in entries]


def test_directories_yield_mc_files_sorted_skipping_vcs_and_tool_folders(tmp_path: Path) -> None:
    _tree(tmp_path)
    assert _shown(discover([str(tmp_path)]), tmp_path) == ["a/old/backup.mc", "a/submit.mc", "b/sendmail.mc"]


def test_include_and_exclude_globs(tmp_path: Path) -> None:
    _tree(tmp_path)
    found = discover([str(tmp_path)], include=["*.mc", "*.m4"], exclude=["old"])
    assert _shown(found, tmp_path) == ["a/submit.mc", "b/sendmail.mc", "site.m4"]
    assert _shown(discover([str(tmp_path)], exclude=["a/*.mc"]), tmp_path) == ["a/old/backup.mc", "b/sendmail.mc"]


def test_explicit_files_are_checked_whatever_their_name_and_only_once(tmp_path: Path) -> None:
    _tree(tmp_path)
    notes = str(tmp_path / "a" / "notes.txt")
    submit = str(tmp_path / "a" / "submit.mc")
    found = discover([notes, submit, str(tmp_path / "a"), submit])
    assert _shown(found, tmp_path) == ["a/notes.txt", "a/submit.mc", "a/old/backup.mc"]


def test_symlinked_directory_loops_are_not_followed(tmp_path: Path) -> None:
    write(tmp_path / "etc" / "sendmail.mc", CLEAN)
    (tmp_path / "etc" / "again").symlink_to(tmp_path)
    assert _shown(discover([str(tmp_path)]), tmp_path) == ["etc/sendmail.mc"]


def test_workers_only_when_there_are_enough_files() -> None:
    assert workers_for(PARALLEL_THRESHOLD - 1, None) == 1
    assert workers_for(3, 4) == 4  # --jobs wins


def test_parallel_output_is_identical_to_serial(tmp_path: Path) -> None:
    for number in range(40):
        write(tmp_path / f"host{number:02d}" / "sendmail.mc", BROKEN if number % 3 else CLEAN)
    serial = run_process(["--jobs", "1", "--output-format", "json", "."], cwd=tmp_path)
    parallel = run_process(["--jobs", "3", "--output-format", "json", "."], cwd=tmp_path)
    automatic = run_process(["--output-format", "json", "."], cwd=tmp_path)
    assert serial.status == parallel.status == automatic.status == 1
    assert serial.out == parallel.out == automatic.out
    assert serial.out.count('"MC002"') == 26
