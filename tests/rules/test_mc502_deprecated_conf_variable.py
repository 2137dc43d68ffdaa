"""MC502 deprecated-conf-variable."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_obsolete_and_superseded_variables() -> None:
    source = HEAD + "define(`confDAEMON_OPTIONS', `Port=587')dnl\ndefine(`confME_TOO', `True')dnl\n" + TAIL
    assert_findings(source, [("MC502", 2, 1), ("MC502", 3, 1)])


def test_current_and_compatibility_only_variables_pass() -> None:
    source = HEAD + "define(`confLOG_LEVEL', `9')dnl\ndefine(`confSAFE_QUEUE', `True')dnl\n" \
        "undefine(`confDEF_AUTH_INFO')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC502"])
