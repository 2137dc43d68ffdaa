"""MC208 unknown-daemon-option-key."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_unknown_first_letter_is_reported_at_the_field() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A, QueueLA=8')dnl\n" + TAIL, [("MC208", 3, 43)])


def test_letters_after_a_comma_in_m_are_reported() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=E, a')dnl\n" + TAIL, [("MC208", 3, 42)])


def test_client_options_are_parsed_by_the_same_letters() -> None:
    # sendmail -bt accepts Listen= in ClientPortOptions and rejects Xq=.
    source = HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A')dnl\nCLIENT_OPTIONS(`Family=inet, Listen=5, Xq=1')dnl\n" + TAIL
    assert_findings(source, [("MC208", 4, 40)])


def test_milter_names_after_input_mail_filters_are_left_to_mc219() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A, InputMailFilters=a, b')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC208"])


def test_documented_keys_pass() -> None:
    source = HEAD + (
        "DAEMON_OPTIONS(`Port=smtp, Addr=0.0.0.0, Name=MTA, Family=inet, M=A, Listen=10, "
        "children=5, DeliveryMode=b, delayLA=8, queueLA=9, refuseLA=12, SndBufSize=1, RcvBufSize=2')dnl\n"
    ) + TAIL
    assert_findings(source, [], rules=["MC208"])


def test_daemon_written_through_a_macro_is_reported_at_the_macro_use() -> None:
    source = HEAD + "define(`MYD', `DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A, Children=5')')dnl\nMYD\n" + TAIL
    assert_findings(source, [("MC208", 4, 1)])
