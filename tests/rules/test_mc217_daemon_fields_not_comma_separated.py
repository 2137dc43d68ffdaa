"""MC217 daemon-fields-not-comma-separated."""

from __future__ import annotations

from harness import assert_findings, assert_fix

from mcparse.settings import Settings

# The fix changes what sendmail does (unsafe): run this rule alone, so no other
# rule's unsafe fix joins in.
ONLY = Settings(select=["MC217"])

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_blank_separated_fields_are_reported() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=587 Name=MSA M=Ea')dnl\n" + TAIL, [("MC217", 4, 17)])


def test_fix_inserts_commas() -> None:
    assert_fix(
        HEAD + "DAEMON_OPTIONS(`Port=587 Name=MSA M=Ea')dnl\n" + TAIL,
        HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + TAIL,
        unsafe=True, settings=ONLY, rules=["MC217"],
    )


def test_the_model_keeps_only_the_port() -> None:
    # What sendmail reads: the leading digits of the port, nothing else.
    from mcparse import parse, resolve

    config = resolve(parse(HEAD + "DAEMON_OPTIONS(`Port=587 Name=MSA M=Ea')dnl\n" + TAIL).tree)
    daemon = config.daemons[-1]
    assert (daemon.port_number, daemon.modifiers) == (587, "")


def test_comma_separated_fields_pass() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + TAIL, [], rules=["MC217"])
