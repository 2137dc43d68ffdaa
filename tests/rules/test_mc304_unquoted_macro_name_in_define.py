"""MC304 unquoted-macro-name-in-define."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix, findings
from m4oracle import cf_option_lines, compile_mc, requires_m4

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"
CF = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"


def test_unquoted_names() -> None:
    source = HEAD + "define(confLOG_LEVEL, `14')dnl\ndefine(SMART_HOST, `relay.example.com')dnl\n" \
        "undefine(confHOST_STATUS_DIRECTORY)dnl\n" + TAIL
    found = assert_findings(source, [("MC304", 2, 1), ("MC304", 3, 1), ("MC304", 4, 1)])
    # cf.m4 predefines confLOG_LEVEL as 9: the define went to a macro named 9.
    assert "`9`" in found[0].message


def test_quoted_names_pass() -> None:
    assert_findings(HEAD + "define(`confLOG_LEVEL', `14')dnl\nundefine(`confX')dnl\n" + TAIL, [], rules=["MC304"])


def test_fix_quotes_the_name_unsafely_where_it_was_defined() -> None:
    # confLOG_LEVEL is 9 already: the unquoted call defined `9`, the quoted one sets LogLevel.
    source = HEAD + "define(confLOG_LEVEL, `14')dnl\n" + TAIL
    assert [d.fix.safety for d in findings(source, ["MC304"]) if d.fix] == ["unsafe"]
    assert_fix(source, source, rules=[])
    fixed = HEAD + "define(`confLOG_LEVEL', `14')dnl\n" + TAIL
    assert_fix(source, fixed, unsafe=True, settings=Settings(select=["MC304"]), rules=["MC304"])


def test_fix_quotes_the_name_safely_where_it_was_undefined() -> None:
    # Nothing defined confMAX_HOP before: m4 already did what the quoted call does.
    source = HEAD + "define(confMAX_HOP, `30')dnl\n" + TAIL
    assert [d.fix.safety for d in findings(source, ["MC304"]) if d.fix] == ["safe"]
    assert_fix(source, HEAD + "define(`confMAX_HOP', `30')dnl\n" + TAIL, rules=["MC304"])


@requires_m4
@pytest.mark.m4
def test_m4_keeps_the_default_for_the_unquoted_name() -> None:
    broken = compile_mc(CF + HEAD + "define(confLOG_LEVEL, 14)dnl\n" + TAIL)
    fixed = compile_mc(CF + HEAD + "define(`confLOG_LEVEL', 14)dnl\n" + TAIL)
    assert cf_option_lines(broken.stdout, ["LogLevel"])["LogLevel"] == ["9"]
    assert cf_option_lines(fixed.stdout, ["LogLevel"])["LogLevel"] == ["14"]


@pytest.mark.parametrize("name", ["LOCAL_MAILER_PATH", "CF_LEVEL", "_REC_END_", "sm_enable_ipv6"])
def test_quoting_a_name_a_cf_file_may_define_is_unsafe(name: str) -> None:
    # FEATURE(`local_procmail'), which OSTYPE(`linux') loads, defines
    # LOCAL_MAILER_PATH: the unquoted define acted on /usr/bin/procmail.
    found = findings(HEAD + f"define({name}, `/usr/local/bin/procmail')dnl\nMAILER(`local')dnl\n", ["MC304"])
    assert [(item.code, item.fix.safety if item.fix else None) for item in found] == [("MC304", "unsafe")]


def test_quoting_the_files_own_lowercase_name_stays_safe() -> None:
    found = findings(HEAD + "define(mylist, `a b')dnl\n" + TAIL, ["MC304"])
    assert [(item.code, item.fix.safety if item.fix else None) for item in found] == [("MC304", "safe")]
