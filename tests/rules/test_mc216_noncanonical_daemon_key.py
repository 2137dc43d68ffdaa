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
        HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, Modifiers=A')dnl\n" + TAIL,
        unsafe=True,
        rules=["MC216"],
    )


# corpus 006-brukshut-packer-maildrop-milters.mc and 024-freebsd-mc-ansible-guengel.mc write
# `Modifiers=', the spelling cf.README itself uses (FEATURE nocanonify: DaemonPortOptions=Modifiers=C).
def test_modifiers_as_cf_readme_writes_it_passes() -> None:
    source = HEAD + (
        "DAEMON_OPTIONS(`Family=inet,  Name=MTA-v4, Port=smtp')dnl\n"
        "DAEMON_OPTIONS(`Family=inet,  Name=MSP-v4, Port=submission, Modifiers=Ea')dnl\n"
        "DAEMON_OPTIONS(`Name=IPv6, Family=inet6, Modifiers=O')\n"
    ) + TAIL
    assert_findings(source, [], rules=["MC216"])


def test_other_spellings_of_modifier_are_still_reported() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Name=MTA, Mods=A')dnl\n" + TAIL, [("MC216", 3, 27)])


def test_documented_spellings_and_shorthands_pass() -> None:
    source = HEAD + (
        "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A, refuseLA=20, Address=0.0.0.0')dnl\n"
        "CLIENT_OPTIONS(`Family=inet, Address=0.0.0.0')dnl\n"
    ) + TAIL
    assert_findings(source, [], rules=["MC216"])


def test_deliverymode_with_small_d_is_read_as_delayla() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Name=MTA, M=A, deliveryMode=b')dnl\n" + TAIL, [("MC216", 3, 32)])
