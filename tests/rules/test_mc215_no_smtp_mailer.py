"""MC215 no-smtp-mailer."""

from __future__ import annotations

from harness import assert_findings

HEAD = "OSTYPE(`linux')dnl\n"


def test_local_only_is_reported_at_mailer_local() -> None:
    assert_findings(HEAD + "MAILER(`local')dnl\n", [("MC215", 2, 1)])


def test_no_mailers_at_all_is_reported_at_ostype() -> None:
    assert_findings(HEAD, [("MC215", 1, 1)])


def test_smtp_msp_nullclient_uucp_and_fragments_pass() -> None:
    for body in (
        "MAILER(`local')dnl\nMAILER(`smtp')dnl\n",
        "FEATURE(`nullclient', `hub.example.com')dnl\n",
        "MAILER(`local')dnl\nMAILER(`uucp')dnl\n",
    ):
        assert_findings(HEAD + body, [], rules=["MC215"])
    assert_findings("define(`__OSTYPE__', `')dnl\nFEATURE(`msp')dnl\n", [], rules=["MC215"])
    assert_findings("MAILER(`local')dnl\n", [], rules=["MC215"])  # a fragment
