"""MC218 daemon-family-address-mismatch."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_ipv6_address_without_family() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Name=MTA6, Addr=::1, M=A')dnl\n" + TAIL, [("MC218", 3, 28)])


def test_ipv4_address_on_inet6() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A')dnl\nCLIENT_OPTIONS(`Family=inet6, Addr=127.0.0.1')dnl\n" + TAIL
    assert_findings(source, [("MC218", 4, 31)])


def test_matching_pairs_and_host_names_pass() -> None:
    source = HEAD + (
        "DAEMON_OPTIONS(`Name=MTA6, Family=inet6, Addr=::1, M=A')dnl\n"
        "DAEMON_OPTIONS(`Name=MTA4, Addr=127.0.0.1, M=A')dnl\n"
        "DAEMON_OPTIONS(`Name=MTA, Addr=mail.example.com, M=A')dnl\n"
        "DAEMON_OPTIONS(`Name=MAP, Family=inet6, Addr=::ffff:127.0.0.1, M=A')dnl\n"
    ) + TAIL
    assert_findings(source, [], rules=["MC218"])
