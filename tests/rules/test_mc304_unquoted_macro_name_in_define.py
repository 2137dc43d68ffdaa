"""MC304 unquoted-macro-name-in-define."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix
from m4oracle import cf_option_lines, compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"
CF = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"


def test_unquoted_names() -> None:
    source = HEAD + "define(confLOG_LEVEL, `14')dnl\ndefine(SMART_HOST, `relay.example.com')dnl\n" \
        "undefine(confHOST_STATUS_DIRECTORY)dnl\n" + TAIL
    found = assert_findings(source, [("MC304", 2, 1), ("MC304", 3, 1), ("MC304", 4, 1)])
    # cf.m4 predefines confLOG_LEVEL as 9: the define went to a macro named 9.
    assert "`9`" in found[0].message


def test_quoted_names_pass() -> None:
    assert_findings(HEAD + "define(`confLOG_LEVEL', `14')dnl\nundefine(`confX')dnl\n" + TAIL, [], rules=["MC304"])


def test_fix_quotes_the_name() -> None:
    assert_fix(
        HEAD + "define(confLOG_LEVEL, `14')dnl\n" + TAIL,
        HEAD + "define(`confLOG_LEVEL', `14')dnl\n" + TAIL,
        rules=["MC304"],
    )


@requires_m4
@pytest.mark.m4
def test_m4_keeps_the_default_for_the_unquoted_name() -> None:
    broken = compile_mc(CF + HEAD + "define(confLOG_LEVEL, 14)dnl\n" + TAIL)
    fixed = compile_mc(CF + HEAD + "define(`confLOG_LEVEL', 14)dnl\n" + TAIL)
    assert cf_option_lines(broken.stdout, ["LogLevel"])["LogLevel"] == ["9"]
    assert cf_option_lines(fixed.stdout, ["LogLevel"])["LogLevel"] == ["14"]
