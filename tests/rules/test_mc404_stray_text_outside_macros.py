"""MC404 stray-text-outside-macros."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix, assert_no_fix
from m4oracle import compile_mc, requires_m4

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_prose_and_misspelt_macros() -> None:
    source = HEAD + "Enable submission on port 587\nMAILERS(`local')\n" + TAIL
    assert_findings(source, [("MC404", 2, 1), ("MC404", 3, 1)])


def test_calls_comments_sections_and_templates_pass() -> None:
    source = HEAD + "dnl Enable submission\n\n{% if relay %}\n" + TAIL + "LOCAL_CONFIG\nKfoo hash /x\n"
    assert_findings(source, [], rules=["MC404"])
    assert_findings("Some notes in a fragment\n", [], rules=["MC404"])


def test_fix_comments_the_line_out_and_is_unsafe() -> None:
    source = HEAD + "Enable submission on port 587\n" + TAIL
    assert_no_fix(source, rule="MC404", unsafe=False)
    assert_fix(source, HEAD + "dnl Enable submission on port 587\n" + TAIL, unsafe=True, settings=Settings(select=["MC404"]))


@requires_m4
@pytest.mark.m4
def test_m4_copies_the_text_into_sendmail_cf() -> None:
    cf = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
    out = compile_mc(cf + HEAD + "Enable submission on port 587\n" + TAIL).stdout
    assert "Enable submission on port 587" in out.splitlines()
