"""MC307 changequote-used."""

from __future__ import annotations

from harness import assert_findings


def test_changequote_with_new_quotes() -> None:
    assert_findings("OSTYPE(`linux')dnl\nchangequote([,])dnl\nMAILER([smtp])dnl\n", [("MC307", 2, 1)])


def test_resetting_the_quotes_passes() -> None:
    assert_findings("OSTYPE(`linux')dnl\nchangequote()dnl\nMAILER(`smtp')dnl\n", [], rules=["MC307"])
