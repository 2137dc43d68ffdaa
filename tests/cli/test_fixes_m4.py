"""Fixes end to end with the real rules: with the real m4 the generated
sendmail.cf changes exactly as the fix intends, and nowhere else; unsafe
fixes touch only the lines of their findings; CRLF files stay CRLF; two
mc-check runs fixing one file at once leave a whole, fixed file."""

from __future__ import annotations

import difflib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import REPO, write
from m4oracle import CF_M4, cf_option_lines, compile_mc, requires_m4

from mcparse.fixes import fix_until_stable

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


@requires_m4
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


EXAMPLE = (REPO / "examples" / "broken-submission.mc").read_text()
# With a "#" comment that would land in sendmail.cf: a safe fix turns it into dnl.
HASHED = EXAMPLE.replace("dnl No `a'", "# Submission daemons below\ndnl No `a'")


def _removed_lines(diff: str) -> list[tuple[int, str]]:
    """(line number in the old file, text) of every line a unified diff removes."""
    removed: list[tuple[int, str]] = []
    old = 0
    for line in diff.splitlines(keepends=True):
        hunk = re.match(r"@@ -(\d+)", line)
        if hunk:
            old = int(hunk.group(1))
        elif line.startswith(("---", "+++")) or not line[:1] in " -+":
            continue
        elif line.startswith("-"):
            removed.append((old, line[1:]))
            old += 1
        elif line.startswith(" "):
            old += 1
    return removed


def test_unsafe_fixes_change_only_the_lines_of_their_findings(cli, tmp_path: Path) -> None:
    path = write(tmp_path / "sendmail.mc", EXAMPLE)
    findings = json.loads(cli("--output-format", "json", str(path)).out)
    named = {
        row for finding in findings if finding["fix"] is not None
        for row in range(finding["location"]["row"], finding["end_location"]["row"] + 1)
    }
    diff = cli("--unsafe-fixes", "--diff", str(path)).out
    added = [line[1:] for line in diff.splitlines(keepends=True) if line.startswith("+") and not line.startswith("+++")]
    removed = _removed_lines(diff)
    assert removed, "the example has unsafe fixes to show"
    # A line outside the findings may only move (come back unchanged), never change.
    assert [(row, text) for row, text in removed if row not in named and text not in added] == []
    assert path.read_text() == EXAMPLE  # --diff writes nothing


def test_a_crlf_file_keeps_crlf_through_fix(cli, tmp_path: Path) -> None:
    # Rules write the lines they add with "\n"; in a CRLF file they must end
    # in CRLF like the rest, through the safe and the unsafe fixes.
    hashed = HASHED
    crlf = hashed.replace("\n", "\r\n")
    path = tmp_path / "sendmail.mc"
    path.write_bytes(crlf.encode())
    cli("--fix", str(path))
    safe = path.read_bytes().decode()
    assert safe != crlf and safe == fix_until_stable(hashed).text.replace("\n", "\r\n")
    cli("--unsafe-fixes", str(path))
    fixed = path.read_bytes().decode()
    assert "FEATURE(`no_default_msa')dnl\r\n" in fixed
    assert fixed.count("\n") == fixed.count("\r\n")
    assert fixed == fix_until_stable(hashed, unsafe=True).text.replace("\n", "\r\n")


def test_two_runs_fixing_one_file_at_once_leave_it_whole(tmp_path: Path) -> None:
    hashed = HASHED
    expected = fix_until_stable(hashed).text
    assert expected != hashed
    environment = {**os.environ, "PYTHONPATH": str(REPO), "MC_CHECK_NO_CACHE": "1"}
    for attempt in range(3):
        path = write(tmp_path / f"run{attempt}" / "sendmail.mc", hashed)
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "mcparse", "--fix", str(path)], stdout=subprocess.PIPE,
                stderr=subprocess.PIPE, env=environment,
            )
            for _ in range(2)
        ]
        outcomes = [(run.wait(timeout=120), run.stderr.read().decode()) for run in runs]
        for run in runs:
            run.stdout.close()
            run.stderr.close()
        assert path.read_text() == expected, outcomes
        assert [p.name for p in path.parent.iterdir()] == ["sendmail.mc"]  # no temporary file left
        # Each run either wrote the fix or found it already written and said so.
        for status, err in outcomes:
            assert status != 2 or "changed since it was read" in err, err
