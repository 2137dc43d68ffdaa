"""MC309 unbalanced-quote-in-comment."""

from __future__ import annotations

import pytest
from harness import assert_findings
from m4oracle import compile_mc, requires_m4

CF = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
HEAD = CF + "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_backquote_left_open_in_a_hash_line() -> None:
    source = HEAD + "# don`t relay\nFEATURE(`access_db')dnl\n" + TAIL + "# it's over\n"
    assert_findings(source, [("MC309", 4, 6)])


def test_balanced_quotes_dnl_lines_and_real_comments_pass() -> None:
    source = "divert(-1)\n# don`t\n" + CF + "OSTYPE(`linux')dnl\n# see `cf.README'\ndnl don`t\n# it's fine\n" + TAIL
    assert_findings(source, [], rules=["MC309"])


@requires_m4
@pytest.mark.m4
def test_m4_swallows_the_feature_after_the_open_quote() -> None:
    result = compile_mc(HEAD + "# don`t relay\nFEATURE(`access_db')dnl\n" + TAIL + "# it's over\n")
    assert "FEATURE(`access_db')" in result.stdout or "FEATURE(access_db)" in result.stdout
    assert "Kaccess" not in result.stdout
