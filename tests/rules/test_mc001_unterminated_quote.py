"""MC001 unterminated-quote."""

from __future__ import annotations

from harness import assert_findings


def test_a_quote_left_open_is_reported_at_its_backquote() -> None:
    assert_findings("OSTYPE(`linux')dnl\ndefine(`confLOG_LEVEL', `9)dnl\nMAILER(`smtp')dnl\n", [("MC001", 2, 25)])


def test_closed_quotes_pass() -> None:
    assert_findings("OSTYPE(`linux')dnl\ndefine(`confLOG_LEVEL', `9')dnl\n", [], rules=["MC001"])
