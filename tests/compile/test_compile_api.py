"""mcparse.compile(): provenance, the sandbox, the prelude record, mc-check compile.

The byte-for-byte comparison with m4 over hundreds of configs lives in
test_compile_differential.py; these tests pin down what the API promises
beyond the text: where each line came from, what is never read or run, and
that reusing cf.m4's prelude changes nothing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import mcparse
from m4oracle import compile_mc, requires_m4
from mcparse.compiler import CompileError, find_cf_dir
from mcparse.m4 import prelude

pytestmark = pytest.mark.skipif(find_cf_dir() is None, reason="needs sendmail-cf (apt-get install sendmail-cf)")

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "submission-split.mc"
CF = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
HEADER = ("##### built by ", "##### in ", "##### using ")


def _body(cf: str) -> list[str]:
    return [line for line in cf.split("\n") if not line.startswith(HEADER)]


def _line(compiled: "mcparse.Compiled", prefix: str) -> list:
    return [line for line in compiled.lines if line.text.startswith(prefix)]


# -- provenance -----------------------------------------------------------------


def test_each_daemon_line_points_at_its_own_call() -> None:
    text = (
        CF + "FEATURE(`no_default_msa')dnl\n"
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\nDAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + MAILERS
    )
    compiled = mcparse.compile(text)
    daemons = _line(compiled, "O DaemonPortOptions=")
    # Both go through one macro (_DPO_) written out by proto.m4 at the end:
    # each line still knows its own call, and the cf file and line that wrote it.
    assert [(d.text, d.origin.mc_line) for d in daemons] == [
        ("O DaemonPortOptions=Port=smtp, Name=MTA, M=A", 5),
        ("O DaemonPortOptions=Port=587, Name=MSA, M=Ea", 6),
    ]
    assert all(d.origin.file and d.origin.file.endswith("m4/proto.m4") and d.origin.file_line for d in daemons)
    assert [d.modifiers for d in compiled.daemons] == ["A", "Ea"]


def test_cf_m4_defaults_have_no_mc_line_and_the_default_msa_is_visible() -> None:
    compiled = mcparse.compile(CF + "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" + MAILERS)
    msa = [line for line in _line(compiled, "O DaemonPortOptions=") if "MSA" in line.text]
    assert len(msa) == 1 and msa[0].origin.mc_line is None


def test_defines_feature_files_and_raw_lines_are_traced() -> None:
    text = (
        CF + "define(`confLOG_LEVEL', `13')dnl\nFEATURE(`access_db')dnl\n" + MAILERS
        + "LOCAL_CONFIG\nCwmail.example.org\n"
    )
    compiled = mcparse.compile(text)
    assert [line.origin.mc_line for line in _line(compiled, "O LogLevel=13")] == [4]
    assert [line.origin.mc_line for line in _line(compiled, "Kaccess ")] == [5]
    raw = _line(compiled, "Cwmail.example.org")
    assert [(line.origin.mc_line, line.origin.mc_column, line.origin.file) for line in raw] == [(9, 1, "sendmail.mc")]
    assert compiled.lines_from(9) == tuple(raw)
    assert compiled.classes["w"].words[-1:] == ("mail.example.org",)


def test_columns_and_offsets_count_characters_not_bytes() -> None:
    text = CF + "define(`confSMTP_LOGIN_MSG', `$j Sendmail café')dnl\nLOCAL_CONFIG\nDé ok\n"
    compiled = mcparse.compile(text)
    line = _line(compiled, "Dé ok")[0]
    assert line.origin.mc_offset == text.index("Dé ok") and line.origin.mc_column == 1
    assert "O SmtpGreetingMessage=$j Sendmail café" in compiled.cf


def test_messages_point_at_the_line_that_caused_them() -> None:
    compiled = mcparse.compile(CF + MAILERS + "FEATURE(`access_db')dnl\nMAILER(`smtp')dnl\n")
    assert [(m.text.strip(), m.line) for m in compiled.messages if m.kind == "errprint"] == [
        ("*** ERROR: FEATURE() should be before MAILER()", 6),
        ("*** ERROR: MAILER(smtp) already included", 7),
    ]
    assert all(m.severity == "error" for m in compiled.messages if m.kind == "errprint")


# -- the sandbox ---------------------------------------------------------------


def test_nothing_is_executed_and_nothing_outside_the_roots_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    secret = tmp_path / "outside" / "secret.m4"
    secret.parent.mkdir()
    secret.write_text("define(`confLOG_LEVEL', `99')dnl\n")
    mc = tmp_path / "site" / "sendmail.mc"
    mc.parent.mkdir()
    mc.write_text(
        CF + f"include(`{secret}')dnl\ninclude(`/etc/passwd')dnl\n"
        "syscmd(`touch /tmp/mcparse-pwned')dnl\ndefine(`confHOST', esyscmd(`hostname'))dnl\n" + MAILERS
    )

    def forbid(*args: object, **kwargs: object) -> None:
        raise AssertionError("compile tried to start a process")

    monkeypatch.setattr(subprocess, "Popen", forbid)
    monkeypatch.setattr(os, "system", forbid)
    opened: list[str] = []
    real_open = open

    def spy(file: object, *args: object, **kwargs: object):  # type: ignore[no-untyped-def]
        opened.append(os.fspath(file))  # type: ignore[arg-type]
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr("builtins.open", spy)
    compiled = mcparse.compile(mc)
    cf_dir = os.path.realpath(compiled.cf_dir)
    allowed = (cf_dir + os.sep, os.path.realpath(mc.parent) + os.sep)
    assert all(os.path.realpath(path).startswith(allowed) for path in opened), opened
    assert [u.name for u in compiled.unread] == [str(secret), "/etc/passwd"]
    assert [u.origin.mc_line for u in compiled.unread] == [4, 5]
    assert "O LogLevel=99" not in compiled.cf
    shell = [(c.builtin, c.command, c.emulated, c.origin.mc_line) for c in compiled.shell_commands if not c.emulated]
    assert shell == [("syscmd", "touch /tmp/mcparse-pwned", False, 6), ("esyscmd", "hostname", False, 7)]
    # cf.m4's own makeinfo.sh is answered without a shell.
    assert any(c.emulated and "makeinfo.sh" in c.command for c in compiled.shell_commands)
    assert not Path("/tmp/mcparse-pwned").exists()


def test_a_site_file_beside_the_mc_is_read(tmp_path: Path) -> None:
    (tmp_path / "local.m4").write_text("define(`confLOG_LEVEL', `12')dnl\n")
    mc = tmp_path / "sendmail.mc"
    mc.write_text(CF + "include(`local.m4')dnl\n" + MAILERS)
    # m4 resolves relative includes from where it runs; mcparse from the .mc's folder.
    assert "O LogLevel=12" in mcparse.compile(mc).cf


def test_without_sendmail_cf_it_says_so(tmp_path: Path) -> None:
    with pytest.raises(CompileError, match="not a sendmail-cf directory"):
        mcparse.compile(CF, cf_dir=tmp_path)


def test_runaway_expansion_stops_with_a_reason() -> None:
    compiled = mcparse.compile(CF + "define(`loop', `loop')loop\n")
    assert not compiled.complete and "stopped" in (compiled.stopped or "")


def test_a_one_megabyte_argument_is_read_whole() -> None:
    # Linear time is measured by benchmarks/compile.py; here: the value arrives intact.
    value = "x" * 1_000_000
    compiled = mcparse.compile(CF + f"define(`confSMTP_LOGIN_MSG', `{value}')dnl\n" + MAILERS)
    assert f"O SmtpGreetingMessage={value}" in compiled.cf.split("\n")


# -- the cf.m4 prelude record --------------------------------------------------


def test_reusing_the_prelude_gives_the_same_compile() -> None:
    text = SEED.read_text()
    prelude.PRELUDES.clear()
    fresh = mcparse.compile(text)
    assert prelude.PRELUDES, "the first compile records the state after include(cf.m4)"
    again = mcparse.compile(text)
    assert _body(again.cf) == _body(fresh.cf)
    assert [(l.text, l.origin) for l in again.lines if not l.text.startswith(HEADER)] == [
        (l.text, l.origin) for l in fresh.lines if not l.text.startswith(HEADER)
    ]
    assert again.messages == fresh.messages and again.stderr == fresh.stderr


def test_the_prelude_is_not_reused_after_a_define_before_the_include() -> None:
    prelude.PRELUDES.clear()
    mcparse.compile(SEED.read_text())
    # cf.m4 keeps a _CF_DIR_ defined before it: the record must not be used.
    early = "define(`_NO_MAKEINFO_', `1')dnl\n" + CF + MAILERS
    compiled = mcparse.compile(early)
    assert not any(line.startswith("##### built by") for line in compiled.cf.split("\n"))


@requires_m4
def test_prelude_reuse_agrees_with_m4_on_other_files() -> None:
    prelude.PRELUDES.clear()
    mcparse.compile(SEED.read_text())
    for text in (CF + MAILERS, CF + "FEATURE(`nouucp')dnl\n" + MAILERS, "define(`_NO_MAKEINFO_', `1')dnl\n" + CF + MAILERS):
        assert _body(mcparse.compile(text).cf) == _body(compile_mc(text).stdout)


# -- mc-check compile ----------------------------------------------------------


def _mc_check(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mcparse", *args], cwd=cwd, capture_output=True, text=True, check=False)


@requires_m4
def test_mc_check_compile_writes_what_m4_writes(tmp_path: Path) -> None:
    (tmp_path / "seed.mc").write_text(SEED.read_text())
    result = _mc_check("compile", "seed.mc", "-o", "out.cf", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    real = subprocess.run(["m4", "seed.mc"], cwd=tmp_path, capture_output=True, text=True)
    assert _body((tmp_path / "out.cf").read_text()) == _body(real.stdout)
    assert result.stderr == real.stderr


def test_mc_check_compile_several_files_into_a_directory(tmp_path: Path) -> None:
    (tmp_path / "a.mc").write_text(CF + MAILERS)
    (tmp_path / "b.mc").write_text(CF + "FEATURE(`nouucp')dnl\n" + MAILERS)
    result = _mc_check("compile", "a.mc", "b.mc", "-o", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.cf", "b.cf"]
    assert _mc_check("compile", "a.mc", "b.mc", cwd=tmp_path).returncode == 2


def test_mc_check_compile_usage_errors(tmp_path: Path) -> None:
    (tmp_path / "a.mc").write_text(CF + MAILERS)
    assert _mc_check("compile", "missing.mc", cwd=tmp_path).returncode == 2
    bad = _mc_check("compile", "a.mc", "--cf-dir", str(tmp_path), cwd=tmp_path)
    assert bad.returncode == 2 and "not a sendmail-cf directory" in bad.stderr
    unread = _mc_check("compile", "-", cwd=tmp_path)
    assert unread.returncode == 0  # empty standard input compiles to an empty file


def test_mc_check_compile_says_why_it_stopped(tmp_path: Path) -> None:
    """A bound of mcparse's own (m4 would run forever or for minutes) ends the
    compile with status 1 and a line saying so, never silently."""
    (tmp_path / "loop.mc").write_text(CF + "define(`loop', `loop')loop\n")
    result = _mc_check("compile", "loop.mc", "-o", "out.cf", cwd=tmp_path)
    assert result.returncode == 1
    assert "loop.mc: expansion does not terminate" in result.stderr and "incomplete" in result.stderr


def test_lines_are_traced_when_asked_and_agree_with_the_selected_ones() -> None:
    """.lines is traced on first use; the O/C/F/D/M lines a check reads are traced
    alone, and equal the same lines of the full trace (number, text, origin)."""
    lazy, full = mcparse.compile(SEED), mcparse.compile(SEED)
    every = full.lines
    for letters in ("O", "CF", "D", "M \t"):
        picked = lazy.lines_starting(letters)
        assert picked == tuple(line for line in every if line.text[:1] and line.text[0] in letters)
        assert picked
    assert lazy.option_lines == full.option_lines and lazy.mailers == full.mailers
    cf_lines = full.cf.split("\n")
    assert [line.text for line in every] == (cf_lines[:-1] if cf_lines[-1] == "" else cf_lines)
    # Still a plain pydantic result: the lines are in a dump, and can be given.
    assert len(full.model_dump()["lines"]) == len(every)
    given = mcparse.Compiled(cf=full.cf, cf_dir=full.cf_dir, lines=every)
    assert given.lines == every and given.option_lines == full.option_lines
