"""MC101 auth-on-mta-port."""

from __future__ import annotations

from harness import assert_findings, assert_fix, assert_no_fix

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n"
MSA = "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
CF = "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_port_25_without_modifiers() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" + MSA + TAIL, [("MC101", 3, 1)])


def test_port_25_with_other_modifiers_only() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=25, Name=MTA, M=E')dnl\n" + MSA + TAIL, [("MC101", 3, 1)])


def test_implied_default_mta_is_reported_at_ostype() -> None:
    assert_findings("dnl a comment\nOSTYPE(`linux')dnl\n" + TAIL, [("MC101", 2, 1)])


def test_implied_default_mta_without_ostype_is_reported_at_the_start() -> None:
    # A file that includes cf.m4 itself but names no OSTYPE still gets the default daemons.
    assert_findings(CF + "MAILER(`smtp')dnl\n", [("MC101", 1, 1)])


def test_two_port_25_daemons_each_reported() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=smtp, Addr=192.0.2.1, Name=MTA')dnl\n" \
        "DAEMON_OPTIONS(`Port=smtp, Addr=192.0.2.2, Name=MTA2, M=A')dnl\n" \
        "DAEMON_OPTIONS(`Family=inet6, Port=smtp, Name=MTA6')dnl\n" + TAIL
    assert_findings(source, [("MC101", 3, 1), ("MC101", 5, 1)])


def test_with_a_and_loopback_and_other_ports_pass() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n" \
        "DAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=Local')dnl\n" \
        "DAEMON_OPTIONS(`Port=2525, Name=Alt')dnl\n" + MSA + TAIL
    assert_findings(source, [], rules=["auth-on-mta-port"])


def test_daemon_written_through_a_user_macro_counts_as_m4_sees_it() -> None:
    source = HEAD + "define(`MYDAEMON', `DAEMON_OPTIONS(`Port=smtp, Name=MTA')')dnl\nMYDAEMON\n" + MSA + TAIL
    found = assert_findings(source, [("MC101", 4, 1)])
    assert found[0].fix is None  # no plain DAEMON_OPTIONS text to edit


def test_fix_appends_to_existing_modifiers() -> None:
    assert_fix(
        HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=E')dnl\n" + MSA + TAIL,
        HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=EA')dnl\n" + MSA + TAIL,
        unsafe=True,
    )


def test_fix_adds_a_modifier_field() -> None:
    assert_fix(
        HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" + MSA + TAIL,
        HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n" + MSA + TAIL,
        unsafe=True,
    )


def test_fix_is_unsafe_so_plain_fix_leaves_the_file() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" + MSA + TAIL
    assert_fix(source, source, unsafe=False)


def test_fix_writes_out_the_implied_daemon_after_ostype() -> None:
    assert_fix(
        "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n" + TAIL,
        "OSTYPE(`linux')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\nFEATURE(`no_default_msa')dnl\n" + TAIL,
        unsafe=True,
        rules=["MC101"],
    )


def test_fix_for_implied_daemon_without_ostype_goes_before_first_mailer() -> None:
    assert_fix(
        CF + "FEATURE(`no_default_msa')dnl\nMAILER(`smtp')dnl\n",
        CF + "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\nMAILER(`smtp')dnl\n",
        unsafe=True,
        rules=["MC101"],
    )


def test_no_fix_when_cf_m4_adds_two_default_daemons() -> None:
    # solaris8 makes cf.m4 add an IPv4 and an IPv6 MTA: one line cannot replace both.
    assert_no_fix("OSTYPE(`solaris8')dnl\nFEATURE(`no_default_msa')dnl\n" + TAIL, rule="MC101")


def test_no_fix_when_the_argument_is_not_one_quoted_string() -> None:
    assert_no_fix(HEAD + "DAEMON_OPTIONS(Port=smtp)dnl\n" + MSA + TAIL, rule="MC101")
