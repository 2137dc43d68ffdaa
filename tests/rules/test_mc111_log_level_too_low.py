"""MC111 log-level-too-low."""

from __future__ import annotations

from harness import assert_findings, assert_fix
from m4oracle import cf_option_lines, compile_mc, requires_m4

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_low_level_is_reported_and_names_what_is_lost() -> None:
    found = assert_findings(HEAD + "define(`confLOG_LEVEL', `6')dnl\n" + TAIL, [("MC111", 2, 1)])
    assert "successful deliveries" in found[0].message
    assert "VRFY" not in found[0].message  # level 6 still logs VRFY/EXPN


def test_default_and_higher_levels_pass() -> None:
    assert_findings(HEAD + TAIL, [], rules=["MC111"])
    assert_findings(HEAD + "define(`confLOG_LEVEL', `14')dnl\n" + TAIL, [], rules=["MC111"])


def test_the_last_definition_wins() -> None:
    source = HEAD + "define(`confLOG_LEVEL', `14')dnl\ndefine(`confLOG_LEVEL', `2')dnl\n" + TAIL
    assert_findings(source, [("MC111", 3, 1)])


def test_fix_sets_the_default_level() -> None:
    assert_fix(
        HEAD + "define(`confLOG_LEVEL', `2')dnl\n" + TAIL,
        HEAD + "define(`confLOG_LEVEL', `9')dnl\n" + TAIL,
        unsafe=True,
        settings=Settings(select=["MC111"]),
    )


@requires_m4
def test_the_second_define_is_what_sendmail_reads() -> None:
    source = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD \
        + "define(`confLOG_LEVEL', `14')dnl\ndefine(`confLOG_LEVEL', `2')dnl\n" + TAIL
    assert cf_option_lines(compile_mc(source).stdout, ["LogLevel"])["LogLevel"] == ["2"]
