"""MC216 noncanonical-daemon-key."""

from __future__ import annotations

from harness import assert_findings, assert_fix, assert_no_fix

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_refusela_with_capital_r_is_reported() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A, RefuseLA=20')dnl\n" + TAIL, [("MC216", 3, 32)])


def test_the_trap_has_no_fix() -> None:
    assert_no_fix(HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A, RefuseLA=20')dnl\n" + TAIL, rule="MC216")


def test_harmless_misspelling_is_renamed() -> None:
    assert_fix(
        HEAD + "DAEMON_OPTIONS(`Prot=smtp, Name=MTA, Modifiers=A')dnl\n" + TAIL,
        HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, Modifier=A')dnl\n" + TAIL,
        rules=["MC216"],
    )


def test_documented_spellings_and_shorthands_pass() -> None:
    source = HEAD + (
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A, refuseLA=20, Address=0.0.0.0')dnl\n"
        "CLIENT_OPTIONS(`Family=inet, Address=0.0.0.0')dnl\n"
    ) + TAIL
    assert_findings(source, [], rules=["MC216"])


def test_deliverymode_with_small_d_is_read_as_delayla() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A, deliveryMode=b')dnl\n" + TAIL, [("MC216", 3, 32)])
