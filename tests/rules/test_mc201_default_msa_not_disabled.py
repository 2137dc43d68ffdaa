"""MC201 default-msa-not-disabled."""

from __future__ import annotations

from harness import assert_findings, assert_fix

from mcparse.settings import Settings

# The fix changes what sendmail does (unsafe): run this rule alone, so no other
# rule's unsafe fix joins in.
ONLY = Settings(select=["MC201"])

MTA = "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
MSA = "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_own_msa_without_no_default_msa() -> None:
    assert_findings("OSTYPE(`linux')dnl\n" + MTA + MSA + TAIL, [("MC201", 3, 1)])


def test_own_daemon_named_msa_on_another_port() -> None:
    source = "OSTYPE(`linux')dnl\n" + MTA + "DAEMON_OPTIONS(`Port=2587, Name=MSA, M=Ea')dnl\n" + TAIL
    assert_findings(source, [("MC201", 3, 1)])


def test_no_default_msa_anywhere_in_the_file_is_enough() -> None:
    # cf.m4 tests for it at the very end, so even after MAILER it works.
    source = "OSTYPE(`linux')dnl\n" + MTA + MSA + TAIL + "FEATURE(`no_default_msa')dnl\n"
    assert_findings(source, [], rules=["default-msa-not-disabled"])


def test_only_port_25_declared_is_fine() -> None:
    assert_findings("OSTYPE(`linux')dnl\n" + MTA + TAIL, [], rules=["MC201"])


def test_fix_inserts_the_feature_before_the_first_daemon() -> None:
    assert_fix(
        "OSTYPE(`linux')dnl\n" + MTA + MSA + TAIL,
        "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\n" + MTA + MSA + TAIL,
        unsafe=True, settings=ONLY,
    )
