"""MC308 template-marker."""

from __future__ import annotations

from harness import assert_findings


def test_jinja_and_erb_markers() -> None:
    assert_findings("OSTYPE(`linux')dnl\ndefine(`SMART_HOST', `{{ relay }}')dnl\n", [("MC308", 2, 23)])
    assert_findings("<% if @relay -%>\nOSTYPE(`linux')dnl\n", [("MC308", 1, 1)])


def test_plain_file_passes() -> None:
    assert_findings("OSTYPE(`linux')dnl\ndefine(`SMART_HOST', `relay')dnl\n", [], rules=["MC308"])
