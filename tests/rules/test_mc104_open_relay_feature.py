"""MC104 open-relay-feature."""

from __future__ import annotations

import pytest
from harness import assert_findings, findings
from m4oracle import compile_mc, requires_m4

from mcparse.rules import find_rule
from mcparse.rules.mc104_open_relay_feature import SEVERITY

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
LOOPBACK = "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Addr=127.0.0.1, Name=MTA')dnl\n"


@pytest.mark.parametrize(
    "feature",
    ["promiscuous_relay", "relay_local_from", "relay_mail_from", "relay_based_on_MX",
     "relay_entire_domain", "loose_relay_check", "accept_unresolvable_domains"],
)
def test_each_widening_feature_is_reported_where_it_is_written(feature: str) -> None:
    found = assert_findings(HEAD + "dnl\n" + f"FEATURE(`{feature}')dnl\n" + TAIL, [("MC104", 3, 1)])
    assert feature in found[0].message


def test_each_feature_gets_its_own_explanation() -> None:
    source = HEAD + "FEATURE(`relay_based_on_MX')dnl\nFEATURE(`relay_local_from')dnl\n" + TAIL
    first, second = assert_findings(source, [("MC104", 2, 1), ("MC104", 3, 1)])
    assert first.message != second.message
    assert "MX" in first.message and "sender" in second.message


def test_features_that_narrow_or_do_not_touch_relaying_pass() -> None:
    source = HEAD + "FEATURE(`relay_hosts_only')dnl\nFEATURE(`access_db')dnl\nRELAY_DOMAIN(`example.org')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC104"])


def test_a_feature_in_a_dnl_comment_is_not_reported() -> None:
    assert_findings(HEAD + "dnl FEATURE(`promiscuous_relay')\n" + TAIL, [], rules=["MC104"])


def test_loopback_only_host_reports_only_promiscuous_relay() -> None:
    source = HEAD + LOOPBACK + "FEATURE(`relay_entire_domain')dnl\nFEATURE(`promiscuous_relay')dnl\n" + TAIL
    assert_findings(source, [("MC104", 5, 1)])


def test_rule_severity_is_that_of_its_worst_feature() -> None:
    source = HEAD + "FEATURE(`promiscuous_relay')dnl\nFEATURE(`accept_unresolvable_domains')dnl\n" + TAIL
    assert [d.severity for d in findings(source, ["MC104"])] == ["error", "info"]
    assert find_rule("MC104").severity == SEVERITY["promiscuous_relay"] == "error"
    assert SEVERITY["accept_unresolvable_domains"] == "info"


@requires_m4
def test_m4_itself_warns_that_promiscuous_relay_opens_the_relay() -> None:
    head = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD
    plain = compile_mc(head + TAIL)
    relay = compile_mc(head + "FEATURE(`promiscuous_relay')dnl\n" + TAIL)
    assert "promiscuous_relay') configures your system as open" in relay.stderr
    assert '"550 Relaying denied"' in plain.stdout
    assert '"550 Relaying denied"' not in relay.stdout


def test_a_feature_in_a_hash_comment_still_counts_because_m4_expands_it() -> None:
    source = (
        "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD
        + "# we used to have FEATURE(`promiscuous_relay') here\n" + TAIL
    )
    assert_findings(source, [("MC104", 4, 19)])
