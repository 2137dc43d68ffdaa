"""MC106 mta-requires-auth."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n"
MSA = "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_a_on_port_25() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=Ea')dnl\n" + MSA + TAIL, [("MC106", 3, 1)])


def test_a_on_the_default_port_without_port_field() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Name=MTA, M=a')dnl\n" + MSA + TAIL, [("MC106", 3, 1)])


def test_a_together_with_A_is_still_reported() -> None:
    found = assert_findings(HEAD + "DAEMON_OPTIONS(`Port=25, Name=MTA, M=aA')dnl\n" + MSA + TAIL, [("MC106", 3, 1)])
    assert "`A`" in found[0].message


def test_loopback_port_25_and_submission_with_a_pass() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA, M=a')dnl\n" + MSA + TAIL
    assert_findings(source, [], rules=["mta-requires-auth"])


def test_daemon_written_through_a_user_macro_counts() -> None:
    source = HEAD + "define(`MTA', `DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=a')')dnl\nMTA\n" + MSA + TAIL
    assert_findings(source, [("MC106", 4, 1)])
