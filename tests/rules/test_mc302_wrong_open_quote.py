"""MC302 wrong-open-quote."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix, findings
from m4oracle import cf_option_lines, compile_mc, requires_m4

from mcparse.settings import Settings

# The fix changes what sendmail does (unsafe): run this rule alone, so no other
# rule's unsafe fix joins in.
ONLY = Settings(select=["MC302"])

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"
CF = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"


def test_straight_and_typographic_openers() -> None:
    source = HEAD + "define('confLOG_LEVEL', '14')dnl\nFEATURE(\u2018nouucp\u2019, `reject')dnl\n" + TAIL
    assert_findings(source, [("MC302", 2, 1), ("MC302", 3, 1)])


def test_backquotes_and_unknown_macros_pass() -> None:
    source = HEAD + "define(`confLOG_LEVEL', `14')dnl\nfoo('x')\nLOCAL_CONFIG\nKfoo hash '/x'\n" + TAIL
    assert_findings(source, [], rules=["MC302"])


def test_fix_opens_with_backquotes() -> None:
    assert_fix(
        HEAD + "define('confLOG_LEVEL', '14')dnl\ndefine('confPRIVACY_FLAGS', 'goaway, noetrn')dnl\n" + TAIL,
        HEAD + "define(`confLOG_LEVEL', `14')dnl\ndefine(`confPRIVACY_FLAGS', `goaway, noetrn')dnl\n" + TAIL,
        unsafe=True, settings=ONLY, rules=["MC302"],
    )
    assert_fix(
        HEAD + "FEATURE(\u2018nouucp\u2019, `reject')dnl\n" + TAIL,
        HEAD + "FEATURE(`nouucp', `reject')dnl\n" + TAIL,
        unsafe=True, settings=ONLY, rules=["MC302"],
    )


def test_no_fix_when_the_quotes_would_not_pair_up() -> None:
    found = findings(HEAD + "define(`confX', 'x)dnl\n" + TAIL, ["MC302"])
    assert found and found[0].fix is None


@requires_m4
@pytest.mark.m4
def test_m4_ignores_the_apostrophe_line_and_honours_the_fixed_one() -> None:
    broken = compile_mc(CF + HEAD + "define('confLOG_LEVEL', '14')dnl\n" + TAIL)
    fixed = compile_mc(CF + HEAD + "define(`confLOG_LEVEL', `14')dnl\n" + TAIL)
    assert cf_option_lines(broken.stdout, ["LogLevel"])["LogLevel"] == ["9"]
    assert cf_option_lines(fixed.stdout, ["LogLevel"])["LogLevel"] == ["14"]
