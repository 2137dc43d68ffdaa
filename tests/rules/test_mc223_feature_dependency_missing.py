"""MC223 feature-dependency-missing."""

from __future__ import annotations

from harness import assert_findings
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_access_db_after_the_feature_that_needs_it() -> None:
    source = HEAD + "FEATURE(`blocklist_recipients')dnl\nFEATURE(`access_db')dnl\n" + MAILERS
    assert_findings(source, [("MC223", 2, 1)])


def test_access_db_missing() -> None:
    assert_findings(HEAD + "FEATURE(`greet_pause')dnl\n" + MAILERS, [("MC223", 2, 1)])


def test_nodelay_needs_delay_checks_first() -> None:
    source = HEAD + "FEATURE(`access_db')dnl\nFEATURE(`conncontrol', `nodelay')dnl\nFEATURE(`delay_checks')dnl\n" + MAILERS
    assert_findings(source, [("MC223", 3, 1)])


def test_order_free_requirement_may_come_later() -> None:
    source = HEAD + "FEATURE(`block_bad_helo')dnl\nFEATURE(`delay_checks')dnl\n" + MAILERS
    assert_findings(source, [], rules=["MC223"])


def test_satisfied_dependencies_pass() -> None:
    source = HEAD + "FEATURE(`access_db')dnl\nFEATURE(`delay_checks')dnl\nFEATURE(`greet_pause', `1000')dnl\n"
    source += "FEATURE(`blocklist_recipients')dnl\nFEATURE(`ratecontrol', `nodelay', `terminate')dnl\n" + MAILERS
    assert_findings(source, [], rules=["MC223"])


@requires_m4
def test_m4_reports_the_order() -> None:
    cf = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD
    wrong = compile_mc(cf + "FEATURE(`blocklist_recipients')dnl\nFEATURE(`access_db')dnl\n" + MAILERS)
    right = compile_mc(cf + "FEATURE(`access_db')dnl\nFEATURE(`blocklist_recipients')dnl\n" + MAILERS)
    assert "requires FEATURE(access_db)" in wrong.stderr
    assert "requires" not in right.stderr
