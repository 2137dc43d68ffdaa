"""MC109 tls-cert-without-key."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
CERT = "define(`confSERVER_CERT', `/etc/mail/tls/s.crt')dnl\n"
KEY = "define(`confSERVER_KEY', `/etc/mail/tls/s.key')dnl\n"


def test_certificate_without_key() -> None:
    assert_findings(HEAD + CERT + TAIL, [("MC109", 2, 1)])


def test_key_without_certificate() -> None:
    assert_findings(HEAD + "dnl\n" + KEY + TAIL, [("MC109", 3, 1)])


def test_client_pair_is_checked_separately() -> None:
    source = HEAD + CERT + KEY + "define(`confCLIENT_CERT', `/etc/mail/tls/c.crt')dnl\n" + TAIL
    assert_findings(source, [("MC109", 4, 1)])


def test_empty_value_counts_as_unset() -> None:
    assert_findings(HEAD + CERT + "define(`confSERVER_KEY', `')dnl\n" + TAIL, [("MC109", 2, 1)])


def test_complete_pairs_and_no_tls_pass() -> None:
    same_file = "define(`confSERVER_CERT', `/etc/mail/s.pem')dnl\ndefine(`confSERVER_KEY', `/etc/mail/s.pem')dnl\n"
    assert_findings(HEAD + same_file + TAIL, [], rules=["MC109"])
    assert_findings(HEAD + TAIL, [], rules=["MC109"])
