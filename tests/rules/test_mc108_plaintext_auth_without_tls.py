"""MC108 plaintext-auth-without-tls."""

from __future__ import annotations

from harness import assert_findings, assert_fix, assert_no_fix

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
TLS = "define(`confSERVER_CERT', `/etc/mail/tls/s.crt')dnl\ndefine(`confSERVER_KEY', `/etc/mail/tls/s.key')dnl\n"
DAEMONS = (
    "FEATURE(`no_default_msa')dnl\n"
    "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
    "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
)
MECHS = "define(`confAUTH_MECHANISMS', `LOGIN PLAIN')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_reported_at_auth_options_when_tls_exists() -> None:
    source = HEAD + TLS + MECHS + "define(`confAUTH_OPTIONS', `A y')dnl\n" + DAEMONS + TAIL
    assert_findings(source, [("MC108", 5, 1)])


def test_reported_at_mechanisms_without_tls_and_no_fix() -> None:
    source = HEAD + MECHS + DAEMONS + TAIL
    assert_findings(source, [("MC108", 2, 1)])
    assert_no_fix(source, rule="MC108")


def test_only_the_first_letter_of_each_word_counts() -> None:
    # sendmail reads `Ap` as just `A`: the p is never looked at.
    source = HEAD + TLS + MECHS + "define(`confAUTH_OPTIONS', `Ap')dnl\n" + DAEMONS + TAIL
    assert_findings(source, [("MC108", 5, 1)])


def test_p_in_any_auth_options_line_passes() -> None:
    source = HEAD + TLS + MECHS + "define(`confAUTH_OPTIONS', `A p')dnl\n" + DAEMONS + TAIL
    assert_findings(source, [], rules=["MC108"])


def test_default_mechanisms_have_no_plaintext_one() -> None:
    source = HEAD + "define(`confAUTH_OPTIONS', `A')dnl\n" + DAEMONS + TAIL
    assert_findings(source, [], rules=["MC108"])


def test_no_daemon_offering_auth_in_clear_passes() -> None:
    # Port 25 has A, the only AUTH daemon is loopback or implicit TLS with a certificate.
    source = HEAD + TLS + MECHS + "FEATURE(`no_default_msa')dnl\n" \
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n" \
        "DAEMON_OPTIONS(`Port=587, Addr=127.0.0.1, Name=MSA, M=Ea')dnl\n" \
        "DAEMON_OPTIONS(`Port=465, Name=MSA-TLS, M=sEa')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC108"])


def test_implicit_tls_without_certificate_still_counts() -> None:
    source = HEAD + MECHS + "FEATURE(`no_default_msa')dnl\n" \
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n" \
        "DAEMON_OPTIONS(`Port=465, Name=MSA-TLS, M=sEa')dnl\n" + TAIL
    assert_findings(source, [("MC108", 2, 1)])


def test_fix_adds_p() -> None:
    before = HEAD + TLS + MECHS + "define(`confAUTH_OPTIONS', `A')dnl\n" + DAEMONS + TAIL
    after = HEAD + TLS + MECHS + "define(`confAUTH_OPTIONS', `A,p')dnl\n" + DAEMONS + TAIL
    assert_fix(before, after, unsafe=True, settings=Settings(select=["MC108"]))
