"""MC225 milter-list-reset."""

from __future__ import annotations

from harness import assert_findings
from m4oracle import cf_option_lines, compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
FILTERS = "INPUT_MAIL_FILTER(`clamav', `S=local:/run/c.sock')dnl\nINPUT_MAIL_FILTER(`opendkim', `S=inet:8891@127.0.0.1')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_define_after_filters_drops_one() -> None:
    assert_findings(HEAD + FILTERS + "define(`confINPUT_MAIL_FILTERS', `opendkim')dnl\n" + MAILERS, [("MC225", 4, 1)])


def test_define_listing_all_or_placed_first_passes() -> None:
    assert_findings(HEAD + FILTERS + "define(`confINPUT_MAIL_FILTERS', `clamav,opendkim')dnl\n" + MAILERS, [], rules=["MC225"])
    assert_findings(HEAD + "define(`confINPUT_MAIL_FILTERS', `clamav')dnl\n" + FILTERS + MAILERS, [], rules=["MC225"])


@requires_m4
def test_m4_resets_the_list() -> None:
    cf = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD
    result = compile_mc(cf + FILTERS + "define(`confINPUT_MAIL_FILTERS', `opendkim')dnl\n" + MAILERS)
    assert cf_option_lines(result.stdout, ["InputMailFilters"])["InputMailFilters"] == ["opendkim"]
