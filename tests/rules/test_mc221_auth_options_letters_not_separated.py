"""MC221 auth-options-letters-not-separated."""

from __future__ import annotations

from harness import assert_findings, assert_fix

from mcparse.settings import Settings

# The fix changes what sendmail does (unsafe): run this rule alone, so no other
# rule's unsafe fix joins in.
ONLY = Settings(select=["MC221"])

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_glued_auth_options() -> None:
    assert_findings(HEAD + "define(`confAUTH_OPTIONS', `A py')dnl\n" + TAIL, [("MC221", 2, 1)])


def test_glued_tls_server_options() -> None:
    assert_findings(HEAD + "define(`confTLS_SRV_OPTIONS', `VC')dnl\n" + TAIL, [("MC221", 2, 1)])


def test_fix_separates_the_letters() -> None:
    assert_fix(
        HEAD + "define(`confAUTH_OPTIONS', `A py')dnl\n" + TAIL,
        HEAD + "define(`confAUTH_OPTIONS', `A p,y')dnl\n" + TAIL,
        unsafe=True, settings=ONLY, rules=["MC221"],
    )


def test_separated_letters_pass() -> None:
    assert_findings(HEAD + "define(`confAUTH_OPTIONS', `A p y')dnl\ndefine(`confTLS_SRV_OPTIONS', `V')dnl\n" + TAIL, [], rules=["MC221"])
