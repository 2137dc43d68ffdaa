"""MC114 smtps-port-without-s."""

from __future__ import annotations

from harness import assert_findings, assert_fix, assert_no_fix

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
TLS = "define(`confSERVER_CERT', `/etc/mail/tls/s.crt')dnl\ndefine(`confSERVER_KEY', `/etc/mail/tls/s.key')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_each_name_of_port_465_is_recognised() -> None:
    for port in ("465", "smtps", "submissions"):
        assert_findings(HEAD + f"DAEMON_OPTIONS(`Port={port}, Name=TLSMSA, M=Ea')dnl\n" + TAIL, [("MC114", 2, 1)])


def test_with_s_or_on_other_ports_passes() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=smtps, Name=TLSMSA, M=sEa')dnl\n" \
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC114"])


def test_fix_adds_s_when_tls_is_configured() -> None:
    assert_fix(
        HEAD + TLS + "DAEMON_OPTIONS(`Port=smtps, Name=TLSMTA')dnl\n" + TAIL,
        HEAD + TLS + "DAEMON_OPTIONS(`Port=smtps, Name=TLSMTA, M=s')dnl\n" + TAIL,
        unsafe=True,
        settings=Settings(select=["MC114"]),
    )


def test_no_fix_without_a_certificate() -> None:
    # `s` without a certificate makes sendmail reset every connection.
    assert_no_fix(HEAD + "DAEMON_OPTIONS(`Port=smtps, Name=TLSMTA')dnl\n" + TAIL, rule="MC114")
