"""MC112 version-in-banner (off by default; the harness selects it)."""

from __future__ import annotations

from harness import assert_findings, assert_fix

from mcparse.engine import check
from mcparse.rules import find_rule
from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_cf_m4_default_greeting_is_reported_at_ostype() -> None:
    assert_findings("dnl\n" + HEAD + TAIL, [("MC112", 2, 1)])


def test_own_greeting_with_version() -> None:
    assert_findings(HEAD + "define(`confSMTP_LOGIN_MSG', `$j Sendmail $v ready')dnl\n" + TAIL, [("MC112", 2, 1)])


def test_greeting_without_version_and_loopback_hosts_pass() -> None:
    assert_findings(HEAD + "define(`confSMTP_LOGIN_MSG', `$j ESMTP')dnl\n" + TAIL, [], rules=["MC112"])
    loopback = HEAD + "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Addr=127.0.0.1, Name=MTA')dnl\n" + TAIL
    assert_findings(loopback, [], rules=["MC112"])


def test_off_unless_selected() -> None:
    assert find_rule("MC112").default_enabled is False
    assert not [d for d in check(HEAD + TAIL) if d.code == "MC112"]


def test_fix_removes_the_version_macros() -> None:
    assert_fix(
        HEAD + "define(`confSMTP_LOGIN_MSG', `$j Sendmail $v/$Z; $b')dnl\n" + TAIL,
        HEAD + "define(`confSMTP_LOGIN_MSG', `$j Sendmail; $b')dnl\n" + TAIL,
        unsafe=True, settings=Settings(select=["MC112"]),
    )
