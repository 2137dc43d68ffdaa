"""MC233 cf-out-of-date: the installed sendmail.cf against what the .mc compiles to."""

from __future__ import annotations

import pytest

import mcparse
from harness import findings
from m4oracle import compile_mc, requires_m4
from mcparse.compiler import find_cf_dir

pytestmark = pytest.mark.skipif(find_cf_dir() is None, reason="cf-out-of-date compiles the .mc: needs sendmail-cf")

CF = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
OLD = CF + "DAEMON_OPTIONS(`Port=smtp, Name=MTA')dnl\n" + MAILERS
# The classic outage: M=A added to the .mc, sendmail.cf never rebuilt.
NEW = CF + "DAEMON_OPTIONS(`Port=smtp, Name=MTA, M=A')dnl\n" + MAILERS


def test_an_edit_that_was_not_rebuilt_is_reported_at_its_line() -> None:
    installed = ("/etc/mail/sendmail.cf", mcparse.compile(OLD).cf)
    found = findings(NEW, ["MC233"], installed_cf=installed)
    assert [(d.code, d.span.line) for d in found] == [("MC233", 4)]
    assert "M=A" in found[0].message and "/etc/mail/sendmail.cf" in found[0].message


def test_a_fresh_build_passes_whatever_its_header_says() -> None:
    cf = mcparse.compile(NEW).cf.replace("##### built by ", "##### built by someone else ", 1)
    assert findings(NEW, ["MC233"], installed_cf=("/etc/mail/sendmail.cf", cf)) == []


def test_silent_without_an_installed_cf() -> None:
    assert findings(NEW, ["MC233"]) == []


@requires_m4
def test_a_cf_built_by_real_m4_matches() -> None:
    real = compile_mc(NEW)
    assert findings(NEW, ["MC233"], installed_cf=("/etc/mail/sendmail.cf", real.stdout)) == []
    stale = compile_mc(OLD)
    assert len(findings(NEW, ["MC233"], installed_cf=("/etc/mail/sendmail.cf", stale.stdout))) == 1
