"""MC102 msa-without-auth."""

from __future__ import annotations

import re

import pytest
from harness import assert_findings, assert_fix
from m4oracle import cf_option_lines, compile_mc, requires_m4

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


def test_implied_msa_with_explicit_mta_is_told_only_about_the_msa() -> None:
    from harness import findings

    source = "OSTYPE(`linux')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n" + TAIL
    (finding,) = findings(source, rules=["MC102"])
    assert "port 25" not in finding.message


# The advice for cf.m4's default MSA, followed to the letter, on a file that
# declares no daemon (most of the corpus: 062, 002, 072 ...) and on Solaris,
# whose OSTYPE gives two port-25 daemons (corpus 047).
ADVICE_CASES = {
    "linux": "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n",
    "solaris": "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`solaris11')dnl\n",
}


@requires_m4
@pytest.mark.m4
@pytest.mark.parametrize("case", list(ADVICE_CASES))
def test_following_the_default_msa_advice_keeps_port_25_open(case: str) -> None:
    from harness import findings

    source = ADVICE_CASES[case] + "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    (finding,) = findings(source, rules=["MC102"])
    # Everything the message says to write, after OSTYPE.
    written = re.findall(r"(FEATURE\(`no_default_msa'\)|DAEMON_OPTIONS\(`[^']*'\))", finding.message)
    assert "FEATURE(`no_default_msa')" in written
    followed = source.replace("')dnl\nMAILER(`local')", "')dnl\n" + "".join(f"{line}dnl\n" for line in written)
                              + "MAILER(`local')", 1)
    before = cf_option_lines(compile_mc(source).stdout, ["DaemonPortOptions"])["DaemonPortOptions"]
    after = cf_option_lines(compile_mc(followed).stdout, ["DaemonPortOptions"])["DaemonPortOptions"]
    relay_before = [value for value in before if "MSA" not in value]
    assert relay_before and [value for value in after if "MSA" not in value] == relay_before
    assert [value for value in after if "MSA" in value] == ["Port=587, Name=MSA, M=Ea"]
    assert findings(followed, rules=["MC102"]) == []


def test_a_template_address_may_be_loopback_so_it_is_not_judged() -> None:
    erb = HEAD + "DAEMON_OPTIONS(`Port=587, Addr={{ listen_ip }}, Name=MSA, M=E')dnl\n" + TAIL
    assert_findings(erb, [], rules=["MC102"])
    assert_findings(erb.replace("{{ listen_ip }}", "192.0.2.25"), [("MC102", 4, 1)], rules=["MC102"])
