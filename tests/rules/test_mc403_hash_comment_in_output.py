"""MC403 hash-comment-in-output."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix
from m4oracle import compile_mc, requires_m4

CF = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
HEAD = CF + "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_comment_blocks_after_the_include() -> None:
    source = HEAD + "# one\n# block\ndnl\n# another\n" + TAIL
    assert_findings(source, [("MC403", 4, 1), ("MC403", 7, 1)])


def test_comments_before_the_include_in_sections_and_dnl_pass() -> None:
    source = "divert(0)dnl\n# header meant for sendmail.cf\n" + CF + "OSTYPE(`linux')dnl\ndnl # note\n" + TAIL \
        + "LOCAL_CONFIG\n# a cf comment\n"
    assert_findings(source, [], rules=["MC403"])


def test_fix_turns_the_block_into_dnl_comments() -> None:
    assert_fix(HEAD + "# one\n# two\n" + TAIL, HEAD + "dnl # one\ndnl # two\n" + TAIL, rules=["MC403"])


@requires_m4
@pytest.mark.m4
def test_m4_copies_the_comment_and_expands_names_in_it() -> None:
    out = compile_mc(HEAD + "# raise confLOG_LEVEL\n" + TAIL).stdout
    assert "# raise 9" in out.splitlines()
