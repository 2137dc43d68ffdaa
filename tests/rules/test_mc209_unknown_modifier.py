"""MC209 unknown-modifier."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_lowercase_e_is_reported_at_the_m_field() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=ea')dnl\n" + TAIL, [("MC209", 3, 37)])


def test_daemon_only_letter_in_client_options() -> None:
    assert_findings(HEAD + "CLIENT_OPTIONS(`Family=inet, M=E')dnl\n" + TAIL, [("MC209", 3, 30)])


def test_known_letters_pass() -> None:
    source = HEAD + (
        "DAEMON_OPTIONS(`Port=587, Name=MSA, M=EaCcfhrsuOSAb')dnl\n"
        "CLIENT_OPTIONS(`Family=inet, M=hAS')dnl\n"
    ) + TAIL
    assert_findings(source, [], rules=["MC209"])


def test_blank_inside_the_modifiers_is_harmless() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=E a')dnl\n" + TAIL, [], rules=["MC209"])
