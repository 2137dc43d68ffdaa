"""MC232 m4-warning: cf.m4's warnings and m4's warnings about calls the file makes."""

from __future__ import annotations

import pytest

from harness import assert_findings
from m4oracle import compile_mc, requires_m4

from mcparse.compiler import find_cf_dir

pytestmark = pytest.mark.skipif(find_cf_dir() is None, reason="m4-warning reads the compiled sendmail.cf: needs sendmail-cf")

CF = "divert(-1)dnl\ninclude(`/usr/share/sendmail/cf/m4/cf.m4')dnl\nOSTYPE(`linux')dnl\n"
MAILERS = "MAILER(`local')dnl\nMAILER(`smtp')dnl\n"
# corpus 060 (NetBSD dotfiles) writes its access map like this.
NO_TMPF = "FEATURE(`access_db', `hash -o /etc/mail/access.db')dnl\n"


def test_access_db_without_tmpf() -> None:
    assert_findings(CF + NO_TMPF + MAILERS, [("MC232", 4, 1)], rules=["MC232"])


def test_with_tmpf_it_is_quiet() -> None:
    good = CF + "FEATURE(`access_db', `hash -T<TMPF> -o /etc/mail/access.db')dnl\n" + MAILERS
    assert_findings(good, [], rules=["MC232"])


def test_excess_arguments_to_a_builtin_the_file_calls() -> None:
    assert_findings(CF + "define(`confLOG_LEVEL', `9', `x')dnl\n" + MAILERS, [("MC232", 4, 1)], rules=["MC232"])


def test_m4_warnings_from_inside_sendmail_cf_are_not_about_the_file() -> None:
    # Debian's mailer files make m4 warn about ifelse arguments on MAILER lines.
    assert_findings(CF.replace("linux", "debian") + MAILERS, [], rules=["MC232"])


@requires_m4
def test_real_m4_warns_the_same() -> None:
    real = compile_mc(CF + NO_TMPF + MAILERS)
    assert "missing -T<TMPF>" in real.stderr


def test_access_db_without_tmpf_is_one_finding() -> None:
    # Recall check of issue #16: cf.m4's own warning is the finding; no other rule repeats it.
    from harness import findings
    from mcparse.settings import Settings

    found = findings(CF + NO_TMPF + MAILERS, ["MC231", "MC232"], Settings(select=["ALL"]))
    assert [(d.code, d.span.line) for d in found] == [("MC232", 4)]
    assert "missing -T<TMPF>" in found[0].message


def test_html_escaped_tmpf_is_still_missing() -> None:
    # corpus 046 (copied from a web page): `-T&lt;TMPF&gt;' is not what cf.m4 looks for.
    text = CF + "FEATURE(`access_db', `hash -T&lt;TMPF&gt; -o /etc/mail/access.db')dnl\n" + MAILERS
    assert_findings(text, [("MC232", 4, 1)], rules=["MC232"])
