"""MC405 undefine-redundant."""

from __future__ import annotations

from harness import assert_findings, assert_fix

TAIL = "MAILER(`smtp')dnl\n"


def test_undefined_twice_and_never_defined() -> None:
    source = "OSTYPE(`debian')dnl\nundefine(`confHOST_STATUS_DIRECTORY')dnl\n" \
        "undefine(`confHOST_STATUS_DIRECTORY')dnl\nundefine(`confDEF_AUTH_INFO')dnl\n" + TAIL
    assert_findings(source, [("MC405", 3, 1), ("MC405", 4, 1)])


def test_undefine_of_a_default_or_after_a_loader_passes() -> None:
    source = "OSTYPE(`debian')dnl\nundefine(`confHOST_STATUS_DIRECTORY')dnl\nundefine(`confLOG_LEVEL')dnl\n" \
        "DOMAIN(`generic')dnl\nundefine(`confDEF_AUTH_INFO')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC405"])


def test_fix_removes_the_line() -> None:
    head = "OSTYPE(`debian')dnl\nundefine(`confHOST_STATUS_DIRECTORY')dnl\n"
    assert_fix(head + "undefine(`confHOST_STATUS_DIRECTORY')dnl\n" + TAIL, head + TAIL, rules=["MC405"])
