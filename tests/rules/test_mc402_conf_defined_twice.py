"""MC402 conf-defined-twice."""

from __future__ import annotations

import pytest
from harness import assert_findings
from m4oracle import cf_option_lines, compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_second_define_is_reported() -> None:
    source = HEAD + "define(`confLOG_LEVEL', `14')dnl\ndefine(`confMAX_MESSAGE_SIZE', `1')dnl\n" \
        "define(`confLOG_LEVEL', `9')dnl\ndefine(`confLOG_LEVEL', `9')dnl\n" + TAIL
    assert_findings(source, [("MC402", 4, 1), ("MC402", 5, 1)])


def test_append_idiom_undefine_between_and_cf_files_pass() -> None:
    source = HEAD + "define(`confPRIVACY_FLAGS', `goaway')dnl\n" \
        "define(`confPRIVACY_FLAGS', defn(`confPRIVACY_FLAGS')`,noetrn')dnl\n" \
        "define(`confLOG_LEVEL', `14')dnl\nundefine(`confLOG_LEVEL')dnl\ndefine(`confLOG_LEVEL', `12')dnl\n" \
        "FEATURE(`msp')dnl\n"
    assert_findings(source, [], rules=["MC402"])


@requires_m4
@pytest.mark.m4
def test_m4_keeps_the_last_define() -> None:
    cf = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
    out = compile_mc(cf + HEAD + "define(`confLOG_LEVEL', `14')dnl\ndefine(`confLOG_LEVEL', `2')dnl\n" + TAIL)
    assert cf_option_lines(out.stdout, ["LogLevel"])["LogLevel"] == ["2"]
