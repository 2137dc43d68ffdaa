"""MC102 msa-without-auth."""

from __future__ import annotations

from harness import assert_findings, assert_fix

HEAD = "OSTYPE(`linux')dnl\nFEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n"
TAIL = "MAILER(`smtp')dnl\n"


def test_587_without_a() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=E')dnl\n" + TAIL, [("MC102", 4, 1)])


def test_named_msa_on_another_port_counts_as_submission() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=2587, Name=MSA, M=E')dnl\n" + TAIL, [("MC102", 4, 1)])


def test_submission_by_service_name() -> None:
    assert_findings(HEAD + "DAEMON_OPTIONS(`Port=submission, Name=Sub, M=E')dnl\n" + TAIL, [("MC102", 4, 1)])


def test_implied_default_msa_is_reported_at_ostype() -> None:
    assert_findings("dnl\nOSTYPE(`linux')dnl\nMAILER(`smtp')dnl\n", [("MC102", 2, 1)])


def test_implied_msa_beside_an_explicit_one_is_left_to_mc201() -> None:
    source = "OSTYPE(`linux')dnl\nDAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + TAIL
    assert_findings(source, [("MC201", 2, 1)], rules=["MC102"])


def test_with_a_or_loopback_passes() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" \
        "DAEMON_OPTIONS(`Port=587, Addr=127.0.0.1, Name=LocalMSA, M=E')dnl\n" + TAIL
    assert_findings(source, [], rules=["msa-without-auth"])


def test_fix_adds_a() -> None:
    assert_fix(
        HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=E')dnl\n" + TAIL,
        HEAD + "DAEMON_OPTIONS(`Port=587, Name=MSA, M=Ea')dnl\n" + TAIL,
        unsafe=True,
    )
