"""MC116 relay-domain-too-broad."""

from __future__ import annotations

from harness import assert_findings
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_tld_and_one_octet_entries() -> None:
    source = HEAD + "RELAY_DOMAIN(`example.org com')dnl\nRELAY_DOMAIN(`192')dnl\nRELAY_DOMAIN(`de.')dnl\n" + TAIL
    assert_findings(source, [("MC116", 2, 1), ("MC116", 3, 1), ("MC116", 4, 1)])


def test_virtuser_domain_and_local_config_class_lines() -> None:
    source = HEAD + "VIRTUSER_DOMAIN(`net')dnl\n" + TAIL + "LOCAL_CONFIG\nCR example.com\nC{R} org\n"
    assert_findings(source, [("MC116", 2, 1), ("MC116", 7, 1)])


def test_relay_domain_through_a_user_macro() -> None:
    source = HEAD + "define(`RD', `RELAY_DOMAIN($1)')dnl\nRD(`com')dnl\n" + TAIL
    assert_findings(source, [("MC116", 3, 1)])


def test_exact_domains_networks_and_localhost_pass() -> None:
    source = HEAD + "RELAY_DOMAIN(`localhost example.org 10 127 192.168 128.32 IPv6:2001:db8')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC116"])


def test_loopback_only_hosts_pass() -> None:
    source = HEAD + "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Addr=127.0.0.1, Name=MTA')dnl\n" \
        "RELAY_DOMAIN(`com')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC116"])


@requires_m4
def test_relay_domain_entries_land_in_class_r() -> None:
    source = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD + "RELAY_DOMAIN(`com')dnl\n" + TAIL
    assert "C{R}com" in compile_mc(source).stdout.splitlines()
