"""MC228 mail-settings-dir-missing-slash."""

from __future__ import annotations

from harness import assert_findings, assert_fix
from m4oracle import cf_option_lines, compile_mc, requires_m4

from mcparse.settings import Settings

# The fix changes what sendmail does (unsafe): run this rule alone, so no other
# rule's unsafe fix joins in.
ONLY = Settings(select=["MC228"])

HEAD = "OSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_missing_slash() -> None:
    assert_findings(HEAD + "define(`MAIL_SETTINGS_DIR', `/etc/mail')dnl\n" + MAILERS, [("MC228", 2, 1)])


def test_fix_adds_the_slash() -> None:
    assert_fix(
        HEAD + "define(`MAIL_SETTINGS_DIR', `/etc/mail')dnl\n" + MAILERS,
        HEAD + "define(`MAIL_SETTINGS_DIR', `/etc/mail/')dnl\n" + MAILERS,
        unsafe=True, settings=ONLY, rules=["MC228"],
    )


def test_trailing_slash_passes() -> None:
    assert_findings(HEAD + "define(`MAIL_SETTINGS_DIR', `/opt/mail/')dnl\n" + MAILERS, [], rules=["MC228"])


@requires_m4
def test_m4_glues_the_paths() -> None:
    cf = "divert(-1)\ndefine(`MAIL_SETTINGS_DIR', `/etc/mail')\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')\ndivert(0)dnl\n"
    result = compile_mc(cf + HEAD + MAILERS)
    assert cf_option_lines(result.stdout, ["HelpFile"])["HelpFile"] == ["/etc/mailhelpfile"]
