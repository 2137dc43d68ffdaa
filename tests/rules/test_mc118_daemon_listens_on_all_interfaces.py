"""MC118 daemon-listens-on-all-interfaces (off by default; the harness selects it)."""

from __future__ import annotations

from harness import assert_findings

from mcparse.engine import check

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_both_default_daemons_are_reported_at_ostype() -> None:
    assert_findings(HEAD + TAIL, [("MC118", 1, 1), ("MC118", 1, 1)])


def test_wildcard_addresses_count_loopback_and_specific_ones_do_not() -> None:
    source = HEAD + "FEATURE(`no_default_msa')dnl\n" \
        "DAEMON_OPTIONS(`Port=smtp, Addr=0.0.0.0, Name=MTA')dnl\n" \
        "DAEMON_OPTIONS(`Family=inet6, Port=smtp, Addr=::, Name=MTA6')dnl\n" \
        "DAEMON_OPTIONS(`Port=587, Addr=127.0.0.1, Name=MSA, M=Ea')dnl\n" \
        "DAEMON_OPTIONS(`Port=2525, Addr=192.0.2.1, Name=ALT')dnl\n" + TAIL
    assert_findings(source, [("MC118", 3, 1), ("MC118", 4, 1)])


def test_off_unless_selected() -> None:
    assert not [d for d in check(HEAD + TAIL) if d.code == "MC118"]
