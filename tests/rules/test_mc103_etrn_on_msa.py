"""MC103 etrn-on-msa."""

from __future__ import annotations

from harness import assert_findings, assert_fix

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_587_without_e() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=a')dnl\n" + TAIL, [("MC103", 4, 1)])


def test_587_without_any_modifier_gets_both_findings() -> None:
    assert_findings(
        HEAD + "\nDAEMON_OPTIONS(`Port=587, Name=MSA')dnl\n" + TAIL, [("MC102", 5, 1), ("MC103", 5, 1)]
    )


def test_default_msa_has_e() -> None:
    assert_findings("OSTYPE(`linux')dnl\n" + TAIL, [], rules=["etrn-on-msa"])


def test_port_25_may_keep_etrn() -> None:
    source = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" + TAIL
    assert_findings(source, [], rules=["etrn-on-msa"])


def test_fix_adds_e_next_to_a() -> None:
    assert_fix(
        HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=a')dnl\n" + TAIL,
        HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=aE')dnl\n" + TAIL,
        unsafe=True,
    )


def test_both_fixes_on_one_field_need_two_rounds_and_agree() -> None:
    # MC102 and MC103 both insert at the end of M=: one per round, the file converges.
    assert_fix(
        HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA')dnl\n" + TAIL,
        HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=aE')dnl\n" + TAIL,
        unsafe=True,
    )


def test_noetrn_refuses_etrn_on_every_port() -> None:
    # op.me: PrivacyOptions noetrn disallows ETRN entirely; goaway leaves it on.
    msa = "DAEMON_OPTIONS(`Port=587, Name=MSA, M=a')dnl\n"
    with_noetrn = HEAD + "define(`confPRIVACY_FLAGS', `goaway,noetrn')dnl\n" + msa + TAIL
    assert_findings(with_noetrn, [], rules=["MC103"])
    only_goaway = HEAD + "define(`confPRIVACY_FLAGS', `goaway')dnl\n" + msa + TAIL
    assert_findings(only_goaway, [("MC103", 5, 1)], rules=["MC103"])


def test_noetrn_overridden_by_a_later_define_still_reports() -> None:
    # corpus 066: noetrn in a first define, a later confPRIVACY_FLAGS without it wins.
    msa = "DAEMON_OPTIONS(`Port=587, Name=MSA, M=a')dnl\n"
    source = (HEAD + "define(`confPRIVACY_FLAGS', `noexpn,novrfy,noetrn')dnl\n"
              "define(`confPRIVACY_FLAGS', `goaway')dnl\n" + msa + TAIL)
    assert_findings(source, [("MC103", 6, 1)], rules=["MC103"])
