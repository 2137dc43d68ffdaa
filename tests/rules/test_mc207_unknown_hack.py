"""MC207 unknown-hack."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\n"


def test_site_hack_is_reported() -> None:
    assert_findings(HEAD + "HACK(`popauth')dnl\n", [("MC207", 2, 7)])


def test_shipped_hack_passes() -> None:
    assert_findings(HEAD + "HACK(`cssubdomain')dnl\n", [], rules=["MC207"])


def test_template_placeholders_are_left_alone() -> None:
    assert_findings(HEAD + "HACK(`{{ hack }}')dnl\n", [], rules=["MC207"])
