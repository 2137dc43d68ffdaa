"""MC301 unquoted-comma-in-argument."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix, findings
from m4oracle import cf_option_lines, compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
CF = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"


def test_written_unquoted_daemon_options() -> None:
    found = assert_findings(HEAD + "DAEMON_OPTIONS(Port=smtp, Name=MTA, M=A)dnl\n" + TAIL, [("MC301", 3, 1)])
    assert "`Name=MTA, M=A`" in found[0].message


def test_commas_from_a_user_macro_are_reported_at_the_call_without_fix() -> None:
    source = HEAD + "define(`D', `Port=smtp, Name=MTA, M=A')DAEMON_OPTIONS(D)dnl\n" + TAIL
    found = assert_findings(source, [("MC301", 3, 40)])
    assert found[0].fix is None


def test_call_inside_a_user_macro_is_reported_at_its_use() -> None:
    source = HEAD + "define(`X', `DAEMON_OPTIONS(Port=1, M=a)')dnl\nX\n" + TAIL
    assert_findings(source, [("MC301", 4, 1)])


def test_mail_filter_equates_and_define_with_excess_arguments() -> None:
    source = HEAD + "INPUT_MAIL_FILTER(`f1', S=inet:1234@127.0.0.1, F=T)dnl\n" \
        "define(`confPRIVACY_FLAGS', authwarnings,novrfy,noexpn)dnl\n" + TAIL
    assert_findings(source, [("MC301", 3, 1), ("MC301", 4, 1)])


def test_quoted_arguments_pass() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n" \
        "INPUT_MAIL_FILTER(`f1', `S=inet:1234@127.0.0.1, F=T')dnl\n" \
        "define(`confPRIVACY_FLAGS', `authwarnings,novrfy')dnl\n" \
        "FEATURE(`dnsbl', `bl.example.org', `\"550 no\"', `t')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC301"])


def test_fix_quotes_the_whole_argument() -> None:
    assert_fix(
        HEAD + "DAEMON_OPTIONS(Port=smtp, Name=MTA, M=A)dnl\n" + TAIL,
        HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n" + TAIL,
        rules=["MC301"],
    )
    assert_fix(
        HEAD + "INPUT_MAIL_FILTER(`f1', S=inet:1234@127.0.0.1, F=T)dnl\n" + TAIL,
        HEAD + "INPUT_MAIL_FILTER(`f1', `S=inet:1234@127.0.0.1, F=T')dnl\n" + TAIL,
        rules=["MC301"],
    )


def test_no_fix_when_the_argument_holds_a_call() -> None:
    source = HEAD + "DAEMON_OPTIONS(Port=smtp, Name=translit(MTA, M, m))dnl\n" + TAIL
    found = findings(source, ["MC301"])
    assert found and all(d.fix is None for d in found)


@requires_m4
@pytest.mark.m4
def test_m4_drops_the_rest_and_the_fix_keeps_it() -> None:
    broken = CF + HEAD + "DAEMON_OPTIONS(Port=smtp, Name=MTA, M=A)dnl\n" + TAIL
    fixed = CF + HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n" + TAIL
    before = cf_option_lines(compile_mc(broken).stdout, ["DaemonPortOptions"])
    after = cf_option_lines(compile_mc(fixed).stdout, ["DaemonPortOptions"])
    assert before["DaemonPortOptions"] == ["Port=smtp"]
    assert after["DaemonPortOptions"] == ["Port=smtp, Name=MTA, M=A"]
