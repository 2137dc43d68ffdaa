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


def test_an_undefine_again_after_a_cf_file_or_the_include_passes() -> None:
    # DOMAIN and the cf.m4 include may define the variable again in between.
    source = "OSTYPE(`linux')dnl\nundefine(`confFORWARD_PATH')dnl\nDOMAIN(`generic')dnl\n" \
        "undefine(`confFORWARD_PATH')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC405"])
    source = "divert(-1)dnl\nundefine(`confLOG_LEVEL')dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" \
        "OSTYPE(`linux')dnl\nundefine(`confLOG_LEVEL')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC405"])


def test_a_default_the_ostype_sets_for_its_build_passes() -> None:
    # debian.m4 sets confBIND_OPTS two ifelse deep (an IPv6 build).
    assert_findings("OSTYPE(`debian')dnl\nundefine(`confBIND_OPTS')dnl\n" + TAIL, [], rules=["MC405"])


def test_fix_of_an_indented_undefine_keeps_the_blanks_m4_copies() -> None:
    head = "OSTYPE(`debian')dnl\nundefine(`confHOST_STATUS_DIRECTORY')dnl\n"
    assert_fix(head + "  undefine(`confHOST_STATUS_DIRECTORY')dnl\n" + TAIL, head + "  dnl\n" + TAIL, rules=["MC405"])
