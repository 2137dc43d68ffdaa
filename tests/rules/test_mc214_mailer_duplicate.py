"""MC214 mailer-duplicate."""

from __future__ import annotations

from harness import assert_findings, assert_fix, findings
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_repeated_mailer() -> None:
    assert_findings(HEAD + "MAILER(`smtp')dnl\n", [("MC214", 4, 1)])


def test_fix_deletes_the_repeat() -> None:
    assert_fix(HEAD + "MAILER(`smtp')dnl\n", HEAD, rules=["MC214"])


def test_distinct_mailers_pass() -> None:
    assert_findings(HEAD + "MAILER(`procmail')dnl\n", [], rules=["MC214"])


@requires_m4
def test_m4_ignores_the_repeat() -> None:
    cf = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
    twice = compile_mc(cf + HEAD + "MAILER(`smtp')dnl\n")
    once = compile_mc(cf + HEAD)
    assert "MAILER(smtp) already included" in twice.stderr
    assert twice.stdout.count("\nMesmtp") == once.stdout.count("\nMesmtp") == 1


def test_a_mailer_name_written_with_a_blank_is_another_key() -> None:
    # cf.m4 keys on the argument exactly: `smtp ' fails to load, the second
    # MAILER is the one that loads smtp and must not be called a repeat.
    assert_findings(HEAD.replace("MAILER(`smtp')", "MAILER(`smtp' )") + "MAILER(`smtp')dnl\n", [], rules=["MC214"])


def test_an_indented_repeat_loses_the_call_but_keeps_the_blanks_m4_copies() -> None:
    assert_fix(HEAD + "LOCAL_CONFIG\n  MAILER(`smtp')dnl\n", HEAD + "LOCAL_CONFIG\n  dnl\n", rules=["MC214"])


def test_a_straight_quoted_repeat_is_reported_without_a_fix() -> None:
    found = findings("OSTYPE(`linux')dnl\nMAILER('smtp')dnl\nMAILER('smtp')dnl\n", ["MC214"])
    assert [(item.code, item.fix) for item in found] == [("MC214", None)]
