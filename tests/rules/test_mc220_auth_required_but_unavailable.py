"""MC220 auth-required-but-unavailable."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
PLAIN_P = "define(`confAUTH_MECHANISMS', `PLAIN LOGIN')dnl\ndefine(`confAUTH_OPTIONS', `p,y')dnl\n"
TLS = "define(`confSERVER_CERT', `/etc/mail/tls/c.pem')dnl\ndefine(`confSERVER_KEY', `/etc/mail/tls/k.pem')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_a_with_capital_a() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=EaA')dnl\n" + TAIL, [("MC220", 4, 1)])


def test_plaintext_only_with_p_and_no_tls() -> None:
    source = HEAD + PLAIN_P + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + TAIL
    assert_findings(source, [("MC220", 6, 1)])


def test_starttls_switched_off_on_the_daemon() -> None:
    source = HEAD + PLAIN_P + TLS + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=EaS')dnl\n" + TAIL
    assert_findings(source, [("MC220", 8, 1)])


def test_usable_configurations_pass() -> None:
    for extra, modifiers in ((PLAIN_P + TLS, "Ea"), (PLAIN_P, "sEa"), ("define(`confAUTH_OPTIONS', `p')dnl\n", "Ea"), ("", "Ea")):
        source = HEAD + extra + f"DAEMON_OPTIONS(`Port=587, Name=MSA, M={modifiers}')dnl\n" + TAIL
        assert_findings(source, [], rules=["MC220"])


def test_an_include_mcparse_cannot_read_may_hold_the_certificates() -> None:
    source = HEAD + PLAIN_P + "include(`/etc/mail/tls/starttls.m4')dnl\nDAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC220"])
