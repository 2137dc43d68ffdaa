"""MC205 unknown-ostype."""

from __future__ import annotations

from harness import assert_findings, assert_no_fix

TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_distribution_name_is_reported() -> None:
    assert_findings("OSTYPE(`ubuntu')dnl\n" + TAIL, [("MC205", 1, 9)])


def test_known_ostypes_pass() -> None:
    assert_findings("OSTYPE(`linux')dnl\n" + TAIL, [], rules=["MC205"])
    assert_findings("OSTYPE(`debian')dnl\n" + TAIL, [], rules=["MC205"])


def test_no_fix_without_a_single_close_name() -> None:
    assert_no_fix("OSTYPE(`ubuntu')dnl\n" + TAIL, rule="MC205")
