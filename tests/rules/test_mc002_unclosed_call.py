"""MC002 unclosed-call."""

from __future__ import annotations

from harness import assert_findings


def test_a_call_never_closed_is_reported_at_its_name() -> None:
    assert_findings("OSTYPE(`linux')dnl\nFEATURE(`access_db'dnl\nMAILER(`smtp')dnl\n", [("MC002", 2, 1)])


def test_closed_calls_pass() -> None:
    assert_findings("OSTYPE(`linux')dnl\nFEATURE(`access_db')dnl\n", [], rules=["MC002"])
