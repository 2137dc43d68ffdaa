"""MC213 mailer-order."""

from __future__ import annotations

from harness import assert_findings
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"


def test_uucp_before_smtp() -> None:
    assert_findings(HEAD + "MAILER(`local')dnl\nMAILER(`uucp')dnl\nMAILER(`smtp')dnl\n", [("MC213", 3, 1)])


def test_cyrusv2_before_local() -> None:
    assert_findings(HEAD + "MAILER(`cyrusv2')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n", [("MC213", 2, 1)])


def test_usual_order_passes() -> None:
    source = HEAD + "MAILER(`local')dnl\nMAILER(`smtp')dnl\nMAILER(`uucp')dnl\nMAILER(`cyrusv2')dnl\n"
    assert_findings(source, [], rules=["MC213"])


@requires_m4
def test_m4_drops_uucp_dom_when_uucp_comes_first() -> None:
    cf = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD + "MAILER(`local')dnl\n"
    wrong = compile_mc(cf + "MAILER(`uucp')dnl\nMAILER(`smtp')dnl\n").stdout
    right = compile_mc(cf + "MAILER(`smtp')dnl\nMAILER(`uucp')dnl\n").stdout
    assert "Muucp-dom" not in wrong and "Muucp-dom" in right
