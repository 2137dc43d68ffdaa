"""MC107 deferred-mode-disables-relay-checks."""

from __future__ import annotations

from harness import assert_findings, assert_fix
from m4oracle import compile_mc, requires_m4

from mcparse.settings import Settings

HEAD = "OSTYPE(`linux')dnl\n"
TAIL = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"


def test_deferred_mode() -> None:
    assert_findings(HEAD + "define(`confDELIVERY_MODE', `deferred')dnl\n" + TAIL, [("MC107", 2, 1)])


def test_only_the_first_letter_counts() -> None:
    assert_findings(HEAD + "define(`confDELIVERY_MODE', `d')dnl\n" + TAIL, [("MC107", 2, 1)])


def test_the_last_definition_wins() -> None:
    source = HEAD + "define(`confDELIVERY_MODE', `deferred')dnl\ndefine(`confDELIVERY_MODE', `queueonly')dnl\n" + TAIL
    assert_findings(source, [], rules=["MC107"])


def test_per_daemon_deferred_mode() -> None:
    source = HEAD + "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Port=smtp, Name=MTA, DeliveryMode=d')dnl\n" + TAIL
    assert_findings(source, [("MC107", 3, 1)])


def test_other_modes_and_loopback_only_hosts_pass() -> None:
    assert_findings(HEAD + "define(`confDELIVERY_MODE', `background')dnl\n" + TAIL, [], rules=["MC107"])
    loopback = HEAD + "FEATURE(`no_default_msa')dnl\nDAEMON_OPTIONS(`Addr=127.0.0.1, Name=MTA')dnl\n" \
        "define(`confDELIVERY_MODE', `deferred')dnl\n" + TAIL
    assert_findings(loopback, [], rules=["MC107"])


def test_fix_switches_to_queueonly() -> None:
    assert_fix(
        HEAD + "define(`confDELIVERY_MODE', `deferred')dnl\n" + TAIL,
        HEAD + "define(`confDELIVERY_MODE', `queueonly')dnl\n" + TAIL,
        unsafe=True,
        settings=Settings(select=["MC107"]),
    )


@requires_m4
def test_cf_m4_warns_that_antispam_rules_are_off() -> None:
    head = "divert(0)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\n" + HEAD
    deferred = compile_mc(head + "define(`confDELIVERY_MODE', `deferred')dnl\n" + TAIL)
    queueonly = compile_mc(head + "define(`confDELIVERY_MODE', `queueonly')dnl\n" + TAIL)
    assert "deferred delivery mode" in deferred.stderr
    assert "deferred delivery mode" not in queueonly.stderr
