"""MC214 mailer-duplicate."""

from __future__ import annotations

from harness import assert_findings, assert_fix
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
