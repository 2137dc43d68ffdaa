"""MC119 log-level-logs-auth-data."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
AUTH = "define(`confAUTH_MECHANISMS', `PLAIN LOGIN')dnl\n"


def test_level_15_with_auth() -> None:
    assert_findings(HEAD + "define(`confLOG_LEVEL', `15')dnl\n" + AUTH + TAIL, [("MC119", 2, 1)])


def test_auth_through_trust_auth_mech_or_modifier_a() -> None:
    level = "define(`confLOG_LEVEL', `20')dnl\n"
    assert_findings(HEAD + level + "TRUST_AUTH_MECH(`PLAIN')dnl\n" + TAIL, [("MC119", 2, 1)])
    msa = "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
    assert_findings(HEAD + level + msa + TAIL, [("MC119", 2, 1)])


def test_level_14_or_no_auth_or_no_daemon_offering_it_passes() -> None:
    assert_findings(HEAD + "define(`confLOG_LEVEL', `14')dnl\n" + AUTH + TAIL, [], rules=["MC119"])
    assert_findings(HEAD + "define(`confLOG_LEVEL', `20')dnl\n" + TAIL, [], rules=["MC119"])
    only_a = "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
    assert_findings(HEAD + "define(`confLOG_LEVEL', `20')dnl\n" + AUTH + only_a + TAIL, [], rules=["MC119"])
