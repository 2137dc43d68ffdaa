"""MC301 unquoted-comma-in-argument."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix, findings
from m4oracle import cf_option_lines, compile_mc, requires_m4

from mcparse.settings import Settings

# The fix changes what sendmail does (unsafe): run this rule alone, so no other
# rule's unsafe fix joins in.
ONLY = Settings(select=["MC301"])

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
        unsafe=True, settings=ONLY, rules=["MC301"],
    )
    assert_fix(
        HEAD + "INPUT_MAIL_FILTER(`f1', S=inet:1234@127.0.0.1, F=T)dnl\n" + TAIL,
        HEAD + "INPUT_MAIL_FILTER(`f1', `S=inet:1234@127.0.0.1, F=T')dnl\n" + TAIL,
        unsafe=True, settings=ONLY, rules=["MC301"],
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


# corpus 077-fightspam-milters-3arg-mistake.mc, line 179: each piece quoted on its own,
# and the timeouts separated by a comma where sendmail wants `;'.
MILTER_SPLIT = (
    "MAILER(smtp)dnl\nMAILER(procmail)dnl\n"
    "INPUT_MAIL_FILTER(`milter-regex', `S=unix:/var/spool/milter-regex/sock', `T=S:30s,R:2m')\n"
)
MILTER_MEANT = "S=unix:/var/spool/milter-regex/sock, T=S:30s;R:2m"


def test_separately_quoted_milter_value_suggests_a_working_value() -> None:
    found = assert_findings("OSTYPE(`linux')dnl\n" + MILTER_SPLIT, [("MC301", 4, 1)])
    assert f"`{MILTER_MEANT}'" in found[0].message
    assert "separately quoted" in found[0].message
    assert found[0].fix is None


def test_milter_value_quoted_whole_is_quiet() -> None:
    # The near miss: the commas are inside the quotes, and T= uses `;'.
    source = "OSTYPE(`linux')dnl\nMAILER(`smtp')dnl\nINPUT_MAIL_FILTER(`x', `S=local:/p, T=S:30s;R:2m')dnl\n"
    assert_findings(source, [], rules=["MC301"])


def test_no_quote_fix_that_would_put_a_comma_inside_t() -> None:
    # Quoting `S=local:/p, T=S:30s,R:2m' as written makes milter.c reject `R:2m'.
    source = "OSTYPE(`linux')dnl\nMAILER(`smtp')dnl\nINPUT_MAIL_FILTER(`x', S=local:/p, T=S:30s,R:2m)dnl\n"
    found = assert_findings(source, [("MC301", 3, 1)])
    assert found[0].fix is None and "`S=local:/p, T=S:30s;R:2m'" in found[0].message


@requires_m4
def test_m4_drops_the_timeouts_and_the_suggestion_keeps_them() -> None:
    head = CF + "OSTYPE(`linux')dnl\n"
    split = compile_mc(head + MILTER_SPLIT).stdout.splitlines()
    meant = compile_mc(head + MILTER_SPLIT.replace(
        "`S=unix:/var/spool/milter-regex/sock', `T=S:30s,R:2m'", f"`{MILTER_MEANT}'"
    )).stdout.splitlines()
    assert "Xmilter-regex, S=unix:/var/spool/milter-regex/sock" in split
    assert f"Xmilter-regex, {MILTER_MEANT}" in meant
