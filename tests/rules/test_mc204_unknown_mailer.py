"""MC204 unknown-mailer."""

from __future__ import annotations

from mcparse.settings import Settings

from harness import assert_findings, assert_fix

HEAD = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\n"


def test_delivery_agent_name_is_reported() -> None:
    assert_findings(HEAD + "MAILER(`esmtp')dnl\n", [("MC204", 3, 9)])


def test_known_mailers_pass() -> None:
    assert_findings(HEAD + "MAILER(`smtp')dnl\nMAILER(`procmail')dnl\n", [], rules=["MC204"])


def test_fix_names_the_file_that_defines_the_agent() -> None:
    assert_fix(HEAD + "MAILER(`esmtp')dnl\n", HEAD + "MAILER(`smtp')dnl\n", unsafe=True,
        settings=Settings(select=["MC204"]), rules=["MC204"])


def test_fix_for_a_typo() -> None:
    assert_fix(HEAD + "MAILER(`smpt')dnl\n", HEAD + "MAILER(`smtp')dnl\n", unsafe=True,
        settings=Settings(select=["MC204"]), rules=["MC204"])
