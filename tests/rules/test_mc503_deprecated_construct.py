"""MC503 deprecated-construct."""

from __future__ import annotations

import pytest
from harness import assert_findings
from m4oracle import compile_mc, requires_m4

TAIL = "MAILER(`smtp')dnl\n"


def test_compound_min_free_blocks_and_old_ostype() -> None:
    assert_findings("OSTYPE(`linux')dnl\ndefine(`confMIN_FREE_BLOCKS', `100/2000')dnl\n" + TAIL, [("MC503", 2, 1)])
    assert_findings("OSTYPE(`bsdi1.0')dnl\n" + TAIL, [("MC503", 1, 1)])


def test_plain_values_pass() -> None:
    assert_findings("OSTYPE(`linux')dnl\ndefine(`confMIN_FREE_BLOCKS', `100')dnl\n" + TAIL, [], rules=["MC503"])


@requires_m4
@pytest.mark.m4
def test_m4_complains_about_the_compound_form() -> None:
    cf = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
    out = compile_mc(cf + "OSTYPE(`linux')dnl\ndefine(`confMIN_FREE_BLOCKS', `100/2000')dnl\n" + TAIL)
    assert "compound confMIN_FREE_BLOCKS is obsolete" in out.stderr
