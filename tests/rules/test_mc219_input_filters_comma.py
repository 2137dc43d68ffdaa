"""MC219 input-filters-comma."""

from __future__ import annotations

from harness import assert_findings, assert_fix

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_comma_separated_milters_are_reported() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A, InputMailFilters=clamav, opendkim, spamass')dnl\n" + TAIL
    assert_findings(source, [("MC219", 3, 32)])


def test_fix_joins_with_semicolons() -> None:
    assert_fix(
        HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A, InputMailFilters=clamav, opendkim, spamass')dnl\n" + TAIL,
        HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A, InputMailFilters=clamav;opendkim;spamass')dnl\n" + TAIL,
        unsafe=True,
        settings=Settings(select=["MC219"]),
    )


def test_semicolons_and_a_following_keyed_field_pass() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Name=MTA, InputMailFilters=clamav;opendkim, M=A')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC219"])
