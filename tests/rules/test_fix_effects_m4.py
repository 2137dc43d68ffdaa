"""With real m4: each seed fix changes the generated sendmail.cf exactly as intended."""

from __future__ import annotations

import difflib

import pytest
from m4oracle import compile_mc, requires_m4

from mcparse.fixes import fix_until_stable
from mcparse.settings import Settings

HEAD = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"

CASES = {
    "MC101 adds A": (
        HEAD + "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" + TAIL,
        ["-O DaemonPortOptions=Port=smtp, Name=MTA", "+O DaemonPortOptions=Port=smtp, Name=MTA, M=A"],
    ),
    "MC101 writes out the default MTA": (
        HEAD + TAIL,
        ["-O DaemonPortOptions=Name=MTA", "+O DaemonPortOptions=Port=smtp, Name=MTA, M=A"],
    ),
    "MC102 adds a": (
        HEAD + "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=587, Name=MSA, M=E')dnl\n" + TAIL,
        ["-O DaemonPortOptions=Port=587, Name=MSA, M=E", "+O DaemonPortOptions=Port=587, Name=MSA, M=Ea"],
    ),
    "MC103 adds E": (
        HEAD + "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=587, Name=MSA, M=a')dnl\n" + TAIL,
        ["-O DaemonPortOptions=Port=587, Name=MSA, M=a", "+O DaemonPortOptions=Port=587, Name=MSA, M=aE"],
    ),
    "MC201 drops the second MSA": (
        HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + TAIL,
        ["-O DaemonPortOptions=Port=587, Name=MSA, M=E"],
    ),
}


def _changed_lines(before: str, after: str) -> list[str]:
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    # Comments and blank lines do not change what sendmail does: the build
    # stamp differs between any two runs, FEATURE files add their $Id line
    # and cf.m4's DAEMON_OPTIONS writes a blank line before its option.
    return [
        line for line in diff
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
        and line[1:].strip() and not line[1:].startswith("#")
    ]


@requires_m4
@pytest.mark.m4
@pytest.mark.parametrize("case", list(CASES))
def test_fix_changes_the_cf_as_intended(case: str) -> None:
    source, expected = CASES[case]
    code = case.split()[0]
    fixed, applied = fix_until_stable(source, Settings(select=[code]), unsafe=True)
    assert [d.code for d in applied] == [code]
    before, after = compile_mc(source), compile_mc(fixed)
    assert before.ok and after.ok, (before.errors, after.errors)
    assert _changed_lines(before.stdout, after.stdout) == expected
