"""MC236 rewrite-rule-without-tab."""

from __future__ import annotations

from harness import assert_findings
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
# corpus 073-cyrus-contrib-cyrusv2-spaces.mc: Cyrus' contrib/cyrusv2.mc with its tabs turned
# into spaces; corpus 072 (doc/cyrusv2.mc) is the same rule with the tab, the near miss.
SPACES = "LOCAL_RULE_0\nRbb + $+ < @ $=w . >    $#cyrus $: + $1\n"
TABS = "LOCAL_RULE_0\nRbb + $+ < @ $=w . >\t$#cyrus $: + $1\n"
# corpus 089-literal-TAB-placeholders-rules.mc (milter-link's cst.net.mc): the word TAB
# copied from a web page where a tab character belongs.
SPELLED = (
    "LOCAL_RULESETS\n"
    "SLocal_check_rcpt\n"
    "R$*                                         TAB $: $>canonify $1\n"
    "R$* <@ $* $={allowed_rcpt_domains} . >      TAB $@ OK\n"
    "R$* $={allowed_client_names}TAB $@ OK\n"
    "\n"
    "SStart\n"
    "R$* $$| $*                  TAB $: $1 $| $2\n"
)


def test_blanks_instead_of_a_tab() -> None:
    assert_findings(HEAD + SPACES, [("MC236", 5, 1)])


def test_with_the_tab_it_is_quiet() -> None:
    assert_findings(HEAD + TABS, [], rules=["MC236"])


def test_a_pasted_block_is_one_finding_per_run_of_lines() -> None:
    found = assert_findings(HEAD + SPELLED, [("MC236", 6, 1), ("MC236", 11, 1)])
    assert "`TAB`" in found[0].message and "3 R lines" in found[0].message


def test_a_continuation_line_starting_with_a_tab_separates() -> None:
    assert_findings(HEAD + "LOCAL_RULE_0\nR$+ < @ x . >\n\t$#local $: $1\n", [], rules=["MC236"])


def test_a_fragment_is_checked_too() -> None:
    # 089 is a fragment (no cf.m4, no OSTYPE): what it writes itself is still checked.
    assert_findings(SPELLED, [("MC236", 3, 1), ("MC236", 8, 1)])


@requires_m4
def test_m4_copies_the_line_without_a_tab() -> None:
    # sendmail's readcf.c ends the pattern at the first tab and rejects a line
    # with none ("invalid rewrite line ... (tab expected)"); m4 hands it over as written.
    cf = compile_mc("divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD + SPACES).stdout
    assert "Rbb + $+ < @ $=w . >    $#cyrus $: + $1" in cf.splitlines()
