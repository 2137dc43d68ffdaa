"""MC303 macro-in-hash-comment."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix, findings
from m4oracle import cf_option_lines, compile_mc, requires_m4

from mcparse.settings import Settings

# The fix changes what sendmail does (unsafe): run this rule alone, so no other
# rule's unsafe fix joins in.
ONLY = Settings(select=["MC303"])

CF = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
HEAD = CF + "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_hash_lines_after_the_include() -> None:
    source = HEAD + "#define(`confLOG_LEVEL', `14')\n  # FEATURE(`nouucp', `reject') old\n" \
        "define(`confX', `1') # FEATURE(`promiscuous_relay')\n" + TAIL
    assert_findings(source, [("MC303", 4, 1), ("MC303", 5, 3), ("MC303", 6, 22)])


def test_hash_before_the_include_plain_comments_and_fragments_pass() -> None:
    source = "divert(-1)\n# FEATURE(`promiscuous_relay')\n" + CF + "OSTYPE(`linux')dnl\n# about confLOG_LEVEL\n" + TAIL
    assert_findings(source, [], rules=["MC303"])
    # A fragment never includes cf.m4: `#` stays a comment there.
    assert_findings("# FEATURE(`promiscuous_relay')\nLOCAL_CONFIG\n", [], rules=["MC303"])


def test_preloaded_cf_m4_makes_every_hash_line_live() -> None:
    # Without an include line, a complete .mc is compiled as `m4 cf.m4 file.mc`.
    assert_findings("# FEATURE(`promiscuous_relay')\nOSTYPE(`linux')dnl\n" + TAIL, [("MC303", 1, 1)])


def test_fix_only_where_the_line_is_a_comment() -> None:
    assert_fix(
        HEAD + "#define(`confLOG_LEVEL', `14')\n# FEATURE(`nouucp', `reject')\n" + TAIL,
        HEAD + "dnl define(`confLOG_LEVEL', `14')\ndnl FEATURE(`nouucp', `reject')\n" + TAIL,
        unsafe=True, settings=ONLY, rules=["MC303"],
    )
    found = findings(HEAD + "define(`confX', `1') # FEATURE(`nouucp', `reject')\n" + TAIL, ["MC303"])
    assert found and found[0].fix is None


@requires_m4
@pytest.mark.m4
def test_m4_runs_the_hash_line_and_not_the_dnl_line() -> None:
    hashed = compile_mc(HEAD + "# define(`confLOG_LEVEL', `14')\n" + TAIL)
    fixed = compile_mc(HEAD + "dnl define(`confLOG_LEVEL', `14')\n" + TAIL)
    assert cf_option_lines(hashed.stdout, ["LogLevel"])["LogLevel"] == ["14"]
    assert cf_option_lines(fixed.stdout, ["LogLevel"])["LogLevel"] == ["9"]
