"""MC105 shell-command-in-mc."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_esyscmd_inside_a_define_is_reported_at_the_call() -> None:
    found = assert_findings(
        HEAD + "define(`confDOMAIN_NAME', esyscmd(`hostname -f'))dnl\n" + TAIL, [("MC105", 2, 27)]
    )
    assert "hostname -f" in found[0].message


def test_syscmd_at_top_level() -> None:
    assert_findings(HEAD + "syscmd(`touch /tmp/x')dnl\n" + TAIL, [("MC105", 2, 1)])


def test_each_call_is_reported() -> None:
    assert_findings(HEAD + "esyscmd(`a')esyscmd(`b')dnl\n" + TAIL, [("MC105", 2, 1), ("MC105", 2, 13)])


def test_commented_out_or_quoted_text_is_not_a_call() -> None:
    source = HEAD + "dnl esyscmd(`hostname')\ndefine(`X', `the word syscmd')dnl\n" + TAIL
    assert_findings(source, [], rules=["shell-command-in-mc"])
