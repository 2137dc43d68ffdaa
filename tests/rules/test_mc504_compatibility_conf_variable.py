"""MC504 compatibility-conf-variable."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_compatibility_only_variables() -> None:
    source = HEAD + "define(`confSAFE_QUEUE', `True')dnl\ndefine(`confUSE_ERRORS_TO', `True')dnl\n" + TAIL
    assert_findings(source, [("MC504", 2, 1), ("MC504", 3, 1)])


def test_cf_m4_defaults_and_other_variables_pass() -> None:
    assert_findings(HEAD + "define(`confLOG_LEVEL', `9')dnl\n" + TAIL, [], rules=["MC504"])
