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
