"""MC305 space-before-parenthesis."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix
from m4oracle import compile_mc, requires_m4

from mcparse.settings import Settings

# The fix changes what sendmail does (unsafe): run this rule alone, so no other
# rule's unsafe fix joins in.
ONLY = Settings(select=["MC305"])

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"
CF = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"


def test_blank_before_parenthesis() -> None:
    source = HEAD + "FEATURE (`access_db')dnl\ndefine\t(`confX', `y')dnl\n" + TAIL
    assert_findings(source, [("MC305", 2, 1), ("MC305", 3, 1)])


def test_calls_sections_and_unknown_words_pass() -> None:
    source = HEAD + "FEATURE(`access_db')dnl\nLOCAL_CONFIG (x)\nsee (below)\n" + TAIL
    assert_findings(source, [], rules=["MC305"])


def test_hash_line_is_left_to_macro_in_hash_comment() -> None:
    source = CF + HEAD + "# FEATURE (`promiscuous_relay')\n" + TAIL
    assert_findings(source, [], rules=["MC305"])


def test_fix_removes_the_blank() -> None:
    assert_fix(
        HEAD + "FEATURE (`access_db')dnl\n" + TAIL, HEAD + "FEATURE(`access_db')dnl\n" + TAIL,
        unsafe=True, settings=ONLY, rules=["MC305"],
    )


@requires_m4
@pytest.mark.m4
def test_m4_calls_feature_without_arguments() -> None:
    broken = compile_mc(CF + HEAD + "FEATURE (`access_db')dnl\n" + TAIL)
    fixed = compile_mc(CF + HEAD + "FEATURE(`access_db')dnl\n" + TAIL)
    assert any("feature/.m4" in line for line in broken.errors)
    assert fixed.ok and "Kaccess" in fixed.stdout
