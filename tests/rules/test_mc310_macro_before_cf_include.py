"""MC310 macro-before-cf-include."""

from __future__ import annotations

import pytest
from harness import assert_findings
from m4oracle import compile_mc, requires_m4

CF = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"


def test_macros_above_the_include() -> None:
    source = "divert(-1)\nFEATURE(`no_default_msa')\nLOCAL_CONFIG\n" + CF + "OSTYPE(`linux')dnl\n"
    assert_findings(source, [("MC310", 2, 1), ("MC310", 3, 1)])


def test_defines_above_and_macros_below_pass() -> None:
    source = "divert(-1)\ndefine(`_USE_ETC_MAIL_')dnl\n# FEATURE(x) in a comment\n" + CF + "FEATURE(`no_default_msa')dnl\n"
    assert_findings(source, [], rules=["MC310"])
    # Without an include line cf.m4 is read first: nothing is too early.
    assert_findings("FEATURE(`no_default_msa')dnl\nOSTYPE(`linux')dnl\n", [], rules=["MC310"])


@requires_m4
@pytest.mark.m4
def test_m4_ignores_a_feature_above_the_include() -> None:
    tail = "OSTYPE(`linux')dnl\nMAILER(`smtp')dnl\n"
    early = compile_mc("divert(-1)\nFEATURE(`no_default_msa')\n" + CF + tail).stdout
    late = compile_mc("divert(-1)\n" + CF + "FEATURE(`no_default_msa')dnl\n" + tail).stdout
    assert "Name=MSA" in early and "Name=MSA" not in late
