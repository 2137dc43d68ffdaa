"""MC110 expn-vrfy-enabled."""

from __future__ import annotations

from harness import assert_findings, assert_fix
from m4oracle import cf_option_lines, compile_mc, requires_m4

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
ONLY = Settings(select=["MC110"])


def test_default_flags_are_reported_at_ostype() -> None:
    assert_findings("dnl\n" + HEAD + TAIL, [("MC110", 2, 1)])


def test_noexpn_alone_leaves_vrfy() -> None:
    found = assert_findings(HEAD + "define(`confPRIVACY_FLAGS', `authwarnings,noexpn')dnl\n" + TAIL, [("MC110", 2, 1)])
    assert "VRFY" in found[0].message and "EXPN" not in found[0].message


def test_goaway_and_both_flags_pass_in_any_case_and_separator() -> None:
    for flags in ("goaway", "authwarnings GoAway", "NoExpn novrfy", "noexpn,novrfy,noverb"):
        assert_findings(HEAD + f"define(`confPRIVACY_FLAGS', `{flags}')dnl\n" + TAIL, [], rules=["MC110"])


def test_flags_of_every_line_add_up() -> None:
    # Verified with sendmail 8.17 (-bs): noexpn from the define and novrfy from
    # LOCAL_CONFIG both take effect.
    source = HEAD + "define(`confPRIVACY_FLAGS', `noexpn')dnl\n" + TAIL + "LOCAL_CONFIG\nO PrivacyOptions=novrfy\n"
    assert_findings(source, [], rules=["MC110"])


def test_loopback_only_hosts_pass() -> None:
    source = HEAD + "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Addr=127.0.0.1, Name=MTA')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC110"])


def test_fix_appends_the_missing_flags() -> None:
    assert_fix(
        HEAD + "define(`confPRIVACY_FLAGS', `authwarnings')dnl\n" + TAIL,
        HEAD + "define(`confPRIVACY_FLAGS', `authwarnings,noexpn,novrfy')dnl\n" + TAIL,
        unsafe=True,
        settings=ONLY,
    )


def test_fix_handles_a_define_split_over_lines() -> None:
    assert_fix(
        HEAD + "define(`confPRIVACY_FLAGS',dnl\n\t`authwarnings,novrfy')dnl\n" + TAIL,
        HEAD + "define(`confPRIVACY_FLAGS',dnl\n\t`authwarnings,novrfy,noexpn')dnl\n" + TAIL,
        unsafe=True,
        settings=ONLY,
    )


@requires_m4
def test_both_privacy_lines_reach_sendmail_cf() -> None:
    source = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD \
        + "define(`confPRIVACY_FLAGS', `noexpn')dnl\n" + TAIL + "LOCAL_CONFIG\nO PrivacyOptions=novrfy\n"
    lines = cf_option_lines(compile_mc(source).stdout, ["PrivacyOptions"])["PrivacyOptions"]
    assert sorted(lines) == ["noexpn", "novrfy"]
