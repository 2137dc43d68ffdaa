"""MC115 default-msa-still-active."""

from __future__ import annotations

from harness import assert_findings, assert_fix
from m4oracle import cf_option_lines, compile_mc, requires_m4

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
LOOPBACK_MTA = "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA')dnl\n"


def test_loopback_mta_with_default_msa_is_reported_at_the_daemon() -> None:
    assert_findings(HEAD + "dnl\n" + LOOPBACK_MTA + TAIL, [("MC115", 3, 1)])


def test_not_reported_with_no_default_msa_or_an_own_msa() -> None:
    assert_findings(HEAD + "FEATURE(`no_default_msa')dnl\n" + LOOPBACK_MTA + TAIL, [], rules=["MC115"])
    own_msa = "DAEMON_OPTIONS(`Port=587, Addr=127.0.0.1, Name=MSA, M=Ea')dnl\n"
    assert_findings(HEAD + LOOPBACK_MTA + own_msa + TAIL, [], rules=["MC115"])


def test_not_reported_when_own_daemons_listen_everywhere() -> None:
    # msa-without-auth already reports the default MSA there.
    source = HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC115"])
    assert_findings(source, [("MC102", 1, 1)])


def test_not_reported_without_own_daemons() -> None:
    assert_findings(HEAD + TAIL, [], rules=["MC115"])


def test_fix_adds_no_default_msa() -> None:
    assert_fix(
        HEAD + LOOPBACK_MTA + TAIL,
        HEAD + "FEATURE(`no_default_msa')dnl\n" + LOOPBACK_MTA + TAIL,
        unsafe=True,
        settings=Settings(select=["MC115"]),
    )


@requires_m4
def test_cf_m4_adds_the_msa_without_an_address() -> None:
    source = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD + LOOPBACK_MTA + TAIL
    lines = cf_option_lines(compile_mc(source).stdout, ["DaemonPortOptions"])["DaemonPortOptions"]
    assert lines == ["Port=smtp, Addr=127.0.0.1, Name=MTA", "Port=587, Name=MSA, M=E"]
