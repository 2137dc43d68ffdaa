"""MC203 unknown-conf-variable."""

from __future__ import annotations

from mcparse.settings import Settings

from harness import assert_findings, assert_fix
from m4oracle import cf_option_lines, compile_mc, requires_m4

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_misspelt_variable_is_reported_at_its_name() -> None:
    assert_findings(HEAD + "define(`confPRIVACY_FLAG', `goaway')dnl\n" + TAIL, [("MC203", 2, 9)])


def test_unquoted_name_is_located_too() -> None:
    assert_findings(HEAD + "define(confLOGLEVEL, 14)dnl\n" + TAIL, [("MC203", 2, 8)])


def test_known_variable_passes() -> None:
    assert_findings(HEAD + "define(`confLOG_LEVEL', `14')dnl\n" + TAIL, [], rules=["MC203"])


def test_helper_macro_used_elsewhere_is_not_reported() -> None:
    source = HEAD + "define(`confMY_HOST', `mx.example.com')dnl\ndefine(`confDOMAIN_NAME', `confMY_HOST')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC203"])


def test_fix_renames_the_variable() -> None:
    assert_fix(
        HEAD + "define(`confPRIVACY_FLAG', `goaway')dnl\n" + TAIL,
        HEAD + "define(`confPRIVACY_FLAGS', `goaway')dnl\n" + TAIL,
        unsafe=True,
        settings=Settings(select=["MC203"]),
        rules=["MC203"],
    )


@requires_m4
def test_m4_ignores_the_misspelt_variable() -> None:
    result = compile_mc(
        "include(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD + "define(`confPRIVACY_FLAG', `goaway')dnl\n" + TAIL
    )
    assert result.returncode == 0
    assert cf_option_lines(result.stdout, ["PrivacyOptions"])["PrivacyOptions"] == ["authwarnings"]
