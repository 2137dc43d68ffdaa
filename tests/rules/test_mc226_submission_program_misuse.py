"""MC226 submission-program-misuse."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\n"


def test_mailers_beside_nullclient() -> None:
    source = HEAD + "FEATURE(`nullclient', `hub.example.com')dnl\nMAILER(`local')dnl\nMAILER(`smtp')dnl\n"
    assert_findings(source, [("MC226", 3, 1), ("MC226", 4, 1)])


def test_mailer_beside_msp() -> None:
    source = "define(`__OSTYPE__', `')dnl\nFEATURE(`msp', `[127.0.0.1]')dnl\nMAILER(`smtp')dnl\n"
    assert_findings(source, [("MC226", 3, 1)])


def test_other_feature_before_nullclient() -> None:
    source = HEAD + "FEATURE(`access_db')dnl\nFEATURE(`nocanonify')dnl\nFEATURE(`nullclient', `hub.example.com')dnl\n"
    assert_findings(source, [("MC226", 2, 1)])


def test_plain_clients_pass() -> None:
    assert_findings(HEAD + "FEATURE(`nocanonify')dnl\nFEATURE(`nullclient', `hub.example.com')dnl\n", [], rules=["MC226"])
    source = "define(`__OSTYPE__', `')dnl\nFEATURE(`use_ct_file')dnl\nDAEMON_OPTIONS(`Name=NoMTA4, Addr=127.0.0.1')dnl\nFEATURE(`msp')dnl\n"
    assert_findings(source, [], rules=["MC226"])
