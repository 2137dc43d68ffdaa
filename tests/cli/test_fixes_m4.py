"""A fix, end to end with the real rules and the real m4: the generated
sendmail.cf changes exactly as the fix intends, and nowhere else."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from cli_support import write
from m4oracle import CF_M4, cf_option_lines, compile_mc, requires_m4

pytestmark = requires_m4

MC = f"""divert(-1)dnl
divert(0)dnl
include(`{CF_M4}')dnl
VERSIONID(`fix test')dnl
OSTYPE(`linux')dnl
FEATURE(`no_default_msa')dnl
FEATURE(`smrsh')dnl
define(`confPRIVACY_FLAGS', `goaway')dnl
DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl
DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl
MAILER(`local')dnl
MAILER(`smtp')dnl
"""


def _cf_lines(text: str) -> list[str]:
    result = compile_mc(text)
    assert result.ok, result.errors
    # The "##### built by ... on <date>" banner lines differ on every run.
    return [line for line in result.stdout.splitlines() if not line.startswith("#####")]


def test_unsafe_fix_adds_a_to_the_mta_and_changes_nothing_else(cli, tmp_path: Path) -> None:
    pytest.importorskip("mcparse.fixes")
    path = write(tmp_path / "sendmail.mc", MC)
    assert "MC101" in cli("--output-format", "concise", str(path)).out
    safe_only = cli("--fix", str(path))
    assert path.read_text() == MC, "adding `A` changes sendmail's behaviour: --fix alone must not do it"
    assert safe_only.status == 1

    result = cli("--unsafe-fixes", "--output-format", "concise", str(path))
    fixed = path.read_text()
    assert "MC101" not in result.out
    assert cli("--output-format", "concise", str(path)).status == 0  # a fixed file checks clean

    before, after = _cf_lines(MC), _cf_lines(fixed)
    changed = [
        line for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-O DaemonPortOptions=Port=smtp, Name=MTA",
        "+O DaemonPortOptions=Port=smtp, Name=MTA, M=A",
    ]
    assert cf_option_lines("\n".join(after), ["DaemonPortOptions"])["DaemonPortOptions"] == [
        "Port=smtp, Name=MTA, M=A", "Port=587, Name=MSA, M=Ea",
    ]
