"""MC101 auth-on-mta-port."""

from __future__ import annotations

from harness import assert_findings, assert_fix, assert_no_fix
from m4oracle import compile_mc, requires_m4

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


# corpus 047-illumos-solaris-local-net-config.mc (Sun's subsidiary.mc): OSTYPE(`solaris8')
# defines _NETINET6_, so cf.m4 adds an IPv4 and an IPv6 MTA line.
SOLARIS = (
    "divert(0)dnl\n"
    "VERSIONID(`sendmail.mc (Sun)')\n"
    "OSTYPE(`solaris8')dnl\n"
    "DOMAIN(`solaris-generic')dnl\n"
    "define(`confFALLBACK_SMARTHOST', `mailhost$?m.$m$.')dnl\n"
    "MAILER(`local')dnl\n"
    "MAILER(`smtp')dnl\n"
)
SOLARIS_FIXED = SOLARIS.replace(
    "OSTYPE(`solaris8')dnl\n",
    "OSTYPE(`solaris8')dnl\n"
    "DAEMON_OPTIONS(`Name=MTA-v4, Family=inet, M=A')dnl\n"
    "DAEMON_OPTIONS(`Name=MTA-v6, Family=inet6, M=A')dnl\n",
)


def test_solaris8_two_default_daemons_are_one_finding_that_keeps_ipv6() -> None:
    found = assert_findings(SOLARIS, [("MC101", 3, 1)])
    assert "Family=inet6, M=A" in found[0].message


def test_solaris8_fix_writes_both_listeners() -> None:
    assert_fix(SOLARIS, SOLARIS_FIXED, unsafe=True, rules=["MC101"])


@requires_m4
def test_solaris8_fix_only_adds_a_to_both_lines() -> None:
    head = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
    before = compile_mc(head + SOLARIS).stdout.splitlines()
    after = compile_mc(head + SOLARIS_FIXED).stdout.splitlines()
    daemons = [line for line in before if line.startswith("O DaemonPortOptions=")]
    assert daemons[:2] == ["O DaemonPortOptions=Name=MTA-v4, Family=inet", "O DaemonPortOptions=Name=MTA-v6, Family=inet6"]
    expected = [line + ", M=A" if line in daemons[:2] else line for line in before]
    assert [line for line in after if line and not line.startswith("#")] == [
        line for line in expected if line and not line.startswith("#")
    ]


def test_wording_says_when_no_auth_is_configured() -> None:
    # corpus 047 configures no AUTH at all: the message says so instead of
    # claiming AUTH is offered to everyone.
    quiet = assert_findings(SOLARIS, [("MC101", 3, 1)])[0].message
    assert "names no AUTH mechanism" in quiet
    with_auth = SOLARIS.replace("MAILER(`local')", "define(`confAUTH_MECHANISMS', `PLAIN LOGIN')dnl\nMAILER(`local')")
    loud = assert_findings(with_auth, [("MC101", 3, 1)])[0].message
    assert "will offer AUTH to anyone" in loud and "names no AUTH mechanism" not in loud


def test_auth_options_alone_is_not_auth_set_up() -> None:
    # Red Hat's stock sendmail.mc (corpus 015, 022, 060, 076, 077, 087, 097)
    # sets confAUTH_OPTIONS to `A` and comments out every mechanism line: the
    # compiled file has only `O AuthOptions=A`, which names no mechanism, so
    # the message keeps its hedge rather than promising AUTH to everyone.
    options_only = SOLARIS.replace("MAILER(`local')", "define(`confAUTH_OPTIONS', `A')dnl\nMAILER(`local')")
    message = assert_findings(options_only, [("MC101", 3, 1)])[0].message
    assert "names no AUTH mechanism" in message and "will offer AUTH to anyone" not in message
    trusted = SOLARIS.replace("MAILER(`local')", "TRUST_AUTH_MECH(`LOGIN PLAIN')dnl\nMAILER(`local')")
    assert "will offer AUTH to anyone" in assert_findings(trusted, [("MC101", 3, 1)])[0].message


# corpus 019-smoeding-header-fragment.m4.erb: the header piece of a puppet concat
# template; it includes cf.m4 inside an ERB branch and nothing else.
HEADER_PIECE = (
    "divert(0)dnl\n"
    "#\n"
    "# This file is managed by Puppet. DO NOT EDIT.\n"
    "#\n"
    "# Host: <%= @fqdn %>\n"
    "#\n"
    "define(`_USE_ETC_MAIL_')dnl\n"
    "<% case @operatingsystem -%>\n"
    "<% when 'Debian' -%>\n"
    "dnl #\n"
    "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n"
    "dnl #\n"
    "<% end -%>\n"
)


def test_template_piece_without_ostype_is_a_fragment() -> None:
    # One policy (rules/_scope.py): what cf.m4 adds by default is not reported on a piece.
    assert_findings(HEADER_PIECE, [], rules=["MC101", "MC102", "MC110", "MC112", "MC118", "MC212", "MC215"])


def test_a_template_with_ostype_is_a_whole_file() -> None:
    whole = HEADER_PIECE + "OSTYPE(`debian')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    assert_findings(whole, [("MC101", 14, 1)])


def test_no_fix_when_the_argument_is_not_one_quoted_string() -> None:
    assert_no_fix(HEAD + "DAEMON_OPTIONS(Port=smtp)dnl\n" + MSA + TAIL, rule="MC101")


def test_a_template_address_may_be_loopback_so_it_is_not_judged() -> None:
    # corpus 037 (Chef) and 015 (Puppet) bind port 25 to an address the
    # template fills in; MC308 already says the file is a template.
    erb = "OSTYPE(`linux')dnl\nDAEMON_OPTIONS(`Port=smtp,Addr=<%= @listen_address -%>, Name=MTA')dnl\nMAILER(`smtp')dnl\n"
    assert_findings(erb, [], rules=["MC101"])
    assert_findings(erb.replace("<%= @listen_address -%>", "192.0.2.25"), [("MC101", 2, 1)], rules=["MC101"])
