"""MC229 no-port-25-listener."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_only_submission_declared() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + MAILERS, [("MC229", 3, 1)])


def test_defaults_port_25_loopback_only_and_unknown_services_pass() -> None:
    for daemons in (
        "",
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n",
        "DAEMON_OPTIONS(`Name=MTA, M=A')dnl\n",
        "DAEMON_OPTIONS(`Port=587, Addr=127.0.0.1, Name=MSA, M=Ea')dnl\n",
        "DAEMON_OPTIONS(`Port=mysvc, Name=X')dnl\n",
    ):
        assert_findings(HEAD + daemons + MAILERS, [], rules=["MC229"])
