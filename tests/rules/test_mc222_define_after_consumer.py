"""MC222 define-after-consumer."""

from __future__ import annotations

from harness import assert_findings
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_mailer_variable_after_its_mailer() -> None:
    assert_findings(HEAD + MAILERS + "define(`SMTP_MAILER_MAX', `1000000')dnl\n", [("MC222", 4, 1)])


def test_database_map_type_after_a_map_feature() -> None:
    source = HEAD + "FEATURE(`mailertable')dnl\ndefine(`DATABASE_MAP_TYPE', `btree')dnl\nFEATURE(`virtusertable')dnl\n" + MAILERS
    assert_findings(source, [("MC222", 3, 1)])


def test_luser_relay_after_preserve_luser_host() -> None:
    source = HEAD + "FEATURE(`preserve_luser_host')dnl\ndefine(`LUSER_RELAY', `local:admin')dnl\n" + MAILERS
    assert_findings(source, [("MC222", 3, 1)])


def test_defines_before_their_readers_and_conf_options_pass() -> None:
    source = HEAD + "define(`SMTP_MAILER_MAX', `1000000')dnl\ndefine(`RELAY_MAILER_ARGS', `TCP $h 2525')dnl\n" + MAILERS
    source += "define(`confMAX_MESSAGE_SIZE', `1000000')dnl\ndefine(`UUCP_MAILER_PATH', `/usr/bin/uux')dnl\n"
    assert_findings(source, [], rules=["MC222"])


@requires_m4
def test_m4_ignores_the_late_define() -> None:
    cf = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD
    late = compile_mc(cf + MAILERS + "define(`SMTP_MAILER_MAX', `1000000')dnl\n").stdout
    early = compile_mc(cf + "define(`SMTP_MAILER_MAX', `1000000')dnl\n" + MAILERS).stdout
    assert "M=1000000" not in late and "M=1000000" in early
