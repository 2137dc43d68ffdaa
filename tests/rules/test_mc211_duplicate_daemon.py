"""MC211 duplicate-daemon."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_two_daemons_on_port_25() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\nDAEMON_OPTIONS(`Port=25, Name=MTA2')dnl\n" + TAIL
    assert_findings(source, [("MC211", 4, 1)])


def test_specific_address_beside_all_interfaces() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A')dnl\nDAEMON_OPTIONS(`Addr=127.0.0.1, Name=LO')dnl\n" + TAIL
    assert_findings(source, [("MC211", 4, 1)])


def test_distinct_addresses_families_and_optional_sockets_pass() -> None:
    source = HEAD + (
        "DAEMON_OPTIONS(`Addr=192.0.2.1, Name=MTA, M=A')dnl\n"
        "DAEMON_OPTIONS(`Addr=127.0.0.1, Name=LO')dnl\n"
        "DAEMON_OPTIONS(`Family=inet6, Name=MTA6, M=A')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
        "DAEMON_OPTIONS(`Port=587, Name=MSA2, M=EaO')dnl\n"
    ) + TAIL
    assert_findings(source, [], rules=["MC211"])


def test_default_msa_clash_is_left_to_mc201() -> None:
    source = "OSTYPE(`linux')dnl\nDAEMON_OPTIONS(`Name=MTA, M=A')dnl\nDAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + TAIL
    assert_findings(source, [("MC201", 3, 1)], rules=["MC211"])
