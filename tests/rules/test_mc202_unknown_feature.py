"""MC202 unknown-feature."""

from __future__ import annotations

import pytest

from mcparse.settings import Settings

from harness import assert_findings, assert_fix, assert_no_fix
from m4oracle import compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_typo_is_reported_at_the_name() -> None:
    assert_findings(HEAD + "FEATURE(`no_default_msaa')dnl\n" + TAIL, [("MC202", 2, 10)])


def test_unquoted_name_through_a_user_macro_counts() -> None:
    source = HEAD + "define(`MYFEAT', `FEATURE(`acess_db')')dnl\nMYFEAT\n" + TAIL
    assert_findings(source, [("MC202", 3, 1)])


def test_known_features_pass() -> None:
    assert_findings(HEAD + "FEATURE(`access_db')dnl\nFEATURE(`use_cw_file')dnl\n" + TAIL, [], rules=["MC202"])


def test_fix_renames_to_the_single_suggestion() -> None:
    assert_fix(
        HEAD + "FEATURE(`no_default_msaa')dnl\n" + TAIL,
        HEAD + "FEATURE(`no_default_msa')dnl\n" + TAIL,
        unsafe=True,
        settings=Settings(select=["MC202"]),
        rules=["MC202"],
    )


def test_no_fix_without_a_close_name() -> None:
    assert_no_fix(HEAD + "FEATURE(`frobnicate_everything')dnl\n" + TAIL, rule="MC202")


@requires_m4
def test_m4_cannot_open_an_unknown_feature() -> None:
    result = compile_mc("include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD + "FEATURE(`no_default_msaa')dnl\n" + TAIL)
    assert result.returncode != 0
    assert "no_default_msaa.m4" in result.stderr


@pytest.mark.parametrize("name", ["access_db", "msp", "nullclient", "blocklist_recipients"])
def test_shipped_features_are_known(name: str) -> None:
    assert_findings(HEAD + f"FEATURE(`{name}', `x')dnl\n", [], rules=["MC202"])
