"""MC117 prog-mailer-without-smrsh."""

from __future__ import annotations

from harness import assert_findings, assert_no_fix

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_reported_at_mailer_local() -> None:
    assert_findings(HEAD + TAIL, [("MC117", 2, 1)])


def test_own_shell_is_reported_too() -> None:
    found = assert_findings(HEAD + "define(`LOCAL_SHELL_PATH', `/bin/bash')dnl\n" + TAIL, [("MC117", 3, 1)])
    assert "/bin/bash" in found[0].message


def test_smrsh_feature_or_path_and_files_without_local_pass() -> None:
    assert_findings(HEAD + "FEATURE(`smrsh')dnl\n" + TAIL, [], rules=["MC117"])
    assert_findings(HEAD + "define(`LOCAL_SHELL_PATH', `/usr/sbin/smrsh')dnl\n" + TAIL, [], rules=["MC117"])
    assert_findings(HEAD + "MAILER(`smtp')dnl\n", [], rules=["MC117"])


def test_no_fix_is_offered() -> None:
    assert_no_fix(HEAD + TAIL, rule="MC117")
