"""MC003 invalid-utf8."""

from __future__ import annotations

from harness import assert_findings


def test_a_latin1_comment_is_reported_at_its_first_bad_byte() -> None:
    assert_findings(b"OSTYPE(`linux')dnl\ndnl caf\xe9 au lait\n", [("MC003", 2, 8)])


def test_utf8_passes() -> None:
    assert_findings("OSTYPE(`linux')dnl\ndnl café au lait\n".encode(), [], rules=["MC003"])
