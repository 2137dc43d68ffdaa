"""MC227 relative-file-path."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_relative_certificate() -> None:
    assert_findings(HEAD + "define(`confSERVER_CERT', `tls/server.crt')dnl\n" + MAILERS, [("MC227", 2, 1)])


def test_relative_alias_map_entry() -> None:
    assert_findings(HEAD + "define(`ALIAS_FILE', `/etc/aliases,hash:aliases.local')dnl\n" + MAILERS, [("MC227", 2, 1)])


def test_absolute_macros_and_other_map_kinds_pass() -> None:
    source = HEAD + (
        "define(`ALIAS_FILE', `/etc/mail/aliases,nis:mail.aliases')dnl\n"
        "define(`confCW_FILE', `-o /etc/mail/local-host-names')dnl\n"
        "define(`confSERVER_CERT', `/etc/mail/tls/server.crt')dnl\n"
        "define(`confHOST_STATUS_DIRECTORY', `.hoststat')dnl\n"
    ) + MAILERS
    assert_findings(source, [], rules=["MC227"])
