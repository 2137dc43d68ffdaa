"""MC230 unknown-option-value."""

from __future__ import annotations

import pytest
from harness import assert_findings, assert_fix, assert_no_fix

from mcparse.settings import Settings

# The fix changes what sendmail does (unsafe): run this rule alone, so no other
# rule's unsafe fix joins in.
ONLY = Settings(select=["MC230"])

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def define(name: str, value: str) -> str:
    return HEAD + f"define(`{name}', `{value}')dnl\n" + TAIL


# --- failing -------------------------------------------------------------


def test_misspelt_privacy_flag_is_reported_at_the_token() -> None:
    assert_findings(define("confPRIVACY_FLAGS", "authwarnings,novfry"), [("MC230", 2, 43)])


def test_privacy_flags_split_at_punctuation_like_sendmail() -> None:
    # sendmail reads `no_expn' as two names, `no' and `expn', and knows neither.
    assert_findings(define("confPRIVACY_FLAGS", "goaway no_expn"), [("MC230", 2, 37), ("MC230", 2, 40)])


def test_unknown_dont_blame_sendmail_value() -> None:
    assert_findings(define("confDONT_BLAME_SENDMAIL", "safe,GroupWritableDirPathSaf"), [("MC230", 2, 41)])


def test_unknown_auth_options_letter() -> None:
    assert_findings(define("confAUTH_OPTIONS", "A,z"), [("MC230", 2, 31)])


def test_auth_options_letters_are_case_sensitive() -> None:
    assert_findings(define("confAUTH_OPTIONS", "A P"), [("MC230", 2, 31)])


def test_unknown_tls_server_option_letter() -> None:
    assert_findings(define("confTLS_SRV_OPTIONS", "v"), [("MC230", 2, 32)])


@pytest.mark.parametrize("mode", ["Background", "x", "nteractive"])
def test_unknown_delivery_mode(mode: str) -> None:
    assert_findings(define("confDELIVERY_MODE", mode), [("MC230", 2, 30)])


def test_unknown_daemon_family() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, Family=inet4')dnl\n" + TAIL
    assert_findings(source, [("MC230", 2, 45)])


def test_unknown_client_family() -> None:
    source = HEAD + "CLIENT_OPTIONS(`Family=inet7')dnl\n" + TAIL
    assert_findings(source, [("MC230", 2, 24)])


def test_unknown_daemon_delivery_mode() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, DeliveryMode=x')dnl\n" + TAIL
    assert_findings(source, [("MC230", 2, 51)])


def test_value_built_by_a_macro_is_reported_at_the_define() -> None:
    # The model gives the expanded value; the text is not where the token is.
    source = HEAD + "define(`NOVRFY', `novfry')dnl\ndefine(`confPRIVACY_FLAGS', `authwarnings,'NOVRFY)dnl\n" + TAIL
    assert_findings(source, [("MC230", 3, 1)])


# --- passing -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("confPRIVACY_FLAGS", "authwarnings,noexpn,novrfy,noetrn,restrictqrun,restrictmailq"),
        ("confPRIVACY_FLAGS", "Goaway NoReceipts"),
        ("confDONT_BLAME_SENDMAIL", "GroupReadableKeyFile,groupwritablesasldbfile"),
        ("confAUTH_OPTIONS", "A a c d f m p y"),
        ("confTLS_SRV_OPTIONS", "V,C"),
        ("confDELIVERY_MODE", "background"),
        ("confDELIVERY_MODE", "q"),
        ("confDELIVERY_MODE", "deferred"),
    ],
)
def test_known_values_pass(name: str, value: str) -> None:
    assert_findings(define(name, value), [], rules=["MC230"])


def test_known_families_and_modes_pass() -> None:
    source = (
        HEAD
        + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, Family=INET')dnl\n"
        + "DAEMON_OPTIONS(`Port=smtp, Name=MTA6, Family=inet6, Addr=::1, DeliveryMode=q')dnl\n"
        + "DAEMON_OPTIONS(`Name=Local, Family=local, Addr=/run/sendmail.sock')dnl\n"
        + TAIL
    )
    assert_findings(source, [], rules=["MC230"])


@pytest.mark.parametrize("value", ["__DELIVERY_MODE__", "@DELIVERY_MODE@", "{{ delivery_mode }}"])
def test_placeholders_pass(value: str) -> None:
    assert_findings(define("confDELIVERY_MODE", value), [], rules=["MC230"])


def test_cf_defaults_pass() -> None:
    assert_findings(HEAD + TAIL, [], rules=["MC230"])


def test_delay_la_read_as_delivery_mode_is_left_to_mc216() -> None:
    source = HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, DelayLA=5')dnl\n" + TAIL
    assert_findings(source, [("MC216", 2, 38)], rules=["MC230"])


def test_glued_letters_are_mc221s_only() -> None:
    # `py' is p (valid) and an ignored y: MC221's finding, not a second one here.
    # `pz': sendmail never looks at the z, so nothing is unknown either.
    for value in ("py", "pz", "A Ap"):
        assert_findings(define("confAUTH_OPTIONS", value), [("MC221", 2, 1)], rules=["MC230"])


def test_glued_item_with_an_unknown_first_letter() -> None:
    # `zp': sendmail reads z (unknown: MC230) and ignores p (MC221).
    assert_findings(define("confAUTH_OPTIONS", "zp"), [("MC221", 2, 1), ("MC230", 2, 29)])


# --- fixes ---------------------------------------------------------------


def test_fix_corrects_a_single_typo() -> None:
    assert_fix(
        define("confPRIVACY_FLAGS", "authwarnings,novfry"),
        define("confPRIVACY_FLAGS", "authwarnings,novrfy"),
        unsafe=True, settings=ONLY, rules=["MC230"],
    )


def test_fix_keeps_the_documented_spelling() -> None:
    assert_fix(
        define("confDONT_BLAME_SENDMAIL", "GroupWritableDirPathSaf"),
        define("confDONT_BLAME_SENDMAIL", "GroupWritableDirPathSafe"),
        unsafe=True, settings=ONLY, rules=["MC230"],
    )


def test_fix_lowers_a_delivery_mode_letter() -> None:
    assert_fix(
        define("confDELIVERY_MODE", "Background"), define("confDELIVERY_MODE", "background"),
        unsafe=True, settings=ONLY, rules=["MC230"],
    )


def test_fix_changes_the_case_of_a_letter() -> None:
    assert_fix(
        define("confAUTH_OPTIONS", "A,P"), define("confAUTH_OPTIONS", "A,p"),
        unsafe=True, settings=ONLY, rules=["MC230"],
    )


def test_fix_corrects_a_family() -> None:
    assert_fix(
        HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, Family=ient')dnl\n" + TAIL,
        HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, Family=inet')dnl\n" + TAIL,
        unsafe=True, settings=ONLY, rules=["MC230"],
    )


@pytest.mark.parametrize(
    "source",
    [
        # inet and inet6 are both one edit from inet4: the admin has to choose.
        HEAD + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, Family=inet4')dnl\n" + TAIL,
        # Any letter is one edit from any other.
        define("confAUTH_OPTIONS", "z"),
        # Not written literally: there is no text to edit.
        HEAD + "define(`NOVRFY', `novfry')dnl\ndefine(`confPRIVACY_FLAGS', `authwarnings,'NOVRFY)dnl\n" + TAIL,
    ],
)
def test_no_fix_when_the_intent_is_unclear(source: str) -> None:
    assert_no_fix(source, rule="MC230")
