"""Issue #16: exclude / extend-exclude settings, .gitignore, and folders that
cannot be listed (reported, never skipped in silence)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from cli_support import CLEAN, ONLY_SYNTAX, write

from mcparse.cli.files import Problem, Target, discover
from mcparse.cli.gitignore import parse_rules, PatternFile


def _found(root: Path, **options: object) -> list[str]:
    entries = discover([str(root)], **options)  # type: ignore[arg-type]
    assert all(isinstance(entry, Target) for entry in entries), entries
    return [Path(entry.shown).relative_to(root).as_posix() for entry in entries]


def _tree(root: Path) -> None:
    for name in ("sendmail.mc", "old/backup.mc", "build/gen.mc", "site/a/submit.mc", "venv/x.mc", "keep/k.mc"):
        write(root / name, CLEAN)


# -- the settings ---------------------------------------------------------------------


def test_extend_exclude_adds_to_the_defaults(tmp_path: Path) -> None:
    _tree(tmp_path)
    write(tmp_path / ".mc-check.toml", 'extend-exclude = ["old/", "site/*/submit.mc"]\n')
    assert _found(tmp_path) == ["build/gen.mc", "keep/k.mc", "sendmail.mc"]  # venv/ stays a default


def test_exclude_replaces_the_defaults(tmp_path: Path) -> None:
    _tree(tmp_path)
    write(tmp_path / "pyproject.toml", '[tool.mc-check]\nexclude = ["build"]\n')
    assert _found(tmp_path) == ["keep/k.mc", "old/backup.mc", "sendmail.mc", "site/a/submit.mc", "venv/x.mc"]


def test_exclude_patterns_are_relative_to_the_settings_file(tmp_path: Path) -> None:
    _tree(tmp_path / "etc")
    write(tmp_path / ".mc-check.toml", 'extend-exclude = ["/etc/old"]\n')
    assert _found(tmp_path / "etc") == ["build/gen.mc", "keep/k.mc", "sendmail.mc", "site/a/submit.mc"]


def test_exclude_in_the_config_named_on_the_command_line(tmp_path: Path) -> None:
    _tree(tmp_path / "tree")
    config = write(tmp_path / "ci.toml", 'extend-exclude = ["build", "keep"]\n')
    assert _found(tmp_path / "tree", config=str(config)) == ["old/backup.mc", "sendmail.mc", "site/a/submit.mc"]


def test_a_bad_exclude_setting_is_reported(cli, tmp_path: Path) -> None:
    _tree(tmp_path)
    write(tmp_path / ".mc-check.toml", 'exclude = "build"\n')
    result = cli(str(tmp_path))
    assert result.status == 2 and "exclude" in result.err


def test_explicitly_named_files_are_checked_even_when_excluded(cli, tmp_path: Path) -> None:
    _tree(tmp_path)
    write(tmp_path / ".mc-check.toml", 'extend-exclude = ["old"]\nselect = ["MC0"]\n')
    assert cli(str(tmp_path / "old" / "backup.mc")).status == 0
    assert "old/backup.mc" not in cli("--output-format", "json", str(tmp_path)).out


def test_the_settings_are_validated_when_files_are_checked(cli, tmp_path: Path) -> None:
    write(tmp_path / ".mc-check.toml", 'extend-exclude = ["old"]\nexclud = ["x"]\n')
    path = write(tmp_path / "sendmail.mc", CLEAN)
    result = cli(str(path))
    assert result.status == 2 and "unknown key 'exclud'" in result.err


# -- .gitignore -----------------------------------------------------------------------


def test_gitignore_in_the_tree(tmp_path: Path) -> None:
    _tree(tmp_path)
    write(tmp_path / ".gitignore", "# generated\nbuild/\n*.mc\n!sendmail.mc\n!/keep/\n!keep/*.mc\n")
    write(tmp_path / "site" / ".gitignore", "!submit.mc\n")
    assert _found(tmp_path) == ["keep/k.mc", "sendmail.mc", "site/a/submit.mc"]
    assert len(_found(tmp_path, respect_gitignore=False)) == 5  # all but venv/


def test_gitignore_above_the_checked_folder_inside_a_repository(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    _tree(tmp_path / "etc")
    write(tmp_path / ".gitignore", "etc/old/\n**/build\n")
    write(tmp_path / ".git" / "info" / "exclude", "keep/\n")
    assert _found(tmp_path / "etc") == ["sendmail.mc", "site/a/submit.mc"]


def test_gitignore_above_a_folder_outside_any_repository_is_not_read(tmp_path: Path) -> None:
    _tree(tmp_path / "etc")
    write(tmp_path / ".gitignore", "old/\n")
    assert "old/backup.mc" in _found(tmp_path / "etc")


def test_no_respect_gitignore_flag(cli, tmp_path: Path) -> None:
    write(tmp_path / "a.mc", CLEAN)
    write(tmp_path / "b.mc", CLEAN)
    write(tmp_path / ".gitignore", "b.mc\n")
    assert cli(*ONLY_SYNTAX, "--output-format", "concise", "--statistics", str(tmp_path)).status == 0
    assert [Path(e.shown).name for e in discover([str(tmp_path)])] == ["a.mc"]
    assert [Path(e.shown).name for e in discover([str(tmp_path)], respect_gitignore=False)] == ["a.mc", "b.mc"]
    assert cli(*ONLY_SYNTAX, "--no-respect-gitignore", str(tmp_path)).status == 0


@pytest.mark.parametrize(
    ("pattern", "path", "folder", "excluded"),
    [
        ("*.mc", "a/b/x.mc", False, True),
        ("x.mc", "a/x.mc", False, True),
        ("/x.mc", "a/x.mc", False, False),
        ("/x.mc", "x.mc", False, True),
        ("a/x.mc", "b/a/x.mc", False, False),  # a middle slash anchors
        ("**/x.mc", "b/a/x.mc", False, True),
        ("a/**", "a/b/c.mc", False, True),
        ("a/**/c.mc", "a/c.mc", False, True),
        ("a/**/c.mc", "a/b/d/c.mc", False, True),
        ("build/", "build", False, False),  # a file called build is not the folder
        ("build/", "build", True, True),
        ("[ab].mc", "b.mc", False, True),
        ("[!ab].mc", "b.mc", False, False),
        ("?.mc", "bb.mc", False, False),
        ("\\#x.mc", "#x.mc", False, True),
        ("# comment", "# comment", False, False),
        ("x.mc\\ ", "x.mc ", False, True),
        ("x.mc   ", "x.mc", False, True),
    ],
)
def test_gitignore_patterns(tmp_path: Path, pattern: str, path: str, folder: bool, excluded: bool) -> None:
    patterns = PatternFile(str(tmp_path), parse_rules([pattern]))
    assert bool(patterns.verdict(str(tmp_path / path), folder)) is excluded


def test_negation_last_match_wins(tmp_path: Path) -> None:
    patterns = PatternFile(str(tmp_path), parse_rules(["*.mc", "!keep.mc"]))
    assert patterns.verdict(str(tmp_path / "keep.mc"), False) is False
    assert patterns.verdict(str(tmp_path / "drop.mc"), False) is True
    assert patterns.verdict(str(tmp_path / "notes.txt"), False) is None


# -- unreadable input ----------------------------------------------------------------


def _refuse_listing(monkeypatch: pytest.MonkeyPatch, refused: Path) -> None:
    # Root reads every folder whatever its mode, so the refusal is simulated
    # where os.walk lists a folder.
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if os.path.abspath(str(path)) == str(refused):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)


def test_a_folder_that_cannot_be_listed_is_reported(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "sendmail.mc", CLEAN)
    write(tmp_path / "private" / "submit.mc", CLEAN)
    _refuse_listing(monkeypatch, tmp_path / "private")
    entries = discover([str(tmp_path)])
    assert [type(entry).__name__ for entry in entries] == ["Target", "Problem"]
    problem = entries[1]
    assert isinstance(problem, Problem) and problem.shown == str(tmp_path / "private")
    result = cli(*ONLY_SYNTAX, str(tmp_path))
    assert result.status == 2
    assert f"{tmp_path / 'private'}: cannot list the folder: permission denied" in result.err


def test_a_top_folder_that_cannot_be_listed_is_reported(cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "sendmail.mc", CLEAN)
    _refuse_listing(monkeypatch, tmp_path)
    result = cli(str(tmp_path))
    assert result.status == 2 and "permission denied" in result.err


def test_a_file_in_a_folder_that_cannot_be_read_is_reported(
    cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(tmp_path / "sendmail.mc", CLEAN)
    real = os.open

    def refuse(name: object, *args: object, **kwargs: object) -> int:
        if os.path.abspath(str(name)) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    result = cli(*ONLY_SYNTAX, "--no-cache", str(tmp_path))
    assert result.status == 2 and f"{path}: cannot read: permission denied" in result.err
