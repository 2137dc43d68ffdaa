"""MC206 unknown-domain."""

from __future__ import annotations

from mcparse.settings import Settings

from harness import assert_findings, assert_fix

HEAD = "OSTYPE(`linux')dnl\n"


def test_unknown_domain_is_reported() -> None:
    assert_findings(HEAD + "DOMAIN(`generc')dnl\n", [("MC206", 2, 9)])


def test_shipped_domains_pass() -> None:
    assert_findings(HEAD + "DOMAIN(`generic')dnl\nDOMAIN(`debian-mta')dnl\n", [], rules=["MC206"])


def test_fix_renames() -> None:
    assert_fix(HEAD + "DOMAIN(`generc')dnl\n", HEAD + "DOMAIN(`generic')dnl\n", unsafe=True,
        settings=Settings(select=["MC206"]), rules=["MC206"])
